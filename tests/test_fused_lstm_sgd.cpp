// The fused truncated-BPTT kernel must train the LSTM exactly like the autograd path: same
// init, same stream, same updates, equal parameters, states and curves within float rounding.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/random.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/fused_lstm_sgd.h"
#include "reverie/train/lstm_stream_trainer.h"
#include "test_helpers.h"

namespace reverie {
namespace {

LSTMClassifier initialized(int64_t inputs, int64_t hidden, int64_t outputs, uint64_t seed) {
  LSTMClassifier model(inputs, hidden, outputs);
  auto g = make_generator(seed);
  model->xavier_init(g);
  torch::NoGradGuard no_grad;
  for (auto& p : model->parameters()) p.add_(torch::randn(p.sizes(), g) * 0.1);  // non-zero biases too
  return model;
}

void expect_same_parameters(LSTMClassifier& a, LSTMClassifier& b, LSTMClassifier& start, const std::string& what) {
  auto pa = a->parameters(), pb = b->parameters(), p0 = start->parameters();
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_TRUE(torch::allclose(pa[i], pb[i], 1e-4, 1e-5))
        << what << " parameter " << i << " max diff " << (pa[i] - pb[i]).abs().max().item<float>();
    EXPECT_FALSE(pa[i].equal(p0[i])) << what << " parameter " << i << " did not move";
  }
}

TEST(FusedLstmSgd, OneUpdateMatchesAutogradFromACarriedState) {
  auto gen = make_generator(3);
  const auto items = torch::rand({7, 12}, gen);
  const auto labels = torch::randint(5, {7}, gen, torch::kInt64);
  const std::tuple<torch::Tensor, torch::Tensor> state{torch::randn({1, 6}, gen), torch::randn({1, 6}, gen)};
  for (const bool last_only : {true, false})
    for (const auto& [output, loss] : {std::pair{"sigmoid", "mse"}, std::pair{"softmax", "ce"}}) {
      const auto objective = ClassifierObjective::from_names(output, loss, 5);
      const std::string what = std::string(output) + "/" + loss + (last_only ? "/last item" : "/every item");
      auto start = initialized(12, 6, 5, 8), fused = initialized(12, 6, 5, 8), reference = initialized(12, 6, 5, 8);
      ASSERT_TRUE(FusedLstmSgd::supports(fused));
      const double scale = last_only ? 1.0 : 7.0;
      const auto next = FusedLstmSgd(fused, objective, 0.1).step(items, labels, state, last_only, scale);

      torch::optim::SGD sgd(reference->parameters(), torch::optim::SGDOptions(0.1));
      auto [logits, reference_next] = reference->forward_sequence(items, state);
      const auto error = last_only ? objective.error(logits.narrow(0, 6, 1), labels.narrow(0, 6, 1))
                                   : objective.error(logits, labels) * scale;
      error.backward();
      sgd.step();
      expect_same_parameters(fused, reference, start, what);
      EXPECT_TRUE(torch::allclose(std::get<0>(next), std::get<0>(reference_next), 1e-5, 1e-6)) << what;
      EXPECT_TRUE(torch::allclose(std::get<1>(next), std::get<1>(reference_next), 1e-5, 1e-6)) << what;
    }
}

TEST(FusedLstmSgd, StreamTrainingMatchesAutogradInBothUpdateModes) {
  const auto data = testing::synthetic_split(5);
  std::mt19937_64 engine(2);
  const std::vector<int64_t> labels(data.train.labels.data_ptr<int64_t>(), data.train.labels.data_ptr<int64_t>() + data.train.size());
  auto order = condition_order(make_session_orders(labels, 4, engine), {5}, engine);
  order.resize(300);
  std::vector<int64_t> test_stream(60);
  for (int64_t i = 0; i < 60; ++i) test_stream[i] = (i * 7) % data.test.size();
  for (const std::string update : {"sliding", "window"})
    for (const auto& [output, loss] : {std::pair{"sigmoid", "mse"}, std::pair{"softmax", "ce"}}) {
      const std::string what = update + "/" + output + "/" + loss;
      const auto objective = ClassifierObjective::from_names(output, loss, 4);
      LstmStreamOptions o;
      o.learning_rate = 0.05;
      o.eval_every = 50;
      o.bptt_update = update == "sliding" ? BpttUpdate::sliding : BpttUpdate::window;
      o.bptt_steps = 6;
      o.test_stream = test_stream;
      auto start = initialized(16, 8, 4, 11), fused = initialized(16, 8, 4, 11), reference = initialized(16, 8, 4, 11);
      const auto fused_curve = train_lstm_stream(fused, data.train, order, data.test, objective, o);
      o.fused_sgd = false;
      const auto reference_curve = train_lstm_stream(reference, data.train, order, data.test, objective, o);
      expect_same_parameters(fused, reference, start, what);
      ASSERT_EQ(fused_curve.size(), reference_curve.size()) << what;
      for (size_t i = 0; i < fused_curve.size(); ++i) EXPECT_NEAR(fused_curve[i].error, reference_curve[i].error, 1e-5) << what;
    }
}

TEST(FusedLstmSgd, RefusesNonFloatModels) {
  LSTMClassifier model(4, 3, 2);
  EXPECT_TRUE(FusedLstmSgd::supports(model));
  model->to(torch::kFloat64);
  EXPECT_FALSE(FusedLstmSgd::supports(model));
}

}  // namespace
}  // namespace reverie
