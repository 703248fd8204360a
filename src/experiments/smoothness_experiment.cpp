#include "reverie/experiments/smoothness_experiment.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/moving_average.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/training_divergence.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/experiments/run_checkpoint.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"
#include "reverie/report/row_table.h"
#include "reverie/train/incremental_trainer.h"
#include "reverie/train/lstm_stream_trainer.h"
#include "reverie/train/stream_autoencoder.h"

namespace reverie {

namespace {

constexpr const char* kError = "test_error";
constexpr const char* kAccuracy = "test_accuracy";

std::string display_name(const std::string& dataset) {
  if (dataset == "mnist") return "MNIST";
  if (dataset == "fashion-mnist") return "Fashion-MNIST";
  return "synthetic";
}

// A fixed subset of `count` items (all when count is 0 or too large), the same in every run.
Dataset fixed_subset(const Dataset& d, int64_t count, uint64_t seed) {
  if (count <= 0 || count >= d.size()) return d;
  auto gen = make_generator(seed);
  auto chosen = std::get<0>(torch::randperm(d.size(), gen, torch::kInt64).narrow(0, 0, count).sort());
  return d.subset(chosen);
}

// The same number of items in every class: `count / classes` (0 = as many as the smallest
// class has), drawn by a fixed permutation. Section 4.1.1's minimum smoothness ("all
// consecutive items from different categories") needs equal class sizes; with unequal ones
// the end of every repeat ordering is a run of the largest classes.
Dataset balanced_subset(const Dataset& d, int64_t count, uint64_t seed) {
  auto gen = make_generator(seed);
  const auto shuffled = torch::randperm(d.size(), gen, torch::kInt64);
  const auto labels = d.labels.index_select(0, shuffled);
  int64_t per_class = torch::bincount(d.labels, {}, d.classes).min().item<int64_t>();
  if (count > 0) per_class = std::min(per_class, count / d.classes);
  if (per_class < 1) throw InputError("config key 'train_items' is impossible: fewer items than classes");
  std::vector<torch::Tensor> parts;
  for (int64_t c = 0; c < d.classes; ++c) parts.push_back(shuffled.index_select(0, labels.eq(c).nonzero().squeeze(1)).narrow(0, 0, per_class));
  return d.subset(std::get<0>(torch::cat(parts).sort()));
}

constexpr const char* kEveryPrefix = "leaky-every-";

// "leaky-every-N": leaky memory reset every N items (A.7); 0 for other models.
int64_t reset_every(const std::string& model) {
  if (model.rfind(kEveryPrefix, 0) != 0) return 0;
  const std::string digits = model.substr(std::string(kEveryPrefix).size());
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(digits);
}

// The models of the schema, or leaky-every-N with N >= 1.
ValueCheck known_models() {
  return [](const Value& v) -> std::string {
    for (const auto& m : std::get<std::vector<std::string>>(v))
      if (m != "memoryless" && m != "leaky" && m != "leaky-reset" && m != "minibatch" && m != "lstm" && reset_every(m) < 1)
        return "memoryless, leaky, leaky-reset, minibatch, lstm or leaky-every-N (N >= 1)";
    return "";
  };
}

std::string model_label(const std::string& model) {
  if (reset_every(model) > 0) return "leaky, reset every " + std::to_string(reset_every(model));
  if (model == "minibatch") return "mini-batch";
  if (model == "lstm") return "LSTM (BPTT)";
  if (model == "leaky") return "leaky memory";
  if (model == "leaky-reset") return "leaky memory + reset";
  return "memoryless";
}

struct PreparedDataset {
  std::string name;
  Dataset train, test;
  std::vector<int64_t> train_labels, test_labels;
  std::vector<int64_t> train_parts, test_parts;  // A.7: template piece of each item (empty: one piece)
  int64_t parts = 1;
  int64_t hidden = 0;
  int64_t eval_every = 1;
};

class PreparedSmoothness : public PreparedExperiment {
 public:
  PreparedSmoothness(const Config& config, std::vector<PreparedDataset> datasets, const ExperimentEnvironment& env)
      : config_(config),
        env_(env),
        datasets_(std::move(datasets)),
        models_(config.strings("models")),
        conditions_(smoothness_conditions(config)),
        device_(env.device),
        leak_alpha_(config.real("leak_alpha")),
        reset_rule_(config.text("reset_rule")),
        reset_period_(config.integer("reset_period")),
        leak_gradient_(config.text("leak_gradient")),
        test_in_stream_(config.text("test_protocol") == "stream"),
        test_stream_repeats_(config.integer("test_stream_repeats")),
        batch_size_(config.integer("batch_size")),
        gradient_window_(config.integer("gradient_window")),
        bptt_steps_(config.integer("bptt_steps")),
        bptt_update_(config.text("bptt_update")),
        reconstruction_(config.text("task") == "reconstruction"),
        epochs_(config.integer("epochs")) {
    trainer_.learning_rate = config.real("learning_rate");
    trainer_.optimizer = config.text("optimizer");
    trainer_.rmsprop_alpha = config.real("rmsprop_alpha");
    trainer_.rmsprop_momentum = config.real("rmsprop_momentum");
    trainer_.fused_sgd = config.text("sgd_kernel") == "fused";
    output_ = config.text("output");
    loss_ = config.text("loss");
    mse_reduction_ = config.text("mse_reduction");
  }

  int64_t work_per_run() const override {
    int64_t steps = 0;
    for (const auto& d : datasets_) steps += d.train.size() * static_cast<int64_t>(conditions_.size() * models_.size());
    return steps * epochs_;
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override {
    const uint64_t run_seed = derived_run_seed(config_, run);
    // Checkpointed after every condition (each trains from the same initial weights on its own
    // stream of all epochs): a killed run continues with the first condition it had not finished.
    const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run, 1);
    const auto resume = checkpoint.position();
    std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
    if (resume) progress.note("run " + std::to_string(run) + ": resuming after " + std::to_string(resume->stage) + " finished conditions");
    int64_t finished_conditions = 0;
    for (const auto& d : datasets_) {
      // Shared by every condition of this training session (section 4.1.1): category order,
      // within-category order and the initial weights. Each epoch draws new orders.
      const auto session_seed = [&](const std::string& what, int64_t epoch) {
        return derive_seed(run_seed, what + d.name + (epoch == 0 ? "" : "/epoch-" + std::to_string(epoch)));
      };
      std::vector<SessionOrders> sessions;
      for (int64_t epoch = 0; epoch < epochs_; ++epoch) {
        std::mt19937_64 order_engine(session_seed("orders/", epoch));
        sessions.push_back(make_session_orders(d.train_labels, d.train.classes, order_engine));
        if (d.parts > 1) alternate_parts(sessions.back(), d.train_parts, d.parts);
      }
      // The condition's stream: its ordering of every epoch's session, one after the other.
      const auto training_order = [&](const SmoothnessCondition& condition) {
        std::vector<int64_t> order;
        for (int64_t epoch = 0; epoch < epochs_; ++epoch) {
          std::mt19937_64 random_engine(session_seed("random-order/", epoch));
          const auto epoch_order = condition_order(sessions[epoch], condition, random_engine);
          order.insert(order.end(), epoch_order.begin(), epoch_order.end());
        }
        return order;
      };
      auto init_generator = make_generator(derive_seed(run_seed, "init/" + d.name));
      const MLPOptions shape(d.train.features(), d.hidden, reconstruction_ ? d.train.features() : d.train.classes);
      MLP initial(shape);
      initial->xavier_init(init_generator);  // on the CPU generator, then moved: same init on every device
      initial->to(device_);
      const auto objective = ClassifierObjective::from_names(output_, loss_, d.train.classes, mse_reduction_);
      // A.9/A.10: one test stream per session and test smoothness, shared by all models.
      const auto test_stream_for = [&](const SmoothnessCondition& trained) -> std::vector<int64_t> {
        if (!test_in_stream_) return {};
        std::mt19937_64 test_engine(derive_seed(run_seed, "test-orders/" + d.name));
        SessionOrders test_session = make_session_orders(d.test_labels, d.test.classes, test_engine);
        if (d.parts > 1) alternate_parts(test_session, d.test_parts, d.parts);
        return condition_order(test_session, test_stream_repeats_ < 0 ? trained : SmoothnessCondition{test_stream_repeats_}, test_engine);
      };
      for (const auto& model_name : models_) {
        IncrementalTrainerOptions trainer = trainer_for(model_name, d);
        for (const auto& condition : conditions_) {
          if (resume && finished_conditions < resume->stage) {
            ++finished_conditions;
            progress.advance(d.train.size() * epochs_);
            continue;
          }
          trainer.test_stream = test_stream_for(condition);
          const auto order = training_order(condition);
          MLP model(shape);
          model->to(device_);
          model->copy_parameters_from(*initial);
          const std::string name = d.name + "/" + model_name + "/" + condition.name();
          training_condition(name, [&] {
            if (model_name == "lstm") {
              for (const auto& e : train_lstm(d, order, trainer, objective, run_seed, progress)) {
                rows.push_back({run, name, e.step, kError, e.error});
                rows.push_back({run, name, e.step, kAccuracy, e.accuracy});
              }
              return;
            }
            if (reconstruction_) {
              for (const auto& e : train_reconstruction(model, d, order, trainer, progress)) rows.push_back({run, name, e.step, kError, e.error});
              return;
            }
            const auto curve = train_incremental(model, d.train, order, d.test, objective, trainer,
                                                 [&](int64_t n) { progress.advance(n); });
            for (const auto& e : curve) {
              rows.push_back({run, name, e.step, kError, e.error});
              rows.push_back({run, name, e.step, kAccuracy, e.accuracy});
            }
          });
          checkpoint.save({++finished_conditions, 0, rows}, {});
        }
      }
    }
    return rows;
  }

 private:
  // Memoryless, leaky (alpha for every hidden unit) or leaky with memory gating.
  IncrementalTrainerOptions trainer_for(const std::string& model, const PreparedDataset& d) const {
    IncrementalTrainerOptions trainer = trainer_;
    trainer.eval_every = d.eval_every;
    if (model == "minibatch") trainer.batch_size = batch_size_;
    if (model == "leaky" || model == "leaky-reset" || reset_every(model) > 0)
      trainer.memory = LeakyMemory::from_values({leak_alpha_}, d.hidden, leak_gradient_, gradient_window_);
    if (model == "leaky-reset") trainer.boundaries = BoundaryDetector::from_name(reset_rule_, reset_period_);
    if (reset_every(model) > 0) trainer.boundaries = BoundaryDetector::from_name("period", reset_every(model));
    return trainer;
  }

  // A.8-A.10: an LSTM trained with truncated BPTT on the same stream; its own seeded init.
  std::vector<Evaluation> train_lstm(const PreparedDataset& d, const std::vector<int64_t>& order,
                                     const IncrementalTrainerOptions& trainer, const ClassifierObjective& objective,
                                     uint64_t run_seed, Progress& progress) const {
    LSTMClassifier model(d.train.features(), d.hidden, d.train.classes);
    auto generator = make_generator(derive_seed(run_seed, "init-lstm/" + d.name));
    model->xavier_init(generator);
    model->to(device_);
    LstmStreamOptions o;
    static_cast<OptimizerSettings&>(o) = trainer;
    o.eval_every = trainer.eval_every;
    o.bptt_steps = bptt_steps_;
    o.bptt_update = bptt_update_;
    o.test_stream = trainer.test_stream;
    o.fused_sgd = trainer.fused_sgd;
    return train_lstm_stream(model, d.train, order, d.test, objective, o, [&](int64_t n) { progress.advance(n); });
  }

  // A.1 right, A.7 left: the same stream teaches an autoencoder (target = the item itself).
  std::vector<ReconstructionEvaluation> train_reconstruction(MLP& model, const PreparedDataset& d, const std::vector<int64_t>& order,
                                                             const IncrementalTrainerOptions& trainer, Progress& progress) const {
    StreamAutoencoderOptions o;
    static_cast<OptimizerSettings&>(o) = trainer;
    o.eval_every = trainer.eval_every;
    o.memory = trainer.memory;
    const auto keep_of = [&](const Dataset& data, const std::vector<int64_t>& labels, const std::vector<int64_t>& items) {
      std::vector<int64_t> ordered_labels;
      for (int64_t i : items) ordered_labels.push_back(labels[i]);
      const auto inputs = data.inputs.index_select(0, torch::tensor(items, torch::kInt64).to(data.inputs.device())).contiguous();
      const auto cpu = inputs.to(torch::kCPU).contiguous();
      const auto keep = memory_keep(trainer.boundaries, ordered_labels.data(), static_cast<int64_t>(items.size()),
                                    cpu.data_ptr<float>(), data.features());
      return std::pair{inputs, torch::tensor(keep).unsqueeze(1).expand({static_cast<int64_t>(items.size()), d.hidden}).contiguous()};
    };
    const auto [train_inputs, train_keep] = keep_of(d.train, d.train_labels, order);
    // Single-item testing is a stream that resets at every item (memory off).
    std::vector<int64_t> test_items = trainer.test_stream;
    if (test_items.empty())
      for (int64_t i = 0; i < d.test.size(); ++i) test_items.push_back(i);
    auto [test_inputs, test_keep] = keep_of(d.test, d.test_labels, test_items);
    if (trainer.test_stream.empty()) test_keep = torch::zeros_like(test_keep);
    return train_stream_autoencoder(model, train_inputs, train_keep, test_inputs, test_keep, o,
                                    [&](int64_t n) { progress.advance(n); });
  }

  Config config_;
  ExperimentEnvironment env_;
  std::vector<PreparedDataset> datasets_;
  std::vector<std::string> models_;
  std::vector<SmoothnessCondition> conditions_;
  c10::Device device_;
  double leak_alpha_;
  std::string reset_rule_;
  int64_t reset_period_;
  std::string leak_gradient_;
  bool test_in_stream_;
  int64_t test_stream_repeats_;
  int64_t batch_size_;
  int64_t gradient_window_;
  int64_t bptt_steps_;
  std::string bptt_update_;
  bool reconstruction_;
  int64_t epochs_;
  IncrementalTrainerOptions trainer_;
  std::string output_, loss_, mse_reduction_;
};

}  // namespace

SmoothnessExperiment::SmoothnessExperiment(std::string name, std::string description)
    : NamedExperiment(std::move(name), std::move(description)) {
  schema_.add("datasets", ValueType::StringList, "datasets to train on", all_of({one_of({"mnist", "fashion-mnist", "synthetic"}), distinct()}))
      .add("repeats", ValueType::IntegerList, "consecutive items per category visit, one condition each",
           all_of({all_positive(), in_range(1, 100000), distinct()}))
      .add("random_sampling", ValueType::Boolean, "include random sampling without replacement")
      .add("models", ValueType::StringList,
           "memoryless, leaky, leaky-reset (leaky with memory gating), minibatch (memoryless, batch_size items per "
           "update), leaky-every-N (leaky, reset every N items: A.7)",
           all_of({known_models(), distinct()}))
      .add("batch_size", ValueType::Integer, "items per update of the minibatch model (A.5, A.6)", in_range(1, 100000))
      .add("leak_alpha", ValueType::Float, "leak alpha of every hidden unit (eq. 1)", in_unit_interval())
      .add("leak_gradient", ValueType::String,
           "how the leak enters the gradient of W: unscaled (as a plain ReLU unit), scaled by 1 - alpha, or "
           "through-memory (also into H(n-1), truncated every gradient_window items)",
           one_of({"unscaled", "scaled", "through-memory"}))
      .add("gradient_window", ValueType::Integer, "through-memory: items the gradient reaches back", in_range(1, 100000))
      .add("task", ValueType::String, "classification, or reconstruction by an autoencoder (A.1 right, A.7 left)",
           one_of({"classification", "reconstruction"}))
      .add("test_protocol", ValueType::String,
           "single (items alone, memory off) or stream (a test stream, memory on, same resets; A.9, A.10)",
           one_of({"single", "stream"}))
      .add("test_stream_repeats", ValueType::Integer,
           "repeats per category in the test stream; 0 = random order; -1 = as the training condition (A.9)",
           in_range(-1, 100000))
      .add("bptt_steps", ValueType::Integer, "lstm: items the gradient reaches back (truncated BPTT)", in_range(1, 100000))
      .add("bptt_update", ValueType::String,
           "lstm: sliding (one update per item through the last bptt_steps items) or window (one per window)",
           one_of({"sliding", "window"}))
      .add("reset_rule", ValueType::String,
           "memory gating of leaky-reset: label (category change), period, or local (A.11: the input changes more than its average)",
           one_of({"label", "period", "local"}))
      .add("reset_period", ValueType::Integer, "items between resets when reset_rule = period", non_negative())
      .add("hidden_fraction", ValueType::Float, "hidden units as a fraction of inputs (0.5: 784-392-10, 16-8-4)",
           all_of({positive(), in_range(0, 16)}))
      .add("output", ValueType::String, "output nonlinearity", one_of({"sigmoid", "softmax"}))
      .add("loss", ValueType::String, "mse or ce (cross-entropy)", one_of({"mse", "ce"}))
      .add("mse_reduction", ValueType::String, "mean (torch.nn.MSELoss default) or sum over outputs", one_of({"mean", "sum"}))
      .add("optimizer", ValueType::String, "sgd or rmsprop", one_of({"sgd", "rmsprop"}))
      .add("learning_rate", ValueType::Float, "learning rate", positive())
      .add("sgd_kernel", ValueType::String,
           "fused (one-pass batch-1 kernel; for the LSTM, the fused truncated-BPTT kernel) or libtorch (autograd + torch::optim)",
           one_of({"fused", "libtorch"}))
      .add("rmsprop_alpha", ValueType::Float, "RMSprop squared-gradient decay (beta2)", in_unit_interval())
      .add("rmsprop_momentum", ValueType::Float, "RMSprop momentum (beta1)", in_unit_interval())
      .add("train_items", ValueType::Integer, "training items (fixed subset); 0 = all", in_range(0, 10000000))
      .add("balance_classes", ValueType::Boolean, "equal items per class in the training set (image datasets)")
      .add("test_items", ValueType::Integer, "test items per evaluation (fixed subset); 0 = all", in_range(0, 10000000))
      .add("evaluations", ValueType::Integer, "test evaluations per epoch", in_range(1, 1000000))
      .add("epochs", ValueType::Integer,
           "passes over the training set; each draws new category and within-category orders from the run's seed "
           "(section 4.1.1's rules), and the curves run on across epochs",
           in_range(1, 10000))
      .add("claim_points", ValueType::FloatList,
           "fractions of the training (all epochs) at which every claim is checked, e.g. 0.1 = after 10% of the items; "
           "A.6's early and late mini-batch claims keep their own points in the first epoch",
           all_of({in_range(1e-9, 1), distinct()}))
      .add("moving_average_steps", ValueType::Integer, "moving-average window of the figures, in training steps", in_range(1, 10000000))
      .add("bootstrap_resamples", ValueType::Integer, "bootstrap resamples for end-of-epoch statistics", in_range(1, 1000000))
      .add("data_seed", ValueType::Integer, "seed of the synthetic set and of the train/test subsets", non_negative())
      .add("synthetic.categories", ValueType::Integer, "synthetic categories", in_range(1, 10000))
      .add("synthetic.items_per_category", ValueType::Integer, "synthetic training items per category", in_range(1, 1000000))
      .add("synthetic.test_items_per_category", ValueType::Integer, "synthetic test items per category", in_range(1, 1000000))
      // The first weight matrix is features x (hidden_fraction * features): 10,000 features are 200 MB at 0.5.
      .add("synthetic.features", ValueType::Integer, "features per synthetic item", in_range(1, 10000))
      .add("synthetic.templates", ValueType::String, "template form", one_of({"blocks", "random-binary"}))
      .add("synthetic.noise", ValueType::Float, "uniform noise amplitude: U(0, noise) per feature", non_negative())
      .add("synthetic.parts", ValueType::Integer,
           "template pieces per category; > 1: consecutive items share no features (A.7)", in_range(1, 1024));
}

void SmoothnessExperiment::validate(const Config& config) const {
  if (config.strings("models").empty()) throw InputError("config key 'models': expected at least one model");
  if (config.real("leak_alpha") >= 1.0) throw InputError("config key 'leak_alpha' is impossible: expected a value in [0, 1)");
  if (config.text("reset_rule") == "period" && config.integer("reset_period") < 1)
    throw InputError("config key 'reset_period' is impossible: reset_rule = period needs a period >= 1");
  ClassifierObjective::from_names(config.text("output"), config.text("loss"), 2, config.text("mse_reduction"));
  if (config.text("task") == "reconstruction") {
    const auto& models = config.strings("models");
    for (const char* m : {"minibatch", "lstm"})
      if (std::find(models.begin(), models.end(), m) != models.end())
        throw InputError(std::string("config key 'models' is impossible: the reconstruction task has no ") + m + " model");
    if (config.text("output") != "sigmoid" || config.text("loss") != "mse")
      throw InputError("config key 'task' = reconstruction needs output = sigmoid and loss = mse");
  }
  if (config.strings("datasets").empty()) throw InputError("config key 'datasets': expected at least one dataset");
  if (config.reals("claim_points").empty()) throw InputError("config key 'claim_points': expected at least one fraction of the training");
  if (smoothness_conditions(config).size() < 2)
    throw InputError("config key 'repeats': expected at least two conditions to compare (with random_sampling)");
  if (config.text("synthetic.templates") == "blocks" && config.integer("synthetic.features") < config.integer("synthetic.categories"))
    throw InputError("config key 'synthetic.features' is impossible: block templates need features >= synthetic.categories");
}

std::vector<SmoothnessCondition> smoothness_conditions(const Config& config) {
  std::vector<SmoothnessCondition> conditions;
  for (int64_t r : config.integers("repeats")) conditions.push_back({r});
  if (config.boolean("random_sampling")) conditions.push_back({0});
  return conditions;
}

std::vector<std::string> predicted_smoothness_ranking(const std::vector<SmoothnessCondition>& conditions) {
  std::vector<SmoothnessCondition> sorted = conditions;
  // Rank key: 1 repeat first, then random (mean run length just above 1), then more repeats.
  const auto key = [](const SmoothnessCondition& c) { return c.is_random() ? 1.5 : static_cast<double>(c.repeats); };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  std::vector<std::string> names;
  for (const auto& c : sorted) names.push_back(c.name());
  return names;
}

std::unique_ptr<PreparedExperiment> SmoothnessExperiment::prepare(const Config& config, const ExperimentEnvironment& env) const {
  std::vector<PreparedDataset> datasets;
  const uint64_t data_seed = config.integer("data_seed");
  for (const auto& name : config.strings("datasets")) {
    DatasetSplit split;
    if (name == "synthetic") {
      SyntheticCategoriesOptions o;
      o.categories = config.integer("synthetic.categories");
      o.items_per_category = config.integer("synthetic.items_per_category");
      o.test_items_per_category = config.integer("synthetic.test_items_per_category");
      o.features = config.integer("synthetic.features");
      o.templates = config.text("synthetic.templates");
      o.noise = config.real("synthetic.noise");
      o.parts = config.integer("synthetic.parts");
      o.seed = data_seed;
      split = make_synthetic_categories(o);
    } else {
      split = load_image_dataset(name, env.data_dir);
      const uint64_t train_seed = derive_seed(data_seed, "train/" + name);
      split.train = config.boolean("balance_classes") ? balanced_subset(split.train, config.integer("train_items"), train_seed)
                                                       : fixed_subset(split.train, config.integer("train_items"), train_seed);
      split.test = fixed_subset(split.test, config.integer("test_items"), derive_seed(data_seed, "test/" + name));
    }
    PreparedDataset d;
    d.name = name;
    if (name == "synthetic" && config.integer("synthetic.parts") > 1) {
      d.parts = config.integer("synthetic.parts");
      d.train_parts = part_of_item(split.train, d.parts);
      d.test_parts = part_of_item(split.test, d.parts);
    }
    d.train_labels.assign(split.train.labels.data_ptr<int64_t>(), split.train.labels.data_ptr<int64_t>() + split.train.size());
    d.test_labels.assign(split.test.labels.data_ptr<int64_t>(), split.test.labels.data_ptr<int64_t>() + split.test.size());
    d.train = split.train.to(env.device);
    d.test = split.test.to(env.device);
    d.hidden = std::max<int64_t>(1, std::llround(config.real("hidden_fraction") * static_cast<double>(d.train.features())));
    d.eval_every = std::max<int64_t>(1, d.train.size() / config.integer("evaluations"));
    datasets.push_back(std::move(d));
  }
  return std::make_unique<PreparedSmoothness>(config, std::move(datasets), env);
}

std::vector<SmoothnessClaim> smoothness_claims(const std::vector<std::string>& models,
                                               const std::vector<SmoothnessCondition>& conditions,
                                               const ClaimSetting& setting) {
  const auto has = [&](const std::string& m) { return std::find(models.begin(), models.end(), m) != models.end(); };
  std::vector<int64_t> repeats;
  bool random = false;
  for (const auto& c : conditions) {
    if (c.is_random()) random = true;
    else repeats.push_back(c.repeats);
  }
  std::sort(repeats.begin(), repeats.end());
  const auto rep = [](const std::string& model, int64_t r) { return model + "/rep" + std::to_string(r); };
  std::vector<SmoothnessClaim> claims;
  if (has("memoryless")) {
    SmoothnessClaim c{"memoryless: smoothness slows learning; 1 repeat < random < more repeats (Fig. 2A)", {}};
    const auto ranking = predicted_smoothness_ranking(conditions);
    for (size_t i = 0; i + 1 < ranking.size(); ++i) c.pairs.emplace_back("memoryless/" + ranking[i], "memoryless/" + ranking[i + 1]);
    claims.push_back(c);
  }
  if (has("leaky")) {
    SmoothnessClaim c{"leaky: smoothness speeds learning; more repeats < fewer repeats (Fig. 2B)", {}};
    for (size_t i = repeats.size(); i-- > 1;) c.pairs.emplace_back(rep("leaky", repeats[i]), rep("leaky", repeats[i - 1]));
    claims.push_back(c);
  }
  if (has("leaky-reset") && !repeats.empty() && repeats.front() == 1) {
    SmoothnessClaim c{"leaky + reset: every smoothness level beats 1 repeat and random sampling (Fig. 2C)", {}};
    for (size_t i = 1; i < repeats.size(); ++i) {
      c.pairs.emplace_back(rep("leaky-reset", repeats[i]), rep("leaky-reset", 1));
      if (random) c.pairs.emplace_back(rep("leaky-reset", repeats[i]), "leaky-reset/random");
    }
    claims.push_back(c);
  }
  if (has("minibatch") && repeats.size() > 1) {
    // A.6: early in the epoch, minimum smoothness learns fastest, more repeats slower.
    SmoothnessClaim c{"mini-batch early (10% of the epoch): fewer repeats < more repeats (A.6 left)", {}, 0.1, false};
    for (size_t i = 0; i + 1 < repeats.size(); ++i) c.pairs.emplace_back(rep("minibatch", repeats[i]), rep("minibatch", repeats[i + 1]));
    claims.push_back(c);
  }
  if (has("minibatch")) {
    // A.6: late in the epoch, repeats equal to the batch size learn best (each batch one category).
    SmoothnessClaim c{"mini-batch late (end of epoch): repeats equal to the batch size beat fewer and more repeats (A.6 right)", {}, 1.0, false};
    const int64_t b = setting.batch_size;
    if (std::find(repeats.begin(), repeats.end(), b) != repeats.end())
      for (int64_t r : repeats)
        if (r != b) c.pairs.emplace_back(rep("minibatch", b), rep("minibatch", r));
    if (!c.pairs.empty()) claims.push_back(c);
  }
  if (has("lstm")) {
    SmoothnessClaim c{"LSTM: more smoothness, better classification (A.8)", {}};
    for (size_t i = repeats.size(); i-- > 1;) c.pairs.emplace_back(rep("lstm", repeats[i]), rep("lstm", repeats[i - 1]));
    claims.push_back(c);
    if (has("leaky-reset") && has("memoryless") && !setting.tested_on_one_repeat) {
      SmoothnessClaim order{"LSTM in-domain: tested on the training stream's smoothness, LSTM best, leaky + reset second (A.9)", {}};
      for (int64_t r : repeats)
        if (r > 1) {
          order.pairs.emplace_back(rep("lstm", r), rep("leaky-reset", r));
          order.pairs.emplace_back(rep("leaky-reset", r), rep("memoryless", r));
        }
      claims.push_back(order);
    }
    if (has("leaky-reset") && setting.tested_on_one_repeat) {
      SmoothnessClaim general{"LSTM out of domain: trained smooth, tested on 1 repeat, leaky + reset beats LSTM (A.10)", {}};
      for (int64_t r : repeats)
        if (r > 1) general.pairs.emplace_back(rep("leaky-reset", r), rep("lstm", r));
      claims.push_back(general);
    }
  }
  if (setting.shares_no_features && has("memoryless")) {
    SmoothnessClaim c{"A.7 no shared features: memoryless beats leaky memory, with or without reset, at every smoothness", {}};
    for (const auto& m : models)
      if (m == "leaky" || m == "leaky-reset" || m.rfind("leaky-every-", 0) == 0)
        for (const auto& cond : conditions) c.pairs.emplace_back("memoryless/" + cond.name(), m + "/" + cond.name());
    claims.push_back(c);
  }
  if (has("leaky-reset") && has("memoryless")) {
    SmoothnessClaim c{"leaky + reset beats memoryless at every level of smoothness (section 5.1.3)", {}};
    for (const auto& cond : conditions)
      if (cond.is_random() || cond.repeats > 1) c.pairs.emplace_back("leaky-reset/" + cond.name(), "memoryless/" + cond.name());
    claims.push_back(c);
  }
  return claims;
}

std::map<std::string, std::vector<double>> values_at_fraction(const std::vector<TidyRow>& rows, const std::string& dataset,
                                                              const std::string& metric, double fraction) {
  std::map<std::string, std::vector<double>> out;
  const RowTable table(rows);
  const std::string prefix = dataset + "/";
  for (const auto& condition : table.conditions(prefix, metric))
    for (const auto& curve : table.by_run(condition, metric)) {
      const auto at = static_cast<size_t>(std::llround(fraction * static_cast<double>(curve.size() - 1)));
      out[condition.substr(prefix.size())].push_back(curve[std::min(at, curve.size() - 1)]);
    }
  return out;
}

std::map<std::string, std::vector<double>> end_of_epoch_values(const std::vector<TidyRow>& rows,
                                                               const std::string& dataset, const std::string& metric) {
  return values_at_fraction(rows, dataset, metric, 1.0);
}

namespace {

// Values of one model, keyed by ordering ("rep1"), from values keyed "model/ordering".
std::map<std::string, std::vector<double>> of_model(const std::map<std::string, std::vector<double>>& values,
                                                    const std::string& model) {
  std::map<std::string, std::vector<double>> out;
  for (const auto& [key, v] : values)
    if (key.rfind(model + "/", 0) == 0) out[key.substr(model.size() + 1)] = v;
  return out;
}

// Learning curves of test error and accuracy, and the error of each condition minus random's.
void plot_learning_curves(const Config& config, const RowTable& table, const std::string& group,
                          const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  const auto conditions = smoothness_conditions(config);
  const std::string stem = group.substr(0, group.find('/')) + "-" + group.substr(group.find('/') + 1) + "-";
  for (const auto* metric : {kError, kAccuracy}) {
    const bool is_error = metric == std::string(kError);
    const std::string prefix = group + "/";
    const auto measured = table.conditions(prefix, metric);
    if (measured.empty()) continue;  // reconstruction has no accuracy
    const auto steps = table.steps(measured.front(), metric);
    const double spacing = steps.size() > 1 ? steps[1] - steps[0] : 1.0;
    const int64_t window = std::max<int64_t>(1, std::llround(config.integer("moving_average_steps") / spacing));
    std::map<std::string, std::vector<std::vector<double>>> smoothed;
    for (const auto& condition : measured)
      for (const auto& r : table.by_run(condition, metric)) smoothed[condition.substr(prefix.size())].push_back(moving_average(r, window));

    const std::string smoothing = window > 1 ? "Trailing moving average over " + std::to_string(window) + " evaluations (" +
                                                   format_number(window * spacing) + " steps). "
                                             : "Evaluations every " + format_number(spacing) + " steps, no smoothing needed. ";
    LinePlot plot{stem + metric, caption_prefix + (is_error ? "test error" : "test accuracy"),
                  "training steps (items seen)", is_error ? "test error" : "test accuracy", {}};
    for (const auto& c : conditions) plot.series.push_back(band_over_runs(c.label(), steps, smoothed.at(c.name())));
    draw(plot, dir);
    content.figures.push_back({plot.name, plot.title + ". " + smoothing + "Mean +- standard error over runs."});

    // The conditions differ by far less than the curves fall: show each against random, paired by run.
    if (!is_error || !smoothed.count("random")) continue;
    LinePlot diff{stem + "test_error_minus_random", caption_prefix + "Error(condition) - Error(random) along the epoch",
                  "training steps (items seen)", "test error difference", {}};
    for (const auto& c : conditions) {
      if (c.is_random()) continue;
      std::vector<std::vector<double>> runs = smoothed.at(c.name());
      for (size_t r = 0; r < runs.size(); ++r)
        for (size_t i = 0; i < runs[r].size(); ++i) runs[r][i] -= smoothed.at("random")[r][i];
      diff.series.push_back(band_over_runs(c.label(), steps, runs));
    }
    draw(diff, dir);
    content.figures.push_back({diff.name, diff.title + ". Below zero: learns faster than random sampling. " + smoothing +
                                              "Mean +- standard error of the paired difference over runs."});
  }
}

// End of epoch for one model: per-condition table rows, the runs x conditions array, A.1's
// bar chart of Error(random) - Error(condition), and the pairwise win-rate heatmap.
void end_of_epoch_statistics(const Config& config, const std::map<std::string, std::vector<double>>& dataset_error,
                             const std::map<std::string, std::vector<double>>& dataset_accuracy, const std::string& dataset,
                             const std::string& model, const std::string& caption_prefix, const std::filesystem::path& dir,
                             std::ostream& table, ReportContent& content) {
  const auto conditions = smoothness_conditions(config);
  const int64_t resamples = config.integer("bootstrap_resamples");
  const uint64_t stats_seed = derive_seed(config.integer("seed"), "bootstrap/" + dataset + "/" + model);
  const auto final_error = of_model(dataset_error, model);
  const auto final_accuracy = of_model(dataset_accuracy, model);
  const size_t runs = final_error.begin()->second.size();
  const std::string stem = dataset + "-" + model + "-";
  std::vector<std::string> names, labels;
  for (const auto& c : conditions) {
    names.push_back(c.name());
    labels.push_back(c.label());
  }

  NpyArray matrix{{static_cast<int64_t>(runs), static_cast<int64_t>(conditions.size())}, {}, {{"run", {}}, {"condition", names}}};
  for (size_t r = 0; r < runs; ++r)
    for (const auto& name : names) matrix.data.push_back(final_error.at(name)[r]);
  write_npy(dir / (stem + "final_test_error.npy"), matrix);

  BarChart bars{stem + "random_minus_condition", caption_prefix + "end-of-epoch Error(random) - Error(condition)",
                "test error difference", {}, {}, {}};
  for (const auto& c : conditions) {
    const auto& e = final_error.at(c.name());
    std::vector<double> diff;
    if (final_error.count("random"))
      for (size_t r = 0; r < runs; ++r) diff.push_back(final_error.at("random")[r] - e[r]);
    const BootstrapSummary b = diff.empty() ? BootstrapSummary{} : bootstrap_mean(diff, resamples, derive_seed(stats_seed, c.name()));
    table << dataset << "," << model << "," << c.name() << "," << runs << "," << format_number(mean(e)) << ","
          << format_number(standard_deviation(e)) << ","
          << (final_accuracy.count(c.name()) ? format_number(mean(final_accuracy.at(c.name()))) : "");
    if (diff.empty()) table << ",,,,\n";  // no random condition to compare with: not computed
    else table << "," << format_number(b.mean) << "," << format_number(b.sd) << "," << format_number(b.ci_low) << ","
               << format_number(b.ci_high) << "\n";
    if (!c.is_random() && !diff.empty()) {
      bars.labels.push_back(c.label());
      bars.values.push_back(b.mean);
      bars.errors.push_back(b.sd);
    }
  }
  if (!bars.labels.empty()) {
    draw(bars, dir);
    content.figures.push_back({bars.name, bars.title + " (A.1 left, A.4). Bars: bootstrap mean; error bars: bootstrap sd (" +
                                              std::to_string(resamples) + " resamples). Above zero: better than random."});
  }

  const Heatmap wins{stem + "pairwise_wins", caption_prefix + "fraction of runs where row beats column (lower end-of-epoch error)",
                     "condition", "condition", labels, labels, pairwise_win_rates(final_error, names)};
  draw(wins, dir);
  content.figures.push_back({wins.name, wins.title});
}

// Mean end-of-epoch error of every model x ordering: the three panels of Fig. 2 side by side.
void model_comparison_heatmap(const Config& config, const std::map<std::string, std::vector<double>>& final_error,
                              const std::string& dataset,
                              const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  Heatmap map{dataset + "-models-final_test_error", caption_prefix + "mean end-of-epoch test error, model x ordering",
              "ordering", "model", {}, {}, {}};
  for (const auto& c : smoothness_conditions(config)) map.column_labels.push_back(c.label());
  for (const auto& model : config.strings("models")) {
    map.row_labels.push_back(model_label(model));
    std::vector<double> row;
    for (const auto& c : smoothness_conditions(config)) row.push_back(mean(final_error.at(model + "/" + c.name())));
    map.values.push_back(row);
  }
  draw(map, dir);
  content.figures.push_back({map.name, map.title});
}

std::string percent(double fraction) { return format_number(100.0 * fraction) + "%"; }

// What the curves were measured on: training items per epoch (read from the curves' last step),
// epochs, and the test items.
std::string data_sentence(const Config& config, const std::vector<TidyRow>& rows, const std::string& dataset) {
  int64_t items_seen = 0;
  for (const auto& r : rows)
    if (r.run == 0 && r.metric == kError && r.condition.rfind(dataset + "/", 0) == 0) items_seen = std::max(items_seen, r.step);
  const int64_t epochs = config.integer("epochs");
  const bool images = dataset != "synthetic";
  const int64_t test_items = config.integer("test_items");
  std::ostringstream p;
  p << "<p>Training: " << items_seen / epochs << " items per epoch"
    << (images && config.boolean("balance_classes") ? " (classes balanced to the smallest one's count)" : "") << ", " << epochs
    << (epochs == 1 ? " epoch" : " epochs") << ". Test error on "
    << (!images ? "the synthetic test set"
                : test_items > 0 ? "a fixed subset of " + std::to_string(test_items) + " test items (key test_items)"
                                 : std::string("the whole test set (MNIST, Fashion-MNIST: 10,000 items)"))
    << ", " << config.integer("evaluations") << " evaluations per epoch.</p>\n";
  return p.str();
}

}  // namespace

ReportContent SmoothnessExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
                                              const std::filesystem::path& dir) const {
  const auto& models = config.strings("models");

  const std::string loss_name = config.text("loss") == "mse" ? "MSE (" + config.text("mse_reduction") + ")" : "cross-entropy";
  const std::string training = config.text("optimizer") == "sgd" ? "SGD" : "RMSprop";

  ReportContent content;
  content.title = name_ + ": " + description_;
  std::ostringstream summary, end_csv;
  ClaimsTable claims_table;
  end_csv << "dataset,model,condition,runs,error_mean,error_sd,accuracy_mean,random_minus_condition_mean,"
             "random_minus_condition_boot_sd,ci_low,ci_high\n";
  const int64_t epochs = config.integer("epochs");
  summary << "<p>" << config.integer("runs") << " runs; 3-layer network, batch-1 " << training << ", lr "
          << config.real("learning_rate") << ", " << config.text("output") << " outputs, " << loss_name
          << " loss; leaky alpha " << config.real("leak_alpha") << ", reset at " << config.text("reset_rule")
          << ". Bands: mean &plusmn; standard error over runs after a moving average of up to "
          << config.integer("moving_average_steps") << " steps (each caption gives the window used). A claim's step \"a &lt; b\" (test error at the claim's point of the training) holds when the 95% Student-t "
             "interval of the mean paired difference over runs lies above zero (bootstrap intervals in claims.csv).</p>\n";

  const RowTable table(rows);
  for (const auto& dataset : config.strings("datasets")) {
    const std::string setting = training + ", " + loss_name + ": ";
    // End-of-epoch values, keyed "model/ordering", read once per dataset for every table and figure.
    const auto final_error = end_of_epoch_values(rows, dataset, kError);
    const auto final_accuracy = end_of_epoch_values(rows, dataset, kAccuracy);
    for (const auto& model : models) {
      const std::string prefix = display_name(dataset) + ", " + model_label(model) + ", " + setting;
      plot_learning_curves(config, table, dataset + "/" + model, prefix, dir, content);
      end_of_epoch_statistics(config, final_error, final_accuracy, dataset, model, prefix, dir, end_csv, content);
    }
    if (models.size() > 1) model_comparison_heatmap(config, final_error, dataset, display_name(dataset) + ", " + setting, dir, content);

    summary << "<h3>" << display_name(dataset) << "</h3>\n" << data_sentence(config, rows, dataset) << "<ul>\n";
    const ClaimSetting claim_setting{config.integer("batch_size"), dataset == "synthetic" && config.integer("synthetic.parts") > 1,
                               config.text("test_protocol") == "stream" && config.integer("test_stream_repeats") == 1};
    for (const auto& claim : smoothness_claims(models, smoothness_conditions(config), claim_setting)) {
      // Learning speed is read from the curves (sections 4, 5.1): each claim at several points.
      const std::vector<double> points =
          claim.at_every_point ? config.reals("claim_points") : std::vector<double>{claim.at_fraction / static_cast<double>(epochs)};
      std::string verdicts, details;
      std::map<std::string, std::vector<std::pair<double, bool>>> verdicts_of;  // "a < b" -> (point, holds) per point
      for (const double at : points) {
        const auto values = at == 1.0 ? final_error : values_at_fraction(rows, dataset, kError, at);
        CheckedClaim checked{claim.text, check_pairs(values, claim.pairs, config.integer("bootstrap_resamples"),
                                                     derive_seed(config.integer("seed"), "claims/" + dataset))};
        claims_table.add(dataset + " at " + format_number(at), checked);
        checked.text += " [after " + percent(at) + " of the training]";
        details += claim_summary_html(checked);
        const auto held = std::count_if(checked.steps.begin(), checked.steps.end(), [](const OrderingStep& s) { return s.holds; });
        verdicts += (verdicts.empty() ? "" : ", ") + percent(at) + ": " + std::to_string(held) + " of " + std::to_string(checked.steps.size());
        for (const auto& step : checked.steps) verdicts_of[step.better + " < " + step.worse].emplace_back(at, step.holds);
      }
      // The comparisons whose verdict is not the same at every point, e.g. "a < b holds after 10%, 25%; not after 100%".
      std::string flips;
      for (const auto& [comparison, by_point] : verdicts_of) {
        std::string held, failed;
        for (const auto& [at, holds] : by_point) {
          std::string& list = holds ? held : failed;
          list += (list.empty() ? "" : ", ") + percent(at);
        }
        if (!held.empty() && !failed.empty())
          flips += "<li>" + html_escape(comparison) + " holds after " + held + "; not after " + failed + "</li>";
      }
      summary << "<li>" << html_escape(claim.text) << ": comparisons holding after " << verdicts
              << (flips.empty() ? "" : " &mdash; <b>verdicts change along the training:</b><ul>" + flips + "</ul>") << "<ul>\n"
              << details << "</ul></li>\n";
    }
    summary << "</ul>\n";
  }
  write_file_atomic(dir / "end_of_epoch.csv", end_csv.str());
  claims_table.write(dir);
  content.summary_html = summary.str();
  content.tables = {{"claims.csv", "Claims at each claim point (at_fraction of the training; 1 = its end): paired differences "
                                   "(worse - better), 95% t and bootstrap intervals"},
                    {"end_of_epoch.csv", "End of epoch: test error per model and condition, and Error(random) - Error(condition)"}};
  return content;
}

}  // namespace reverie
