// Seed 001 trains for one epoch, but the `epochs` key lets a curve run on: each epoch draws new
// category and within-category orders (section 4.1.1's rules) from the run's seed. Claims are read
// from the curves at several points of the training (`claim_points`), not only from the end.
#include <gtest/gtest.h>

#include <set>

#include "reverie/core/csv_table.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "reverie/experiments/smoothness/experiment.h"
#include "reverie/stream/smoothness_order.h"
#include "test_helpers.h"

namespace reverie {
namespace {

std::vector<TidyRow> run_quick(const std::string& name, std::vector<std::string> overrides) {
  overrides.insert(overrides.end(), {"datasets=synthetic", "runs=2", "models=memoryless,leaky-reset", "repeats=1,5"});
  const auto dir = testing::fresh_dir(name) / "out";
  run_experiment(find_experiment("leaky-memory-smoothness"), testing::quick_config("leaky-memory-smoothness", overrides), {dir, 1});
  return read_tidy_csv(dir / "results.csv");
}

std::vector<double> curve(const std::vector<TidyRow>& rows, const std::string& condition, std::vector<int64_t>* steps = nullptr) {
  std::vector<double> values;
  for (const auto& r : rows)
    if (r.run == 0 && r.condition == condition && r.metric == "test_error") {
      values.push_back(r.value);
      if (steps) steps->push_back(r.step);
    }
  return values;
}

TEST(SmoothnessEpochs, CurvesRunOnAcrossEpochsAndTheFirstEpochIsUnchanged) {
  const auto one = run_quick("epochs-one", {"epochs=1"});
  std::vector<int64_t> steps;
  const auto three = run_quick("epochs-three", {"epochs=3"});
  const auto long_curve = curve(three, "synthetic/memoryless/rep5", &steps);
  const auto short_curve = curve(one, "synthetic/memoryless/rep5");
  const int64_t items = 4 * 300;  // the quick synthetic set: 4 categories x 300 items
  ASSERT_EQ(steps.back(), 3 * items) << "three epochs are three passes over the training items";
  ASSERT_EQ(long_curve.size(), 3 * (short_curve.size() - 1) + 1) << "evaluations per epoch stay the same";
  // Epoch 0 is the one-epoch run, evaluation for evaluation: the same orders and initial weights.
  for (size_t i = 0; i < short_curve.size(); ++i) EXPECT_EQ(long_curve[i], short_curve[i]) << "evaluation " << i;
  // Training goes on: the error after three epochs is below the error after one.
  EXPECT_LT(long_curve.back(), long_curve[short_curve.size() - 1]);
}

TEST(SmoothnessEpochs, EachEpochDrawsNewOrdersUnderTheSameRules) {
  // The stream itself: epochs 1 and 2 re-draw the category order and within-category order.
  const std::vector<int64_t> labels{0, 0, 0, 1, 1, 1, 2, 2, 2};
  std::set<std::vector<int64_t>> streams;
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::mt19937_64 engine(derive_seed(7, "orders/epoch-" + std::to_string(epoch)));
    const auto order = repeated_category_order(make_session_orders(labels, 3, engine), 1);
    for (size_t i = 1; i < order.size(); ++i) EXPECT_NE(labels[order[i]], labels[order[i - 1]]) << "1 repeat: no category twice in a row";
    streams.insert(order);
  }
  EXPECT_EQ(streams.size(), 3u) << "each epoch's seed gives its own stream";
}

TEST(SmoothnessEpochs, ZeroOrNegativeEpochsAreRefusedNamingTheKey) {
  for (const char* bad : {"epochs=0", "epochs=-2"}) {
    const std::string message = testing::thrown_message([&] { testing::quick_config("smoothness-feedforward", {bad}); });
    EXPECT_NE(message.find("'epochs'"), std::string::npos) << bad << ": " << message;
  }
  const std::string message = testing::thrown_message([&] {
    const Config c = testing::quick_config("smoothness-feedforward", {"claim_points=0.5,1.5"});
    find_experiment("smoothness-feedforward").validate(c);
  });
  EXPECT_NE(message.find("'claim_points'"), std::string::npos) << message;
}

TEST(SmoothnessEpochs, ClaimsAreCheckedAtEveryClaimPoint) {
  const auto dir = testing::fresh_dir("claim-points") / "out";
  run_experiment(find_experiment("leaky-memory-smoothness"),
                 testing::quick_config("leaky-memory-smoothness", {"datasets=synthetic", "runs=3", "claim_points=0.25,1"}), {dir, 1});
  const std::string csv = read_file(dir / "claims.csv");
  const CsvTable table = parse_csv(csv);
  ASSERT_GE(table.column("scope"), 0) << csv.substr(0, 80);
  // The Fig. 2C claim appears once per point, with the same comparisons.
  const auto count = [&](const std::string& scope) {
    size_t n = 0;
    for (const auto& row : table.rows)
      n += row[table.column("scope")] == scope && row[table.column("claim")] == "leaky + reset" &&
           row[table.column("better")] == "leaky-reset/rep3" && row[table.column("worse")] == "leaky-reset/rep1";
    return n;
  };
  EXPECT_EQ(count("synthetic at 0.25"), 1u);
  EXPECT_EQ(count("synthetic at 1"), 1u);
  const std::string html = read_file(dir / "index.html");
  EXPECT_NE(html.find("comparisons holding after 25%:"), std::string::npos);
  EXPECT_NE(html.find("1200 items per epoch"), std::string::npos);
}

}  // namespace
}  // namespace reverie
