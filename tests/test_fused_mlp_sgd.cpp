// The fused batch-1 SGD kernel must train exactly like the LibTorch autograd path: same init,
// same items, same updates, equal parameters and curves within float rounding.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <numeric>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/train/fused_mlp_sgd.h"
#include "reverie/train/incremental_trainer.h"
#include "test_helpers.h"

namespace reverie {
namespace {

struct Case {
  std::string output, loss, reduction;
};

// Sparse, image-like inputs: about 80% exact zeros, as in MNIST.
Dataset sparse_items(int64_t n, int64_t features, int64_t classes, uint64_t seed) {
  auto gen = make_generator(seed);
  Dataset d;
  d.inputs = torch::rand({n, features}, gen) * (torch::rand({n, features}, gen) < 0.2).to(torch::kFloat32);
  d.labels = torch::randint(classes, {n}, gen, torch::kInt64);
  d.classes = classes;
  return d;
}

void expect_same_training(const Dataset& train, const Dataset& test, const Case& c, int64_t hidden, double lr) {
  auto gen = make_generator(21);
  const MLPOptions shape(train.features(), hidden, train.classes);
  MLP fused(shape), reference(shape), initial(shape);
  initial->xavier_init(gen);
  fused->copy_parameters_from(*initial);
  reference->copy_parameters_from(*initial);
  const auto objective = ClassifierObjective::from_names(c.output, c.loss, train.classes, c.reduction);
  std::vector<int64_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  IncrementalTrainerOptions options;
  options.learning_rate = lr;
  options.eval_every = 50;
  const auto fused_curve = train_incremental(fused, train, order, test, objective, options);
  options.fused_sgd = false;
  const auto reference_curve = train_incremental(reference, train, order, test, objective, options);
  const std::string what = c.output + "/" + c.loss + "/" + c.reduction;
  auto a = fused->parameters(), b = reference->parameters(), start = initial->parameters();
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-4, 1e-5)) << what << " parameter " << i << " max diff "
                                                         << (a[i] - b[i]).abs().max().item<float>();
    EXPECT_FALSE(a[i].equal(start[i])) << what << " parameter " << i << " did not move";
  }
  ASSERT_EQ(fused_curve.size(), reference_curve.size());
  for (size_t i = 0; i < fused_curve.size(); ++i) EXPECT_NEAR(fused_curve[i].error, reference_curve[i].error, 1e-5) << what;
}

TEST(FusedMlpSgd, MatchesAutogradOnDenseSyntheticItems) {
  const auto data = testing::synthetic_split(4);
  for (const Case& c : {Case{"sigmoid", "mse", "mean"}, Case{"sigmoid", "mse", "sum"}, Case{"softmax", "ce", "mean"},
                        Case{"softmax", "mse", "mean"}})
    expect_same_training(data.train, data.test, c, 8, 0.05);
}

TEST(FusedMlpSgd, MatchesAutogradOnSparseImageSizedItems) {
  const auto train = sparse_items(300, 784, 10, 8), test = sparse_items(50, 784, 10, 9);
  for (const Case& c : {Case{"sigmoid", "mse", "mean"}, Case{"softmax", "ce", "mean"}})
    expect_same_training(train, test, c, 392, 0.01);
}

TEST(FusedMlpSgd, RefusesNonFloatModels) {
  MLP model(MLPOptions(4, 3, 2));
  EXPECT_TRUE(FusedMlpSgd::supports(model));
  model->to(torch::kFloat64);
  EXPECT_FALSE(FusedMlpSgd::supports(model));
}

}  // namespace
}  // namespace reverie

namespace reverie {
namespace {

// Leaky memory with resets at category changes, and multi-scale alphas: both paths agree.
TEST(FusedMlpSgd, MatchesAutogradWithLeakyMemoryAndResets) {
  const auto data = testing::synthetic_split(6);
  std::vector<int64_t> order;  // blocks of 3 items per category, so resets fall every third item
  for (int64_t b = 0; b < 100; ++b)
    for (int64_t k = 0; k < 3; ++k) order.push_back((b % 4) * 300 + (b / 4) * 3 + k);
  for (const auto& [alpha, reset, gradient] : std::vector<std::tuple<std::vector<double>, std::string, std::string>>{
           {{0.5}, "none", "unscaled"}, {{0.5}, "label", "scaled"}, {{0.5}, "label", "unscaled"},
           {{0.0, 0.3, 0.6, 0.0, 0.3, 0.6, 0.0, 0.3}, "period", "scaled"}}) {
    auto [fused, reference] = testing::twin_networks(5);
    MLP memoryless(MLPOptions(16, 8, 4));
    memoryless->copy_parameters_from(*fused);
    const auto objective = ClassifierObjective::from_names("sigmoid", "mse", 4, "sum");
    IncrementalTrainerOptions options;
    options.learning_rate = 0.05;
    options.eval_every = 100;
    train_incremental(memoryless, data.train, order, data.test, objective, options);
    options.memory = LeakyMemory::from_values(alpha, 8, value_of(leak_gradient_choices(), gradient, "leak gradient"));
    options.boundaries = BoundaryDetector::for_rule(value_of(reset_rule_choices(), reset, "reset"), 2);
    train_incremental(fused, data.train, order, data.test, objective, options);
    options.fused_sgd = false;
    train_incremental(reference, data.train, order, data.test, objective, options);
    auto a = fused->parameters(), b = reference->parameters(), m = memoryless->parameters();
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(torch::allclose(a[i], b[i], 1e-4, 1e-5)) << reset << "/" << gradient << " parameter " << i;
      EXPECT_FALSE(torch::allclose(a[i], m[i], 1e-3, 1e-4)) << reset << ": memory changed nothing in parameter " << i;
    }
  }
}

TEST(BoundaryDetector, ResetsAtLabelChangesPeriodsAndTheFirstItem) {
  const int64_t labels[] = {3, 3, 3, 2, 2, 2, 2, 1};
  const auto keep = [&](const std::string& rule, int64_t period = 0) {
    return memory_keep(BoundaryDetector::for_rule(value_of(reset_rule_choices(), rule, "reset"), period), labels, 8);
  };
  EXPECT_EQ(keep("label"), (std::vector<float>{0, 1, 1, 0, 1, 1, 1, 0}));
  EXPECT_EQ(keep("period", 3), (std::vector<float>{0, 1, 1, 0, 1, 1, 0, 1}));
  EXPECT_EQ(keep("none"), (std::vector<float>{0, 1, 1, 1, 1, 1, 1, 1}));
  const float inputs[] = {1, 0, 1.2f, 0.1f, 0, 1, 0.1f, 1.1f};  // 4 items of 2 features: flips at item 2
  const auto local = BoundaryDetector::for_rule(BoundaryDetector::Rule::InputChange);
  EXPECT_EQ(memory_keep(local, labels, 4, inputs, 2), (std::vector<float>{0, 1, 0, 1}));
  EXPECT_THROW(memory_keep(local, labels, 4), std::logic_error);
  EXPECT_THROW(BoundaryDetector::for_rule(BoundaryDetector::Rule::Period, 0), InputError);
  EXPECT_THROW(LeakyMemory::from_values({0.5, 0.5}, 8), InputError);
  EXPECT_THROW(LeakyMemory::from_values({1.0}, 8), InputError);
}

}  // namespace
}  // namespace reverie
