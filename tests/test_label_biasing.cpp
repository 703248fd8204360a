#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/random.h"
#include "reverie/dynamics/generativity_metrics.h"
#include "reverie/dynamics/label_biasing.h"
#include "reverie/dynamics/top_down_generation.h"

namespace reverie {
namespace {

TEST(LabelBiasing, InverseMapOfOneHotLabelsIsTheClassMeanOfHiddenProbabilities) {
  // Three items, two hidden units: items 0 and 1 are class 0, item 2 is class 1.
  // pinv of the one-hot matrix averages each class, so W_inv = [[2, 5], [1, 2]].
  const auto p = torch::tensor({1.0, 0.0, 3.0, 2.0, 5.0, 2.0}).view({3, 2});
  const auto labels = torch::tensor({0, 0, 1}, torch::kInt64);
  const auto inverse = label_biasing_map(p, labels, 2);
  EXPECT_TRUE(torch::allclose(inverse, torch::tensor({2.0, 5.0, 1.0, 2.0}).view({2, 2}), 1e-5, 1e-6));
  // Single labels give the columns; a two-hot label their sum.
  const auto vectors = label_biasing_vectors(inverse, torch::tensor({1.0, 0.0, 0.0, 1.0, 1.0, 1.0}).view({3, 2}));
  EXPECT_TRUE(torch::allclose(vectors, torch::tensor({2.0, 1.0, 5.0, 2.0, 7.0, 3.0}).view({3, 2}), 1e-5, 1e-6));
}

TEST(LabelBiasing, TopKAndIntersectionChimeras) {
  const auto a = torch::tensor({0.9, 0.1, 0.8, 0.7, 0.0});
  const auto b = torch::tensor({0.2, 0.9, 0.85, 0.1, 0.6});
  EXPECT_TRUE(torch::equal(top_k_binary(a, 3), torch::tensor({1.0, 0.0, 1.0, 1.0, 0.0})));
  EXPECT_TRUE(torch::equal(top_k_binary(b, 3), torch::tensor({0.0, 1.0, 1.0, 0.0, 1.0})));
  EXPECT_TRUE(torch::equal(intersection_chimera(a, b, 3), torch::tensor({0.0, 0.0, 1.0, 0.0, 0.0})));
  EXPECT_TRUE(torch::equal(top_k_binary(torch::stack({a, b}), 1), torch::tensor({1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0}).view({2, 5})));
  EXPECT_EQ(class_pairs(10).size(), 45u);
  EXPECT_EQ(class_pairs(10).back(), (std::pair<int64_t, int64_t>{8, 9}));
}

TEST(TopDownGeneration, FollowsEquationsTwoToFourAsOneTensor) {
  Rbm rbm(RbmOptions(6, 4));
  auto gen = make_generator(1);
  rbm->reset_parameters(1.0, gen);
  const auto start = torch::tensor({1.0, 0.0, 1.0, 0.0, 0.2, 0.4, 0.6, 0.8}).view({2, 4});
  auto replay = make_generator(9);
  const auto trace = generate_top_down(*rbm, start, 3, 1.5, replay);
  ASSERT_EQ(trace.visible.sizes(), (torch::IntArrayRef{2, 3, 6}));
  ASSERT_EQ(trace.active_hidden.sizes(), (torch::IntArrayRef{2, 3}));
  // Step 1 from the starting vector (continuous, eqs. 2-3); then the same draws replayed by hand (eq. 4).
  auto check = make_generator(9);
  auto visible = torch::sigmoid((torch::mm(start, rbm->weight.t()) + rbm->visible_bias) / 1.5);
  for (int64_t s = 0; s < 3; ++s) {
    EXPECT_TRUE(torch::allclose(trace.visible.select(1, s), visible));
    const auto hidden = torch::bernoulli(torch::sigmoid((torch::mm(visible, rbm->weight) + rbm->hidden_bias) / 1.5), check);
    EXPECT_TRUE(torch::allclose(trace.active_hidden.select(1, s), hidden.mean(1)));
    visible = torch::sigmoid((torch::mm(hidden, rbm->weight.t()) + rbm->visible_bias) / 1.5);
  }
}

TEST(GenerativityMetrics, StatesTransitionsAndStateTimeByHand) {
  // 3 digit states + non-digit (3). Chain 0: 0 0 3 1 1 0 -> visits {0, 1}; transitions 3->1, 1->0
  // (0->3 goes into non-digit: not counted). Chain 1: 3 3 3 3 3 3 -> none.
  const auto classes = torch::tensor({0, 0, 3, 1, 1, 0, 3, 3, 3, 3, 3, 3}, torch::kInt64).view({2, 6});
  const auto m = trajectory_metrics(classes, 4, 3);
  EXPECT_TRUE(torch::equal(m.states_visited, torch::tensor({2, 0}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(m.transitions, torch::tensor({2, 0}, torch::kInt64)));
  // The authors' count: digit segments once non-digit steps are removed: 0 0 1 1 0 -> 3; none -> 0.
  EXPECT_TRUE(torch::equal(m.segments, torch::tensor({3, 0}, torch::kInt64)));
  // A chain that stays on one digit is one segment (no transition); "2 ND 2" too; "2 ND 1" two.
  const auto stays = trajectory_metrics(torch::tensor({2, 2, 2, 2, 3, 2, 2, 3, 1}, torch::kInt64).view({3, 3}), 4, 3);
  EXPECT_TRUE(torch::equal(stays.transitions, torch::tensor({0, 1, 1}, torch::kInt64)));  // ND -> 2 counts once
  EXPECT_TRUE(torch::equal(stays.segments, torch::tensor({1, 1, 2}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(m.state_time, torch::tensor({3, 2, 0, 1, 0, 0, 0, 6}, torch::kInt64).view({2, 4})));
}

}  // namespace
}  // namespace reverie
