#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/training_divergence.h"
#include "reverie/data/dataset.h"
#include "reverie/data/moving_mnist.h"
#include "reverie/experiments/adversarial_config.h"
#include "reverie/experiments/rbm_lab.h"
#include "reverie/experiments/run_checkpoint.h"
#include "reverie/experiments/video_experiments.h"
#include "reverie/models/conv_critic.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/stochastic_conv_lstm.h"
#include "reverie/report/figures.h"
#include "reverie/report/report_figures.h"
#include "reverie/report/image_grid.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

namespace {

// Pixels of the frame-strip rows below this value are not written (the figure shows them black),
// which keeps results.csv small: Moving MNIST frames are mostly background.
constexpr double kStripThreshold = 0.1;

const std::vector<std::string> kBaselines = {"model", "copy-last", "untrained", "blank"};

ConvCriticOptions critic_options(const Config& c, const std::string& prefix, int64_t channels, int64_t size) {
  return ConvCriticOptions(channels, size)
      .hidden_channels(c.integers(prefix + ".channels"))
      .kernel(c.integer("critic.kernel"))
      .stride(c.integer("critic.stride"))
      .padding(c.integer("critic.padding"))
      .negative_slope(c.real("critic.negative_slope"))
      .normalization(c.text("critic.normalization"));
}

VideoPredictorOptions predictor_options(const Config& c) {
  return VideoPredictorOptions()
      .canvas(c.integer("data.canvas"))
      .patch(c.integer("model.patch"))
      .hidden_channels(c.integer("model.hidden_channels"))
      .readout_channels(c.integer("model.readout_channels"))
      .kernel(c.integer("model.kernel"))
      .min_std(c.real("model.min_std"));
}

int64_t batches(int64_t items, int64_t batch_size) { return (items + batch_size - 1) / batch_size; }

// Spatial size after a critic's convolutions (< 1: impossible).
int64_t critic_output_size(const Config& c, int64_t size, size_t layers) {
  for (size_t l = 0; l < layers; ++l) {
    const int64_t padded = size + 2 * c.integer("critic.padding");
    if (padded < c.integer("critic.kernel")) return 0;  // the kernel no longer fits
    size = (padded - c.integer("critic.kernel")) / c.integer("critic.stride") + 1;
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
// the baselines that need no model; `strip` receives the first sequences' predictions.
struct Evaluation {
  std::vector<double> model, copy_last, blank;
  torch::Tensor strip_truth, strip_prediction;  // [K x F x 1 x S x S]
};

Evaluation evaluate(VideoPredictor& model, const SequenceSource& test, int64_t observed, int64_t batch_size,
                    int64_t strip_sequences, uint64_t seed) {
  torch::NoGradGuard no_grad;
  auto generator = make_generator(seed);
  torch::Tensor model_sum, copy_sum, blank_sum;
  Evaluation e;
  for (int64_t begin = 0; begin < test.size(); begin += batch_size) {
    const auto frames = test.render_range(begin, std::min(test.size(), begin + batch_size));
    const auto future = frames.slice(1, observed);
    const auto predictions = model->rollout(frames, observed, generator).predictions;
    const auto per_frame = [](const torch::Tensor& error) { return error.pow(2).sum({0, 2, 3, 4}).to(torch::kFloat64); };
    const auto m = per_frame(predictions - future), c = per_frame(future - frames.select(1, observed - 1).unsqueeze(1)),
               b = per_frame(future);
    model_sum = model_sum.defined() ? model_sum + m : m;
    copy_sum = copy_sum.defined() ? copy_sum + c : c;
    blank_sum = blank_sum.defined() ? blank_sum + b : b;
    if (begin == 0) {
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
  const auto flat = frames.contiguous().view(-1);
  const auto values = flat.accessor<float, 1>();
  for (int64_t i = 0; i < flat.size(0); ++i)
    if (values[i] >= kStripThreshold) rows.push_back({run, condition, i, "pixel", std::round(values[i] * 1000.0) / 1000.0});
}

class PreparedWakeSleepVideo : public PreparedExperiment {
 public:
  PreparedWakeSleepVideo(const Config& config, const ExperimentEnvironment& env) : config_(config), env_(env) {
    const auto split = load_image_dataset(config.text("dataset"), env.data_dir);
    MovingMnistOptions o;
    o.frames = config.integer("data.frames");
    o.canvas = config.integer("data.canvas");
    o.digits_per_sequence = config.integer("data.digits");
    o.step_length = config.real("data.step_length");
    const uint64_t seed = static_cast<uint64_t>(config.integer("data_seed"));
    train_ = std::make_unique<SequenceSource>(split.train.inputs, o, seed, "train", config.integer("data.train_sequences"));
    test_ = std::make_unique<SequenceSource>(split.test.inputs, o, seed, "test", config.integer("data.test_sequences"));
  }

  int64_t work_per_run() const override {
    return config_.integer("train.epochs") * batches(train_->size(), config_.integer("train.batch_size"));
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  Config config_;
  ExperimentEnvironment env_;
  std::unique_ptr<SequenceSource> train_, test_;
};

std::vector<TidyRow> PreparedWakeSleepVideo::run(int run, Progress& progress) const {
  const Config& c = config_;
  const uint64_t run_seed = derived_run_seed(c, run);
  const int64_t observed = c.integer("data.observed"), batch_size = c.integer("train.batch_size");
  const int64_t eval_batch = c.integer("evaluation.batch_size"), strip = c.integer("report.strip_sequences");
  const uint64_t eval_seed = derive_seed(run_seed, "evaluation");
  const double gamma = c.real("objective.gamma");

  auto init = make_generator(derive_seed(run_seed, "init"));
  VideoPredictor model(predictor_options(c));
  pytorch_default_init(*model, init);
  {
    torch::NoGradGuard no_grad;  // predictions start near Moving MNIST's black background (our choice)
    model->readout_output->bias.fill_(c.real("model.output_bias"));
  }
  auto frame_critic = std::make_shared<ConvCritic>(critic_options(c, "critic.frame", 1, c.integer("data.canvas")));
  auto hidden_critic = std::make_shared<ConvCritic>(
      critic_options(c, "critic.hidden", c.integer("model.hidden_channels"), model->state_size()));
  pytorch_default_init(*frame_critic, init);
  pytorch_default_init(*hidden_critic, init);

  // The untrained model, evaluated with the same noise as the trained one below (also when the
  // run resumes: the model is still untrained here).
  const auto untrained = evaluate(model, *test_, observed, eval_batch, strip, eval_seed);
  const auto mean_of = [](const std::vector<double>& v) { return mean(v); };
  const TrainingCheckpoint checkpoint = run_checkpoint(env_, c, run);
  const auto resume = checkpoint.position();
  std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
  if (!resume) rows.push_back({run, "test", 0, "mse", mean_of(untrained.model)});

  AdversarialTrainer trainer(model->parameters(), {frame_critic, hidden_critic}, adversarial_optimization(c),
                             adversarial_weights(c));
  auto noise = make_generator(derive_seed(run_seed, "training-noise"));
  std::mt19937_64 order(derive_seed(run_seed, "order"));
  const int64_t sleep_steps = c.integer("train.sleep_steps");
  CheckpointPieces pieces;
  pieces.modules = {{"model", model.ptr().get()}, {"frame_critic", frame_critic.get()}, {"hidden_critic", hidden_critic.get()}};
  trainer.add_checkpoint_pieces(pieces);
  pieces.generators = {{"noise", &noise}};
  pieces.engines = {{"order", &order}};
  const int64_t epochs = c.integer("train.epochs");
  const int64_t first_epoch =
      continue_from(checkpoint, resume, pieces, run, "", epochs, batches(train_->size(), batch_size), progress);

  for (int64_t epoch = first_epoch; epoch < epochs; ++epoch) {
    trainer.start_epoch(epoch);
    const auto permuted = permutation(train_->size(), order);
    double value = 0, penalty = 0, adversarial = 0, reconstruction = 0;
    int64_t steps = 0;
    for (int64_t begin = 0; begin < train_->size(); begin += batch_size) {
      const std::vector<int64_t> indices(permuted.begin() + begin,
                                         permuted.begin() + std::min(train_->size(), begin + batch_size));
      const auto frames = train_->render(indices);
      const auto phases = [&] {
        const auto rollout = model->rollout(frames, observed, noise);
        CriticSite frame_site;  // the oscillation term: true future frames vs predictions, plus the feature metric
        frame_site.wake = frames.slice(1, observed).flatten(0, 1);
        frame_site.prediction = rollout.predictions.flatten(0, 1);
        frame_site.reconstruct = true;
        frame_site.weight = 1.0 - gamma;
        CriticSite hidden_site;  // the wake/sleep term: inferred hidden states vs dreamed ones
        hidden_site.wake = rollout.inferred.flatten(0, 1);
        hidden_site.sleep = model->dream(frames.size(0), sleep_steps, noise).flatten(0, 1);
        hidden_site.weight = gamma;
        return std::vector<CriticSite>{frame_site, hidden_site};
      };
      const auto record = trainer.step(phases, noise);
      value += record.critic_value;
      penalty += record.critic_penalty;
      adversarial += record.network_adversarial;
      reconstruction += record.network_reconstruction;
      ++steps;
      progress.advance();
    }
    const int64_t e = epoch + 1;
    const double n = static_cast<double>(steps);
    stop_if_diverged(value, "critic_value", e, "train");
    stop_if_diverged(adversarial, "adversarial_loss", e, "train");
    rows.push_back({run, "train", e, "critic_value", value / n});
    rows.push_back({run, "train", e, "critic_penalty", penalty / n});
    rows.push_back({run, "train", e, "adversarial_loss", adversarial / n});
    rows.push_back({run, "train", e, "feature_distance", reconstruction / n});
    if (e % c.integer("evaluation.every") == 0 || e == c.integer("train.epochs")) {
      const auto current = evaluate(model, *test_, observed, eval_batch, 0, eval_seed);
      rows.push_back({run, "test", e, "mse", mean_of(current.model)});
    }
    if (checkpoint.due(e, epochs)) checkpoint.save({0, e, rows}, pieces);
  }

  const auto trained = evaluate(model, *test_, observed, eval_batch, strip, eval_seed);
  const std::vector<std::vector<double>> curves = {trained.model, trained.copy_last, untrained.model, trained.blank};
  for (size_t b = 0; b < kBaselines.size(); ++b)
    for (size_t f = 0; f < curves[b].size(); ++f)
      rows.push_back({run, "mse/" + kBaselines[b], observed + 1 + static_cast<int64_t>(f), "mse", curves[b][f]});
  if (run == 0 && strip > 0) {
    append_strip_rows("strip/truth", trained.strip_truth, run, rows);
    append_strip_rows("strip/prediction", trained.strip_prediction, run, rows);
  }
  return rows;
}

class WakeSleepVideoExperiment : public NamedExperiment {
 public:
  std::string device_refusal(const c10::Device& device) const override {
    return cpu_only(device, "runs on the CPU only for now (its Moving MNIST sequences and ConvLSTMs are not yet moved to a "
                            "device); use --device cpu");
  }
  WakeSleepVideoExperiment()
      : NamedExperiment("wake-sleep-video",
                        "seed 003 sec. 5.3, Fig. 5, A.1.5: adversarial wake/sleep video prediction on Moving MNIST with "
                        "stochastic ConvLSTMs") {
    schema_.add("dataset", ValueType::String, "digits the sequences are made of: mnist or fashion-mnist",
             one_of({"mnist", "fashion-mnist"}))
        .add("data_seed", ValueType::Integer, "seed of the Moving MNIST sequences (the same for every run)", non_negative())
        .add("data.canvas", ValueType::Integer, "canvas side in pixels (the digits are 28 x 28)", in_range(28, 512))
        .add("data.frames", ValueType::Integer, "frames per sequence", in_range(2, 1000))
        .add("data.observed", ValueType::Integer, "frames observed before predicting the rest", positive())
        .add("data.digits", ValueType::Integer, "digits per sequence", in_range(1, 10))
        .add("data.step_length", ValueType::Float, "step per frame as a fraction of the free range", in_range(0, 1))
        .add("data.train_sequences", ValueType::Integer, "training sequences (from the training digits)", in_range(1, 1000000))
        .add("data.test_sequences", ValueType::Integer, "held-out sequences (from the test digits)", in_range(1, 1000000))
        .add("model.patch", ValueType::Integer, "frames enter as patch x patch blocks (space-to-depth)", in_range(1, 64))
        .add("model.hidden_channels", ValueType::Integer, "channels of both ConvLSTMs' hidden states", in_range(1, 512))
        .add("model.readout_channels", ValueType::Integer, "hidden channels of the decoding CNN", in_range(1, 1024))
        .add("model.kernel", ValueType::Integer, "ConvLSTM kernel (odd)", in_range(1, 31))
        .add("model.output_bias", ValueType::Float, "initial bias of the decoding CNN's output (before the sigmoid)")
        .add("model.min_std", ValueType::Float, "floor of the hidden states' standard deviation", non_negative())
        .add("critic.frame.channels", ValueType::IntegerList, "channels of the frame critic's conv layers",
             all_of({all_positive(), in_range(1, 2048)}))
        .add("critic.hidden.channels", ValueType::IntegerList, "channels of the hidden-state critic's conv layers",
             all_of({all_positive(), in_range(1, 2048)}))
        .add("critic.kernel", ValueType::Integer, "critics' conv kernel", in_range(1, 31))
        .add("critic.stride", ValueType::Integer, "critics' conv stride", in_range(1, 16))
        .add("critic.padding", ValueType::Integer, "critics' conv padding", in_range(0, 31))
        .add("critic.negative_slope", ValueType::Float, "LeakyReLU negative slope", in_range(0, 1))
        .add("critic.normalization", ValueType::String, "critics' hidden-layer normalization",
             one_of({"batch", "pixel", "none"}))
        .add("train.epochs", ValueType::Integer, "training epochs", in_range(1, 100000))
        .add("train.batch_size", ValueType::Integer, "sequences per batch", in_range(1, 1024))
        .add("train.sleep_steps", ValueType::Integer, "hidden states of a dream (prior sample, then bounces)", in_range(1, 1000))
        .add("evaluation.batch_size", ValueType::Integer, "sequences per evaluation batch", in_range(1, 1024))
        .add("evaluation.every", ValueType::Integer, "test MSE every this many epochs", positive())
        .add("report.strip_sequences", ValueType::Integer, "test sequences in the frame strip (run 0)", in_range(0, 16));
    // optimizer.* (A.1.2) and objective.*: objective.gamma weighs the hidden-state (wake/sleep)
    // site, 1 - gamma the frame (oscillation) site, as Eq. 8 mixes the two terms.
    add_adversarial_keys(schema_);
    add_checkpoint_key(schema_);
  }

  void validate(const Config& c) const override {
    if (c.integer("data.observed") >= c.integer("data.frames"))
      throw InputError("config key 'data.observed': expected fewer than data.frames");
    if (c.integer("data.canvas") % c.integer("model.patch") != 0)
      throw InputError("config key 'model.patch': expected a divisor of data.canvas");
    if (c.integer("model.kernel") % 2 == 0) throw InputError("config key 'model.kernel': expected an odd number");
    validate_adversarial_keys(c);
    if (c.integer("report.strip_sequences") > c.integer("data.test_sequences") ||
        c.integer("report.strip_sequences") > c.integer("evaluation.batch_size"))
      throw InputError("config key 'report.strip_sequences': expected at most data.test_sequences and evaluation.batch_size");
    for (const std::string site : {"frame", "hidden"}) {
      const auto& channels = c.integers("critic." + site + ".channels");
      if (channels.empty()) throw InputError("config key 'critic." + site + ".channels': expected at least one layer");
      const int64_t size = site == "frame" ? c.integer("data.canvas") : c.integer("data.canvas") / c.integer("model.patch");
      if (critic_output_size(c, size, channels.size()) < 1)
        throw InputError("config key 'critic." + site + ".channels': too many layers for a " + std::to_string(size) +
                         "-pixel input with this kernel, stride and padding");
    }
  }

  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const override {
    return std::make_unique<PreparedWakeSleepVideo>(config, env);
  }

  // "train", "test", "mse/copy-last": what was measured, then on which predictor or strip
  std::vector<std::string> condition_factors() const override { return {"part", "detail"}; }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows, const std::filesystem::path& dir) const override;
};

ReportContent WakeSleepVideoExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
                                                  const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  const int64_t observed = config.integer("data.observed"), frames = config.integer("data.frames");
  const int64_t future = frames - observed, side = config.integer("data.canvas");

  // MSE per future frame, the model beside the baselines.
  LinePlot per_frame{"mse_per_future_frame", "Prediction error per future frame (held-out sequences)", "frame",
                     "pixel MSE", {}};
  std::vector<std::string> frame_labels;
  for (int64_t f = 1; f <= future; ++f) frame_labels.push_back("frame" + std::to_string(observed + f));
  NpyArray mse_matrix{{static_cast<int64_t>(kBaselines.size()), future}, {}, {{"predictor", kBaselines}, {"future_frame", frame_labels}}};
  std::map<std::string, std::vector<double>> mean_curve;  // per baseline: mean over runs per frame
  std::map<std::string, std::vector<double>> run_means;   // per baseline: each run's mean over frames
  for (const auto& b : kBaselines) {
    const auto runs = table.by_run("mse/" + b, "mse");
    per_frame.series.push_back(band_over_runs(b, table.steps("mse/" + b, "mse"), runs));
    std::vector<double> curve(future, 0.0);
    for (const auto& r : runs) {
      for (int64_t f = 0; f < future && f < static_cast<int64_t>(r.size()); ++f) curve[f] += r[f] / static_cast<double>(runs.size());
      run_means[b].push_back(mean(r));
    }
    mean_curve[b] = curve;
    mse_matrix.data.insert(mse_matrix.data.end(), curve.begin(), curve.end());
  }
  add(per_frame, "Pixel MSE of each predicted frame against the truth, held-out sequences (mean +- SE over runs): the "
                 "trained model, repeating the last observed frame, the same model before training (same noise), and an "
                 "all-black frame.");
  write_npy(dir / "mse_per_future_frame.npy", mse_matrix);

  LinePlot critics{"training_objective", "Training: critics' value and the networks' losses per epoch", "epoch", "value", {}};
  for (const std::string metric : {"critic_value", "critic_penalty", "adversarial_loss", "feature_distance"})
    critics.series.push_back(band_over_runs(metric, table.steps("train", metric), table.by_run("train", metric)));
  add(critics, "Means over the epoch's batches (mean +- SE over runs): V summed over the two critic sites (weighted by "
               "Eq. 8's gamma), the weighted gradient penalty, the networks' adversarial loss, and the frame critic's feature "
               "distance between true and predicted frames.");
  add(LinePlot{"test_mse_per_epoch", "Held-out prediction error during training (frames " + std::to_string(observed + 1) +
                                         "-" + std::to_string(frames) + ")",
               "epoch", "pixel MSE", {band_over_runs("model", table.steps("test", "mse"), table.by_run("test", "mse"))}},
      "Mean pixel MSE over the future frames (epoch 0: untrained), mean +- SE over runs.");

  // Fig. 5C: the frame strip (run 0).
  const int64_t strip = config.integer("report.strip_sequences");
  if (strip > 0 && table.has("strip/truth", "pixel")) {
    const int64_t per_condition = strip * future * side * side;
    auto truth = torch::zeros({per_condition}), prediction = torch::zeros({per_condition});
    for (const auto& r : rows) {
      if (r.run != 0 || r.metric != "pixel" || r.step < 0 || r.step >= per_condition) continue;
      if (r.condition == "strip/truth") truth[r.step] = r.value;
      if (r.condition == "strip/prediction") prediction[r.step] = r.value;
    }
    truth = truth.view({strip, future, 1, side, side});
    prediction = prediction.view({strip, future, 1, side, side});
    std::vector<torch::Tensor> tiles;
    std::vector<std::string> labels;
    for (int64_t k = 0; k < strip; ++k) {
      tiles.push_back(truth[k]);
      tiles.push_back(prediction[k]);
      labels.push_back("truth " + std::to_string(k + 1));
      labels.push_back("prediction " + std::to_string(k + 1));
    }
    add(make_image_grid("frame_strip",
                        "Fig. 5C: frames " + std::to_string(observed + 1) + "-" + std::to_string(frames) +
                            " of held-out sequences, truth above the model's prediction",
                        torch::cat(tiles, 0), future, labels),
        "Run 0, the first held-out sequences; pixels below " + format_number(kStripThreshold) + " are shown black.");
  }

  ClaimsTable claims;
  const std::string frames_text = "frames " + std::to_string(observed + 1) + "-" + std::to_string(frames);
  const std::string n_runs = std::to_string(run_means["model"].size()) + " runs x " +
                             std::to_string(config.integer("data.test_sequences")) + " held-out sequences";
  for (const auto& b : kBaselines)
    claims.add("pixel MSE, " + frames_text + ": " + b, b == "model" ? "(not reported; Fig. 5C shows plausible frames)" : "(not reported)",
               mean_pm_se(mean(run_means[b]), standard_error(run_means[b])), n_runs);
  const auto frames_better = [&](const std::string& baseline) {
    int64_t count = 0;
    for (int64_t f = 0; f < future; ++f) count += mean_curve["model"][f] < mean_curve[baseline][f] ? 1 : 0;
    return std::to_string(count) + " of " + std::to_string(future);
  };
  claims.add("future frames where the model's MSE < repeating the last frame", "(plausible future frames, Fig. 5C)",
             frames_better("copy-last"), n_runs);
  claims.add("future frames where the model's MSE < the untrained model", "(training improves prediction)",
             frames_better("untrained"), n_runs);
  claims.add("future frames where the model's MSE < an all-black frame", "(not reported)", frames_better("blank"), n_runs);
  claims.add("model MSE at frame " + std::to_string(observed + 1) + " / at frame " + std::to_string(frames),
             "(not reported)", format_number(mean_curve["model"].front()) + " / " + format_number(mean_curve["model"].back()),
             n_runs);
  write_file_atomic(dir / "claims.csv", claims.csv());
  content.tables.push_back({"claims.csv", "Seed 003 sec. 5.3 (video prediction): the paper shows frames, not numbers; ours"});

  std::ostringstream summary;
  summary << "<p>" << config.integer("runs") << " run(s); " << config.integer("data.train_sequences")
          << " training sequences, " << config.integer("train.epochs") << " epoch(s), batch " << config.integer("train.batch_size")
          << ", gamma " << format_number(config.real("objective.gamma")) << "; mean pixel MSE over " << frames_text
          << ": model " << format_number(mean(run_means["model"])) << ", repeat last frame "
          << format_number(mean(run_means["copy-last"])) << ", untrained " << format_number(mean(run_means["untrained"]))
          << ", black frame " << format_number(mean(run_means["blank"])) << ".</p>\n";
  content.summary_html = summary.str();
  return content;
}

}  // namespace

std::unique_ptr<Experiment> make_wake_sleep_video_experiment() { return std::make_unique<WakeSleepVideoExperiment>(); }

}  // namespace reverie
