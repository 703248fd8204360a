#include <gtest/gtest.h>

#include "reverie/analysis/rank_statistics.h"

namespace reverie {
namespace {

TEST(RankStatistics, AverageRanksShareTies) {
  EXPECT_EQ(average_ranks({10, 20, 20, 5}), (std::vector<double>{2, 3.5, 3.5, 1}));
}

TEST(RankStatistics, MannWhitneyExactMatchesHollanderWolfe) {
  // R's ?wilcox.test example (Hollander & Wolfe 1973, p. 69): permeability constants,
  // wilcox.test(x, y, alternative = "greater") gives W = 35, p-value = 0.1272 (exact).
  const std::vector<double> x{0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
  const std::vector<double> y{1.15, 0.88, 0.90, 0.74, 1.21};
  const auto r = mann_whitney_u(x, y, "greater");
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 35.0);
  EXPECT_NEAR(r.p_value, 0.1272, 5e-5);
  EXPECT_NEAR(mann_whitney_u(y, x, "less").p_value, r.p_value, 1e-12);
  // Complete separation of 3 and 3: P(U = 9) = 1 / C(6, 3) = 0.05.
  EXPECT_NEAR(mann_whitney_u({4, 5, 6}, {1, 2, 3}, "greater").p_value, 0.05, 1e-12);
  EXPECT_NEAR(mann_whitney_u({4, 5, 6}, {1, 2, 3}, "two-sided").p_value, 0.10, 1e-12);
}

TEST(RankStatistics, MannWhitneyNormalApproximationWithTies) {
  // x = 1 2 2 3, y = 2 3 4 4 5: ranks of x 1, 3, 3, 5.5 -> U = 12.5 - 10 = 2.5; ties (2 x3, 3 x2,
  // 4 x2) give sum(t^3 - t) = 24 + 6 + 6 = 36; sd = sqrt(20/12 * (10 - 36/72)) = 3.97911;
  // z = (10 - 2.5 - 0.5) / sd = 1.75919; one-sided p = 0.0392729 (R: exact = FALSE, correct = TRUE).
  const auto r = mann_whitney_u({1, 2, 2, 3}, {2, 3, 4, 4, 5}, "less");
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.u, 2.5);
  EXPECT_NEAR(r.p_value, 0.0392729, 1e-6);
}

TEST(RankStatistics, Correlations) {
  EXPECT_NEAR(pearson_correlation({1, 2, 3, 4}, {2, 4, 6, 8}), 1.0, 1e-12);
  EXPECT_NEAR(pearson_correlation({1, 2, 3}, {1, 3, 2}), 0.5, 1e-12);
  EXPECT_NEAR(spearman_correlation({1, 2, 3, 4}, {1, 10, 100, 1000}), 1.0, 1e-12);
}

}  // namespace
}  // namespace reverie
