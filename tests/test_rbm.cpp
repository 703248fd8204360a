// The RBM against enumeration: on 4 visible x 3 hidden units every state can be listed, so the
// free energy, the conditionals and the exact log-likelihood gradient are computed directly.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/module_checkpoint.h"
#include "reverie/core/random.h"
#include "reverie/models/rbm.h"
#include "reverie/train/contrastive_divergence.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// All 2^n binary vectors as rows: [2^n x n], float64.
torch::Tensor all_states(int64_t n) {
  auto s = torch::zeros({int64_t{1} << n, n}, torch::kFloat64);
  for (int64_t i = 0; i < (int64_t{1} << n); ++i)
    for (int64_t j = 0; j < n; ++j) s[i][j] = static_cast<double>((i >> j) & 1);
  return s;
}

Rbm tiny_rbm(uint64_t seed) {
  Rbm rbm(RbmOptions(4, 3));
  rbm->to(torch::kFloat64);
  auto gen = make_generator(seed);
  rbm->reset_parameters(1.0, gen);  // large weights: a distribution far from uniform
  torch::NoGradGuard no_grad;
  rbm->visible_bias.normal_(0.0, 0.5, gen);
  rbm->hidden_bias.normal_(0.0, 0.5, gen);
  return rbm;
}

TEST(Rbm, FreeEnergyAndConditionalsMatchEnumeration) {
  const auto rbm = tiny_rbm(3);
  const auto v = all_states(4), h = all_states(3);
  // energies[i][j] = E(v_i, h_j)
  auto energies = torch::empty({v.size(0), h.size(0)}, torch::kFloat64);
  for (int64_t j = 0; j < h.size(0); ++j) energies.select(1, j).copy_(rbm->energy(v, h[j].expand({v.size(0), 3})));
  const auto joint = torch::exp(-energies);  // unnormalized p(v, h)
  EXPECT_TRUE(torch::allclose(rbm->free_energy(v), -torch::log(joint.sum(1)), 1e-10, 1e-10));
  // p(h_j = 1 | v) = sum_h h_j p(v, h) / sum_h p(v, h); likewise p(v_i = 1 | h).
  EXPECT_TRUE(torch::allclose(rbm->hidden_probabilities(v), torch::mm(joint, h) / joint.sum(1, true), 1e-10, 1e-10));
  EXPECT_TRUE(torch::allclose(rbm->visible_probabilities(h), torch::mm(joint.t(), v) / joint.sum(0).unsqueeze(1), 1e-10, 1e-10));
}

TEST(Rbm, TemperatureDividesTheActivation) {
  const auto rbm = tiny_rbm(5);
  const auto v = all_states(4);
  const auto a = torch::addmm(rbm->hidden_bias, v, rbm->weight);
  EXPECT_TRUE(torch::allclose(rbm->hidden_probabilities(v, 2.5), torch::sigmoid(a / 2.5)));
}

TEST(Rbm, CdWithManyGibbsStepsMatchesTheExactGradient) {
  auto rbm = tiny_rbm(11);
  const auto data = torch::tensor({1., 1., 0., 0., 0., 1., 1., 0., 1., 0., 0., 1.}, torch::kFloat64).view({3, 4});
  // Exact: d/dtheta [mean_data(-F(v)) - log sum_v exp(-F(v))], by autograd over the enumeration.
  for (auto& p : rbm->parameters()) p.requires_grad_(true);
  const auto log_likelihood = (-rbm->free_energy(data)).mean() - torch::logsumexp(-rbm->free_energy(all_states(4)), 0);
  log_likelihood.backward();
  // CD-k estimate: 30,000 chains (each data row 10,000 times), 100 Gibbs steps, visible units sampled.
  for (auto& p : rbm->parameters()) p.requires_grad_(false);
  auto gen = make_generator(17);
  torch::NoGradGuard no_grad;
  const auto g = cd_gradient(*rbm, data.repeat({10000, 1}), 100, /*sample_visible=*/true, gen);
  EXPECT_LT((g.weight - rbm->weight.grad()).abs().max().item<double>(), 0.02);
  EXPECT_LT((g.visible_bias - rbm->visible_bias.grad()).abs().max().item<double>(), 0.02);
  EXPECT_LT((g.hidden_bias - rbm->hidden_bias.grad()).abs().max().item<double>(), 0.02);
  // CD-1 is biased on this distribution: a check that the test can tell the two apart.
  const auto g1 = cd_gradient(*rbm, data.repeat({10000, 1}), 1, true, gen);
  EXPECT_GT((g1.weight - rbm->weight.grad()).abs().max().item<double>(), 0.05);
}

TEST(Rbm, TrainingReducesReconstructionErrorAndCheckpointsRoundTrip) {
  // Two prototype patterns with 5% flipped bits.
  auto gen = make_generator(23);
  const auto prototypes = torch::bernoulli(torch::full({2, 64}, 0.5), gen);
  const auto noise = torch::bernoulli(torch::full({400, 64}, 0.05), gen);
  const auto data = (prototypes.repeat({200, 1}) - noise).abs();
  Rbm rbm(RbmOptions(64, 16));
  rbm->reset_parameters(0.1, gen);
  CdOptions o;
  o.epochs = 10;
  o.batch_size = 20;
  const auto rmse = train_rbm(*rbm, data, o, gen);
  ASSERT_EQ(rmse.size(), 10u);
  EXPECT_LT(rmse.back(), rmse.front());
  EXPECT_LT(rmse.back(), 0.25);  // the floor is the 5% noise: sqrt(0.05) = 0.224

  const auto path = testing::fresh_dir("rbm-checkpoint") / "rbm.pt";
  save_module_checkpoint(*rbm, path);
  Rbm loaded(RbmOptions(64, 16));
  load_module_checkpoint(*loaded, path, "RBM");
  EXPECT_TRUE(torch::equal(loaded->weight, rbm->weight));
  EXPECT_TRUE(torch::equal(loaded->hidden_bias, rbm->hidden_bias));
  Rbm other_shape(RbmOptions(64, 17));
  EXPECT_THROW(load_module_checkpoint(*other_shape, path, "RBM"), InputError);
  EXPECT_THROW(load_module_checkpoint(*loaded, path.parent_path() / "missing.pt", "RBM"), InputError);

  // The authors' fixed minibatch order (rbm.shuffle = false) also learns, and is another training
  // than a reshuffled one from the same initial weights and generator.
  const auto train_from_start = [&](bool shuffle) {
    auto g = make_generator(29);
    Rbm r(RbmOptions(64, 16));
    r->reset_parameters(0.1, g);
    CdOptions fixed = o;
    fixed.shuffle = shuffle;
    const auto curve = train_rbm(*r, data, fixed, g);
    return std::make_pair(curve, r->weight.clone());
  };
  const auto [fixed_rmse, fixed_weight] = train_from_start(false);
  EXPECT_LT(fixed_rmse.back(), 0.25);
  EXPECT_TRUE(torch::equal(fixed_weight, train_from_start(false).second));
  EXPECT_FALSE(torch::equal(fixed_weight, train_from_start(true).second));
}

}  // namespace
}  // namespace reverie
