// The comparison models of seed 001 A.7-A.10 and the gradient option of the leaky layer:
// the LSTM trained with truncated BPTT, A.7's stream without shared features, and
// leaky memory whose gradient flows through the memory term.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <numeric>

#include "reverie/core/error.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/models/lstm_classifier.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/incremental_trainer.h"
#include "reverie/train/lstm_stream_trainer.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(LstmClassifier, SequenceStepsMatchLibTorchsLstmCell) {
  auto gen = make_generator(5);
  LSTMClassifier model(6, 4, 3);
  model->xavier_init(gen);
  const auto items = torch::rand({5, 6}, gen);
  const auto [logits, state] = model->forward_sequence(items);
  torch::Tensor h = torch::zeros({1, 4}), c = torch::zeros({1, 4});
  for (int64_t t = 0; t < 5; ++t) {
    std::tie(h, c) = model->cell->forward(items.narrow(0, t, 1), std::make_tuple(h, c));
    EXPECT_TRUE(torch::allclose(logits[t], model->readout->forward(h)[0], 1e-5, 1e-6)) << "item " << t;
  }
  EXPECT_TRUE(torch::allclose(std::get<1>(state), c, 1e-5, 1e-6));
  // Single items start from a zero state.
  EXPECT_TRUE(torch::allclose(model->forward_items(items)[0], logits[0], 1e-5, 1e-6));
}

TEST(LstmStreamTrainer, LearnsTheSyntheticCategoriesFromASmoothStream) {
  const auto data = testing::synthetic_split(3);
  LSTMClassifier model(16, 8, 4);
  std::mt19937_64 engine(1);
  const std::vector<int64_t> labels(data.train.labels.data_ptr<int64_t>(), data.train.labels.data_ptr<int64_t>() + data.train.size());
  const auto order = condition_order(make_session_orders(labels, 4, engine), {5}, engine);
  LstmStreamOptions o;
  o.learning_rate = 0.05;
  o.eval_every = 400;
  const auto objective = ClassifierObjective::from_names("softmax", "ce", 4);
  for (const std::string update : {"sliding", "window"}) {
    LSTMClassifier fresh(16, 8, 4);
    auto g = make_generator(9);
    fresh->xavier_init(g);
    o.bptt_update = update == "sliding" ? BpttUpdate::sliding : BpttUpdate::window;
    const auto curve = train_lstm_stream(fresh, data.train, order, data.test, objective, o);
    ASSERT_EQ(curve.size(), 4u);  // step 0, 400, 800, 1200
    EXPECT_EQ(curve.back().step, 1200);
    EXPECT_LT(curve.back().error, 0.5 * curve.front().error) << update;
    EXPECT_GT(curve.back().accuracy, 0.9) << update;
  }
  // An update rule other than the two is refused where it is read, at the config boundary.
  EXPECT_THROW(testing::quick_config("lstm-smoothness", {"bptt_update=full"}), InputError);
  o.bptt_steps = 0;
  EXPECT_THROW(train_lstm_stream(model, data.train, order, data.test, objective, o), InputError);
}

TEST(NoSharedFeatures, ConsecutiveItemsShowDisjointTemplatePieces) {
  SyntheticCategoriesOptions o;
  o.parts = 2;
  o.noise = 0.0;
  o.seed = 4;
  const auto split = make_synthetic_categories(o);
  const auto part = part_of_item(split.train, 2);
  const std::vector<int64_t> labels(split.train.labels.data_ptr<int64_t>(), split.train.labels.data_ptr<int64_t>() + split.train.size());
  std::mt19937_64 engine(2);
  auto session = make_session_orders(labels, 4, engine);
  alternate_parts(session, part, 2);
  for (const auto& condition : std::vector<SmoothnessCondition>{{1}, {5}, {10}, {0}}) {
    const auto order = condition_order(session, condition, engine);
    ASSERT_EQ(order.size(), 1200u);
    for (size_t t = 1; t < order.size(); ++t) {
      const auto shared = (split.train.inputs[order[t]] * split.train.inputs[order[t - 1]]).sum().item<float>();
      ASSERT_EQ(shared, 0.0f) << condition.name() << ": items " << t - 1 << " and " << t << " share features";
    }
  }
  // Each item shows half of its category's 4-feature block.
  EXPECT_EQ(split.train.inputs[0].sum().item<float>(), 2.0f);
}

TEST(LeakyMemoryTraining, GradientThroughTheMemoryChangesLearningAndTakesTheAutogradPath) {
  const auto data = testing::synthetic_split(6);
  const auto objective = ClassifierObjective::from_names("sigmoid", "mse", 4);
  std::vector<int64_t> order(300);
  std::iota(order.begin(), order.end(), 0);  // category 0's items: no resets by label
  std::vector<torch::Tensor> weights;
  for (const std::string mode : {"unscaled", "through-memory"}) {
    auto [model, unused] = testing::twin_networks(3);
    IncrementalTrainerOptions options;
    options.eval_every = 300;
    options.memory = LeakyMemory::from_values({0.5}, 8, value_of(leak_gradient_choices(), mode, "leak gradient"), 5);
    options.boundaries = BoundaryDetector::for_rule(BoundaryDetector::Rule::LabelChange);
    const auto curve = train_incremental(model, data.train, order, data.test, objective, options);
    EXPECT_TRUE(std::isfinite(curve.back().error)) << mode;
    weights.push_back(model->input_to_hidden->weight.detach().clone());
  }
  EXPECT_GT((weights[0] - weights[1]).abs().max().item<float>(), 1e-4);
}

}  // namespace
}  // namespace reverie
