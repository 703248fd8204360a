// Seed 003's building blocks: reparameterized Gaussian samples, the recurrent stochastic map,
// the gradient penalty, the critic value of Eqs. 4, 7 and 8, the learning-rate decay, and the
// Berkes et al. (2011) pattern-histogram comparison.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/pattern_overlap.h"
#include "reverie/core/random.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/wake_sleep_mlp.h"
#include "reverie/train/adversarial_objective.h"
#include "reverie/train/adversarial_training.h"
#include "reverie/train/gradient_penalty.h"

namespace reverie {
namespace {

TEST(ReparameterizedSample, HasTheGaussiansMeanAndVarianceAndPassesGradients) {
  auto gen = make_generator(1);
  const auto mean = torch::tensor({-1.0f, 0.5f, 3.0f}).requires_grad_(true);
  const auto std = torch::tensor({0.5f, 2.0f, 0.1f}).requires_grad_(true);
  const int64_t n = 200000;
  const auto samples = reparameterized_sample({mean.expand({n, 3}), std.expand({n, 3})}, gen);
  const auto m = samples.mean(0), v = samples.var(0);
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(m[i].item<double>(), mean[i].item<double>(), 4 * std[i].item<double>() / std::sqrt(n));
    EXPECT_NEAR(v[i].item<double>() / std::pow(std[i].item<double>(), 2), 1.0, 0.02);
  }
  samples.sum().backward();  // d(sum)/d mean = n per unit; d/d std = sum of the noise
  EXPECT_TRUE(torch::allclose(mean.grad(), torch::full({3}, static_cast<float>(n))));
  EXPECT_TRUE(std.grad().abs().lt(5 * std::sqrt(static_cast<double>(n))).all().item<bool>());
}

TEST(RecurrentGaussianMap, AveragesTheFirstSampleWithTheRecurrencesSample) {
  auto init = make_generator(2);
  RecurrentGaussianMap map(RecurrentGaussianMapOptions(5, 7, 3));
  pytorch_default_init(*map, init);
  const auto x = torch::rand({4, 5}, init);
  auto gen = make_generator(3);
  auto replay = gen.clone();
  const auto out = map->forward(x, gen);
  // By hand, with the same noise draws in the same order.
  const auto s0 = reparameterized_sample(map->feedforward->forward(x), replay);
  const auto r = reparameterized_sample(map->recurrence->forward(s0), replay);
  EXPECT_TRUE(torch::allclose(out, 0.5 * (s0 + r)));
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{4, 3}));
  const auto p = map->feedforward->forward(x);
  EXPECT_TRUE(p.std.gt(0).all().item<bool>());  // softplus
}

TEST(PytorchDefaultInit, DrawsWeightsAndBiasesWithinOneOverRootFanInReproducibly) {
  auto a = make_generator(4), b = make_generator(4);
  WakeSleepMlp m1(WakeSleepMlpOptions{}), m2(WakeSleepMlpOptions{});
  pytorch_default_init(*m1, a);
  pytorch_default_init(*m2, b);
  const auto p1 = m1->named_parameters(), p2 = m2->named_parameters();
  for (const auto& p : p1) EXPECT_TRUE(torch::equal(p.value(), p2[p.key()])) << p.key();
  const auto& w = m1->inference->feedforward->hidden->weight;  // 512 x 784
  const auto& bias = m1->inference->feedforward->hidden->bias;
  EXPECT_LE(w.abs().max().item<double>(), 1 / std::sqrt(784.0));
  EXPECT_GT(w.abs().max().item<double>(), 0.95 / std::sqrt(784.0));
  EXPECT_LE(bias.abs().max().item<double>(), 1 / std::sqrt(784.0));
  EXPECT_GT(bias.abs().max().item<double>(), 0.9 / std::sqrt(784.0));
}

TEST(GradientPenalty, OfALinearCriticIsItsWeightNormsDistanceFromOneSquared) {
  auto gen = make_generator(5);
  const auto w = torch::tensor({3.0f, 4.0f}).requires_grad_(true);  // ||w|| = 5
  const CriticFunction critic = [&w](const torch::Tensor& x) { return x.matmul(w); };
  const auto wake = torch::randn({16, 2}, gen), sleep = torch::randn({16, 2}, gen);
  const auto penalty = gradient_penalty(critic, wake, sleep, gen);
  EXPECT_NEAR(penalty.item<double>(), 16.0, 1e-4);  // (5 - 1)^2 wherever it is evaluated
  penalty.backward();  // d/dw (||w|| - 1)^2 = 2 (||w|| - 1) w / ||w||
  EXPECT_TRUE(torch::allclose(w.grad(), torch::tensor({2 * 4 * 3 / 5.0f, 2 * 4 * 4 / 5.0f}), 1e-4));
  const auto unit = torch::tensor({0.6f, 0.8f});
  const CriticFunction one_lipschitz = [&unit](const torch::Tensor& x) { return x.matmul(unit); };
  EXPECT_NEAR(gradient_penalty_at(one_lipschitz, wake).item<double>(), 0.0, 1e-10);
}

// A critic whose score is the first coordinate of its input: D(x) = x[:, 0].
class FirstCoordinateCritic : public LayerCritic {
 public:
  CriticOutput evaluate(const torch::Tensor& states) override { return {states.select(1, 0), {states}}; }
};

TEST(CriticValue, IsTheDifferenceOfPhaseMeansMixedByGammaAsInEq8) {
  FirstCoordinateCritic critic;
  CriticSite site;
  site.wake = torch::tensor({{1.0f}, {3.0f}});         // mean 2
  site.sleep = torch::tensor({{6.0f}, {8.0f}});        // mean 7
  site.prediction = torch::tensor({{4.0f}, {2.0f}});   // mean 3
  EXPECT_NEAR(critic_value(critic, site, 1.0).item<double>(), 5.0, 1e-6);   // Eq. 4: wake/sleep only
  EXPECT_NEAR(critic_value(critic, site, 0.0).item<double>(), 1.0, 1e-6);   // Eq. 7: oscillation only
  EXPECT_NEAR(critic_value(critic, site, 0.25).item<double>(), 0.25 * 5 + 0.75 * 1, 1e-6);
  CriticSite lone;
  lone.wake = site.wake;
  lone.prediction = site.prediction;
  EXPECT_NEAR(critic_value(critic, lone, 0.9).item<double>(), 1.0, 1e-6);  // a lone term keeps weight 1
  // The networks minimize V and the feature distance: 2 * mean((wake - prediction)^2) over units.
  std::vector<std::shared_ptr<LayerCritic>> critics{std::make_shared<FirstCoordinateCritic>()};
  lone.reconstruct = true;
  const auto loss = network_loss(critics, {lone}, {1.0, 10.0, 2.0});
  EXPECT_NEAR(loss.adversarial, 1.0, 1e-6);
  EXPECT_NEAR(loss.reconstruction, (9.0 + 1.0) / 2, 1e-6);
  EXPECT_NEAR(loss.total.item<double>(), 1.0 + 2.0 * 5.0, 1e-5);
}

TEST(CriticLoss, TrainsTheCriticToScoreSelfGeneratedStatesAboveWakeStates) {
  auto gen = make_generator(6);
  std::vector<std::shared_ptr<LayerCritic>> critics{std::make_shared<MlpCritic>(MlpCriticOptions(2).hidden(16).layers(2))};
  pytorch_default_init(*critics[0], gen);
  CriticSite site;
  site.wake = torch::randn({256, 2}, gen) + torch::tensor({2.0f, 0.0f});
  site.sleep = torch::randn({256, 2}, gen) - torch::tensor({2.0f, 0.0f});
  torch::optim::Adam adam(critics[0]->parameters(), torch::optim::AdamOptions(1e-2));
  for (int i = 0; i < 200; ++i) {
    adam.zero_grad();
    critic_loss(critics, {site}, {1.0, 10.0, 1.0}, gen).total.backward();
    adam.step();
  }
  // W1 between the clouds is 4. The penalty is soft: the best linear critic of slope k earns
  // 4k - 10 (k - 1)^2, largest at k = 1.2, where V = 4.8.
  const double value = critic_value(*critics[0], site, 1.0).item<double>();
  EXPECT_NEAR(value, 4.8, 0.4);
}

TEST(LearningRateFactor, DecaysGeometricallyBetweenTheConfiguredEpochs) {
  AdversarialOptimization s;
  s.decay_start_epoch = 200;
  s.decay_end_epoch = 250;
  s.decay_factor = 10;
  EXPECT_DOUBLE_EQ(learning_rate_factor(s, 0), 1.0);
  EXPECT_DOUBLE_EQ(learning_rate_factor(s, 199), 1.0);
  EXPECT_NEAR(learning_rate_factor(s, 225), 1 / std::sqrt(10.0), 1e-12);
  EXPECT_DOUBLE_EQ(learning_rate_factor(s, 250), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_factor(s, 399), 0.1);
}

TEST(PatternOverlap, CountsRoundedPatternsAndComparesTheHistogramsByHand) {
  // Rounded to the nearest integer at columns {0, 2}.
  const auto states = torch::tensor({{0.2f, 9.0f, 0.9f}, {-0.4f, 9.0f, 1.2f}, {1.6f, 9.0f, -0.3f}});
  EXPECT_TRUE(torch::equal(quantized_patterns(states, {0, 2}), torch::tensor({{0, 1}, {0, 1}, {2, 0}}, torch::kLong)));
  // wake: A A B B; sleep: A B B C.
  const auto A = std::vector<int64_t>{0, 0}, B = std::vector<int64_t>{1, 0}, C = std::vector<int64_t>{1, 1};
  const auto rows = [](std::vector<std::vector<int64_t>> r) {
    std::vector<int64_t> flat;
    for (const auto& p : r) flat.insert(flat.end(), p.begin(), p.end());
    return torch::tensor(flat, torch::kLong).reshape({static_cast<int64_t>(r.size()), 2});
  };
  const auto c = compare_pattern_histograms(rows({A, A, B, B}), rows({A, B, B, C}), 1.0);
  EXPECT_EQ(c.patterns, 3);
  EXPECT_NEAR(c.overlap, 0.25 + 0.5 + 0.0, 1e-12);
  // Smoothed: wake 3/7, 3/7, 1/7; sleep 2/7, 3/7, 2/7.
  EXPECT_NEAR(c.kl_wake_sleep, 3.0 / 7 * std::log(1.5) + 1.0 / 7 * std::log(0.5), 1e-12);
  EXPECT_NEAR(c.kl_sleep_wake, 2.0 / 7 * std::log(2.0 / 3) + 2.0 / 7 * std::log(2.0), 1e-12);
  const auto same = compare_pattern_histograms(rows({A, B, C}), rows({C, B, A}), 1.0);
  EXPECT_NEAR(same.overlap, 1.0, 1e-12);
  EXPECT_NEAR(same.kl_wake_sleep, 0.0, 1e-12);
  std::mt19937_64 engine(7);
  const auto units = subsample_units(784, 8, engine);
  EXPECT_EQ(units.size(), 8u);
  EXPECT_TRUE(std::adjacent_find(units.begin(), units.end(), [](int64_t a, int64_t b) { return a >= b; }) == units.end());
}

TEST(CohensD, IsTheMeanDifferenceInPooledStandardDeviations) {
  EXPECT_NEAR(cohens_d({1, 2, 3}, {3, 4, 5}), 2.0, 1e-12);  // pooled sd 1
  EXPECT_NEAR(cohens_d({3, 4, 5}, {1, 2, 3}), -2.0, 1e-12);
}

}  // namespace
}  // namespace reverie
