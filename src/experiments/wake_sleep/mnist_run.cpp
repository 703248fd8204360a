#include <torch/torch.h>

#include <cmath>
#include <random>

#include "reverie/analysis/pattern_overlap.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/experiments/wake_sleep/adversarial_config.h"
#include "reverie/experiments/wake_sleep/adversarial_epochs.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/lab/run_checkpoint.h"
#include "reverie/experiments/wake_sleep/mnist.h"
#include "reverie/models/mlp.h"
#include "reverie/models/parameter_init.h"
#include "reverie/train/wake_sleep_sites.h"

namespace reverie {

std::string surprise_condition(const std::string& algorithm, const std::string& stimuli) {
  return algorithm + "/surprise/" + stimuli;
}

SettingsKeys<WakeSleepMnistSettings> wake_sleep_mnist_keys() {
  using S = WakeSleepMnistSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("dataset", &S::dataset, "training data: mnist or fashion-mnist", one_of({"mnist", "fashion-mnist"}))
      .add("algorithms", &S::algorithms, "wake-sleep (Algorithm 1), oscillation (Algorithm 2), combined (Eq. 8)",
           all_of({one_of(wake_sleep_algorithm_names()), distinct()}))
      .add("train_items", &S::train_items, "training images (0 = the whole training split)", in_range(0, 10000000))
      .add("test_items", &S::test_items, "held-out images for the measures (0 = the whole test split)", in_range(0, 10000000))
      .add("epochs", &S::epochs, "training epochs", in_range(1, 100000))
      .add("batch_size", &S::batch_size, "images per update", in_range(1, 100000))
      .add("model.hidden", &S::model, &WakeSleepMlpOptions::hidden, "hidden ReLU units of every Gaussian MLP", in_range(1, 16384))
      .add("model.latents", &S::model, &WakeSleepMlpOptions::latents, "latent units z (the inference net outputs twice as many: means and stds)",
           in_range(1, 10000))
      .add("model.recurrence_steps", &S::model, &WakeSleepMlpOptions::recurrence_steps, "recurrent passes within a layer (0 = none: a plain Gaussian layer)",
           in_range(0, 100))
      .add("model.min_std", &S::model, &WakeSleepMlpOptions::min_std, "floor added to softplus standard deviations", non_negative())
      // Each critic holds layers - 1 hidden x hidden matrices (with Adam's two moments).
      .add("critic.hidden", &S::critic, &MlpCriticOptions::hidden, "units per critic layer", in_range(1, 8192))
      .add("critic.layers", &S::critic, &MlpCriticOptions::layers, "LeakyReLU layers of each critic before its linear output", in_range(1, 20))
      .add("critic.negative_slope", &S::critic, &MlpCriticOptions::negative_slope, "LeakyReLU negative slope", in_range(0, 1))
      .add("measure.every", &S::measure_every, "epochs between measurements (also before training and after the last epoch)", positive())
      .add("measure.samples", &S::measure_samples, "wake states (held-out digits cycled, fresh inference noise each time) and as many sleep states",
           in_range(1, 100000))
      .add("measure.input_units", &S::measure_input_units, "input units in each Berkes pattern", in_range(1, 64))
      .add("measure.latent_units", &S::measure_latent_units, "latent units in each Berkes pattern", in_range(1, 64))
      .add("measure.subsamples", &S::measure_subsamples, "random unit subsets averaged (the same subsets at every measurement)", in_range(1, 1000))
      .add("measure.pseudocount", &S::measure_pseudocount, "count added to every seen pattern before the KL divergences", non_negative())
      .add("classifier.hidden", &S::classifier_hidden, "hidden units of the MLP that judges reconstructions' classes", in_range(1, 100000))
      .add("classifier.epochs", &S::classifier_epochs, "its training epochs (Adam, batch 128)", in_range(1, 10000))
      .add("classifier.learning_rate", &S::classifier_learning_rate, "its Adam learning rate", positive())
      .add("images.count", &S::images_count, "test digits shown with their reconstructions, and samples shown (run 0)", in_range(0, 400))
      .add("surprise.dataset", &S::surprise_dataset, "novel stimuli for sec. 4.2's test ('none' skips it)",
           one_of({"none", "mnist", "fashion-mnist"}))
      .add("surprise.items", &S::surprise_items, "familiar (held-out) and novel stimuli each", in_range(1, 100000));
  keys.add(adversarial_optimization_keys(), &S::optimization).add(adversarial_weight_keys(), &S::weights);
  keys.add(checkpoint_every_key<S>());
  return keys;
}

WakeSleepMnistExperiment::WakeSleepMnistExperiment(std::string name, std::string description)
    : ExperimentWithSettings(std::move(name), std::move(description), wake_sleep_mnist_keys()) {}

void WakeSleepMnistExperiment::validate_settings(const WakeSleepMnistSettings& s) const {
  validate_adversarial_optimization(s.optimization());
  if (s.surprise_dataset() == s.dataset())
    throw InputError("surprise.dataset: expected a dataset other than the training one ('" + s.dataset() + "')");
  if (s.measure_input_units() > 784)
    throw InputError("measure.input_units: expected <= 784");
  if (s.measure_latent_units() > s.model().latents())
    throw InputError("measure.latent_units: expected <= model.latents (" + std::to_string(s.model().latents()) + ")");
}

namespace {

// The judge of reconstructions' classes: a 784-hidden-10 ReLU MLP, Adam on cross-entropy.
MLP train_classifier(const WakeSleepMnistSettings& settings, const Dataset& train, at::Generator& generator) {
  MLP classifier(MLPOptions(train.features(), settings.classifier_hidden(), train.classes));
  pytorch_default_init(*classifier, generator);
  torch::optim::Adam optimizer(classifier->parameters(), torch::optim::AdamOptions(settings.classifier_learning_rate()));
  const int64_t batch = 128;
  for (int64_t epoch = 0; epoch < settings.classifier_epochs(); ++epoch) {
    const auto order = torch::randperm(train.size(), generator, torch::kLong);
    for (int64_t start = 0; start < train.size(); start += batch) {
      const auto index = order.slice(0, start, std::min(start + batch, train.size()));
      optimizer.zero_grad();
      torch::nn::functional::cross_entropy(classifier->forward(train.inputs.index_select(0, index)), train.labels.index_select(0, index))
          .backward();
      optimizer.step();
    }
  }
  return classifier;
}

torch::Tensor predicted_classes(MLP& classifier, const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  return classifier->forward(images).argmax(1);
}

struct MeasureUnits {
  std::vector<std::vector<int64_t>> subsets;  // columns of cat(x, z)
};

MeasureUnits draw_measure_units(const WakeSleepMnistSettings& settings, int64_t inputs, int64_t latents, uint64_t seed) {
  std::mt19937_64 engine(seed);
  MeasureUnits units;
  for (int64_t k = 0; k < settings.measure_subsamples(); ++k) {
    auto subset = subsample_units(inputs, settings.measure_input_units(), engine);
    for (const int64_t j : subsample_units(latents, settings.measure_latent_units(), engine)) subset.push_back(inputs + j);
    units.subsets.push_back(std::move(subset));
  }
  return units;
}

class PreparedWakeSleepMnist : public PreparedExperiment {
 public:
  PreparedWakeSleepMnist(const WakeSleepMnistSettings& settings, const Config& config, const ExperimentEnvironment& env)
      : config_(config), settings_(settings), env_(env), device_(env.device) {
    const auto& s = settings_;
    const auto split = load_image_dataset(s.dataset(), env.data_dir);
    check_item_count("train_items", s.train_items(), split.train.size(), s.dataset() + " training items");
    check_item_count("test_items", s.test_items(), split.test.size(), s.dataset() + " test items");
    train_ = split.train.first(s.train_items()).to(device_);
    test_ = split.test.first(s.test_items()).to(device_);
    if (s.surprise_dataset() != "none") {
      const auto novel = load_image_dataset(s.surprise_dataset(), env.data_dir).test;
      const int64_t n = std::min({s.surprise_items(), test_.size(), novel.size()});
      novel_ = novel.first(n).inputs.to(device_);
      familiar_ = test_.inputs.slice(0, 0, n);
    }
  }

  int64_t work_per_run() const override {
    return static_cast<int64_t>(settings_.algorithms().size()) * settings_.epochs() * batches();
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  void measure(const std::string& algorithm, int run, int64_t epoch, WakeSleepMlpImpl& model, MLP& classifier,
               const MeasureUnits& units, at::Generator& generator, std::vector<TidyRow>& rows) const;
  void surprise(const std::string& algorithm, WakeSleepAlgorithm a, int run, WakeSleepMlpImpl& model,
                const std::vector<std::shared_ptr<LayerCritic>>& critics, at::Generator& generator, std::vector<TidyRow>& rows) const;
  void oscillation(const std::string& algorithm, int run, WakeSleepMlpImpl& model, std::vector<TidyRow>& rows) const;

  int64_t batches() const { return (train_.size() + settings_.batch_size() - 1) / settings_.batch_size(); }

  Config config_;  // the run checkpoints' identity
  WakeSleepMnistSettings settings_;
  ExperimentEnvironment env_;
  c10::Device device_;
  Dataset train_, test_;
  torch::Tensor familiar_, novel_;
};

void PreparedWakeSleepMnist::measure(const std::string& algorithm, int run, int64_t epoch, WakeSleepMlpImpl& model,
                                     MLP& classifier, const MeasureUnits& units, at::Generator& generator,
                                     std::vector<TidyRow>& rows) const {
  torch::NoGradGuard no_grad;
  const auto& x = test_.inputs;
  const auto z = model.infer(x, generator);
  // Sparse 16-unit histograms need many states: the held-out digits cycled, each pass with fresh noise.
  const int64_t samples = settings_.measure_samples();
  const auto cycled = x.index_select(0, torch::arange(samples, torch::TensorOptions(torch::kLong).device(x.device())) % x.size(0));
  const auto prior = model.prior_sample(samples, x, generator);
  const auto wake = torch::cat({cycled, model.infer(cycled, generator)}, 1);
  const auto sleep = torch::cat({model.generate(prior, generator), prior}, 1);
  double kl_ws = 0, kl_sw = 0, overlap = 0, patterns = 0;
  for (const auto& subset : units.subsets) {
    const auto c = compare_pattern_histograms(quantized_patterns(wake, subset), quantized_patterns(sleep, subset),
                                              settings_.measure_pseudocount());
    kl_ws += c.kl_wake_sleep;
    kl_sw += c.kl_sleep_wake;
    overlap += c.overlap;
    patterns += static_cast<double>(c.patterns);
  }
  const double k = static_cast<double>(units.subsets.size());
  const auto reconstruction = model.generate(z, generator);
  const auto reconstruction_classes = predicted_classes(classifier, reconstruction.clamp(0, 1));
  const auto kept = (reconstruction_classes == test_.labels).to(torch::kFloat64).mean();
  const auto agreed = (reconstruction_classes == predicted_classes(classifier, x)).to(torch::kFloat64).mean();
  for (const auto& [metric, value] :
       {std::pair<std::string, double>{"kl_wake_sleep", kl_ws / k}, {"kl_sleep_wake", kl_sw / k}, {"overlap", overlap / k},
        {"patterns", patterns / k}, {"class_kept", kept.item<double>()}, {"class_agreement", agreed.item<double>()},
        {"reconstruction_mse", (reconstruction - x).pow(2).mean().item<double>()}})
    rows.push_back({run, algorithm, epoch, metric, value});
}

// Sec. 4.2: per stimulus, how far the critic's score of its bottom-up state lies below the score of
// the self-generated phase it is compared with (the stimulus's own top-down prediction, or the mean
// over the sleep batch): the size of the oscillation a discriminator would show.
void PreparedWakeSleepMnist::surprise(const std::string& algorithm, WakeSleepAlgorithm a, int run, WakeSleepMlpImpl& model,
                                      const std::vector<std::shared_ptr<LayerCritic>>& critics, at::Generator& generator,
                                      std::vector<TidyRow>& rows) const {
  torch::NoGradGuard no_grad;
  for (const auto& [stimuli, x] : {std::pair<std::string, torch::Tensor>{"familiar", familiar_}, {"novel", novel_}}) {
    const auto sites = wake_sleep_sites(a, model, x, generator);
    torch::Tensor total = torch::zeros({x.size(0)}, x.options());
    for (size_t s = 0; s < sites.size(); ++s) {
      auto& critic = *critics[s];
      const auto wake = critic.score(sites[s].wake);
      const auto reference = sites[s].prediction.defined() ? critic.score(sites[s].prediction)
                                                           : critic.score(sites[s].sleep).mean().expand_as(wake);
      const auto separation = reference - wake;
      total = total + separation;
      const std::string metric = sites.size() == 1 ? "separation/joint" : (s == 0 ? "separation/x" : "separation/z");
      append_tensor_rows(rows, run, surprise_condition(algorithm, stimuli), metric, separation);
    }
    if (sites.size() > 1) append_tensor_rows(rows, run, surprise_condition(algorithm, stimuli), "separation/total", total);
  }
  oscillation(algorithm, run, model, rows);
}

// Sec. 4.1: "one should observe stronger oscillations in activity for unexpected stimuli", since
// for well-modelled stimuli "the top-down predictions are indistinguishable from bottom-up
// signals". Per stimulus and layer, the mean squared difference between the bottom-up phase and
// the top-down phase driven from the layer above: x against G(E(x)); E(x) against the top layer's
// top-down drive, the prior's z ~ N(0, I). It needs no critic, so every algorithm has it. Its own
// random stream: the separations above draw what they drew before it existed.
void PreparedWakeSleepMnist::oscillation(const std::string& algorithm, int run, WakeSleepMlpImpl& model,
                                         std::vector<TidyRow>& rows) const {
  torch::NoGradGuard no_grad;
  auto generator = make_generator(derive_seed(derived_run_seed(config_, run), "oscillation/" + algorithm));
  for (const auto& [stimuli, x] : {std::pair<std::string, torch::Tensor>{"familiar", familiar_}, {"novel", novel_}}) {
    const auto z = model.infer(x, generator);
    const auto prediction = model.generate(z, generator);
    const auto top_down = model.prior_sample(x.size(0), x, generator);
    append_tensor_rows(rows, run, surprise_condition(algorithm, stimuli), "oscillation/x", (x - prediction).pow(2).mean(1));
    append_tensor_rows(rows, run, surprise_condition(algorithm, stimuli), "oscillation/z", (z - top_down).pow(2).mean(1));
  }
}

std::vector<TidyRow> PreparedWakeSleepMnist::run(int run, Progress& progress) const {
  const auto& s = settings_;
  // A run killed midway continues from its checkpoint: the rows up to there, and the state of the
  // algorithm it was training (the algorithms before it are finished and in the rows).
  const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run, settings_.checkpoint_every());
  const auto resume = checkpoint.position();
  std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
  const uint64_t run_seed = derived_run_seed(s.seed(), run);
  auto classifier_generator = make_generator(derive_seed(run_seed, "classifier"));
  // Resumed, the classifier's trained weights come from the checkpoint.
  auto classifier = resume ? MLP(MLPOptions(train_.features(), s.classifier_hidden(), train_.classes))
                           : train_classifier(s, train_, classifier_generator);
  classifier->to(device_);
  if (!resume) {
    const auto accuracy = (predicted_classes(classifier, test_.inputs) == test_.labels).to(torch::kFloat64).mean().item<double>();
    rows.push_back({run, "classifier", 0, "test_accuracy", accuracy});
  }

  auto model_options = s.model();
  model_options.inputs(train_.features());
  const auto units = draw_measure_units(s, model_options.inputs(), model_options.latents(), derive_seed(run_seed, "measure-units"));
  const int64_t images = run == 0 ? std::min(s.images_count(), test_.size()) : 0;
  if (images > 0 && !resume) append_image_rows(rows, run, "input", test_.inputs.slice(0, 0, images));
  const int64_t batch = s.batch_size(), epochs = s.epochs();

  for (size_t stage = 0; stage < s.algorithms().size(); ++stage) {
    const std::string& name = s.algorithms()[stage];
    if (resume && static_cast<int64_t>(stage) < resume->stage) {
      progress.advance(epochs * batches());
      continue;
    }
    const auto algorithm = parse_wake_sleep_algorithm(name);
    auto init = make_generator(derive_seed(run_seed, "networks"));  // the same networks for every algorithm
    WakeSleepMlp model(model_options);
    pytorch_default_init(*model, init);
    model->to(device_);
    auto critics = make_wake_sleep_critics(algorithm, model_options, s.critic());
    auto critic_init = make_generator(derive_seed(run_seed, "critics/" + name));
    for (auto& c : critics) {
      pytorch_default_init(*c, critic_init);
      c->to(device_);
    }
    AdversarialTrainer trainer(model->parameters(), critics, s.optimization(), s.weights());
    auto generator = make_generator(derive_seed(run_seed, "training/" + name));
    auto measure_generator = make_generator(derive_seed(run_seed, "measure/" + name));
    CheckpointPieces pieces;
    pieces.modules = {{"classifier", classifier.ptr().get()}, {"model", model.ptr().get()}};
    for (size_t c = 0; c < critics.size(); ++c) pieces.modules.push_back({"critic/" + std::to_string(c), critics[c].get()});
    trainer.add_checkpoint_pieces(pieces);
    pieces.generators = {{"training", &generator}, {"measure", &measure_generator}};

    torch::Tensor order;
    AdversarialEpochHooks hooks;
    hooks.shuffle = [&](int64_t) { order = torch::randperm(train_.size(), generator, torch::kLong).to(device_); };
    hooks.batch = [&](int64_t b) -> AdversarialTrainer::Phases {
      const int64_t start = b * batch;
      const auto x = train_.inputs.index_select(0, order.slice(0, start, std::min(start + batch, train_.size())));
      return [&, x] { return wake_sleep_sites(algorithm, *model, x, generator); };
    };
    hooks.measure = [&](int64_t epoch, std::vector<TidyRow>& out) {
      if (epoch % s.measure_every() == 0 || epoch == epochs) measure(name, run, epoch, *model, classifier, units, measure_generator, out);
    };
    const bool resumes_here = resume && static_cast<int64_t>(stage) == resume->stage;
    // The paper's run is 400 epochs of 60,000 digits: such trainings say how each epoch went.
    train_adversarial_epochs(trainer, generator,
                             AdversarialEpochsOptions(run, name, epochs, batches()).stage(static_cast<int64_t>(stage)).label(name).note_from_epochs(20),
                             hooks, {checkpoint, resumes_here ? resume : std::nullopt, pieces}, rows, progress);
    if (images > 0) {
      torch::NoGradGuard no_grad;
      const auto x = test_.inputs.slice(0, 0, images);
      append_image_rows(rows, run, name + "/reconstruction", model->generate(model->infer(x, measure_generator), measure_generator));
      append_image_rows(rows, run, name + "/sample", model->generate(model->prior_sample(images, x, measure_generator), measure_generator));
    }
    if (novel_.defined()) surprise(name, algorithm, run, *model, critics, measure_generator, rows);
  }
  return rows;
}

}  // namespace

std::unique_ptr<PreparedExperiment> WakeSleepMnistExperiment::prepare_runs(const WakeSleepMnistSettings& s, const Config& config,
                                                                           const ExperimentEnvironment& env) const {
  return std::make_unique<PreparedWakeSleepMnist>(s, config, env);
}

}  // namespace reverie
