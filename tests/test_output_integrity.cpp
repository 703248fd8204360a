// Nothing silently wrong in an output folder: one writer, validated run files, the build that
// made the runs, diverged runs left out and named, one-run claims without a fake interval.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "reverie/core/output_folder.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/error.h"
#include "reverie/core/folder_lock.h"
#include "reverie/core/run_file.h"
#include "reverie/core/training_divergence.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/run_tasks.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const Experiment& smoothness() { return find_experiment("smoothness-feedforward"); }

Config small_config(std::vector<std::string> extra = {}) {
  std::vector<std::string> sets = {"datasets=synthetic", "runs=3", "synthetic.items_per_category=40", "evaluations=5"};
  sets.insert(sets.end(), extra.begin(), extra.end());
  return testing::quick_config("smoothness-feedforward", sets);
}

Json manifest_of(const fs::path& dir) { return Json::parse(read_file(dir / "manifest.json")); }

TEST(RunFile, EndLineDetectsTruncationAndEdits) {
  const std::vector<TidyRow> rows = {{0, "a/b", 1, "error", 0.5}, {0, "a/b", 2, "error", 0.25}};
  const RunFileOrigin origin{"0123abcd", "0123456789ab", {}};
  const std::string text = format_run_file(rows, origin);
  EXPECT_EQ(run_file_damage(text, 0, origin), "");
  EXPECT_NE(run_file_damage(text.substr(0, text.size() - 30), 0, origin), "");       // cut inside the rows or the end line
  EXPECT_NE(run_file_damage(format_tidy_csv(rows), 0, origin), "");                  // no end line at all
  EXPECT_NE(run_file_damage(text, 1, origin).find("holds rows of run 0, not of run 1"), std::string::npos);  // copied from run 0
  std::string edited = text;
  edited[edited.find("0.25")] = '9';
  EXPECT_NE(run_file_damage(edited, 0, origin).find("checksum"), std::string::npos);
  const auto dir = testing::fresh_dir("runfile");
  write_file_atomic(dir / "run.csv", text.substr(0, text.find("0,a/b,2")));
  const std::string message = testing::thrown_message([&] { read_run_file(dir / "run.csv", 0, origin); });
  EXPECT_NE(message.find((dir / "run.csv").string()), std::string::npos) << message;
}

// A run file names the config and build it was computed with: intact but another folder's is refused.
TEST(RunFile, EndLineNamesTheConfigAndBuildItWasComputedWith) {
  const std::vector<TidyRow> rows = {{2, "a/b", 1, "error", 0.5}};
  const RunFileOrigin origin{"0123abcd", "0123456789ab", {"ba9876543210"}};
  EXPECT_EQ(run_file_damage(format_run_file(rows, origin), 2, origin), "");
  const std::string other_config = format_run_file(rows, {"ffff0000", "0123456789ab", {}});
  EXPECT_NE(run_file_damage(other_config, 2, origin).find("computed with another config"), std::string::npos);
  const std::string other_build = format_run_file(rows, {"0123abcd", "aaaaaaaaaaaa", {}});
  EXPECT_NE(run_file_damage(other_build, 2, origin).find("computed by build aaaaaaaaaaaa"), std::string::npos);
  // Runs the folder keeps from another build on purpose (--reuse-runs-from-other-build) stay valid.
  EXPECT_EQ(run_file_damage(format_run_file(rows, {"0123abcd", "ba9876543210", {}}), 2, origin), "");
  // A file from before run files named their origin is judged by its rows and checksum.
  const std::string text = format_run_file(rows, origin);
  const std::string older = text.substr(0, text.find(" config=")) + "\n";
  EXPECT_EQ(run_file_damage(older, 2, origin), "");
}

// The hostile user's copy: run 2 of an output made with another learning rate, put in this one's
// runs/. `report` refuses it, naming the file; `run` computes run 2 again instead of reusing it.
TEST(Runner, ARunFileCopiedFromAnOutputOfAnotherConfigIsNotReused) {
  const auto root = testing::fresh_dir("copied-run-file");
  const auto ours = root / "ours", theirs = root / "theirs";
  run_experiment(smoothness(), small_config({"learning_rate=0.05"}), {ours, 1});
  run_experiment(smoothness(), small_config({"learning_rate=0.01"}), {theirs, 1});
  const std::string results = read_file(ours / "results.csv");
  const fs::path run2 = OutputFolder(ours).run_file(2);
  fs::copy_file(OutputFolder(theirs).run_file(2), run2, fs::copy_options::overwrite_existing);

  const std::string message = testing::thrown_message([&] { rebuild_report(ours); });
  EXPECT_NE(message.find(run2.string()), std::string::npos) << message;
  EXPECT_NE(message.find("computed with another config"), std::string::npos) << message;
  EXPECT_EQ(read_file(ours / "results.csv"), results);

  const auto outcome = run_experiment(smoothness(), small_config({"learning_rate=0.05"}), {ours, 1});
  EXPECT_EQ(outcome.runs_reused, 2);
  EXPECT_EQ(outcome.runs_computed, 1);
  EXPECT_EQ(read_file(ours / "results.csv"), results);
}

TEST(FolderLock, SecondWriterIsRefusedNamingTheFirstOnesPid) {
  const auto dir = testing::fresh_dir("lock") / "out";
  fs::create_directories(dir);
  const FolderLock held(dir);
  const std::string message = testing::thrown_message([&] { run_experiment(smoothness(), small_config(), {dir, 1}); });
  EXPECT_NE(message.find("pid " + std::to_string(::getpid())), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));
}

TEST(Runner, ReportRefusesATruncatedRunFileAndRunRecomputesIt) {
  const auto dir = testing::fresh_dir("truncated") / "out";
  run_experiment(smoothness(), small_config(), {dir, 1});
  const std::string results = read_file(dir / "results.csv");
  const fs::path run1 = OutputFolder(dir).run_file(1);
  const std::string text = read_file(run1);
  write_file_atomic(run1, text.substr(0, text.size() / 2));

  const std::string message = testing::thrown_message([&] { rebuild_report(dir); });
  EXPECT_NE(message.find(run1.string()), std::string::npos) << message;
  EXPECT_NE(message.find("damaged"), std::string::npos) << message;
  EXPECT_FALSE(manifest_of(dir).value("complete", true)) << "a folder that no longer matches its files stays marked complete";
  EXPECT_EQ(read_file(dir / "results.csv"), results) << "results.csv was rewritten from a damaged run file";

  const auto outcome = run_experiment(smoothness(), small_config(), {dir, 1});
  EXPECT_EQ(outcome.runs_computed, 1);
  EXPECT_EQ(read_file(dir / "results.csv"), results);
  EXPECT_TRUE(manifest_of(dir).value("complete", false));
}

TEST(Runner, ARunFileCopiedFromAnotherRunIsNotTrusted) {
  const auto dir = testing::fresh_dir("copied") / "out";
  run_experiment(smoothness(), small_config(), {dir, 1});
  const std::string results = read_file(dir / "results.csv");
  fs::copy_file(OutputFolder(dir).run_file(1), OutputFolder(dir).run_file(2), fs::copy_options::overwrite_existing);
  const std::string message = testing::thrown_message([&] { rebuild_report(dir); });
  EXPECT_NE(message.find("holds rows of run 1, not of run 2"), std::string::npos) << message;
  EXPECT_EQ(run_experiment(smoothness(), small_config(), {dir, 1}).runs_computed, 1);
  EXPECT_EQ(read_file(dir / "results.csv"), results);
}

TEST(Runner, AForeignFolderIsRefusedWithoutWritingIntoIt) {
  const auto dir = testing::fresh_dir("foreign");
  write_file_atomic(dir / "notes.txt", "mine");
  EXPECT_NE(testing::thrown_message([&] { run_experiment(smoothness(), small_config(), {dir, 1}); }).find("not a reverie output"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir / FolderLock::kFileName));
}

TEST(Runner, TemporaryFilesOfAnInterruptedWriteAreRemoved) {
  const auto dir = testing::fresh_dir("leftovers") / "out";
  run_experiment(smoothness(), small_config(), {dir, 1});
  write_file_atomic(dir / "runs" / "run-0001.csv.tmp.123.0", "half a run");  // as a kill mid-write leaves it
  write_file_atomic(dir / "results.csv.tmp.123.1", "half");
  rebuild_report(dir);
  EXPECT_FALSE(fs::exists(dir / "runs" / "run-0001.csv.tmp.123.0"));
  EXPECT_FALSE(fs::exists(dir / "results.csv.tmp.123.1"));
}

TEST(Runner, ManifestNamesTheBuildAndResumeRefusesRunsOfAnotherBuild) {
  const auto dir = testing::fresh_dir("build") / "out";
  run_experiment(smoothness(), small_config(), {dir, 1});
  Json manifest = manifest_of(dir);
  EXPECT_EQ(manifest["build"]["sources_sha256"], build_sources_sha256());
  EXPECT_EQ(std::string(build_sources_sha256()).size(), 64u);
  EXPECT_TRUE(manifest["build"].contains("git_commit"));

  // As if an older binary had made these runs.
  manifest["provenance"]["build_sources_sha256"] = std::string(64, '0');
  write_file_atomic(dir / "manifest.json", manifest.dump(2));
  fs::remove(OutputFolder(dir).run_file(2));
  const std::string message = testing::thrown_message([&] { run_experiment(smoothness(), small_config(), {dir, 1}); });
  EXPECT_NE(message.find("another build"), std::string::npos) << message;
  EXPECT_NE(message.find("--reuse-runs-from-other-build"), std::string::npos) << message;

  RunnerOptions reuse{dir, 1};
  reuse.reuse_runs_from_other_build = true;
  const auto outcome = run_experiment(smoothness(), small_config(), reuse);
  EXPECT_EQ(outcome.runs_reused, 2);
  const Json after = manifest_of(dir);
  EXPECT_EQ(after["runs_reused_from_builds"], Json::array({std::string(64, '0')}));
  EXPECT_EQ(after["provenance"]["build_sources_sha256"], build_sources_sha256());
}

TEST(Runner, OneRunClaimsGiveTheMeanAndNoInterval) {
  const auto dir = testing::fresh_dir("one-run") / "out";
  run_experiment(smoothness(), small_config({"runs=1"}), {dir, 1});
  const std::string claims = read_file(dir / "claims.csv");
  EXPECT_NE(claims.find("n/a (one run)"), std::string::npos) << claims;
  EXPECT_EQ(claims.find(",0,0,"), std::string::npos) << "a [0, 0] interval for one run:\n" << claims;
  // mean_difference is a number on every row.
  const CsvTable table = parse_csv(claims);
  const int column = table.column("mean_difference");
  ASSERT_GE(column, 0) << claims;
  for (const auto& row : table.rows) EXPECT_TRUE(std::isfinite(std::stod(row[static_cast<size_t>(column)]))) << claims;
}

// A stand-in experiment: run 1 produces a non-finite value (or its trainer stops on one), the others do not.
class DivergingExperiment : public NamedExperiment {
 public:
  explicit DivergingExperiment(bool trainer_stops = false)
      : NamedExperiment("diverging-test", "a run that diverges"), trainer_stops_(trainer_stops) {
  }
  mutable std::vector<TidyRow> seen;
  mutable int64_t runs_seen = 0;
  std::vector<std::string> metrics() const override { return {"test_error"}; }

  std::unique_ptr<PreparedExperiment> prepare(const Config&, const ExperimentEnvironment&) const override {
    struct Prepared : PreparedExperiment {
      bool trainer_stops;
      explicit Prepared(bool stops) : trainer_stops(stops) {}
      int64_t work_per_run() const override { return 1; }
      std::vector<TidyRow> run(int run, Progress&) const override {
        if (trainer_stops && run == 1) throw TrainingDiverged("test_error", 7).in_condition("model/rep3");
        const double loss = run == 1 ? std::numeric_limits<double>::quiet_NaN() : 0.1 * (run + 1);
        return {{run, "model/rep1", 10, "test_error", 0.5}, {run, "model/rep1", 20, "test_error", loss}};
      }
    };
    return std::make_unique<Prepared>(trainer_stops_);
  }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows, const fs::path& dir) const override {
    seen = rows;
    runs_seen = config.integer("runs");
    write_file_atomic(dir / "claims.csv", "claim,ours\n\"final error, mean\",0.2\n");
    return {"diverging", "", {}, {}};
  }

 private:
  bool trainer_stops_;
};

Config diverging_config(const Experiment& e, int runs) {
  Config::Sources sources;
  sources.base_toml = "seed = 1\nruns = " + std::to_string(runs) + "\n";
  return Config::resolve(e.schema(), sources);
}

TEST(Runner, ADivergedRunIsNamedAndLeftOutOfEveryStatistic) {
  const DivergingExperiment experiment;
  const auto dir = testing::fresh_dir("diverged") / "out";
  const auto outcome = run_experiment(experiment, diverging_config(experiment, 3), {dir, 1});
  EXPECT_EQ(outcome.runs_diverged, 1);
  EXPECT_EQ(experiment.runs_seen, 2);
  for (const auto& r : experiment.seen) {
    EXPECT_TRUE(std::isfinite(r.value));
    EXPECT_LT(r.run, 2);
  }
  const Json manifest = manifest_of(dir);
  ASSERT_TRUE(manifest["diverged_runs"].contains("1")) << manifest.dump(2);
  const std::string why = manifest["diverged_runs"]["1"];
  EXPECT_NE(why.find("test_error"), std::string::npos) << why;
  EXPECT_NE(why.find("model/rep1"), std::string::npos) << why;
  EXPECT_NE(why.find("step 20"), std::string::npos) << why;
  EXPECT_EQ(read_file(dir / "results.csv").find("\n1,"), std::string::npos) << "the diverged run is in results.csv";
  EXPECT_NE(read_file(dir / "results.csv").find("\n2,model/rep1,20,test_error,0.3"), std::string::npos);
  EXPECT_NE(read_file(dir / "claims.csv").find("diverged_runs_left_out"), std::string::npos);
  EXPECT_NE(read_file(dir / "claims.csv").find(",\"1\""), std::string::npos) << read_file(dir / "claims.csv");
  EXPECT_NE(read_file(dir / "index.html").find("diverged"), std::string::npos);
  EXPECT_TRUE(fs::exists(OutputFolder(dir).run_file(1))) << "the evidence is kept";

  // The report redraws the same conclusion from the files alone.
  rebuild_report(dir, experiment);
  EXPECT_EQ(experiment.runs_seen, 2);
}

TEST(Runner, ATrainerThatStopsOnANonFiniteErrorMarksItsRunDiverged) {
  const DivergingExperiment experiment(/*trainer_stops=*/true);
  const auto dir = testing::fresh_dir("trainer-stops") / "out";
  const auto outcome = run_experiment(experiment, diverging_config(experiment, 3), {dir, 2});
  EXPECT_EQ(outcome.runs_diverged, 1);
  EXPECT_EQ(outcome.runs_computed, 3);
  const std::string why = manifest_of(dir)["diverged_runs"]["1"];
  EXPECT_NE(why.find("test_error"), std::string::npos) << why;
  EXPECT_NE(why.find("condition model/rep3 at step 7"), std::string::npos) << why;
  EXPECT_EQ(experiment.runs_seen, 2);
}

TEST(Runner, EveryRunDivergedIsARefusalNotAReport) {
  const DivergingExperiment experiment;
  const auto dir = testing::fresh_dir("all-diverged") / "out";
  run_experiment(experiment, diverging_config(experiment, 1), {dir, 1});
  // Its one run turns out to have diverged (as any run does at learning_rate = 1e308).
  write_file_atomic(OutputFolder(dir).run_file(0),
                    format_run_file({{0, "model/rep1", 20, "test_error", std::numeric_limits<double>::infinity()}},
                                    run_file_origin(manifest_of(dir))));
  const std::string message = testing::thrown_message([&] { rebuild_report(dir, experiment); });
  EXPECT_NE(message.find("every run diverged"), std::string::npos) << message;
  EXPECT_FALSE(manifest_of(dir).value("complete", true));
}

}  // namespace
}  // namespace reverie
