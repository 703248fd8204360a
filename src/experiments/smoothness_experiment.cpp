#include "reverie/experiments/smoothness_experiment.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/classifier_objective.h"
#include "smoothness_parts.h"

namespace reverie {

namespace {

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
// The most items balanced_subset can give: the smallest class's size in every class.
int64_t balanced_capacity(const Dataset& d) { return torch::bincount(d.labels, {}, d.classes).min().item<int64_t>() * d.classes; }

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

// The models of the schema, or leaky-every-N with N >= 1.
ValueCheck known_models() {
  return [](const Value& v) -> std::string {
    for (const auto& m : std::get<std::vector<std::string>>(v))
      if (!SmoothnessModel::parse(m)) return "memoryless, leaky, leaky-reset, minibatch, lstm or leaky-every-N (N >= 1)";
    return "";
  };
}

}  // namespace

std::string display_name(const std::string& dataset) {
  if (dataset == "mnist") return "MNIST";
  if (dataset == "fashion-mnist") return "Fashion-MNIST";
  return "synthetic";
}

std::optional<SmoothnessModel> SmoothnessModel::parse(const std::string& name) {
  using K = Kind;
  if (name == "memoryless") return SmoothnessModel{K::Memoryless};
  if (name == "leaky") return SmoothnessModel{K::Leaky};
  if (name == "leaky-reset") return SmoothnessModel{K::LeakyReset};
  if (name == "minibatch") return SmoothnessModel{K::Minibatch};
  if (name == "lstm") return SmoothnessModel{K::Lstm};
  const std::string prefix = "leaky-every-";  // A.7: "leaky-every-N"
  if (name.rfind(prefix, 0) != 0) return std::nullopt;
  const std::string digits = name.substr(prefix.size());
  if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int64_t n = std::stoll(digits);
  if (n < 1) return std::nullopt;
  return SmoothnessModel{K::LeakyEvery, n};
}

SmoothnessModel SmoothnessModel::of(const std::string& name) {
  const auto model = parse(name);
  if (!model) throw std::logic_error("unvalidated smoothness model '" + name + "'");
  return *model;
}

std::string SmoothnessModel::label() const {
  switch (kind) {
    case Kind::Memoryless: return "memoryless";
    case Kind::Leaky: return "leaky memory";
    case Kind::LeakyReset: return "leaky memory + reset";
    case Kind::LeakyEvery: return "leaky, reset every " + std::to_string(reset_every);
    case Kind::Minibatch: return "mini-batch";
    case Kind::Lstm: return "LSTM (BPTT)";
  }
  return "";
}

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
      .add("also_test_in_domain", ValueType::Boolean,
           "with test_stream_repeats >= 0: also test every model at the same points on a stream of its training "
           "smoothness (A.10: the same models trained and tested on the same sequence)")
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
  const auto s = SmoothnessSettings::from(config);
  if (s.models().empty()) throw InputError("config key 'models': expected at least one model");
  if (s.leak_alpha() >= 1.0) throw InputError("config key 'leak_alpha' is impossible: expected a value in [0, 1)");
  if (s.reset_rule() == "period" && s.reset_period() < 1)
    throw InputError("config key 'reset_period' is impossible: reset_rule = period needs a period >= 1");
  ClassifierObjective::from_names(s.output(), s.loss(), 2, s.mse_reduction());
  if (s.task() == "reconstruction") {
    const auto& models = s.models();
    for (const char* m : {"minibatch", "lstm"})
      if (std::find(models.begin(), models.end(), m) != models.end())
        throw InputError(std::string("config key 'models' is impossible: the reconstruction task has no ") + m + " model");
    if (s.output() != "sigmoid" || s.loss() != "mse")
      throw InputError("config key 'task' = reconstruction needs output = sigmoid and loss = mse");
  }
  if (s.also_test_in_domain() && (s.test_protocol() != "stream" || s.test_stream_repeats() < 0 || s.task() != "classification"))
    throw InputError("config key 'also_test_in_domain' is impossible: it needs task = classification, test_protocol = stream "
                     "and test_stream_repeats >= 0 (with -1 the main test already is in-domain)");
  if (s.datasets().empty()) throw InputError("config key 'datasets': expected at least one dataset");
  if (s.claim_points().empty()) throw InputError("config key 'claim_points': expected at least one fraction of the training");
  if (smoothness_conditions(s).size() < 2)
    throw InputError("config key 'repeats': expected at least two conditions to compare (with random_sampling)");
  if (s.synthetic_templates() == "blocks" && s.synthetic_features() < s.synthetic_categories())
    throw InputError("config key 'synthetic.features' is impossible: block templates need features >= synthetic.categories");
}

std::vector<SmoothnessCondition> smoothness_conditions(const SmoothnessSettings& s) {
  std::vector<SmoothnessCondition> conditions;
  for (int64_t r : s.repeats()) conditions.push_back({r});
  if (s.random_sampling()) conditions.push_back({0});
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
  const auto s = SmoothnessSettings::from(config);
  std::vector<PreparedDataset> datasets;
  const uint64_t data_seed = s.data_seed();
  for (const auto& name : s.datasets()) {
    DatasetSplit split;
    if (name == "synthetic") {
      SyntheticCategoriesOptions o;
      o.categories = s.synthetic_categories();
      o.items_per_category = s.synthetic_items_per_category();
      o.test_items_per_category = s.synthetic_test_items_per_category();
      o.features = s.synthetic_features();
      o.templates = s.synthetic_templates();
      o.noise = s.synthetic_noise();
      o.parts = s.synthetic_parts();
      o.seed = data_seed;
      split = make_synthetic_categories(o);
    } else {
      split = load_image_dataset(name, env.data_dir);
      check_item_count("train_items", s.train_items(), s.balance_classes() ? balanced_capacity(split.train) : split.train.size(),
                       name + (s.balance_classes() ? " training items in equal classes" : " training items"));
      check_item_count("test_items", s.test_items(), split.test.size(), name + " test items");
      const uint64_t train_seed = derive_seed(data_seed, "train/" + name);
      split.train = s.balance_classes() ? balanced_subset(split.train, s.train_items(), train_seed)
                                                       : fixed_subset(split.train, s.train_items(), train_seed);
      split.test = fixed_subset(split.test, s.test_items(), derive_seed(data_seed, "test/" + name));
    }
    PreparedDataset d;
    d.name = name;
    if (name == "synthetic" && s.synthetic_parts() > 1) {
      d.parts = s.synthetic_parts();
      d.train_parts = part_of_item(split.train, d.parts);
      d.test_parts = part_of_item(split.test, d.parts);
    }
    d.train_labels.assign(split.train.labels.data_ptr<int64_t>(), split.train.labels.data_ptr<int64_t>() + split.train.size());
    d.test_labels.assign(split.test.labels.data_ptr<int64_t>(), split.test.labels.data_ptr<int64_t>() + split.test.size());
    d.train = split.train.to(env.device);
    d.test = split.test.to(env.device);
    d.hidden = std::max<int64_t>(1, std::llround(s.hidden_fraction() * static_cast<double>(d.train.features())));
    d.eval_every = std::max<int64_t>(1, d.train.size() / s.evaluations());
    datasets.push_back(std::move(d));
  }
  return make_prepared_smoothness(config, std::move(datasets), env);
}

SmoothnessSettings SmoothnessSettings::from(const Config& config) {
  SmoothnessSettings s;
  s.seed(config.integer("seed"));
  s.runs(config.integer("runs"));
  s.datasets(config.strings("datasets"));
  s.repeats(config.integers("repeats"));
  s.random_sampling(config.boolean("random_sampling"));
  s.models(config.strings("models"));
  s.batch_size(config.integer("batch_size"));
  s.leak_alpha(config.real("leak_alpha"));
  s.leak_gradient(config.text("leak_gradient"));
  s.gradient_window(config.integer("gradient_window"));
  s.task(config.text("task"));
  s.test_protocol(config.text("test_protocol"));
  s.test_stream_repeats(config.integer("test_stream_repeats"));
  s.also_test_in_domain(config.boolean("also_test_in_domain"));
  s.bptt_steps(config.integer("bptt_steps"));
  s.bptt_update(config.text("bptt_update"));
  s.reset_rule(config.text("reset_rule"));
  s.reset_period(config.integer("reset_period"));
  s.hidden_fraction(config.real("hidden_fraction"));
  s.output(config.text("output"));
  s.loss(config.text("loss"));
  s.mse_reduction(config.text("mse_reduction"));
  s.optimizer(config.text("optimizer"));
  s.learning_rate(config.real("learning_rate"));
  s.sgd_kernel(config.text("sgd_kernel"));
  s.rmsprop_alpha(config.real("rmsprop_alpha"));
  s.rmsprop_momentum(config.real("rmsprop_momentum"));
  s.train_items(config.integer("train_items"));
  s.balance_classes(config.boolean("balance_classes"));
  s.test_items(config.integer("test_items"));
  s.evaluations(config.integer("evaluations"));
  s.epochs(config.integer("epochs"));
  s.claim_points(config.reals("claim_points"));
  s.moving_average_steps(config.integer("moving_average_steps"));
  s.bootstrap_resamples(config.integer("bootstrap_resamples"));
  s.data_seed(config.integer("data_seed"));
  s.synthetic_categories(config.integer("synthetic.categories"));
  s.synthetic_items_per_category(config.integer("synthetic.items_per_category"));
  s.synthetic_test_items_per_category(config.integer("synthetic.test_items_per_category"));
  s.synthetic_features(config.integer("synthetic.features"));
  s.synthetic_templates(config.text("synthetic.templates"));
  s.synthetic_noise(config.real("synthetic.noise"));
  s.synthetic_parts(config.integer("synthetic.parts"));
  return s;
}

}  // namespace reverie
