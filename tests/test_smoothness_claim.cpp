// Seed 001 section 4 / Fig. A.1 left, measured on the quick synthetic config over 100 runs
// (A.1's run count). A ranking step "a < b" holds when the 95% Student-t interval of the mean
// paired (same run) difference error(b) - error(a) at the end of the epoch lies above zero.
//
// Findings, reported in CLAIMS.md rather than tuned away:
//  * With the paper's literal settings (torch.nn.MSELoss's mean over outputs, lr 0.01,
//    disjoint block templates) the network learns so slowly within one epoch that ordering
//    changes end-of-epoch error by < 3e-4: no step of the ranking is measurable.
//  * With a larger effective step (MSE summed over outputs) and overlapping templates
//    (random-binary), the claim reproduces: 1 repeat < random, 3 < 5 < 10 repeats; but random
//    sampling ends the epoch *worse* than 3 repeats, not between 1 and 3 repeats.
#include <gtest/gtest.h>

#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "reverie/experiments/smoothness/experiment.h"
#include "test_helpers.h"

namespace reverie {
namespace {

std::vector<OrderingStep> measure(const std::string& name, std::vector<std::string> overrides,
                                  const std::vector<std::string>& ranking) {
  overrides.insert(overrides.end(), {"datasets=synthetic", "runs=100"});
  const Config config = testing::quick_config("smoothness-feedforward", overrides);
  const auto dir = testing::fresh_dir(name) / "out";
  run_experiment(find_experiment("smoothness-feedforward"), config, {dir, 2});
  const auto final_error = end_of_epoch_values(read_tidy_csv(dir / "results.csv"), "synthetic", "test_error");
  std::vector<std::string> keys;
  for (const auto& r : ranking) keys.push_back("memoryless/" + r);
  const auto steps = check_ordering(final_error, keys, 10000, 17);
  for (const auto& s : steps)
    std::cout << name << ": " << s.better << " < " << s.worse << ": mean paired difference " << s.difference.mean
              << ", 95% t interval [" << s.t_low << ", " << s.t_high << "], bootstrap [" << s.difference.ci_low << ", "
              << s.difference.ci_high << "]\n";
  return steps;
}

TEST(SmoothnessClaim, ReproducesWithSummedMseAndOverlappingTemplates) {
  const auto steps = measure("claim-variant", {"mse_reduction=sum", "synthetic.templates=random-binary"},
                             {"rep1", "random", "rep3", "rep5", "rep10"});
  EXPECT_TRUE(steps[0].holds) << "minimum smoothness should end the epoch below random sampling";
  EXPECT_TRUE(steps[2].holds) << "3 repeats should end the epoch below 5 repeats";
  EXPECT_TRUE(steps[3].holds) << "5 repeats should end the epoch below 10 repeats";
  // Not the paper's: random sampling ends worse than 3 repeats (interval below zero).
  EXPECT_LT(steps[1].t_high, 0.0) << "random vs 3 repeats changed sides: update CLAIMS.md";
}

TEST(SmoothnessClaim, LiteralSettingsLeaveNoMeasurableOrderingEffect) {
  const auto steps = measure("claim-literal", {}, {"rep1", "random", "rep3", "rep5", "rep10"});
  for (const auto& s : steps) EXPECT_LT(std::abs(s.difference.mean), 3e-4) << s.better << " vs " << s.worse;
}

}  // namespace
}  // namespace reverie
