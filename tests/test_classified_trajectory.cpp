// The classified-trajectory routine of dynamics/ on maps whose answers are known, on the replay
// teacher's map (seed 002) and on the RBM's top-down chain (seed 004).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/random.h"
#include "reverie/data/item_table.h"
#include "reverie/dynamics/classified_trajectory.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/top_down_generation.h"
#include "reverie/experiments/replay/experiments.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// x -> x + 1 (mod 3) on one coordinate; the state is its own class.
const StepMap kCycle = [](const torch::Tensor& x) { return torch::remainder(x + 1, 3); };
const StateClassifier kOwnClass = [](const torch::Tensor& x) { return x.select(1, 0).to(torch::kInt64); };

TEST(ClassifiedTrajectory, AHandMadeCycleGivesKnownCounts) {
  const auto start = torch::tensor({0.0, 2.0}).view({2, 1});
  int64_t calls = 0;
  const StateClassifier counted = [&](const torch::Tensor& x) {
    ++calls;
    EXPECT_EQ(x.sizes(), (torch::IntArrayRef{12, 1}));  // every state at once, chain-major
    return kOwnClass(x);
  };
  const auto t = classified_trajectory(kCycle, start, ClassifiedTrajectoryOptions(6, 3), counted);
  EXPECT_EQ(calls, 1);
  // Chain 0: 1 2 0 1 2 0; chain 1: 0 1 2 0 1 2 (the start itself is not a step).
  EXPECT_TRUE(torch::equal(t.classes, torch::tensor({1, 2, 0, 1, 2, 0, 0, 1, 2, 0, 1, 2}, torch::kInt64).view({2, 6})));
  EXPECT_TRUE(torch::equal(t.states.squeeze(2), t.classes.to(torch::kFloat32)));
  EXPECT_TRUE(torch::equal(t.metrics.states_visited, torch::tensor({3, 3}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(t.metrics.transitions, torch::tensor({5, 5}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(t.metrics.state_time, torch::full({2, 3}, 2, torch::kInt64)));
  // 0 -> 1: 1 + 2, 1 -> 2: 2 + 2, 2 -> 0: 2 + 1; nothing else.
  EXPECT_TRUE(torch::equal(t.transition_counts, torch::tensor({0, 3, 0, 0, 0, 4, 3, 0, 0}, torch::kInt64).view({3, 3})));
  EXPECT_TRUE(torch::equal(t.transition_matrix(), torch::tensor({0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0}, torch::kFloat64).view({3, 3})));

  // State 2 as "none of them": no longer visited, moves into it no transitions; its time still counts.
  const auto n = classified_trajectory(kCycle, start, ClassifiedTrajectoryOptions(6, 3).none_state(2), kOwnClass);
  EXPECT_TRUE(torch::equal(n.metrics.states_visited, torch::tensor({2, 2}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(n.metrics.transitions, torch::tensor({3, 3}, torch::kInt64)));
  EXPECT_TRUE(torch::equal(n.metrics.state_time, t.metrics.state_time));
  EXPECT_TRUE(torch::equal(n.transition_counts, t.transition_counts));
}

TEST(ClassifiedTrajectory, RefusesClassifiersThatDoNotAnswerOneStatePerRow) {
  const auto start = torch::zeros({2, 1});
  const ClassifiedTrajectoryOptions options(4, 3);
  const StateClassifier halves = [](const torch::Tensor& x) { return torch::zeros({x.size(0) / 2}, torch::kInt64); };
  const StateClassifier reals = [](const torch::Tensor& x) { return x.select(1, 0); };
  const StateClassifier too_large = [](const torch::Tensor& x) { return torch::full({x.size(0)}, 3, torch::kInt64); };
  EXPECT_THROW(classified_trajectory(kCycle, start, options, halves), std::invalid_argument);
  EXPECT_THROW(classified_trajectory(kCycle, start, options, reals), std::invalid_argument);
  EXPECT_THROW(classified_trajectory(kCycle, start, options, too_large), std::invalid_argument);
  EXPECT_THROW(classified_trajectory(kCycle, start, ClassifiedTrajectoryOptions(4, 3).none_state(3), kOwnClass),
               std::invalid_argument);
}

TEST(ClassifiedTrajectory, OnTheReplayTeachersMapStoredItemsStayInTheirState) {
  // The overparameterized teacher trained as in the replay claim test that stores (nearly) every
  // item, classified by nearest item.
  const auto config = settings_of<ReplaySettings>(
      find_experiment("replay-teacher"), testing::quick_config("replay-teacher", {"teacher.hidden=32", "teacher.max_epochs=2000",
                                                                                  "early_stopping=false", "l2_lambda=0", "weight_decay=0.005"}));
  const auto items = text_items();
  const auto model = train_teacher(config, items, teacher_scenarios(config).at(0), 0, [] {}).model.ptr();
  const StepMap step = [model](const torch::Tensor& x) { return model->forward(x); };
  const StateClassifier nearest = [&](const torch::Tensor& x) { return nearest_item(x, items.values); };

  const int64_t steps = 25, n = items.size();
  const auto t = classified_trajectory(step, items.values, ClassifiedTrajectoryOptions(steps, n), nearest);
  EXPECT_TRUE(torch::equal(t.classes, nearest_item(iterate_trajectory(step, items.values, steps), items.values)));
  // Stored: iteration from the item converges within 0.5 of it in every coordinate, so (0/1 items)
  // the limit's nearest item is the item itself.
  const auto fixed = item_fixed_points(step, items.values, config.fixed_point_max_steps(), config.fixed_point_tolerance(),
                                       config.fixed_point_item_tolerance());
  int64_t stored = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!fixed[i].stored) continue;
    ++stored;
    EXPECT_EQ(t.metrics.states_visited[i].item<int64_t>(), 1) << items.items[i];
    EXPECT_EQ(t.metrics.transitions[i].item<int64_t>(), 0) << items.items[i];
    EXPECT_EQ(t.metrics.state_time[i][i].item<int64_t>(), steps) << items.items[i];
    EXPECT_EQ(t.transition_counts[i][i].item<int64_t>(), steps - 1) << items.items[i];
    EXPECT_DOUBLE_EQ(t.transition_matrix()[i][i].item<double>(), 1.0) << items.items[i];
  }
  EXPECT_GE(stored, 7) << "this teacher stores 8 of 8 items in the replay claim test";

  // From uniform noise: every step in exactly one state, every consecutive pair counted once.
  auto gen = make_generator(5);
  const int64_t chains = 200;
  const auto noise = classified_trajectory(step, torch::rand({chains, items.features()}, gen), ClassifiedTrajectoryOptions(steps, n), nearest);
  EXPECT_TRUE(torch::equal(noise.metrics.state_time.sum(1), torch::full({chains}, steps, torch::kInt64)));
  EXPECT_EQ(noise.transition_counts.sum().item<int64_t>(), chains * (steps - 1));
  EXPECT_TRUE(noise.metrics.states_visited.ge(1).all().item<bool>());
  EXPECT_TRUE(torch::equal(noise.metrics.transitions, noise.classes.slice(1, 1).ne(noise.classes.slice(1, 0, -1)).sum(1)));
  const auto row_sums = noise.transition_matrix().sum(1);
  const auto left = noise.transition_counts.sum(1).gt(0);
  EXPECT_TRUE(torch::allclose(row_sums.masked_select(left), torch::ones({left.sum().item<int64_t>()}, torch::kFloat64)));
  EXPECT_TRUE(row_sums.masked_select(left.logical_not()).eq(0).all().item<bool>());
}

TEST(TopDownGeneration, AsAStepMapDrawsExactlyTheChainsOfTheHalfStepLoop) {
  Rbm rbm(RbmOptions(6, 4));
  auto init = make_generator(1);
  rbm->reset_parameters(1.0, init);
  const auto start = torch::tensor({1.0, 0.0, 1.0, 0.0, 0.2, 0.4, 0.6, 0.8}).view({2, 4});
  const double temperature = 1.5;
  // The half-step loop (eqs. 2-4) the lab ran before the StepMap: same draws, same order.
  auto loop_gen = make_generator(9);
  std::vector<torch::Tensor> visible, hidden;
  auto h = start;
  for (int64_t s = 0; s < 5; ++s) {
    visible.push_back(rbm->visible_probabilities(h, temperature));
    h = torch::bernoulli(rbm->hidden_probabilities(visible.back(), temperature), loop_gen);
    hidden.push_back(h);
  }
  auto map_gen = make_generator(9);
  const auto t = classified_trajectory(top_down_step(*rbm, temperature, map_gen), top_down_start(*rbm, start),
                                       ClassifiedTrajectoryOptions(5, 2), [&](const torch::Tensor& x) {
                                         return top_down_visible(*rbm, x).select(1, 0).gt(0.5).to(torch::kInt64);
                                       });
  EXPECT_TRUE(torch::equal(top_down_visible(*rbm, t.states), torch::stack(visible, 1)));
  EXPECT_TRUE(torch::equal(top_down_hidden(*rbm, t.states), torch::stack(hidden, 1)));
  EXPECT_TRUE(torch::equal(t.classes, torch::stack(visible, 1).select(2, 0).gt(0.5).to(torch::kInt64)));
  // The generator has advanced exactly as far as the loop's.
  EXPECT_TRUE(torch::equal(torch::rand({3}, map_gen), torch::rand({3}, loop_gen)));
}

}  // namespace
}  // namespace reverie
