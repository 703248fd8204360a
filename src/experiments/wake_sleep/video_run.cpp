#include <torch/torch.h>

#include <cmath>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/experiments/wake_sleep/adversarial_config.h"
#include "reverie/experiments/wake_sleep/adversarial_epochs.h"
#include "reverie/lab/run_checkpoint.h"
#include "reverie/experiments/wake_sleep/video.h"
#include "reverie/models/parameter_init.h"

namespace reverie {

const std::vector<std::string>& video_baselines() {
  static const std::vector<std::string> baselines = {"model", "copy-last", "untrained", "blank"};
  return baselines;
}

namespace {

int64_t batches(int64_t items, int64_t batch_size) { return (items + batch_size - 1) / batch_size; }

// Spatial size after a critic's convolutions (< 1: impossible).
int64_t critic_output_size(const ConvCriticOptions& o) {
  int64_t size = o.size();
  for (size_t l = 0; l < o.hidden_channels().size(); ++l) {
    const int64_t padded = size + 2 * o.padding();
    if (padded < o.kernel()) return 0;  // the kernel no longer fits
    size = (padded - o.kernel()) / o.stride() + 1;
  }
  return size;
}

// Moving MNIST sequences rendered on demand: sequence i of a split always comes from the engine
// seeded with (data_seed, split, i), so a split is a fixed set that never sits in memory whole.
class SequenceSource {
 public:
  SequenceSource(torch::Tensor digits, MovingMnistOptions options, uint64_t seed, std::string split, int64_t count)
      : digits_(std::move(digits)), options_(options), seed_(seed), split_(std::move(split)), count_(count) {
    options_.sequences = 1;
  }
  int64_t size() const { return count_; }
  torch::Tensor render(const std::vector<int64_t>& indices) const {
    std::vector<torch::Tensor> sequences;
    for (const int64_t i : indices) {
      std::mt19937_64 engine(derive_seed(seed_, "moving-mnist/" + split_ + "/" + std::to_string(i)));
      sequences.push_back(make_moving_mnist(digits_, options_, engine).frames);
    }
    return torch::cat(sequences, 0);
  }
  torch::Tensor render_range(int64_t begin, int64_t end) const {
    std::vector<int64_t> indices;
    for (int64_t i = begin; i < end; ++i) indices.push_back(i);
    return render(indices);
  }

 private:
  torch::Tensor digits_;
  MovingMnistOptions options_;
  uint64_t seed_;
  std::string split_;
  int64_t count_;
};

// Pixel MSE per future frame (mean over sequences and pixels) of the model's predictions and of
// the baselines that need no model; `strip` receives the first sequences: the frames the model
// observed, the true future and its prediction. Sequences are rendered on the CPU, evaluated where the model is.
struct Evaluation {
  std::vector<double> model, copy_last, blank;
  torch::Tensor strip_observed;                 // [K x observed x 1 x S x S]
  torch::Tensor strip_truth, strip_prediction;  // [K x F x 1 x S x S]
};

Evaluation evaluate(VideoPredictor& model, const SequenceSource& test, int64_t observed, int64_t batch_size,
                    int64_t strip_sequences, uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto generator = make_generator(seed);
  const auto device = model->parameters().front().device();
  torch::Tensor model_sum, copy_sum, blank_sum;
  Evaluation e;
  for (int64_t begin = 0; begin < test.size(); begin += batch_size) {
    const auto frames = test.render_range(begin, std::min(test.size(), begin + batch_size)).to(device);
    const auto future = frames.slice(1, observed);
    const auto predictions = model->rollout(frames, observed, generator).predictions;
    const auto per_frame = [](const torch::Tensor& error) { return error.pow(2).sum({0, 2, 3, 4}).to(torch::kFloat64); };
    const auto m = per_frame(predictions - future), c = per_frame(future - frames.select(1, observed - 1).unsqueeze(1)),
               b = per_frame(future);
    model_sum = model_sum.defined() ? model_sum + m : m;
    copy_sum = copy_sum.defined() ? copy_sum + c : c;
    blank_sum = blank_sum.defined() ? blank_sum + b : b;
    if (begin == 0) {
      e.strip_observed = frames.slice(1, 0, observed).slice(0, 0, strip_sequences).clone();
      e.strip_truth = future.slice(0, 0, strip_sequences).clone();
      e.strip_prediction = predictions.slice(0, 0, strip_sequences).clone();
    }
  }
  const double per_frame_count = static_cast<double>(test.size() * test.render_range(0, 1)[0][0].numel());
  const auto to_vector = [&](const torch::Tensor& sum) {
    std::vector<double> v;
    for (int64_t f = 0; f < sum.size(0); ++f) v.push_back(sum[f].item<double>() / per_frame_count);
    return v;
  };
  e.model = to_vector(model_sum);
  e.copy_last = to_vector(copy_sum);
  e.blank = to_vector(blank_sum);
  return e;
}

void append_strip_rows(const std::string& condition, const torch::Tensor& frames, int run, std::vector<TidyRow>& rows) {
  const auto flat = frames.to(torch::kCPU).contiguous().view(-1);
  const auto values = flat.accessor<float, 1>();
  for (int64_t i = 0; i < flat.size(0); ++i)
    if (values[i] >= kStripThreshold) rows.push_back({run, condition, i, "pixel", std::round(values[i] * 1000.0) / 1000.0});
}

// The predictor and its two critics, on the device.
struct VideoNetworks {
  VideoPredictor model;
  std::shared_ptr<ConvCritic> frame_critic, hidden_critic;
};

// The networks of a run, initialized from its "init" stream: the model, then the frame and the hidden-state critic.
VideoNetworks make_networks(const WakeSleepVideoSettings& s, uint64_t run_seed, const c10::Device& device) {
  auto init = make_generator(derive_seed(run_seed, "init"));
  VideoPredictor model(s.model());
  pytorch_default_init(*model, init);
  {
    torch::NoGradGuard no_grad;  // predictions start near Moving MNIST's black background (our choice)
    model->readout_output->bias.fill_(s.output_bias());
  }
  auto frame_critic = std::make_shared<ConvCritic>(s.frame_critic());
  auto hidden_critic = std::make_shared<ConvCritic>(s.hidden_critic());
  pytorch_default_init(*frame_critic, init);
  pytorch_default_init(*hidden_critic, init);
  model->to(device);
  frame_critic->to(device);
  hidden_critic->to(device);
  return {model, frame_critic, hidden_critic};
}

// Eq. 8's two critic sites for one batch of sequences: the oscillation term at the frames (weight 1 - gamma), the
// wake/sleep term at the hidden states (weight gamma). Draws the rollout's noise, then the dream's.
std::vector<CriticSite> critic_sites(VideoPredictor& model, const torch::Tensor& frames, const WakeSleepVideoSettings& s,
                                     at::Generator& noise) {
  const int64_t observed = s.observed();
  const double gamma = s.weights().gamma;
  const auto rollout = model->rollout(frames, observed, noise);
  CriticSite frame_site;  // the oscillation term: true future frames vs predictions, plus the feature metric
  frame_site.wake = frames.slice(1, observed).flatten(0, 1);
  frame_site.prediction = rollout.predictions.flatten(0, 1);
  frame_site.reconstruct = true;
  frame_site.weight = 1.0 - gamma;
  CriticSite hidden_site;  // the wake/sleep term: inferred hidden states vs dreamed ones
  hidden_site.wake = rollout.inferred.flatten(0, 1);
  hidden_site.sleep = model->dream(frames.size(0), s.sleep_steps(), noise).flatten(0, 1);
  hidden_site.weight = gamma;
  return {frame_site, hidden_site};
}

// The final evaluation as rows: each predictor's MSE per future frame, and (run 0) the frame strip.
void append_evaluation_rows(const Evaluation& trained, const Evaluation& untrained, int64_t observed, int64_t strip, int run,
                            std::vector<TidyRow>& rows) {
  const std::vector<std::vector<double>> curves = {trained.model, trained.copy_last, untrained.model, trained.blank};
  for (size_t b = 0; b < video_baselines().size(); ++b)
    for (size_t f = 0; f < curves[b].size(); ++f)
      rows.push_back({run, "mse/" + video_baselines()[b], observed + 1 + static_cast<int64_t>(f), "mse", curves[b][f]});
  if (run == 0 && strip > 0) {
    append_strip_rows("strip/observed", trained.strip_observed, run, rows);
    append_strip_rows("strip/truth", trained.strip_truth, run, rows);
    append_strip_rows("strip/prediction", trained.strip_prediction, run, rows);
  }
}

class PreparedWakeSleepVideo : public PreparedExperiment {
 public:
  PreparedWakeSleepVideo(const WakeSleepVideoSettings& settings, const Config& config, const ExperimentEnvironment& env)
      : config_(config), settings_(settings), env_(env) {
    const auto& s = settings_;
    const auto split = load_image_dataset(s.dataset(), env.data_dir);
    const uint64_t seed = static_cast<uint64_t>(s.data_seed());
    train_ = std::make_unique<SequenceSource>(split.train.inputs, s.data(), seed, "train", s.train_sequences());
    test_ = std::make_unique<SequenceSource>(split.test.inputs, s.data(), seed, "test", s.test_sequences());
  }

  int64_t work_per_run() const override { return settings_.epochs() * batches(train_->size(), settings_.batch_size()); }

  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  Config config_;  // the run checkpoints' identity
  WakeSleepVideoSettings settings_;
  ExperimentEnvironment env_;
  std::unique_ptr<SequenceSource> train_, test_;
};

std::vector<TidyRow> PreparedWakeSleepVideo::run(int run, Progress& progress) const {
  const auto& s = settings_;
  const uint64_t run_seed = derived_run_seed(s.seed(), run);
  const int64_t observed = s.observed(), batch_size = s.batch_size(), epochs = s.epochs();
  const int64_t eval_batch = s.evaluation_batch_size(), strip = s.strip_sequences();
  const uint64_t eval_seed = derive_seed(run_seed, "evaluation");
  VideoNetworks networks = make_networks(s, run_seed, env_.device);
  auto& model = networks.model;
  const auto& frame_critic = networks.frame_critic;
  const auto& hidden_critic = networks.hidden_critic;

  // The untrained model, evaluated with the same noise as the trained one below (also when the
  // run resumes: the model is still untrained here).
  const auto untrained = evaluate(model, *test_, observed, eval_batch, strip, eval_seed);
  const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run, settings_.checkpoint_every());
  const auto resume = checkpoint.position();
  std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};

  AdversarialTrainer trainer(model->parameters(), {frame_critic, hidden_critic}, s.optimization(), s.weights());
  auto noise = make_generator(derive_seed(run_seed, "training-noise"));
  std::mt19937_64 order(derive_seed(run_seed, "order"));
  CheckpointPieces pieces;
  pieces.modules = {{"model", model.ptr().get()}, {"frame_critic", frame_critic.get()}, {"hidden_critic", hidden_critic.get()}};
  trainer.add_checkpoint_pieces(pieces);
  pieces.generators = {{"noise", &noise}};
  pieces.engines = {{"order", &order}};

  std::vector<int64_t> permuted;
  AdversarialEpochHooks hooks;
  hooks.shuffle = [&](int64_t) { permuted = permutation(train_->size(), order); };
  hooks.batch = [&](int64_t b) -> AdversarialTrainer::Phases {
    const int64_t begin = b * batch_size;
    const std::vector<int64_t> indices(permuted.begin() + begin, permuted.begin() + std::min(train_->size(), begin + batch_size));
    const auto frames = train_->render(indices).to(env_.device);
    return [&, frames] { return critic_sites(model, frames, s, noise); };
  };
  hooks.measure = [&](int64_t epoch, std::vector<TidyRow>& out) {
    if (epoch == 0) {
      out.push_back({run, "test", 0, "mse", mean(untrained.model)});
    } else if (epoch % s.evaluation_every() == 0 || epoch == epochs) {
      const auto current = evaluate(model, *test_, observed, eval_batch, 0, eval_seed);
      out.push_back({run, "test", epoch, "mse", mean(current.model)});
    }
  };
  train_adversarial_epochs(trainer, noise, AdversarialEpochsOptions(run, "train", epochs, batches(train_->size(), batch_size)),
                           hooks, {checkpoint, resume, pieces}, rows, progress);

  const auto trained = evaluate(model, *test_, observed, eval_batch, strip, eval_seed);
  append_evaluation_rows(trained, untrained, observed, strip, run, rows);
  return rows;
}

}  // namespace

namespace {

// A critic key of the video experiment: one value for the frame and the hidden-state critic.
template <class T>
std::function<void(WakeSleepVideoSettings&, const T&)> both_critics(ConvCriticOptions& (ConvCriticOptions::*setter)(const T&)) {
  return [setter](WakeSleepVideoSettings& s, const T& value) {
    (s.frame_critic().*setter)(value);
    (s.hidden_critic().*setter)(value);
  };
}

}  // namespace

SettingsKeys<WakeSleepVideoSettings> wake_sleep_video_keys() {
  using S = WakeSleepVideoSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("dataset", &S::dataset, "digits the sequences are made of: mnist or fashion-mnist",
           one_of({"mnist", "fashion-mnist"}))
      .add("data_seed", &S::data_seed, "seed of the Moving MNIST sequences (the same for every run)", non_negative())
      .add("data.canvas", &S::data, &MovingMnistOptions::canvas, "canvas side in pixels (the digits are 28 x 28)", in_range(28, 512))
      .add("data.frames", &S::data, &MovingMnistOptions::frames, "frames per sequence", in_range(2, 1000))
      .add("data.observed", &S::observed, "frames observed before predicting the rest", positive())
      .add("data.digits", &S::data, &MovingMnistOptions::digits_per_sequence, "digits per sequence", in_range(1, 10))
      .add("data.step_length", &S::data, &MovingMnistOptions::step_length, "step per frame as a fraction of the free range", in_range(0, 1))
      .add("data.train_sequences", &S::train_sequences, "training sequences (from the training digits)", in_range(1, 1000000))
      .add("data.test_sequences", &S::test_sequences, "held-out sequences (from the test digits)", in_range(1, 1000000))
      .add("model.patch", &S::model, &VideoPredictorOptions::patch, "frames enter as patch x patch blocks (space-to-depth)", in_range(1, 64))
      .add("model.hidden_channels", &S::model, &VideoPredictorOptions::hidden_channels, "channels of both ConvLSTMs' hidden states", in_range(1, 512))
      .add("model.readout_channels", &S::model, &VideoPredictorOptions::readout_channels, "hidden channels of the decoding CNN", in_range(1, 1024))
      .add("model.kernel", &S::model, &VideoPredictorOptions::kernel, "ConvLSTM kernel (odd)", in_range(1, 31))
      .add("model.output_bias", &S::output_bias, "initial bias of the decoding CNN's output (before the sigmoid)")
      .add("model.min_std", &S::model, &VideoPredictorOptions::min_std, "floor of the hidden states' standard deviation", non_negative())
      .add("critic.frame.channels", &S::frame_critic, &ConvCriticOptions::hidden_channels, "channels of the frame critic's conv layers",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("critic.hidden.channels", &S::hidden_critic, &ConvCriticOptions::hidden_channels, "channels of the hidden-state critic's conv layers",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("critic.kernel", both_critics(&ConvCriticOptions::kernel), "critics' conv kernel", in_range(1, 31))
      .add("critic.stride", both_critics(&ConvCriticOptions::stride), "critics' conv stride", in_range(1, 16))
      .add("critic.padding", both_critics(&ConvCriticOptions::padding), "critics' conv padding", in_range(0, 31))
      .add("critic.negative_slope", both_critics(&ConvCriticOptions::negative_slope), "LeakyReLU negative slope", in_range(0, 1))
      .add("critic.normalization", both_critics(&ConvCriticOptions::normalization), "critics' hidden-layer normalization",
           critic_normalization_choices())
      .add("train.epochs", &S::epochs, "training epochs", in_range(1, 100000))
      .add("train.batch_size", &S::batch_size, "sequences per batch", in_range(1, 1024))
      .add("train.sleep_steps", &S::sleep_steps, "hidden states of a dream (prior sample, then bounces)", in_range(1, 1000))
      .add("evaluation.batch_size", &S::evaluation_batch_size, "sequences per evaluation batch", in_range(1, 1024))
      .add("evaluation.every", &S::evaluation_every, "test MSE every this many epochs", positive())
      .add("report.strip_sequences", &S::strip_sequences, "test sequences in the frame strip (run 0)", in_range(0, 16));
  // optimizer.* (A.1.2) and objective.*: objective.gamma weighs the hidden-state (wake/sleep)
  // site, 1 - gamma the frame (oscillation) site, as Eq. 8 mixes the two terms.
  keys.add(adversarial_optimization_keys(), &S::optimization).add(adversarial_weight_keys(), &S::weights);
  keys.add(checkpoint_every_key<S>());
  // The model draws on the data's canvas; the critics see frames (canvas pixels a side) and the
  // ConvLSTMs' states (canvas / patch pixels a side).
  keys.derive([](S& s, const Config&) {
    const int64_t canvas = s.data().canvas;
    s.model().canvas(canvas);
    s.frame_critic().channels(1).size(canvas);
    s.hidden_critic().channels(s.model().hidden_channels()).size(canvas / s.model().patch());
  });
  return keys;
}

WakeSleepVideoExperiment::WakeSleepVideoExperiment(std::string name, std::string description)
    : ExperimentWithSettings(std::move(name), std::move(description), wake_sleep_video_keys()) {}

void WakeSleepVideoExperiment::validate_settings(const WakeSleepVideoSettings& s) const {
  if (s.observed() >= s.data().frames) throw InputError("config key 'data.observed': expected fewer than data.frames");
  if (s.data().canvas % s.model().patch() != 0) throw InputError("config key 'model.patch': expected a divisor of data.canvas");
  if (s.model().kernel() % 2 == 0) throw InputError("config key 'model.kernel': expected an odd number");
  validate_adversarial_optimization(s.optimization());
  if (s.strip_sequences() > s.test_sequences() || s.strip_sequences() > s.evaluation_batch_size())
    throw InputError("config key 'report.strip_sequences': expected at most data.test_sequences and evaluation.batch_size");
  for (const auto& [site, critic] : {std::pair<std::string, ConvCriticOptions>{"frame", s.frame_critic()}, {"hidden", s.hidden_critic()}}) {
    if (critic.hidden_channels().empty()) throw InputError("config key 'critic." + site + ".channels': expected at least one layer");
    if (critic_output_size(critic) < 1)
      throw InputError("config key 'critic." + site + ".channels': too many layers for a " + std::to_string(critic.size()) +
                       "-pixel input with this kernel, stride and padding");
  }
}

std::unique_ptr<PreparedExperiment> WakeSleepVideoExperiment::prepare_runs(const WakeSleepVideoSettings& s, const Config& config,
                                                                           const ExperimentEnvironment& env) const {
  return std::make_unique<PreparedWakeSleepVideo>(s, config, env);
}

}  // namespace reverie
