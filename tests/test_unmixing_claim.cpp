// Seed 001 section 5.2 (Fig. 3E) / seed 000 Fig. 2I on the quick config of
// multiscale-autoencoders: the multi-scale leaky autoencoder with A.11's local reset is more
// timescale-selective than the memoryless one, the bootstrap interval of the paired
// difference (10,000 resamples) excluding zero. Finding reported in CLAIMS.md: with RMSprop's
// momentum at 0.9 (our literal reading of "beta-1 = 0.9") about three quarters of the 3
// hidden units die and the claim is marginal; the test therefore runs the declared variant
// rmsprop_momentum = 0 (PyTorch's RMSprop default), and a second test asserts the finding.
#include <gtest/gtest.h>

#include <fstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/experiments/runner.h"
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
      testing::quick_config("multiscale-autoencoders", {"models=memoryless,multiscale-reset", "runs=50", "rmsprop_momentum=0"});
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
  const Config config = testing::quick_config("multiscale-autoencoders", {"models=memoryless", "runs=12"});
  ASSERT_EQ(config.real("rmsprop_momentum"), 0.9);
  const auto dir = testing::fresh_dir("unmixing-momentum") / "out";
  run_experiment(find_experiment("multiscale-autoencoders"), config, {dir, 2});
  double active = 0;
  for (const auto& r : read_tidy_csv(dir / "results.csv"))
    if (r.metric == "active_units") active += r.value / 12.0;
  std::cout << "active hidden units with momentum 0.9: " << active << "\n";
  EXPECT_LT(active, 0.5);
}

}  // namespace
}  // namespace reverie
