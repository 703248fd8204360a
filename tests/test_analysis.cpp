#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/rank_statistics.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/moving_average.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/tidy_csv.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(Descriptive, MatchesHandComputedValues) {
  const std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
  EXPECT_DOUBLE_EQ(mean(v), 5.0);
  EXPECT_NEAR(standard_deviation(v), std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_NEAR(standard_error(v), std::sqrt(32.0 / 7.0) / std::sqrt(8.0), 1e-12);
}

TEST(MovingAverage, IsTrailingAndShortAtTheStart) {
  const auto m = moving_average({1, 2, 3, 4, 5}, 2);
  EXPECT_EQ(m, (std::vector<double>{1, 1.5, 2.5, 3.5, 4.5}));
  EXPECT_EQ(moving_average({3, 6}, 5), (std::vector<double>{3, 4.5}));
}

TEST(Bootstrap, SpreadMatchesTheStandardErrorOfTheMean) {
  std::vector<double> v;
  for (int i = 0; i < 100; ++i) v.push_back(i % 10);
  const auto b = bootstrap_mean(v, 10000, 42);
  EXPECT_NEAR(b.mean, mean(v), 0.01);
  // The bootstrap sd of the mean approaches the population sd / sqrt(n).
  const double population_sd = standard_deviation(v) * std::sqrt(99.0 / 100.0);
  EXPECT_NEAR(b.sd, population_sd / 10.0, 0.01);
  EXPECT_LT(b.ci_low, b.mean);
  EXPECT_GT(b.ci_high, b.mean);
  const auto constant = bootstrap_mean({3, 3, 3}, 100, 1);
  EXPECT_DOUBLE_EQ(constant.sd, 0.0);
  EXPECT_DOUBLE_EQ(constant.ci_low, 3.0);
}

TEST(Bootstrap, CorrelationResamplesPairsAndLeavesOutUndefinedResamples) {
  std::vector<double> x, y, noisy;
  for (int i = 0; i < 40; ++i) {
    x.push_back(i);
    y.push_back(2.0 * i + 1);
    noisy.push_back(i % 7 - 3.0 + 0.1 * i);
  }
  const auto exact = bootstrap_correlation(x, y, 2000, 3);
  EXPECT_NEAR(exact.r, 1.0, 1e-12);
  EXPECT_NEAR(exact.bootstrap.ci_low, 1.0, 1e-9);  // every resample of a line is the line
  const auto b = bootstrap_correlation(x, noisy, 4000, 3);
  EXPECT_NEAR(b.r, pearson_correlation(x, noisy), 1e-12);
  EXPECT_LT(b.bootstrap.ci_low, b.r);
  EXPECT_GT(b.bootstrap.ci_high, b.r);
  EXPECT_EQ(b.defined_resamples, 4000);
  // A constant series has no correlation: r and its interval are undefined, not zero.
  const auto constant = bootstrap_correlation(std::vector<double>(40, 0.0), y, 100, 3);
  EXPECT_TRUE(std::isnan(constant.r));
  EXPECT_TRUE(std::isnan(constant.bootstrap.ci_low));
  EXPECT_EQ(constant.defined_resamples, 0);
}

TEST(PairedOrdering, HoldsOnlyWhenTheIntervalIsAboveZero) {
  std::map<std::string, std::vector<double>> values = {
      {"a", {1.0, 1.1, 0.9, 1.0}}, {"b", {2.0, 2.1, 1.9, 2.0}}, {"c", {2.0, 2.0, 2.0, 2.0}}};
  const auto steps = check_ordering(values, {"a", "b", "c"}, 2000, 5);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_TRUE(steps[0].holds);
  EXPECT_NEAR(steps[0].difference.mean, 1.0, 1e-9);
  EXPECT_FALSE(steps[1].holds);  // c - b averages 0
}

TEST(PairedOrdering, DecidesWithTheStudentTInterval) {
  // Differences 1..5: mean 3, standard error sqrt(2.5/5); t(0.975, 4) = 2.776445 (tables).
  const std::map<std::string, std::vector<double>> values = {{"a", {0, 0, 0, 0, 0}}, {"b", {1, 2, 3, 4, 5}}};
  const auto steps = check_pairs(values, {{"a", "b"}}, 1000, 3);
  EXPECT_NEAR(steps[0].t_low, 3 - 2.776445 * std::sqrt(0.5), 1e-5);
  EXPECT_NEAR(steps[0].t_high, 3 + 2.776445 * std::sqrt(0.5), 1e-5);
  EXPECT_TRUE(steps[0].holds);
  // One run is never evidence, whatever its sign.
  EXPECT_FALSE(check_pairs({{"a", {0}}, {"b", {1}}}, {{"a", "b"}}, 1000, 3)[0].holds);
  // Two runs of +1 and -0.2: the bootstrap interval may sit above zero, the t interval does not.
  EXPECT_FALSE(check_pairs({{"a", {0, 0}}, {"b", {1, -0.2}}}, {{"a", "b"}}, 1000, 3)[0].holds);
}

TEST(PairedOrdering, WinRatesCountRunsWithLowerValues) {
  const std::map<std::string, std::vector<double>> values = {{"a", {1, 5, 1, 1}}, {"b", {2, 2, 2, 0}}};
  const auto wins = pairwise_win_rates(values, {"a", "b"});
  EXPECT_EQ(wins, (std::vector<std::vector<double>>{{0.0, 0.5}, {0.5, 0.0}}));
}

TEST(Npy, RoundTripsAndIsNumpyShaped) {
  const auto dir = testing::fresh_dir("npy");
  NpyArray a{{2, 3}, {1, 2, 3, 4, 5, 6.5}, {{"run", {}}, {"condition", {"rep1", "rep3", "random"}}}};
  write_npy(dir / "a.npy", a);
  const auto back = read_npy(dir / "a.npy");
  EXPECT_EQ(back.shape, a.shape);
  EXPECT_EQ(back.data, a.data);
  EXPECT_EQ(std::filesystem::file_size(dir / "a.npy") % 16, 0u);  // 64-byte-aligned header + 6 doubles
  // The axes, which .npy cannot hold, in the sidecar a.json.
  const std::string sidecar = read_file(dir / "a.json");
  EXPECT_NE(sidecar.find("\"name\": \"condition\""), std::string::npos) << sidecar;
  EXPECT_NE(sidecar.find("\"random\""), std::string::npos) << sidecar;
  EXPECT_THROW(write_npy(dir / "b.npy", NpyArray{{2}, {1, 2}, {}}), std::logic_error);  // an unnamed axis
  EXPECT_THROW(write_npy(dir / "c.npy", NpyArray{{2}, {1, 2}, {{"condition", {"only one label"}}}}), std::logic_error);
}

TEST(TidyCsv, RoundTripsWithFixedFormatting) {
  const auto dir = testing::fresh_dir("csv");
  const std::vector<TidyRow> rows = {{0, "mnist/rep1", 10, "test_error", 0.1}, {3, "synthetic/random", 0, "acc", 1.0 / 3}};
  const std::string text = format_tidy_csv(rows);
  EXPECT_NE(text.find("3,synthetic/random,0,acc,0.333333333\n"), std::string::npos);
  std::ofstream(dir / "r.csv") << text;
  const auto back = read_tidy_csv(dir / "r.csv");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].condition, "synthetic/random");
  EXPECT_NEAR(back[1].value, 1.0 / 3, 1e-9);
}

}  // namespace
}  // namespace reverie
