#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/cifar10.h"
#include "reverie/experiments/adversarial_config.h"
#include "reverie/experiments/hierarchical_experiment.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/experiments/run_checkpoint.h"
#include "reverie/experiments/rbm_lab.h"
#include "reverie/models/conv_critic.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/stochastic_conv_hierarchy.h"
#include "reverie/report/figures.h"
#include "reverie/report/report_figures.h"
#include "reverie/report/image_grid.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

namespace {

constexpr int64_t kSide = 32;
const std::vector<std::string> kSiteNames = {"x", "h1", "h2", "h3", "h4", "h5"};

std::string site_condition(size_t l) { return "site/" + kSiteNames[l]; }

// The images of a run: train and held-out, [N x C x 32 x 32] in [0, 1].
struct HierarchyData {
  std::string dataset;  // "cifar10" or "fashion-mnist"
  torch::Tensor train, heldout;
};

torch::Tensor as_images(const Dataset& d) {
  if (d.item_shape.size() == 3) return d.inputs.view({d.size(), d.item_shape[0], d.item_shape[1], d.item_shape[2]});
  // Fashion-MNIST: 28x28 padded with zeros to 32x32 (2 pixels on each side).
  return torch::constant_pad_nd(d.inputs.view({d.size(), 1, d.item_shape[0], d.item_shape[1]}), {2, 2, 2, 2}, 0.0);
}

HierarchyData load_hierarchy_data(const Config& config, const ExperimentEnvironment& env) {
  std::string dataset = config.text("dataset");
  if (dataset == "auto") dataset = find_cifar10_dir(env.data_dir) ? "cifar10" : "fashion-mnist";
  const DatasetSplit split = dataset == "cifar10" ? load_cifar10(env.data_dir) : load_image_dataset("fashion-mnist", env.data_dir);
  HierarchyData data;
  data.dataset = dataset;
  auto train = as_images(split.train), test = as_images(split.test);
  const int64_t train_items = config.integer("train_items"), heldout = config.integer("heldout_items");
  if (train_items > train.size(0))
    throw InputError("train_items = " + std::to_string(train_items) + ": " + dataset + " has " + std::to_string(train.size(0)) +
                     " training images");
  if (heldout > test.size(0))
    throw InputError("heldout_items = " + std::to_string(heldout) + ": " + dataset + " has " + std::to_string(test.size(0)) +
                     " test images");
  // The first items of each split (our choice: fixed, no sampling).
  data.train = (train_items > 0 ? train.slice(0, 0, train_items) : train).contiguous().to(env.device);
  data.heldout = test.slice(0, 0, heldout).contiguous().to(env.device);
  return data;
}

ConvCriticOptions critic_options(const Config& config, int64_t channels, int64_t size) {
  // A.1.4: two conv layers, kernel / stride / padding shrinking with the layer's side (our choice
  // of values, the paper defers to its code): 32, 16, 8 -> 4/2/1 (halving twice); 4 -> 3/1/1; 2, 1 -> 1/1/0.
  ConvCriticOptions o(channels, size);
  o.hidden_channels(config.integers("critic.hidden_channels")).negative_slope(config.real("critic.negative_slope"));
  if (size >= 8) o.kernel(4).stride(2).padding(1);
  else if (size == 4) o.kernel(3).stride(1).padding(1);
  else o.kernel(1).stride(1).padding(0);
  return o.normalization("pixel");
}

// Eq. 8's sites: wake = bottom-up state of layer l, sleep = the sleep pass's layer l, prediction =
// layer l generated from the wake state of layer l+1 (the top: a prior sample); every layer but
// the top also reconstructs (critic-feature distance between wake and prediction).
std::vector<CriticSite> hierarchy_sites(StochasticConvHierarchy& model, const torch::Tensor& x, at::Generator& generator) {
  const auto wake = model->bottom_up(x, generator);
  const auto sleep = model->sleep(x.size(0), generator);
  const int64_t top = model->layers();
  std::vector<CriticSite> sites;
  for (int64_t l = 0; l <= top; ++l) {
    CriticSite site;
    site.wake = wake[static_cast<size_t>(l)];
    site.sleep = sleep[static_cast<size_t>(l)];
    site.prediction = l < top ? model->top_down_prediction(l, wake[static_cast<size_t>(l + 1)], generator)
                              : model->prior_sample(x.size(0), generator);
    site.reconstruct = l < top;
    sites.push_back(site);
  }
  return sites;
}

double mse(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).pow(2).mean().item<double>(); }

class PreparedHierarchy : public PreparedExperiment {
 public:
  PreparedHierarchy(const Config& config, const ExperimentEnvironment& env)
      : config_(config), env_(env), data_(load_hierarchy_data(config, env)) {
    batch_ = config.integer("train.batch_size");
    if (data_.train.size(0) < batch_)
      throw InputError("train.batch_size = " + std::to_string(batch_) + " exceeds the " + std::to_string(data_.train.size(0)) +
                       " training images");
    batches_ = data_.train.size(0) / batch_;  // the last partial batch is dropped (our choice)
  }
  int64_t work_per_run() const override { return config_.integer("train.epochs") * batches_; }
  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  // Held-out metrics of the model and critics after `epoch` epochs (0 = untrained); returns the
  // full reconstruction MSE.
  double evaluate(StochasticConvHierarchy& model, const std::vector<std::shared_ptr<LayerCritic>>& critics, uint64_t run_seed,
                int64_t epoch, int run, std::vector<TidyRow>& rows) const;

  Config config_;
  ExperimentEnvironment env_;
  HierarchyData data_;
  int64_t batch_ = 0, batches_ = 0;
};

double PreparedHierarchy::evaluate(StochasticConvHierarchy& model, const std::vector<std::shared_ptr<LayerCritic>>& critics,
                                 uint64_t run_seed, int64_t epoch, int run, std::vector<TidyRow>& rows) const {
  torch::NoGradGuard no_grad;
  auto gen = make_generator(derive_seed(run_seed, "evaluation"));  // the same noise at every epoch
  const auto& x = data_.heldout;
  const int64_t n = x.size(0);
  const auto shifted = torch::roll(x, 1, 0);  // pairs each image with another's reconstruction
  const auto wake = model->bottom_up(x, gen);
  const auto full = model->generate_image_mean(model->layers(), wake.back(), gen);
  const auto one_layer = model->generation_parameters(0, wake[1]).mean;
  const auto mean_image = data_.train.mean(0, /*keepdim=*/true);
  const auto add = [&](const std::string& metric, double value) { rows.push_back({run, "heldout", epoch, metric, value}); };
  const double reconstruction_mse = mse(full, x);
  add("reconstruction_mse", reconstruction_mse);
  add("reconstruction_mse_shuffled", mse(torch::roll(full, 1, 0), x));
  add("one_layer_mse", mse(one_layer, x));
  add("one_layer_mse_shuffled", mse(torch::roll(one_layer, 1, 0), x));
  add("mean_image_mse", mse(mean_image.expand_as(x), x));
  add("shuffled_input_mse", mse(shifted, x));
  // Per site on (up to) one batch of held-out images: V of Eq. 8 and its two differences.
  const int64_t m = std::min(n, batch_);
  const auto sites = hierarchy_sites(model, x.slice(0, 0, m), gen);
  const double gamma = config_.real("objective.gamma");
  for (size_t l = 0; l < sites.size(); ++l) {
    auto& critic = *critics[l];
    const double wake_score = critic.score(sites[l].wake).mean().item<double>();
    const double sleep_gap = critic.score(sites[l].sleep).mean().item<double>() - wake_score;
    const double prediction_gap = critic.score(sites[l].prediction).mean().item<double>() - wake_score;
    rows.push_back({run, site_condition(l), epoch, "critic_value", gamma * sleep_gap + (1 - gamma) * prediction_gap});
    rows.push_back({run, site_condition(l), epoch, "wake_sleep_gap", sleep_gap});
    rows.push_back({run, site_condition(l), epoch, "oscillation_gap", prediction_gap});
    if (sites[l].reconstruct)
      rows.push_back({run, site_condition(l), epoch, "feature_distance", feature_distance(critic, sites[l].wake, sites[l].prediction).item<double>()});
    rows.push_back({run, site_condition(l), epoch, "state_mse_one_up", mse(sites[l].prediction, sites[l].wake)});
  }
  return reconstruction_mse;
}

std::vector<TidyRow> PreparedHierarchy::run(int run, Progress& progress) const {
  const uint64_t run_seed = derived_run_seed(config_, run);
  const int64_t channels = data_.train.size(1);
  StochasticConvHierarchy model(StochasticConvHierarchyOptions()
                                    .image_channels(channels)
                                    .channels(config_.integers("model.channels"))
                                    .min_std(config_.real("model.min_std")));
  auto init_gen = make_generator(derive_seed(run_seed, "init"));
  pytorch_default_init(*model, init_gen);
  model->to(env_.device);
  std::vector<std::shared_ptr<LayerCritic>> critics;
  for (int64_t l = 0; l <= model->layers(); ++l) {
    auto critic = std::make_shared<ConvCritic>(critic_options(config_, model->layer_channels(l), model->layer_size(l)));
    pytorch_default_init(*critic, init_gen);
    critic->to(env_.device);
    critics.push_back(critic);
  }
  AdversarialTrainer trainer(model->parameters(), critics, adversarial_optimization(config_), adversarial_weights(config_));
  auto train_gen = make_generator(derive_seed(run_seed, "train"));
  CheckpointPieces pieces;
  pieces.modules = {{"model", model.ptr().get()}};
  for (size_t l = 0; l < critics.size(); ++l) pieces.modules.push_back({"critic/" + std::to_string(l), critics[l].get()});
  trainer.add_checkpoint_pieces(pieces);
  pieces.generators = {{"train", &train_gen}};
  // A run killed midway continues from its checkpoint: its rows and every state up to that epoch.
  const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run);
  const auto resume = checkpoint.position();

  std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
  if (!resume) {
    rows.push_back({run, "data", 0, "channels", static_cast<double>(channels)});
    rows.push_back({run, "data", 0, "cifar10", data_.dataset == "cifar10" ? 1.0 : 0.0});
    rows.push_back({run, "data", 0, "train_images", static_cast<double>(data_.train.size(0))});
  }
  const int64_t shown = std::min(config_.integer("grid_images"), data_.heldout.size(0));
  const auto grid_inputs = data_.heldout.slice(0, 0, shown);
  const auto reconstruct_grid = [&](const std::string& condition) {
    torch::NoGradGuard no_grad;
    auto gen = make_generator(derive_seed(run_seed, "grid"));
    append_image_rows(rows, run, condition, model->generate_image_mean(model->layers(), model->bottom_up(grid_inputs, gen).back(), gen));
  };
  const int64_t epochs = config_.integer("train.epochs");
  const int64_t first_epoch = continue_from(checkpoint, resume, pieces, run, "", epochs, batches_, progress);
  if (!resume) {
    evaluate(model, critics, run_seed, 0, run, rows);
    reconstruct_grid("images/initial_reconstruction");
  }
  for (int64_t epoch = first_epoch; epoch < epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    trainer.start_epoch(epoch);
    const auto order = torch::randperm(data_.train.size(0), train_gen, torch::kInt64).to(env_.device);
    AdversarialStepRecord sum;
    for (int64_t b = 0; b < batches_; ++b) {
      const auto x = data_.train.index_select(0, order.slice(0, b * batch_, (b + 1) * batch_));
      sum += trainer.step([&] { return hierarchy_sites(model, x, train_gen); }, train_gen);
      progress.advance();
    }
    stop_if_epoch_diverged(sum, "train", epoch + 1);
    append_epoch_rows(rows, run, "train", epoch + 1, sum, batches_);
    const double reconstruction_mse = evaluate(model, critics, run_seed, epoch + 1, run, rows);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ostringstream note;
    note << "run " << run << " epoch " << epoch + 1 << "/" << epochs << ": " << format_number(seconds)
         << " s (training + evaluation), held-out reconstruction MSE " << format_number(reconstruction_mse);
    progress.note(note.str());
    if (checkpoint.due(epoch + 1, epochs)) checkpoint.save({0, epoch + 1, rows}, pieces);
  }

  torch::NoGradGuard no_grad;
  append_image_rows(rows, run, "images/input", grid_inputs);
  reconstruct_grid("images/reconstruction");
  auto gen = make_generator(derive_seed(run_seed, "grid"));
  append_image_rows(rows, run, "images/one_layer", model->generation_parameters(0, model->bottom_up(grid_inputs, gen)[1]).mean);
  append_image_rows(rows, run, "images/sleep", model->generate_image_mean(model->layers(), model->prior_sample(shown, gen), gen));
  return rows;
}

class WakeSleepHierarchicalExperiment : public NamedExperiment {
 public:
  WakeSleepHierarchicalExperiment()
      : NamedExperiment("wake-sleep-hierarchical",
                        "seed 003 sec. 5.2, Fig. 4, A.1.4: a 5-layer stochastic DCGAN trained with Eq. 8 (wake/sleep + "
                        "oscillation critics per layer): reconstructions and sleep samples") {
    schema_.add("dataset", ValueType::String, "auto (CIFAR-10 when its files are found, else Fashion-MNIST), cifar10 or fashion-mnist",
             one_of({"auto", "cifar10", "fashion-mnist"}))
        .add("train_items", ValueType::Integer, "training images used, the first of the split (0 = all)", in_range(0, 10000000))
        .add("heldout_items", ValueType::Integer, "test images scored every epoch (the first of the split)", in_range(1, 10000000))
        .add("grid_images", ValueType::Integer, "test images shown in the reconstruction grid (and sleep samples)", in_range(1, 64))
        .add("model.channels", ValueType::IntegerList, "channels of latent layers 1-5 (A.1.4: 32, 64, 128, 256, 100)",
             all_of({all_positive(), in_range(1, 2048)}))
        .add("model.min_std", ValueType::Float, "floor added to every softplus standard deviation", non_negative())
        .add("critic.hidden_channels", ValueType::IntegerList, "channels of each critic's two conv layers",
             all_of({all_positive(), in_range(1, 2048)}))
        .add("critic.negative_slope", ValueType::Float, "LeakyReLU negative slope of the critics", in_unit_interval())
        .add("train.batch_size", ValueType::Integer, "images per step", in_range(1, 4096))
        .add("train.epochs", ValueType::Integer, "epochs", in_range(1, 100000));
    add_adversarial_keys(schema_);
    add_checkpoint_key(schema_);
  }

  void validate(const Config& config) const override {
    if (config.integers("model.channels").size() != 5)
      throw InputError("model.channels: expected 5 values (latent layers 1-5 of a 32x32 hierarchy)");
    if (config.integers("critic.hidden_channels").size() != 2)
      throw InputError("critic.hidden_channels: expected 2 values (A.1.4: two conv layers per critic)");
    validate_adversarial_keys(config);
  }

  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const override {
    return std::make_unique<PreparedHierarchy>(config, env);
  }

  // "heldout", "images/sleep": what was measured, then which images
  std::vector<std::string> condition_factors() const override { return {"part", "detail"}; }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows, const std::filesystem::path& dir) const override;
};

ReportContent WakeSleepHierarchicalExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
                                                         const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  const auto curve = [&](const std::string& label, const std::string& condition, const std::string& metric) {
    return band_over_runs(label, table.steps(condition, metric), table.by_run(condition, metric));
  };
  add(LinePlot{"heldout_reconstruction_mse", "Held-out pixel MSE of reconstructions per epoch", "epoch (0 = untrained)", "pixel MSE",
               {curve("G(E(x)), all 5 layers", "heldout", "reconstruction_mse"),
                curve("G(E(x)) of another image", "heldout", "reconstruction_mse_shuffled"),
                curve("one layer up: mean of p(x | h1(x))", "heldout", "one_layer_mse"),
                curve("one layer up, another image", "heldout", "one_layer_mse_shuffled"),
                curve("training-mean image", "heldout", "mean_image_mse")}},
      "Pixel MSE between held-out images and reconstructions (image means), with the baselines: another image's reconstruction, "
      "the training-mean image (mean +- SE over runs).");
  LinePlot values{"critic_values", "Held-out critic value per site (Eq. 8)", "epoch (0 = untrained)", "V = gamma (D sleep - D wake) + (1-gamma) (D pred - D wake)", {}};
  LinePlot sleep_gaps{"wake_sleep_gaps", "Held-out wake/sleep term per site", "epoch (0 = untrained)", "mean D(sleep) - mean D(wake)", {}};
  LinePlot prediction_gaps{"oscillation_gaps", "Held-out oscillation term per site", "epoch (0 = untrained)", "mean D(prediction) - mean D(wake)", {}};
  for (size_t l = 0; l < kSiteNames.size(); ++l) {
    values.series.push_back(curve(kSiteNames[l], site_condition(l), "critic_value"));
    sleep_gaps.series.push_back(curve(kSiteNames[l], site_condition(l), "wake_sleep_gap"));
    prediction_gaps.series.push_back(curve(kSiteNames[l], site_condition(l), "oscillation_gap"));
  }
  add(values, "Critic value of each layer's site on one batch of held-out images (mean +- SE over runs); the critics maximize it.");
  add(sleep_gaps, "Wake/sleep difference of each critic's mean score on held-out images.");
  add(prediction_gaps, "Oscillation difference (top-down prediction from the layer above vs bottom-up) of each critic's mean score.");
  add(LinePlot{"training_losses", "Training objective per epoch (mean over batches)", "epoch", "value",
               {curve("critics' value V (sum over sites)", "train", "critic_value"),
                curve("gradient penalty (weighted)", "train", "critic_penalty"),
                curve("networks' adversarial loss", "train", "network_adversarial"),
                curve("networks' feature reconstruction", "train", "network_reconstruction")}},
      "What the critics maximize and the networks minimize, averaged over each epoch's batches (mean +- SE over runs).");

  const int64_t channels = static_cast<int64_t>(table.values("data", "channels").front());
  const bool cifar = table.values("data", "cifar10").front() > 0.5;
  const auto inputs = stored_image_rows(table, "images/input", channels, kSide);
  if (inputs.defined()) {
    const int64_t shown = inputs.size(0);
    const auto stacked = torch::cat({inputs, stored_image_rows(table, "images/initial_reconstruction", channels, kSide),
                                     stored_image_rows(table, "images/reconstruction", channels, kSide),
                                     stored_image_rows(table, "images/one_layer", channels, kSide)});
    add(make_image_grid("reconstructions", "Fig. 4B: held-out inputs and reconstructions (run 0)", stacked, shown,
                        {"input", "G(E(x)) untrained", "G(E(x)) trained", "one layer up"}),
        "Rows: held-out inputs; reconstructions through all five layers before training; after training; from the first latent "
        "layer only. Reconstructions show the image layer's mean.");
    add(make_image_grid("sleep_samples", "Sleep samples: top-down from the prior (run 0)", stored_image_rows(table, "images/sleep", channels, kSide),
                        shown),
        "Image means generated top-down from h5 ~ N(0, I), latents sampled on the way.");
  }

  // The claim (sec. 5.2): "inference maps to the support of the generative posterior as evidenced by reconstructions".
  const auto final_mse = table.last_per_run("heldout", "reconstruction_mse");
  const auto final_shuffled = table.last_per_run("heldout", "reconstruction_mse_shuffled");
  const auto initial_mse = table.first_per_run("heldout", "reconstruction_mse");
  const auto final_one = table.last_per_run("heldout", "one_layer_mse");
  const auto final_one_shuffled = table.last_per_run("heldout", "one_layer_mse_shuffled");
  const auto initial_one = table.first_per_run("heldout", "one_layer_mse");
  const auto mean_image = table.last_per_run("heldout", "mean_image_mse");
  const auto shuffled_input = table.last_per_run("heldout", "shuffled_input_mse");
  const std::string n = std::to_string(final_mse.size()) + " run(s), " + std::to_string(config.integer("heldout_items")) +
                        " held-out images, epoch " + std::to_string(config.integer("train.epochs"));
  const auto pm = [](const std::vector<double>& v) { return mean_pm_se(mean(v), v.size() > 1 ? standard_error(v) : 0.0); };
  const auto fraction_below = [](const std::vector<double>& a, const std::vector<double>& b) {
    int64_t k = 0;
    for (size_t i = 0; i < a.size(); ++i) k += a[i] < b[i];
    return std::to_string(k) + " of " + std::to_string(a.size()) + " runs";
  };
  // "Good reconstructions" read as: clearly closer to their own input than to another image's
  // reconstruction (10% lower MSE: our margin) and better than the training-mean image.
  const bool specific = mean(final_mse) < 0.9 * mean(final_shuffled);
  const bool learned = mean(final_mse) < mean(initial_mse);
  const bool beats_mean = mean(final_mse) < mean(mean_image);
  ClaimsTable claims;
  claims.add("G(E(x)) reconstruction MSE through all 5 layers, last epoch", "good reconstructions (Fig. 4B, shown, no number)",
             pm(final_mse), n);
  claims.add("... of another image (shuffled pairing; the support without the posterior)", "(not reported)", pm(final_shuffled),
             "own < shuffled in " + fraction_below(final_mse, final_shuffled));
  std::vector<double> ratio;
  for (size_t i = 0; i < final_mse.size(); ++i) ratio.push_back(final_mse[i] / final_shuffled[i]);
  claims.add("... own / shuffled MSE ratio (1 = reconstructions ignore their input)", "(not reported)", pm(ratio),
             "holds below 0.9 (our margin)");
  claims.add("... before training (epoch 0)", "(not reported)", pm(initial_mse), "last < initial in " + fraction_below(final_mse, initial_mse));
  claims.add("training-mean image as the reconstruction", "(not reported)", pm(mean_image), "last < mean image in " + fraction_below(final_mse, mean_image));
  claims.add("another held-out image as the reconstruction", "(not reported)", pm(shuffled_input), n);
  claims.add("one-layer-up reconstruction MSE, last epoch", "(not reported)", pm(final_one), n);
  claims.add("... of another image", "(not reported)", pm(final_one_shuffled), "own < shuffled in " + fraction_below(final_one, final_one_shuffled));
  claims.add("... before training (epoch 0)", "(not reported)", pm(initial_one), "last < initial in " + fraction_below(final_one, initial_one));
  claims.add("inference maps to the support of the generative posterior as evidenced by reconstructions (sec. 5.2)",
             "holds after 400 epochs on CIFAR-10",
             std::string(specific && learned && beats_mean ? "holds" : "does not hold") + " (own " + format_number(mean(final_mse)) + " vs shuffled " +
                 format_number(mean(final_shuffled)) + ", initial " + format_number(mean(initial_mse)) + ", mean image " +
                 format_number(mean(mean_image)) + ")",
             std::string(cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32") + ", " + n);
  write_file_atomic(dir / "claims.csv", claims.csv());
  content.tables.push_back({"claims.csv", "Seed 003 sec. 5.2: reconstructions against baselines (pixel MSE on held-out images)"});

  std::ostringstream html;
  html << "<p>" << config.integer("runs") << " run(s) on " << (cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32 (CIFAR-10 not found)")
       << ", " << config.integer("train.epochs") << " epochs of batch " << config.integer("train.batch_size") << ", gamma = "
       << format_number(config.real("objective.gamma")) << ".</p>\n<ul><li>Reconstructions specific to their input (own MSE "
       << format_number(mean(final_mse)) << " &lt; 0.9 x another image's " << format_number(mean(final_shuffled)) << "): "
       << (specific ? "yes" : "no") << "</li><li>Better than before training (" << format_number(mean(initial_mse)) << "): "
       << (learned ? "yes" : "no") << "</li><li>Better than the training-mean image (" << format_number(mean(mean_image))
       << "): " << (beats_mean ? "yes" : "no") << "</li></ul>\n";
  content.summary_html = html.str();
  return content;
}

}  // namespace

std::unique_ptr<Experiment> make_wake_sleep_hierarchical_experiment() {
  return std::make_unique<WakeSleepHierarchicalExperiment>();
}

}  // namespace reverie
