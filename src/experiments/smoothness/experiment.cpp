#include "reverie/experiments/smoothness/experiment.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/classifier_objective.h"
#include "parts.h"

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
    : ExperimentWithSettings(std::move(name), std::move(description), smoothness_keys()) {}

void SmoothnessExperiment::validate_settings(const SmoothnessSettings& s) const {
  if (s.models().empty()) throw InputError("config key 'models': expected at least one model");
  if (s.reset_rule() == BoundaryDetector::Rule::Period && s.reset_period() < 1)
    throw InputError("config key 'reset_period' is impossible: reset_rule = period needs a period >= 1");
  ClassifierObjective::make(s.output(), s.loss(), 2, s.mse_reduction());
  if (s.task() == SmoothnessTask::reconstruction) {
    const auto& models = s.models();
    for (const char* m : {"minibatch", "lstm"})
      if (std::find(models.begin(), models.end(), m) != models.end())
        throw InputError(std::string("config key 'models' is impossible: the reconstruction task has no ") + m + " model");
    if (s.output() != ClassifierObjective::Output::Sigmoid || s.loss() != ClassifierObjective::Loss::MeanSquaredError)
      throw InputError("config key 'task' = reconstruction needs output = sigmoid and loss = mse");
  }
  if (s.also_test_in_domain() && (s.test_protocol() != TestProtocol::stream || s.test_stream_repeats() < 0 || s.task() != SmoothnessTask::classification))
    throw InputError("config key 'also_test_in_domain' is impossible: it needs task = classification, test_protocol = stream "
                     "and test_stream_repeats >= 0 (with -1 the main test already is in-domain)");
  if (s.datasets().empty()) throw InputError("config key 'datasets': expected at least one dataset");
  if (s.claim_points().empty()) throw InputError("config key 'claim_points': expected at least one fraction of the training");
  if (smoothness_conditions(s).size() < 2)
    throw InputError("config key 'repeats': expected at least two conditions to compare (with random_sampling)");
  if (s.synthetic().templates == TemplateForm::blocks && s.synthetic().features < s.synthetic().categories)
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

std::unique_ptr<PreparedExperiment> SmoothnessExperiment::prepare_runs(const SmoothnessSettings& s, const Config& config,
                                                                       const ExperimentEnvironment& env) const {
  std::vector<PreparedDataset> datasets;
  const uint64_t data_seed = s.data_seed();
  for (const auto& name : s.datasets()) {
    DatasetSplit split;
    if (name == "synthetic") {
      SyntheticCategoriesOptions o = s.synthetic();
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
    if (name == "synthetic" && s.synthetic().parts > 1) {
      d.parts = s.synthetic().parts;
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
  return make_prepared_smoothness(s, config, std::move(datasets), env);
}

}  // namespace reverie
