// Seed 001's side-by-side figures from the smoothness experiments' quick configs: A.9 / A.10
// (LSTM, leaky + reset and memoryless at one smoothness, with 1 repeat as the reference, error
// and accuracy), A.10's one plot of the same models tested in-domain and on a 1-repeat stream,
// and the early-vs-late snapshot (A.3, A.6: the error of each ordering at every claim point,
// the values the claims compare).
#include <gtest/gtest.h>

#include <cmath>

#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;

fs::path run_quick(const std::string& experiment, const std::string& name, std::vector<std::string> overrides) {
  const auto dir = testing::fresh_dir(name) / "out";
  run_experiment(find_experiment(experiment), testing::quick_config(experiment, std::move(overrides)), {dir, 2});
  return dir;
}

TEST(SmoothnessFigures, LstmLeakyResetAndMemorylessSideBySideWithOneRepeatAsReference) {
  for (const auto& [experiment, tag] : {std::pair{"lstm-smoothness", "A.9: "}, std::pair{"lstm-generalization", "A.10: "}}) {
    const auto dir = run_quick(experiment, std::string(experiment) + "-figures", {"runs=2", "repeats=1,5"});
    for (const char* metric : {"test_error", "test_accuracy"}) {
      const std::string gp = read_file(dir / (std::string("synthetic-models-rep5-") + metric + ".gp"));
      for (const char* series : {"'LSTM, 5 reps'", "'leaky + reset, 5 reps'", "'memoryless, 5 reps'", "'LSTM, 1 rep'",
                                 "'leaky + reset, 1 rep'", "'memoryless, 1 rep'"})
        EXPECT_NE(gp.find(series), std::string::npos) << experiment << " " << metric << ": " << series;
    }
    EXPECT_FALSE(fs::exists(dir / "synthetic-models-rep1-test_error.gp")) << "1 repeat is the reference, not a panel";
    const std::string html = read_file(dir / "index.html");
    EXPECT_NE(html.find(std::string(tag) + "synthetic"), std::string::npos) << experiment;
  }
}

// Rows of one metric, keyed "condition/run/step".
std::map<std::string, double> rows_of(const fs::path& dir, const std::string& metric) {
  std::map<std::string, double> out;
  for (const auto& r : read_tidy_csv(dir / "results.csv"))
    if (r.metric == metric) out[r.condition + "/" + std::to_string(r.run) + "/" + std::to_string(r.step)] = r.value;
  return out;
}

// lstm-generalization tests each model twice at every point: on the 1-repeat stream and on a stream
// of its training smoothness. The second test must be the in-domain test of the very same models:
// lstm-smoothness (A.9) trains identically seeded models and tests them in-domain only.
TEST(SmoothnessFigures, A10TestsTheSameModelsInDomainAndOnOneRepeat) {
  const std::vector<std::string> overrides{"runs=2", "repeats=1,5"};
  const auto both = run_quick("lstm-generalization", "a10-both-tests", overrides);
  const auto in_domain = run_quick("lstm-smoothness", "a10-in-domain", overrides);
  for (const auto& [metric, reference] : {std::pair{"in_domain_test_error", "test_error"}, std::pair{"in_domain_test_accuracy", "test_accuracy"}}) {
    const auto second = rows_of(both, metric), expected = rows_of(in_domain, reference);
    ASSERT_FALSE(expected.empty());
    EXPECT_EQ(second, expected) << metric;
  }
  // Trained on 5 repeats, the two tests differ (on 1 repeat they are the same stream).
  const auto fixed = rows_of(both, "test_error"), own = rows_of(both, "in_domain_test_error");
  int differ = 0;
  for (const auto& [key, value] : own)
    if (key.find("/rep5/") != std::string::npos && key.find("leaky-reset") != std::string::npos) differ += value != fixed.at(key);
  EXPECT_GT(differ, 0);
  for (const auto& [key, value] : own)
    if (key.find("/rep1/") != std::string::npos) EXPECT_EQ(value, fixed.at(key)) << key;

  for (const char* metric : {"test_error", "test_accuracy"}) {
    const std::string gp = read_file(both / (std::string("synthetic-generalization-rep5-") + metric + ".gp"));
    for (const char* series : {"'LSTM, tested on 5 reps (as trained)'", "'LSTM, tested on 1 rep'",
                               "'leaky + reset, tested on 5 reps (as trained)'", "'leaky + reset, tested on 1 rep'"})
      EXPECT_NE(gp.find(series), std::string::npos) << metric << ": " << series;
  }
  EXPECT_FALSE(fs::exists(both / "synthetic-generalization-rep1-test_error.gp")) << "trained on 1 repeat, both tests are one stream";
  EXPECT_FALSE(fs::exists(in_domain / "synthetic-generalization-rep5-test_error.gp")) << "A.9 tests once";
  // Both halves of A.10 as claims: in-domain on the second test, out of domain on the first.
  const std::string claims = read_file(both / "claims.csv");
  EXPECT_NE(claims.find("LSTM in-domain, the same models"), std::string::npos);
  EXPECT_NE(claims.find("LSTM out of domain"), std::string::npos);
  EXPECT_NE(read_file(both / "index.html").find("A.10: synthetic, SGD, MSE (mean): the same models, trained on 5 reps"), std::string::npos);
}

// The second test needs a fixed test stream to differ from.
TEST(SmoothnessFigures, InDomainSecondTestNeedsAFixedTestStream) {
  for (const std::vector<std::string>& bad : {std::vector<std::string>{"also_test_in_domain=true", "test_stream_repeats=-1"},
                                              std::vector<std::string>{"also_test_in_domain=true", "test_protocol=single"}})
    EXPECT_THROW(find_experiment("lstm-smoothness").validate(testing::quick_config("lstm-smoothness", bad)), InputError);
}

TEST(SmoothnessFigures, EarlyAndLateSnapshotHoldsTheValuesTheClaimsCompare) {
  const auto dir = run_quick("leaky-memory-smoothness", "snapshot",
                             {"datasets=synthetic", "runs=3", "models=memoryless,leaky-reset", "claim_points=0.1,1"});
  const auto array = read_npy(dir / "synthetic-leaky-reset-error_at_claim_points.npy");
  ASSERT_EQ(array.shape, (std::vector<int64_t>{2, 5, 3}));  // points x orderings (1, 3, 5, 10 repeats, random) x runs
  for (double e : array.data) EXPECT_TRUE(e > 0 && e < 1) << e;
  // Learning: every ordering's error is lower late than early, in every run.
  for (int64_t c = 0; c < 5; ++c)
    for (int64_t r = 0; r < 3; ++r) EXPECT_LT(array.data[(5 + c) * 3 + r], array.data[c * 3 + r]) << "ordering " << c << " run " << r;
  // The figure shows each ordering minus the mean over orderings: the series sum to zero at each point.
  const std::string csv = read_file(dir / "synthetic-leaky-reset-error_at_claim_points.csv");
  const auto second_line = csv.substr(csv.find('\n') + 1);
  std::vector<double> cells;
  std::stringstream line(second_line.substr(0, second_line.find('\n')));
  for (std::string cell; std::getline(line, cell, ',');) cells.push_back(std::stod(cell));
  ASSERT_EQ(cells.size(), 1u + 3u * 5u);
  EXPECT_DOUBLE_EQ(cells[0], 10.0);  // the first claim point, in % of the training
  double sum = 0;
  for (size_t s = 0; s < 5; ++s) sum += cells[1 + 3 * s];
  EXPECT_NEAR(sum, 0.0, 1e-6);
  EXPECT_NE(read_file(dir / "index.html").find("Fig. 2: synthetic, leaky memory + reset"), std::string::npos);
}

}  // namespace
}  // namespace reverie
