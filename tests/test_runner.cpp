#include <gtest/gtest.h>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

const Experiment& smoothness() { return find_experiment("smoothness-feedforward"); }

Config small_config(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"datasets=synthetic", "runs=4", "synthetic.items_per_category=60"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return testing::quick_config("smoothness-feedforward", sets);
}

TEST(Runner, SameSeedGivesByteIdenticalResultsWhateverTheThreadCount) {
  const auto one = testing::fresh_dir("det1"), two = testing::fresh_dir("det2");
  const Config config = small_config();
  run_experiment(smoothness(), config, {one / "out", 1});
  run_experiment(smoothness(), config, {two / "out", 3});
  for (const char* file : {"results.csv", "claims.csv", "end_of_epoch.csv"})
    EXPECT_EQ(read_file(one / "out" / file), read_file(two / "out" / file)) << file;
  const Config other_seed = small_config({"seed=2"});
  run_experiment(smoothness(), other_seed, {two / "other", 2});
  EXPECT_NE(read_file(one / "out/results.csv"), read_file(two / "other/results.csv"));
}

TEST(Runner, WritesTheOutputsEveryRunPromises) {
  const auto dir = testing::fresh_dir("outputs") / "out";
  run_experiment(smoothness(), small_config(), {dir, 2});
  for (const char* file : {"manifest.json", "config.toml", "results.csv", "index.html", "claims.csv",
                           "synthetic-memoryless-final_test_error.npy", "synthetic-memoryless-test_error.csv",
                           "synthetic-memoryless-test_error.gp", "synthetic-memoryless-pairwise_wins.csv", "runs/run-0003.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  const std::string manifest = read_file(dir / "manifest.json");
  EXPECT_NE(manifest.find("\"complete\": true"), std::string::npos);
  EXPECT_NE(manifest.find("\"experiment\": \"smoothness-feedforward\""), std::string::npos);
  EXPECT_NE(read_file(dir / "index.html").find("synthetic-memoryless-test_error.png"), std::string::npos);
  const std::string results = read_file(dir / "results.csv");
  // Tidy for pandas: the condition's factors as columns of their own, the condition kept.
  EXPECT_EQ(results.rfind("run,condition,step,metric,value,dataset,model,order\n", 0), 0u);
  EXPECT_NE(results.find("3,synthetic/memoryless/rep10,"), std::string::npos);
  const size_t row = results.find("\n3,synthetic/memoryless/rep10,");
  const std::string factors = ",synthetic,memoryless,rep10";
  EXPECT_EQ(results.substr(results.find('\n', row + 1) - factors.size(), factors.size()), factors) << results.substr(row, 80);
  // .npy arrays name their axes in a sidecar.
  const std::string axes = read_file(dir / "synthetic-memoryless-final_test_error.json");
  EXPECT_NE(axes.find("\"name\": \"run\""), std::string::npos) << axes;
  EXPECT_NE(axes.find("\"rep10\""), std::string::npos) << axes;
}

TEST(Runner, DrawsFiguresInFoldersWithQuotesAndSpaces) {
  const auto dir = testing::fresh_dir("quotes") / "it's a \"folder\" $HOME";
  run_experiment(smoothness(), small_config({"runs=2"}), {dir, 1});
  EXPECT_TRUE(std::filesystem::exists(dir / "synthetic-memoryless-test_error.png"));
  EXPECT_TRUE(std::filesystem::exists(dir / "synthetic-memoryless-test_error.svg"));
}

TEST(Runner, RefusesToMixRunsFromAnotherDataFolder) {
  const auto dir = testing::fresh_dir("provenance") / "out";
  run_experiment(smoothness(), small_config(), {dir, 2});
  RunnerOptions other{dir, 2};
  other.environment.data_dir = "/somewhere/else";
  EXPECT_THROW(run_experiment(smoothness(), small_config(), other), InputError);
}

TEST(Runner, ResumesWithoutRedoingFinishedRunsAndRefusesAnotherConfig) {
  const auto dir = testing::fresh_dir("resume") / "out";
  const Config config = small_config();
  run_experiment(smoothness(), config, {dir, 2});
  const std::string complete = read_file(dir / "results.csv");
  // As if killed: run 2 never finished, nothing after it was written.
  std::filesystem::remove(dir / "runs/run-0002.csv");
  std::filesystem::remove(dir / "results.csv");
  const auto outcome = run_experiment(smoothness(), config, {dir, 2});
  EXPECT_EQ(outcome.runs_computed, 1);
  EXPECT_EQ(outcome.runs_reused, 3);
  EXPECT_EQ(read_file(dir / "results.csv"), complete);

  EXPECT_THROW(run_experiment(smoothness(), small_config({"learning_rate=0.5"}), {dir, 1}), InputError);
  // More runs extend the sweep.
  const auto more = run_experiment(smoothness(), small_config({"runs=5"}), {dir, 1});
  EXPECT_EQ(more.runs_computed, 1);
  rebuild_report(dir);
  EXPECT_TRUE(std::filesystem::exists(dir / "index.html"));
}

}  // namespace
}  // namespace reverie
