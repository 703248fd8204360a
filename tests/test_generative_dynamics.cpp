// The generative-dynamics toolkit (seed 002 sections 4, 5.3) on maps whose answers are known.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/dynamics/fixed_point_roots.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/latent_map.h"
#include "reverie/dynamics/noise_optimum.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/models/denoising_autoencoder.h"
#include "reverie/train/autoencoder_trainer.h"

namespace reverie {
namespace {

// x -> M x + b on rows of x.
StepMap linear_map(const torch::Tensor& m, const torch::Tensor& b) {
  return [m, b](const torch::Tensor& x) { return x.matmul(m.t()) + b; };
}

TEST(GenerativeDynamics, JacobianAndSpectralRadiusOfALinearContraction) {
  // Eigenvalues 0.5 and -0.8 (triangular), so the spectral radius is 0.8 although the norm is larger.
  const auto m = torch::tensor({0.5, 3.0, 0.0, -0.8}, torch::kFloat64).view({2, 2});
  const auto step = linear_map(m, torch::tensor({0.1, 0.2}, torch::kFloat64));
  const auto j = jacobian(step, torch::tensor({0.3, -0.4}, torch::kFloat64));
  EXPECT_TRUE(torch::allclose(j, m));
  EXPECT_NEAR(spectral_radius(j), 0.8, 1e-12);
  EXPECT_TRUE(stability(step, torch::zeros({2}, torch::kFloat64)).attractor);
  // A rotation by 90 degrees scaled by 1.5: complex eigenvalues of modulus 1.5, not an attractor.
  const auto rotation = torch::tensor({0.0, -1.5, 1.5, 0.0}, torch::kFloat64).view({2, 2});
  EXPECT_NEAR(spectral_radius(rotation), 1.5, 1e-12);
  EXPECT_FALSE(stability(linear_map(rotation, torch::zeros({2}, torch::kFloat64)), torch::zeros({2}, torch::kFloat64)).attractor);
}

TEST(GenerativeDynamics, JacobianOfTheAutoencoderMatchesFiniteDifferences) {
  auto gen = make_generator(3);
  DenoisingAutoencoder model(DenoisingAutoencoderOptions(5, 4));
  model->xavier_init(gen);
  model->to(torch::kFloat64);
  const auto impl = model.ptr();  // the lambda calls non-const methods
  const StepMap step = [impl](const torch::Tensor& x) { return impl->forward(x); };
  const auto x = torch::rand({5}, gen).to(torch::kFloat64);
  const auto j = jacobian(step, x);
  const double h = 1e-6;
  for (int64_t k = 0; k < 5; ++k) {
    const auto e = torch::zeros({5}, torch::kFloat64).index_put_({k}, h);
    const auto column = (step((x + e).unsqueeze(0)) - step((x - e).unsqueeze(0))).squeeze(0) / (2 * h);
    EXPECT_TRUE(torch::allclose(j.select(1, k), column, 1e-6, 1e-8)) << "column " << k;
  }
}

TEST(GenerativeDynamics, TheThesisCodesInitialisationInputNoiseAndL1Penalty) {
  // torch.nn.Linear's initialisation: weights and biases within 1 / sqrt(fan_in), biases not zero.
  DenoisingAutoencoder model(DenoisingAutoencoderOptions(9, 32).dropout(0.0).input_noise_sd(0.5));
  auto gen = make_generator(5);
  model->pytorch_default_init(gen);
  EXPECT_LE(model->encoder->weight.abs().max().item<double>(), 1.0 / 3.0);
  EXPECT_LE(model->decoder->bias.abs().max().item<double>(), 1.0 / std::sqrt(32.0));
  EXPECT_GT(model->decoder->weight.abs().max().item<double>(), 0.9 / std::sqrt(32.0));
  EXPECT_GT(model->encoder->bias.abs().sum().item<double>(), 0.0);
  // Training corrupts the input with N(0, 0.5^2) noise; without noise and dropout it is the clean map.
  const auto x = torch::rand({4, 9}, gen);
  torch::NoGradGuard no_grad;
  EXPECT_FALSE(torch::allclose(model->corrupted_forward(x, gen), model->forward(x)));
  DenoisingAutoencoder clean(DenoisingAutoencoderOptions(9, 32).dropout(0.0));
  EXPECT_TRUE(torch::allclose(clean->corrupted_forward(x, gen), clean->forward(x)));
  // An L1 penalty shrinks the parameters' absolute sum against the same training without it.
  const auto absolute_sum = [&](double l1) {
    torch::AutoGradMode enable(true);
    DenoisingAutoencoder m(DenoisingAutoencoderOptions(9, 8).dropout(0.0));
    auto g = make_generator(11);
    m->pytorch_default_init(g);
    AutoencoderTrainingOptions o;
    o.l2_lambda = 0;
    o.l1_lambda = l1;
    o.max_epochs = 50;
    o.early_stopping = false;
    train_autoencoder(m, shuffled_items(x), x, o, g);
    double sum = 0;
    for (const auto& p : m->parameters()) sum += p.abs().sum().item<double>();
    return sum;
  };
  EXPECT_LT(absolute_sum(0.05), 0.8 * absolute_sum(0.0));
}

TEST(GenerativeDynamics, FindsTheKnownFixedPointsOfTheSquareMap) {
  // x -> x^2 coordinatewise on [0, 1]: 0 attracts (derivative 0), 1 repels (derivative 2).
  const StepMap square = [](const torch::Tensor& x) { return x * x; };
  const auto items = torch::tensor({0.0, 0.0, 1.0, 1.0}, torch::kFloat64).view({2, 2});
  const auto fixed = item_fixed_points(square, items, 100, 1e-9, 0.5);
  ASSERT_EQ(fixed.size(), 2u);
  EXPECT_TRUE(fixed[0].stored && fixed[0].attractor);
  EXPECT_NEAR(fixed[0].spectral_radius, 0.0, 1e-12);
  EXPECT_TRUE(fixed[1].stored);  // exactly on the repeller: it stays, but it is no attractor
  EXPECT_FALSE(fixed[1].attractor);
  EXPECT_NEAR(fixed[1].spectral_radius, 2.0, 1e-12);

  // From inside (0, 1) everything converges to 0; a start at 1.0 stays on the repeller.
  const auto starts = torch::tensor({0.5, 0.9, 0.99, 0.2, 1.0, 1.0}, torch::kFloat64).view({3, 2});
  const auto limits = iterate_to_fixed_points(square, starts, 200, 1e-9);
  EXPECT_TRUE(limits.converged.all().item<bool>());
  EXPECT_NEAR(limits.states[0].abs().max().item<double>(), 0.0, 1e-9);
  const auto found = distinct_fixed_points(square, starts, items, 200, 1e-9, 1e-3);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].basin_size, 2);
  EXPECT_TRUE(found[0].stability.attractor);
  EXPECT_EQ(found[1].nearest_item, 1);
  EXPECT_FALSE(found[1].stability.attractor);

  // A map that never settles (x -> 1 - x) is reported as not converged.
  const StepMap flip = [](const torch::Tensor& x) { return 1.0 - x; };
  const auto none = iterate_to_fixed_points(flip, torch::full({1, 2}, 0.2, torch::kFloat64), 50, 1e-9);
  EXPECT_FALSE(none.converged[0].item<bool>());
  EXPECT_EQ(none.steps[0].item<int64_t>(), 50);
}

TEST(GenerativeDynamics, TransitionMismatchOnHandMadeMatrices) {
  const auto a = torch::eye(2, torch::kFloat64);
  const auto s = torch::tensor({1.0, 0.5, 0.5, 1.0}, torch::kFloat64).view({2, 2});
  EXPECT_DOUBLE_EQ(transition_mismatch(a, s), 0.5);  // two off-diagonal 0.5^2
  EXPECT_DOUBLE_EQ(transition_mismatch(s, s), 0.0);
  const auto uniform = torch::full({2, 2}, 0.5, torch::kFloat64);
  EXPECT_DOUBLE_EQ(transition_mismatch(uniform, s), 0.5);  // two diagonal 0.5^2

  // A map that sends every state to item 0: A has one nonzero entry, A[0][0] = 1.
  const auto items = torch::eye(3);
  const StepMap to_first = [items](const torch::Tensor& x) { return items[0].expand({x.size(0), 3}).clone(); };
  auto gen = make_generator(1);
  ReplayOptions o;
  o.chains = 50;
  o.steps = 4;
  const auto t = replay_transition_matrix(to_first, items, o, gen);
  auto expected = torch::zeros({3, 3}, torch::kFloat64);
  expected[0][0] = 1.0;
  EXPECT_TRUE(torch::equal(t, expected));
  EXPECT_DOUBLE_EQ(transition_mismatch(t, torch::eye(3, torch::kFloat64)), 2.0);

  // The thesis's code's counting: from each chain's start item to every state it visits.
  o.start = ReplayStart::items;
  o.items = items;
  TransitionCounting from_start;
  from_start.from = TransitionsFrom::start;
  auto to_item_zero = torch::zeros({3, 3}, torch::kFloat64);
  to_item_zero.select(1, 0).fill_(1.0);
  EXPECT_TRUE(torch::equal(replay_transition_matrix(to_first, items, o, gen, from_start), to_item_zero));
  const StepMap identity = [](const torch::Tensor& x) { return x; };  // chains stay on their start item
  EXPECT_TRUE(torch::equal(replay_transition_matrix(identity, items, o, gen, from_start), torch::eye(3, torch::kFloat64)));
  o.start = ReplayStart::uniform;
  EXPECT_THROW(replay_transition_matrix(identity, items, o, gen, from_start), InputError);
}

TEST(GenerativeDynamics, NearestItemByAngleIgnoresLengthAndDrawsForAZeroState) {
  const auto items = torch::tensor({1.0, 0.0, 1.0, 1.0}).view({2, 2});
  // (0.1, 0.12): nearer item 0 by Euclidean distance, nearer item 1 by angle.
  const auto states = torch::tensor({0.1, 0.12, 3.0, 0.2}).view({2, 2});
  auto gen = make_generator(3);
  EXPECT_TRUE(torch::equal(nearest_item(states, items), torch::tensor({0, 0}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(nearest_item_by_angle(states, items, gen), torch::tensor({1, 0}, torch::kInt64)));
  const auto zeros = nearest_item_by_angle(torch::zeros({200, 2}), items, gen);
  EXPECT_GT(zeros.eq(0).sum().item<int64_t>(), 50);
  EXPECT_GT(zeros.eq(1).sum().item<int64_t>(), 50);
}

TEST(GenerativeDynamics, ReplaySamplingFollowsAlgorithmOne) {
  const StepMap identity = [](const torch::Tensor& x) { return x; };
  ReplayOptions o;
  o.chains = 2000;
  o.steps = 3;
  o.init_low = 0.25;
  o.init_high = 0.75;
  o.keep_trajectory = true;
  auto gen = make_generator(7);
  const auto clean = sample_replay(identity, 4, o, gen);
  ASSERT_EQ(clean.patterns.sizes(), (std::vector<int64_t>{2000, 4}));
  ASSERT_EQ(clean.trajectory.sizes(), (std::vector<int64_t>{2000, 3, 4}));
  EXPECT_GE(clean.patterns.min().item<float>(), 0.25f);  // no noise: the uniform start stays
  EXPECT_LE(clean.patterns.max().item<float>(), 0.75f);
  o.noise_mean = 0.1;
  o.noise_sd = 2.0;
  auto gen_a = make_generator(7), gen_b = make_generator(7);
  const auto noisy = sample_replay(identity, 4, o, gen_a);
  EXPECT_GE(noisy.patterns.min().item<float>(), 0.0f);  // clamped to [0, 1]
  EXPECT_LE(noisy.patterns.max().item<float>(), 1.0f);
  EXPECT_GT((noisy.patterns == 0).sum().item<int64_t>(), 0);
  EXPECT_TRUE(torch::equal(noisy.patterns, sample_replay(identity, 4, o, gen_b).patterns));  // same seed, same replay
  // Recording predictions instead of states: the (identity) model's prediction at step t + 1 is the state after step t.
  o.keep_trajectory = true;
  auto gen_d = make_generator(9), gen_e = make_generator(9);
  const auto states = sample_replay(identity, 4, o, gen_d).trajectory;
  o.trajectory_of = TrajectoryOf::predictions;
  const auto predictions = sample_replay(identity, 4, o, gen_e).trajectory;
  EXPECT_TRUE(torch::equal(predictions.narrow(1, 1, 2), states.narrow(1, 0, 2)));
  EXPECT_FALSE(torch::equal(predictions, states));
  o.trajectory_of = TrajectoryOf::states;
  // Without noise on the last step, one application of the (identity) map after clamping changes nothing.
  o.noise_on_last_step = false;
  o.noise_sd = 0.0;
  o.noise_mean = 0.5;
  auto gen_c = make_generator(7);
  const auto shifted = sample_replay(identity, 4, o, gen_c);
  EXPECT_TRUE(torch::allclose(shifted.trajectory.select(1, 2), shifted.trajectory.select(1, 1)));
}

TEST(GenerativeDynamics, RootSearchFindsTheUnstableFixedPointIterationMisses) {
  // x -> sigmoid(8 (x - 0.5)) per coordinate: stable fixed points near 0.0207 and 0.9793, and an
  // unstable one at 0.5 (slope 8 / 4 = 2); in two coordinates, 9 fixed points, 4 of them attractors.
  const StepMap step = [](const torch::Tensor& x) { return torch::sigmoid(8.0 * (x - 0.5)); };
  auto gen = make_generator(3);
  const auto starts = torch::rand({400, 2}, gen);
  const auto items = torch::tensor({0.0f, 0.0f, 1.0f, 1.0f}).view({2, 2});
  const auto by_iteration = fixed_point_census(distinct_fixed_points(step, starts, items, 1000, 1e-6, 0.01), 0.5);
  EXPECT_EQ(by_iteration.fixed_points, 4);  // every start off the unstable lines falls to a stable corner
  EXPECT_EQ(by_iteration.non_attractors, 0);
  const auto roots = newton_fixed_points(step, starts, {});
  EXPECT_GT(roots.converged.sum().item<int64_t>(), 300);
  const auto found = distinct_limits(step, roots, items, 0.01);
  const auto census = fixed_point_census(found, 0.5);
  EXPECT_EQ(census.fixed_points, 9);
  EXPECT_EQ(census.attractors, 4);
  EXPECT_EQ(census.non_attractors, 5);  // (0.5, 0.5) with radius 2 and the four saddles
  EXPECT_NEAR(census.max_spectral_radius, 2.0, 1e-3);
  for (const auto& f : found) {
    const auto residual = (step(f.state.unsqueeze(0)) - f.state).abs().max().item<double>();
    EXPECT_LT(residual, 1e-5);
  }
  // The batched Jacobians agree with the one-state one.
  const auto j = batch_jacobians(step, starts.narrow(0, 0, 3));
  for (int64_t i = 0; i < 3; ++i) EXPECT_TRUE(torch::allclose(j[i], jacobian(step, starts[i]), 1e-5, 1e-6));
}

TEST(GenerativeDynamics, ReplayChainsCanStartFromTheItems) {
  const StepMap identity = [](const torch::Tensor& x) { return x; };
  ReplayOptions o;
  o.chains = 7;
  o.steps = 1;
  o.start = ReplayStart::items;
  o.items = torch::tensor({0.0f, 1.0f, 1.0f, 0.0f, 0.5f, 0.5f}).view({3, 2});
  o.keep_trajectory = true;
  auto gen = make_generator(1);
  const auto replay = sample_replay(identity, 2, o, gen);
  for (int64_t chain = 0; chain < 7; ++chain) EXPECT_TRUE(torch::equal(replay.patterns[chain], o.items[chain % 3])) << chain;
}

TEST(GenerativeDynamics, NearestItemAndRegularGrid) {
  const auto items = torch::tensor({0.0, 0.0, 1.0, 1.0}).view({2, 2});
  const auto states = torch::tensor({0.1, 0.2, 0.9, 0.6, 0.4, 0.4}).view({3, 2});
  EXPECT_TRUE(torch::equal(nearest_item(states, items), torch::tensor({0, 1, 0}, torch::kInt64)));
  const auto grid = regular_grid(torch::tensor({0.0, 1.0}, torch::kFloat64), torch::tensor({1.0, 3.0}, torch::kFloat64), 3);
  ASSERT_EQ(grid.sizes(), (std::vector<int64_t>{9, 2}));
  EXPECT_DOUBLE_EQ(grid[4][0].item<double>(), 0.5);
  EXPECT_DOUBLE_EQ(grid[4][1].item<double>(), 2.0);
  const auto pca = principal_components(torch::tensor({0.0, 0.0, 2.0, 0.0, 4.0, 0.0}, torch::kFloat64).view({3, 2}), 2);
  EXPECT_NEAR(pca.explained_variance[0].item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(pca.components[0][0].abs().item<double>(), 1.0, 1e-12);
}

}  // namespace
}  // namespace reverie
