#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/cifar10.h"
#include "reverie/experiments/wake_sleep/adversarial_config.h"
#include "reverie/experiments/wake_sleep/adversarial_epochs.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/lab/run_checkpoint.h"
#include "reverie/experiments/wake_sleep/hierarchical.h"
#include "reverie/models/conv_critic.h"
#include "reverie/models/parameter_init.h"

namespace reverie {

const std::vector<std::string>& hierarchy_site_names() {
  static const std::vector<std::string> names = {"x", "h1", "h2", "h3", "h4", "h5"};
  return names;
}

std::string site_condition(size_t layer) { return "site/" + hierarchy_site_names()[layer]; }

namespace {

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

HierarchyData load_hierarchy_data(const WakeSleepHierarchicalSettings& settings, const ExperimentEnvironment& env) {
  std::string dataset = settings.dataset();
  if (dataset == "auto") dataset = find_cifar10_dir(env.data_dir) ? "cifar10" : "fashion-mnist";
  const DatasetSplit split = dataset == "cifar10" ? load_cifar10(env.data_dir) : load_image_dataset("fashion-mnist", env.data_dir);
  HierarchyData data;
  data.dataset = dataset;
  auto train = as_images(split.train), test = as_images(split.test);
  const int64_t train_items = settings.train_items(), heldout = settings.heldout_items();
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

ConvCriticOptions critic_options(const WakeSleepHierarchicalSettings& settings, int64_t channels, int64_t size) {
  // A.1.4: two conv layers, kernel / stride / padding shrinking with the layer's side (our choice
  // of values, the paper defers to its code): 32, 16, 8 -> 4/2/1 (halving twice); 4 -> 3/1/1; 2, 1 -> 1/1/0.
  ConvCriticOptions o(channels, size);
  o.hidden_channels(settings.critic_hidden_channels()).negative_slope(settings.critic_negative_slope());
  if (size >= 8) o.kernel(4).stride(2).padding(1);
  else if (size == 4) o.kernel(3).stride(1).padding(1);
  else o.kernel(1).stride(1).padding(0);
  return o.normalization(CriticNormalization::pixel);
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
  PreparedHierarchy(const WakeSleepHierarchicalSettings& settings, const Config& config, const ExperimentEnvironment& env)
      : config_(config), settings_(settings), env_(env), data_(load_hierarchy_data(settings_, env)) {
    batch_ = settings_.batch_size();
    if (data_.train.size(0) < batch_)
      throw InputError("train.batch_size = " + std::to_string(batch_) + " exceeds the " + std::to_string(data_.train.size(0)) +
                       " training images");
    batches_ = data_.train.size(0) / batch_;  // the last partial batch is dropped (our choice)
  }
  int64_t work_per_run() const override { return settings_.epochs() * batches_; }
  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  // Held-out metrics of the model and critics after `epoch` epochs (0 = untrained); returns the
  // full reconstruction MSE.
  double evaluate(StochasticConvHierarchy& model, const std::vector<std::shared_ptr<LayerCritic>>& critics, uint64_t run_seed,
                int64_t epoch, int run, std::vector<TidyRow>& rows) const;

  Config config_;  // the run checkpoints' identity
  WakeSleepHierarchicalSettings settings_;
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
  const double gamma = settings_.weights().gamma;
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
  const auto& s = settings_;
  const uint64_t run_seed = derived_run_seed(s.seed(), run);
  const int64_t channels = data_.train.size(1);
  StochasticConvHierarchy model(StochasticConvHierarchyOptions(s.model()).image_channels(channels));
  auto init_gen = make_generator(derive_seed(run_seed, "init"));
  pytorch_default_init(*model, init_gen);
  model->to(env_.device);
  std::vector<std::shared_ptr<LayerCritic>> critics;
  for (int64_t l = 0; l <= model->layers(); ++l) {
    auto critic = std::make_shared<ConvCritic>(critic_options(s, model->layer_channels(l), model->layer_size(l)));
    pytorch_default_init(*critic, init_gen);
    critic->to(env_.device);
    critics.push_back(critic);
  }
  AdversarialTrainer trainer(model->parameters(), critics, s.optimization(), s.weights());
  auto train_gen = make_generator(derive_seed(run_seed, "train"));
  CheckpointPieces pieces;
  pieces.modules = {{"model", model.ptr().get()}};
  for (size_t l = 0; l < critics.size(); ++l) pieces.modules.push_back({"critic/" + std::to_string(l), critics[l].get()});
  trainer.add_checkpoint_pieces(pieces);
  pieces.generators = {{"train", &train_gen}};
  // A run killed midway continues from its checkpoint: its rows and every state up to that epoch.
  const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run, settings_.checkpoint_every());
  const auto resume = checkpoint.position();

  std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
  if (!resume) {
    rows.push_back({run, "data", 0, "channels", static_cast<double>(channels)});
    rows.push_back({run, "data", 0, "cifar10", data_.dataset == "cifar10" ? 1.0 : 0.0});
    rows.push_back({run, "data", 0, "train_images", static_cast<double>(data_.train.size(0))});
  }
  const int64_t shown = std::min(s.grid_images(), data_.heldout.size(0));
  const auto grid_inputs = data_.heldout.slice(0, 0, shown);
  const auto reconstruct_grid = [&](const std::string& condition) {
    torch::NoGradGuard no_grad;
    auto gen = make_generator(derive_seed(run_seed, "grid"));
    append_image_rows(rows, run, condition, model->generate_image_mean(model->layers(), model->bottom_up(grid_inputs, gen).back(), gen));
  };

  torch::Tensor order;
  double reconstruction_mse = 0;
  AdversarialEpochHooks hooks;
  hooks.shuffle = [&](int64_t) { order = torch::randperm(data_.train.size(0), train_gen, torch::kInt64).to(env_.device); };
  hooks.batch = [&](int64_t b) -> AdversarialTrainer::Phases {
    const auto x = data_.train.index_select(0, order.slice(0, b * batch_, (b + 1) * batch_));
    return [&, x] { return hierarchy_sites(model, x, train_gen); };
  };
  hooks.measure = [&](int64_t epoch, std::vector<TidyRow>& out) {
    reconstruction_mse = evaluate(model, critics, run_seed, epoch, run, out);
    if (epoch == 0) reconstruct_grid("images/initial_reconstruction");
  };
  hooks.note_detail = [&](int64_t) { return ", held-out reconstruction MSE " + format_number(reconstruction_mse); };
  train_adversarial_epochs(trainer, train_gen, AdversarialEpochsOptions(run, "train", s.epochs(), batches_).note_from_epochs(1), hooks,
                           {checkpoint, resume, pieces}, rows, progress);

  torch::NoGradGuard no_grad;
  append_image_rows(rows, run, "images/input", grid_inputs);
  reconstruct_grid("images/reconstruction");
  auto gen = make_generator(derive_seed(run_seed, "grid"));
  append_image_rows(rows, run, "images/one_layer", model->generation_parameters(0, model->bottom_up(grid_inputs, gen)[1]).mean);
  append_image_rows(rows, run, "images/sleep", model->generate_image_mean(model->layers(), model->prior_sample(shown, gen), gen));
  return rows;
}

}  // namespace

SettingsKeys<WakeSleepHierarchicalSettings> wake_sleep_hierarchical_keys() {
  using S = WakeSleepHierarchicalSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("dataset", &S::dataset, "auto (CIFAR-10 when its files are found, else Fashion-MNIST), cifar10 or fashion-mnist",
           one_of({"auto", "cifar10", "fashion-mnist"}))
      .add("train_items", &S::train_items, "training images used, the first of the split (0 = all)", in_range(0, 10000000))
      .add("heldout_items", &S::heldout_items, "test images scored every epoch (the first of the split)", in_range(1, 10000000))
      .add("grid_images", &S::grid_images, "test images shown in the reconstruction grid (and sleep samples)", in_range(1, 64))
      .add("model.channels", &S::model, &StochasticConvHierarchyOptions::channels, "channels of latent layers 1-5 (A.1.4: 32, 64, 128, 256, 100)",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("model.min_std", &S::model, &StochasticConvHierarchyOptions::min_std, "floor added to every softplus standard deviation", non_negative())
      .add("critic.hidden_channels", &S::critic_hidden_channels, "channels of each critic's two conv layers",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("critic.negative_slope", &S::critic_negative_slope, "LeakyReLU negative slope of the critics", in_unit_interval())
      .add("train.batch_size", &S::batch_size, "images per step", in_range(1, 4096))
      .add("train.epochs", &S::epochs, "epochs", in_range(1, 100000));
  keys.add(adversarial_optimization_keys(), &S::optimization).add(adversarial_weight_keys(), &S::weights);
  keys.add(checkpoint_every_key<S>());
  return keys;
}

WakeSleepHierarchicalExperiment::WakeSleepHierarchicalExperiment(std::string name, std::string description)
    : ExperimentWithSettings(std::move(name), std::move(description), wake_sleep_hierarchical_keys()) {}

void WakeSleepHierarchicalExperiment::validate_settings(const WakeSleepHierarchicalSettings& s) const {
  if (s.model().channels().size() != 5)
    throw InputError("model.channels: expected 5 values (latent layers 1-5 of a 32x32 hierarchy)");
  if (s.critic_hidden_channels().size() != 2)
    throw InputError("critic.hidden_channels: expected 2 values (A.1.4: two conv layers per critic)");
  validate_adversarial_optimization(s.optimization());
}

std::unique_ptr<PreparedExperiment> WakeSleepHierarchicalExperiment::prepare_runs(const WakeSleepHierarchicalSettings& s, const Config& config,
                                                                                  const ExperimentEnvironment& env) const {
  return std::make_unique<PreparedHierarchy>(s, config, env);
}

}  // namespace reverie
