// Seed 003 sec. 5.1's claims on wake-sleep-mnist's quick config (3 runs; 2,000 digits, 8 epochs,
// batch 64, 256-unit networks; Algorithms 1 and 2 from the same initial networks). Numbers are
// printed for CLAIMS.md.
#include <gtest/gtest.h>

#include <iostream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/experiments/rbm_lab.h"
#include "reverie/experiments/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

std::vector<double> at_epoch(const RowTable& table, const std::string& algorithm, const std::string& metric, bool last) {
  std::vector<double> out;
  for (const auto& run : table.by_run(algorithm, metric)) out.push_back(last ? run.back() : run.front());
  return out;
}

bool holds(const std::vector<double>& better, const std::vector<double>& worse) {
  return check_pairs({{"better", better}, {"worse", worse}}, {{"better", "worse"}}, 2000, 1).front().holds;
}

TEST(WakeSleepClaims, BothAlgorithmsAlignWakeAndSleepAndAlgorithm2KeepsTheDigitClass) {
  const auto dir = testing::fresh_dir("wake-sleep-claims");
  const Config config = testing::quick_config("wake-sleep-mnist", {});
  run_experiment(find_experiment("wake-sleep-mnist"), config, {dir, 2});
  const auto rows = read_tidy_csv(dir / "results.csv");
  const RowTable table(rows);
  for (const std::string a : {"wake-sleep", "oscillation"}) {
    const auto before = at_epoch(table, a, "kl_wake_sleep", false), after = at_epoch(table, a, "kl_wake_sleep", true);
    const auto kept = at_epoch(table, a, "class_kept", true);
    std::cout << a << ": KL(wake || sleep) " << mean(before) << " -> " << mean(after) << ", overlap "
              << mean(at_epoch(table, a, "overlap", false)) << " -> " << mean(at_epoch(table, a, "overlap", true))
              << ", class kept " << mean(kept) << "\n";
    // Fig. 3D: "both algorithms are sufficient to align the joint distributions".
    EXPECT_TRUE(holds(after, before)) << a;
  }
  std::cout << "classifier test accuracy " << mean(table.values("classifier", "test_accuracy")) << "\n";
  // Sec. 5.1 / Fig. 3B-C: Algorithm 2's reconstructions keep the input's digit more often.
  EXPECT_TRUE(holds(at_epoch(table, "wake-sleep", "class_kept", true), at_epoch(table, "oscillation", "class_kept", true)));
  for (const char* file : {"reconstructions.png", "samples.png", "divergence_over_training.png", "claims.csv", "surprise.csv", "index.html"})
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
}

}  // namespace
}  // namespace reverie
