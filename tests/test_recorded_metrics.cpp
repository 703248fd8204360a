// Each experiment declares the metrics its runs record, so that a metric asked for by name
// (`reverie sweep --metric`) is checked before anything starts.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "reverie/lab/recorded_metrics.h"
#include "reverie/lab/registry.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(RecordedMetrics, APatternsAngleBracketPartStandsForOneNameFromTheConfig) {
  EXPECT_TRUE(metric_matches("test_error", "test_error"));
  EXPECT_FALSE(metric_matches("test_error", "test_eror"));
  EXPECT_FALSE(metric_matches("test_error", "in_domain_test_error"));
  EXPECT_TRUE(metric_matches("loss/<item>", "loss/Oak"));
  EXPECT_FALSE(metric_matches("loss/<item>", "loss/"));
  EXPECT_FALSE(metric_matches("loss/<item>", "loss/Oak/extra"));
  EXPECT_TRUE(metric_matches("r2/unit<i>/every<k>", "r2/unit0/every3"));
  EXPECT_FALSE(metric_matches("r2/unit<i>/every<k>", "r2/layer0/every3"));
  EXPECT_FALSE(metric_matches("a.b", "axb")) << "a literal dot is a dot";
}

// Run 0 of every experiment's quick config: each metric it records is one it declares, and its
// main metric (what a sweep draws by default) is declared too. A metric added to a run without
// its declaration fails here, not in a user's sweep.
TEST(RecordedMetrics, EveryExperimentDeclaresEachMetricItsRunsRecord) {
  const auto models = testing::fresh_dir("recorded-metrics");
  for (const auto& experiment : all_experiments()) {
    const std::string name = experiment->name();
    const auto declared = experiment->metrics();
    ASSERT_FALSE(declared.empty()) << name;
    const auto is_declared = [&](const std::string& metric) {
      for (const auto& pattern : declared)
        if (metric_matches(pattern, metric)) return true;
      return false;
    };
    if (!experiment->main_metric().empty()) EXPECT_TRUE(is_declared(experiment->main_metric())) << name;
    std::vector<std::string> assignments{"runs=1"};
    if (name.rfind("rbm-", 0) == 0) assignments.push_back("checkpoint_dir=" + (models / name).string());
    if (name == "wake-sleep-mnist" || name == "wake-sleep-surprise")  // the same metrics from a smaller run
      assignments.insert(assignments.end(), {"train_items=400", "test_items=200", "epochs=2", "measure.every=1", "measure.samples=1000",
                                             "classifier.epochs=1", "surprise.items=100"});
    const Config config = testing::quick_config(name, assignments);
    const auto prepared = experiment->prepare(config, {});
    std::ostringstream sink;
    Progress progress(name, prepared->work_per_run(), sink, false);
    std::set<std::string> recorded;
    for (const auto& row : prepared->run(0, progress)) recorded.insert(row.metric);
    EXPECT_FALSE(recorded.empty()) << name;
    for (const auto& metric : recorded) EXPECT_TRUE(is_declared(metric)) << name << " records '" << metric << "' without declaring it";
  }
}

}  // namespace
}  // namespace reverie
