#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/dynamics/state_statistics.h"

namespace reverie {
namespace {

TEST(StateStatistics, CountsStatesAndTransitionsWithinChainsOnly) {
  // Two chains: 0 0 1 2 and 2 1 1 0. The boundary between chains is not a transition.
  const auto classes = torch::tensor({0, 0, 1, 2, 2, 1, 1, 0}, torch::kInt64).view({2, 4});
  EXPECT_TRUE(torch::equal(state_counts(classes, 4), torch::tensor({3, 3, 2, 0}, torch::kInt64)));
  const auto t = transition_counts(classes, 4);
  const auto expected = torch::tensor({1, 1, 0, 0,  //
                                       1, 1, 1, 0,  //
                                       0, 1, 0, 0,  //
                                       0, 0, 0, 0},
                                      torch::kInt64)
                            .view({4, 4});
  EXPECT_TRUE(torch::equal(t, expected));
  EXPECT_EQ(t.sum().item<int64_t>(), 2 * 3);
  const auto p = row_normalized(t);
  EXPECT_DOUBLE_EQ(p[1][2].item<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(p[3].sum().item<double>(), 0.0);  // a state never left stays a zero row
}

TEST(StateStatistics, RefusesStatesOutsideTheRange) {
  const auto classes = torch::tensor({0, 5}, torch::kInt64).view({1, 2});
  EXPECT_THROW(state_counts(classes, 3), std::invalid_argument);
  EXPECT_THROW(transition_counts(classes.to(torch::kFloat32), 6), std::invalid_argument);
}

}  // namespace
}  // namespace reverie
