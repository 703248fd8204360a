// Seed 001 section 5.2 (Fig. 3E) / seed 000 Fig. 2I on the quick config of
// multiscale-autoencoders: the multi-scale leaky autoencoder with A.11's local reset is more
// timescale-selective than the memoryless one, the bootstrap interval of the paired
// difference (10,000 resamples) excluding zero, with the shipped RMSprop (decay 0.9, no momentum,
// the cited overview's). Finding reported in CLAIMS.md: with our former reading (decay 0.99,
// momentum 0.9, experiments/variants/multiscale-rmsprop-momentum.toml) about three quarters of
// the 3 hidden units die and the claim is marginal; a second test asserts that finding.
#include <gtest/gtest.h>

#include <fstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/npy.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// Mean selectivity over units, per run, of each model.
std::map<std::string, std::vector<double>> selectivity_by_model(const std::vector<TidyRow>& rows, int runs) {
  std::map<std::string, std::vector<std::vector<std::vector<double>>>> r2;  // model -> run -> unit x row
  const std::vector<std::string> rows_named = {"every1", "every3", "every5"};
  for (const auto& r : rows) {
    if (r.metric.rfind("r2/unit", 0) != 0) continue;
    const int unit = r.metric[7] - '0';
    const std::string row = r.metric.substr(9);
    const auto g = std::find(rows_named.begin(), rows_named.end(), row) - rows_named.begin();
    auto& m = r2[r.condition];
    m.resize(runs, std::vector<std::vector<double>>(3, std::vector<double>(3)));
    m[r.run][unit][g] = r.value;
  }
  std::map<std::string, std::vector<double>> out;
  for (const auto& [model, per_run] : r2)
    for (const auto& matrix : per_run) out[model].push_back(timescale_unmixing(matrix).mean_selectivity);
  return out;
}

TEST(UnmixingClaim, MultiscaleLeakyMemoryWithResetIsMoreTimescaleSelectiveThanNoMemory) {
  const Config config =
      testing::quick_config("multiscale-autoencoders", {"models=memoryless,multiscale-reset", "runs=50"});
  ASSERT_EQ(config.real("rmsprop_alpha"), 0.9);
  ASSERT_EQ(config.real("rmsprop_momentum"), 0.0);
  const auto dir = testing::fresh_dir("unmixing") / "out";
  run_experiment(find_experiment("multiscale-autoencoders"), config, {dir, 2});
  const int runs = static_cast<int>(config.integer("runs"));
  const auto selectivity = selectivity_by_model(read_tidy_csv(dir / "results.csv"), runs);
  std::vector<double> difference;
  for (int r = 0; r < runs; ++r) difference.push_back(selectivity.at("multiscale-reset")[r] - selectivity.at("memoryless")[r]);
  const auto b = bootstrap_mean(difference, 10000, 5);
  std::cout << "selectivity(multi-scale + reset) - selectivity(memoryless): " << b.mean << " [" << b.ci_low << ", "
            << b.ci_high << "] over " << runs << " runs\n";
  EXPECT_GT(b.ci_low, 0.0);
  // The experiment's own claims table says the same.
  std::ifstream claims(dir / "claims.csv");
  std::string line;
  bool found = false;
  while (std::getline(claims, line))
    if (line.find("selectivity vs memoryless") != std::string::npos) {
      found = true;
      EXPECT_NE(line.find(",holds,"), std::string::npos) << line;
    }
  EXPECT_TRUE(found);
}

TEST(UnmixingClaim, WithMomentumMostHiddenUnitsDie) {
  // The two keys of experiments/variants/multiscale-rmsprop-momentum.toml.
  const Config config =
      testing::quick_config("multiscale-autoencoders", {"models=memoryless", "runs=12", "rmsprop_alpha=0.99", "rmsprop_momentum=0.9"});
  const auto dir = testing::fresh_dir("unmixing-momentum") / "out";
  run_experiment(find_experiment("multiscale-autoencoders"), config, {dir, 2});
  double active = 0;
  for (const auto& r : read_tidy_csv(dir / "results.csv"))
    if (r.metric == "active_units") active += r.value / 12.0;
  std::cout << "active hidden units with momentum 0.9: " << active << "\n";
  EXPECT_LT(active, 0.5);
}

// Seed 000's own setup (4 autoencoders, 20 runs) beside seed 001's; A.14's correlations as claims
// rows with their bootstrap intervals and a scatter; A.15's traces of several runs, named by memory.
TEST(UnmixingClaim, WorkshopConfigReportsTheA14CorrelationsAndTheTracesOfSeveralRuns) {
  const Config shipped = testing::quick_config("multiscale-autoencoders-workshop", {});
  EXPECT_EQ(shipped.integer("runs"), 20);
  EXPECT_EQ(shipped.strings("models"), (std::vector<std::string>{"memoryless", "leaky", "multiscale", "multiscale-reset"}));
  EXPECT_EQ(shipped.integers("trace_runs"), (std::vector<int64_t>{0, 1, 2}));
  const Config config = testing::quick_config("multiscale-autoencoders-workshop", {"runs=6", "trace_runs=1,4,9"});
  const auto dir = testing::fresh_dir("workshop") / "out";
  run_experiment(find_experiment("multiscale-autoencoders-workshop"), config, {dir, 2});

  const CsvTable claims = parse_csv(read_file(dir / "claims.csv"));
  std::vector<std::string> a14;
  for (const auto& row : claims.rows) {
    if (row[claims.column("figure")] != "A.14") continue;
    a14.push_back(row[claims.column("claim")]);
    const std::string ours = row[claims.column("ours")];
    // "r [low, high] (bootstrap 95%)", r inside its interval, all within [-1, 1]
    const std::string verdict = row[claims.column("verdict")];
    if (ours.rfind("undefined", 0) == 0) {  // a unit dead in every run has no correlation
      EXPECT_EQ(verdict, "n.s.");
      continue;
    }
    double r = 0, low = 0, high = 0;
    ASSERT_EQ(std::sscanf(ours.c_str(), "%lf [%lf, %lf]", &r, &low, &high), 3) << ours;
    EXPECT_LE(-1.0, low);
    EXPECT_LE(low, r);
    EXPECT_LE(r, high);
    EXPECT_LE(high, 1.0);
    EXPECT_EQ(row[claims.column("n")], "6 runs");
    EXPECT_TRUE(verdict == "holds" || verdict == "does not hold" || verdict == "n.s.") << verdict;
    std::cout << row[claims.column("claim")] << ": " << ours << " " << verdict << "\n";
  }
  ASSERT_EQ(a14.size(), 4u);  // no-memory, short-memory, long-memory unit, and the memory units together
  EXPECT_NE(a14[0].find("no-memory unit"), std::string::npos) << a14[0];
  EXPECT_NE(a14[3].find("memory units' mean"), std::string::npos) << a14[3];
  EXPECT_EQ(read_npy(dir / "a14_fast_row_r2_vs_error.npy").shape, (std::vector<int64_t>{6, 3, 2}));
  const std::string scatter = read_file(dir / "a14-fast_row_r2_vs_error.gp");
  EXPECT_NE(scatter.find("short-memory unit"), std::string::npos);

  // A.15: one trace figure per model for each run chosen by trace_runs (run 9 was not run), legends named by memory.
  for (const auto& model : config.strings("models"))
    for (int run = 0; run < 10; ++run)
      EXPECT_EQ(std::filesystem::exists(dir / (model + "-traces-run" + std::to_string(run) + ".gp")), run == 1 || run == 4)
          << model << " run " << run;
  const std::string traces = read_file(dir / "multiscale-reset-traces-run4.gp");
  for (const char* unit : {"no-memory unit", "short-memory unit", "long-memory unit"}) EXPECT_NE(traces.find(unit), std::string::npos) << unit;
  EXPECT_EQ(traces.find("unit0"), std::string::npos);
}

}  // namespace
}  // namespace reverie
