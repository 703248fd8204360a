#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/train/incremental_trainer.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// Autograd gradients of the objective agree with central finite differences (double precision).
TEST(ClassifierObjective, GradientsMatchFiniteDifferences) {
  for (const auto& [output, loss, reduction] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"sigmoid", "mse", "mean"}, {"softmax", "mse", "sum"}, {"softmax", "ce", "mean"}}) {
    auto gen = make_generator(3);
    MLP model(MLPOptions(5, 4, 3));
    model->xavier_init(gen);
    model->to(torch::kFloat64);
    const auto objective = ClassifierObjective::from_names(output, loss, 3, reduction);
    const auto x = torch::rand({2, 5}, gen, torch::kFloat64);
    const auto y = torch::tensor({0, 2}, torch::kInt64);
    model->zero_grad();
    objective.error(model->forward(x), y).backward();
    for (auto& p : model->parameters()) {
      auto flat = p.view(-1);
      const auto grad = p.grad().view(-1);
      for (int64_t i = 0; i < flat.numel(); i += 3) {
        torch::NoGradGuard no_grad;
        const double eps = 1e-6, saved = flat[i].item<double>();
        flat[i] = saved + eps;
        const double up = objective.error(model->forward(x), y).item<double>();
        flat[i] = saved - eps;
        const double down = objective.error(model->forward(x), y).item<double>();
        flat[i] = saved;
        EXPECT_NEAR(grad[i].item<double>(), (up - down) / (2 * eps), 1e-7) << output << "/" << loss;
      }
    }
  }
}

TEST(XavierInit, BoundsAndSeedReproducibility) {
  auto g1 = make_generator(11), g2 = make_generator(11);
  MLP a(MLPOptions(784, 392, 10)), b(MLPOptions(784, 392, 10));
  a->xavier_init(g1);
  b->xavier_init(g2);
  const double bound = std::sqrt(6.0 / (784 + 392));
  EXPECT_LE(a->input_to_hidden->weight.abs().max().item<double>(), bound);
  EXPECT_GT(a->input_to_hidden->weight.abs().max().item<double>(), 0.99 * bound);
  EXPECT_TRUE(a->input_to_hidden->weight.equal(b->input_to_hidden->weight));
  EXPECT_EQ(a->hidden_to_output->bias.abs().sum().item<double>(), 0.0);
}

// One SGD step of the trainer equals w - lr * grad computed by hand from autograd.
TEST(IncrementalTrainer, TakesOneSgdStepPerItemAndLearns) {
  const auto data = testing::synthetic_split(5);
  auto [model, reference] = testing::twin_networks(2);
  const auto objective = ClassifierObjective::from_names("sigmoid", "mse", 4);
  IncrementalTrainerOptions options;
  options.eval_every = 1;
  train_incremental(model, data.train, {17}, data.test, objective, options);
  testing::expect_one_sgd_step(model, reference, data.train.inputs.narrow(0, 17, 1), data.train.labels.narrow(0, 17, 1),
                               objective, 0.01);

  // A full epoch at a larger rate learns the task well above chance (0.25).
  std::vector<int64_t> order(data.train.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 engine(1);
  shuffle(order, engine);
  options.learning_rate = 0.2;
  options.eval_every = 100;
  const auto curve = train_incremental(model, data.train, order, data.test, objective, options);
  EXPECT_EQ(curve.front().step, 0);
  EXPECT_EQ(curve.back().step, data.train.size());
  EXPECT_GT(curve.back().accuracy, 0.9);
  EXPECT_LT(curve.back().error, curve.front().error);
}

TEST(SyntheticCategories, MatchesAppendixA2) {
  SyntheticCategoriesOptions o;
  o.seed = 9;
  const auto split = make_synthetic_categories(o);
  EXPECT_EQ(split.train.size(), 1200);
  EXPECT_EQ(split.train.features(), 16);
  EXPECT_EQ(split.test.size(), 400);
  // Block templates: category 2 owns features 8-11; noise is U(0, 1).
  const auto items = split.train.inputs.index_select(0, split.train.labels.eq(2).nonzero().squeeze(1));
  EXPECT_GE(items.narrow(1, 8, 4).min().item<float>(), 1.0f);
  EXPECT_LT(items.narrow(1, 0, 8).max().item<float>(), 1.0f);
  EXPECT_NEAR(items.narrow(1, 0, 8).mean().item<float>(), 0.5, 0.02);
  EXPECT_TRUE(split.train.inputs.equal(make_synthetic_categories(o).train.inputs));
}

}  // namespace
}  // namespace reverie

namespace reverie {
namespace {

// In-stream testing (A.9/A.10): without memory, or with a reset before every item, it equals
// single-item testing; with memory, item n is answered from alpha-mixed hidden states.
TEST(InStreamTesting, MatchesSingleItemsWithoutMemoryAndMixesWithIt) {
  SyntheticCategoriesOptions o;
  o.seed = 12;
  o.test_items_per_category = 3;
  const auto data = make_synthetic_categories(o);
  auto gen = make_generator(4);
  MLP model(MLPOptions(16, 8, 4));
  model->xavier_init(gen);
  const auto objective = ClassifierObjective::from_names("sigmoid", "mse", 4);
  std::vector<int64_t> order(data.test.size());
  std::iota(order.begin(), order.end(), 0);
  const auto single = evaluate(model, data.test, objective, 0);
  const auto no_memory = evaluate_in_stream(model, data.test, order, objective, {}, {}, 0);
  EXPECT_NEAR(no_memory.error, single.error, 1e-7);
  const auto memory = LeakyMemory::from_values({0.5}, 8);
  const auto always_reset = evaluate_in_stream(model, data.test, order, objective, memory, BoundaryDetector::for_rule(BoundaryDetector::Rule::Period, 1), 0);
  EXPECT_NEAR(always_reset.error, single.error, 1e-7);

  // By hand for the first two items of one category: h2 = 0.5 h1 + 0.5 relu(W x2 + b).
  const std::vector<int64_t> two = {0, 1};
  const auto stream = evaluate_in_stream(model, data.test, two, objective, memory, BoundaryDetector::for_rule(BoundaryDetector::Rule::None), 0);
  torch::NoGradGuard no_grad;
  const auto h = model->hidden_activity(data.test.inputs.narrow(0, 0, 2));
  const auto mixed = torch::stack({h[0], 0.5 * h[0] + 0.5 * h[1]});
  const double expected = objective.error(model->hidden_to_output->forward(mixed), data.test.labels.narrow(0, 0, 2)).item<double>();
  EXPECT_NEAR(stream.error, expected, 1e-7);
  EXPECT_GT(std::abs(stream.error - evaluate(model, data.test.subset(torch::arange(2)), objective, 0).error), 1e-6);
}

}  // namespace
}  // namespace reverie

namespace reverie {
namespace {

// Mini-batch training (A.5, A.6): one update per batch_size consecutive items, with the
// gradient of the batch-mean loss; evaluations still counted in items seen.
TEST(MiniBatchTraining, UpdatesOncePerBatchWithTheMeanGradient) {
  const auto data = testing::synthetic_split(3);
  auto [model, reference] = testing::twin_networks(8);
  const auto objective = ClassifierObjective::from_names("sigmoid", "mse", 4);
  IncrementalTrainerOptions options;
  options.batch_size = 16;
  options.eval_every = 10;
  std::vector<int64_t> order(16);
  std::iota(order.begin(), order.end(), 100);
  const auto curve = train_incremental(model, data.train, order, data.test, objective, options);
  ASSERT_EQ(curve.size(), 2u);  // step 0 and after the one batch
  EXPECT_EQ(curve.back().step, 16);
  testing::expect_one_sgd_step(model, reference, data.train.inputs.narrow(0, 100, 16),
                               data.train.labels.narrow(0, 100, 16), objective, 0.01);
  options.memory = LeakyMemory::from_values({0.5}, 8);
  EXPECT_THROW(train_incremental(model, data.train, order, data.test, objective, options), InputError);
}

}  // namespace
}  // namespace reverie
