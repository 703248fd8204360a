// `reverie sweep`: the grid, the sweep folder, runs claimed one by one, and the local executor
// against `reverie run` of each point. (The SLURM executor: tests/slurm/sweep-test.sh.)
#include <gtest/gtest.h>

#include "cli_helpers.h"
#include "reverie/core/atomic_file.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/run_tasks.h"
#include "reverie/lab/runner.h"
#include "reverie/sweep/sweep_spec.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::thrown_message;

SweepSpec small_sweep() {
  SweepSpec spec;
  spec.experiment = "smoothness-feedforward";
  spec.quick = true;
  spec.assignments = {"datasets=synthetic", "synthetic.items_per_category=60"};
  spec.runs = 2;
  spec.grid = {parse_grid_axis("learning_rate=0.01,0.02"), parse_grid_axis("leak_alpha=0.5")};
  return spec;
}

TEST(SweepGrid, PointsAreEveryCombinationNamedAfterTheirValues) {
  const auto points = grid_points({parse_grid_axis("leak_alpha=0.3,0.6"), parse_grid_axis("learning_rate=0.01,0.02,0.05")});
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[0].name(), "leak_alpha=0.3,learning_rate=0.01");
  EXPECT_EQ(points[1].name(), "leak_alpha=0.3,learning_rate=0.02");
  EXPECT_EQ(points[5].name(), "leak_alpha=0.6,learning_rate=0.05");
  EXPECT_EQ(points[4].assignments(), (std::vector<std::string>{"leak_alpha=0.6", "learning_rate=0.02"}));
  // Blanks typed around the values are not part of them (they made a folder named "leak_alpha= 0.5").
  const auto spaced = grid_points({parse_grid_axis(" leak_alpha = 0.3, 0.5 ")});
  ASSERT_EQ(spaced.size(), 2u);
  EXPECT_EQ(spaced[1].name(), "leak_alpha=0.5");
  EXPECT_NE(thrown_message([] { parse_grid_axis("leak_alpha=0.3, ,0.5"); }).find("empty value"), std::string::npos);
}

TEST(SweepGrid, MalformedGridArgumentsAreRefusedNamingThem) {
  EXPECT_NE(thrown_message([] { parse_grid_axis("learning_rate"); }).find("expected KEY=V1,V2"), std::string::npos);
  EXPECT_NE(thrown_message([] { parse_grid_axis("learning_rate=0.1,,0.2"); }).find("empty value"), std::string::npos);
  EXPECT_NE(thrown_message([] { parse_grid_axis("learning_rate=0.1,0.1"); }).find("given twice"), std::string::npos);
  EXPECT_NE(thrown_message([] { parse_grid_axis("items_csv=../x.csv"); }).find("cannot name a folder"), std::string::npos);
  EXPECT_NE(thrown_message([] { parse_grid_axis("seed=1,2"); }).find("--runs"), std::string::npos);
}

TEST(SweepSpec, EveryPointIsCheckedAgainstTheSchemaNamingTheKeyAndThePoint) {
  SweepSpec spec = small_sweep();
  EXPECT_NO_THROW(spec.point_configs());
  spec.grid[1] = parse_grid_axis("leak_alpha=0.5,fast");
  std::string message = thrown_message([&] { spec.point_configs(); });
  EXPECT_NE(message.find("grid point learning_rate=0.01,leak_alpha=fast"), std::string::npos) << message;
  EXPECT_NE(message.find("leak_alpha"), std::string::npos) << message;
  spec.grid[1] = parse_grid_axis("no_such_key=1");
  message = thrown_message([&] { spec.point_configs(); });
  EXPECT_NE(message.find("no_such_key"), std::string::npos) << message;
  spec.grid[1] = parse_grid_axis("learning_rate=-1");  // impossible, and a second grid key of the same name
  EXPECT_NE(thrown_message([&] { spec.point_configs(); }).find("given twice"), std::string::npos);
  spec.grid = {parse_grid_axis("learning_rate=0.01,-1")};
  message = thrown_message([&] { spec.point_configs(); });
  EXPECT_NE(message.find("grid point learning_rate=-1"), std::string::npos) << message;
}

TEST(SweepSpec, SweepTomlRoundTripsAndAnotherSweepInTheFolderIsRefused) {
  const SweepSpec spec = small_sweep();
  const SweepSpec back = SweepSpec::parse(spec.to_toml(), "sweep.toml");
  EXPECT_EQ(back.to_toml(), spec.to_toml());
  ASSERT_EQ(back.grid.size(), 2u);
  EXPECT_EQ(back.grid[0].key, "learning_rate");  // the grid's order survives TOML's unordered tables
  EXPECT_EQ(back.grid[0].values, (std::vector<std::string>{"0.01", "0.02"}));

  const fs::path dir = testing::fresh_dir("sweep-folder") / "sweep";
  open_sweep_folder(dir, spec);
  EXPECT_NO_THROW(open_sweep_folder(dir, spec));  // the same sweep resumes
  SweepSpec other = spec;
  other.grid[0] = parse_grid_axis("learning_rate=0.01,0.05");
  const std::string message = thrown_message([&] { open_sweep_folder(dir, other); });
  EXPECT_NE(message.find("its grid differs"), std::string::npos) << message;
  EXPECT_NE(message.find("--grid learning_rate=0.01,0.02"), std::string::npos) << "names the command that resumes it: " << message;
}

TEST(RunTasks, ARunClaimedByAnotherProcessIsLeftToItAndRunRefusesTheFolder) {
  const fs::path dir = testing::fresh_dir("claims") / "out";
  const Config config = testing::quick_config("smoothness-feedforward", {"datasets=synthetic", "runs=3", "synthetic.items_per_category=60"});
  const Experiment& experiment = find_experiment("smoothness-feedforward");
  fs::create_directories(dir);
  RunnerOptions options{dir, 1};
  {
    const auto held = claim_run(dir, 1);  // as a sweep task computing run 1 would
    ASSERT_TRUE(held);
    EXPECT_EQ(run_state(dir, 1), RunState::Running);
    options.only_runs = {0, 1};
    const auto outcome = run_experiment(experiment, config, options);
    EXPECT_EQ(outcome.runs_computed, 1) << "run 1 is left to its holder";
    EXPECT_EQ(run_state(dir, 0), RunState::Finished);
    EXPECT_FALSE(fs::exists(dir / "results.csv")) << "a task leaves the report to `reverie sweep report`";
    options.only_runs.clear();
    const std::string message = thrown_message([&] { run_experiment(experiment, config, options); });
    EXPECT_NE(message.find("run 1 is being computed by another reverie process"), std::string::npos) << message;
  }
  EXPECT_EQ(run_state(dir, 2), RunState::Missing);
  const auto outcome = run_experiment(experiment, config, options);  // the claim is gone with its holder
  EXPECT_EQ(outcome.runs_computed, 2);
  EXPECT_EQ(outcome.runs_reused, 1);
  EXPECT_GE(recorded_run_seconds(dir, 2), 0.0);
}

TEST(Sweep, LocalSweepEqualsRunOfEachPointAndResumesOnlyWhatIsMissing) {
  const fs::path dir = testing::fresh_dir("sweep-local");
  const std::string common = "smoothness-feedforward --quick --set datasets=synthetic --set synthetic.items_per_category=60 --runs 2";
  const std::string sweep = "sweep " + common + " --grid learning_rate=0.01,0.02 --threads 2 --out " + (dir / "sweep").string();
  const auto first = cli(sweep);
  ASSERT_EQ(first.status, 0) << first.output;
  for (const char* rate : {"0.01", "0.02"}) {
    const fs::path point = dir / "sweep" / (std::string("learning_rate=") + rate);
    const auto run = cli("run " + common + " --set learning_rate=" + rate + " --threads 1 --out " + (dir / rate).string());
    ASSERT_EQ(run.status, 0) << run.output;
    for (const char* file : {"results.csv", "claims.csv", "end_of_epoch.csv", "runs/run-0000.csv", "runs/run-0001.csv"})
      EXPECT_EQ(read_file(point / file), read_file(dir / rate / file)) << rate << " " << file;
    EXPECT_TRUE(fs::exists(point / "index.html"));
  }
  const std::string sweep_csv = read_file(dir / "sweep/sweep.csv");
  EXPECT_EQ(sweep_csv.rfind("learning_rate,run,condition,step,metric,value,", 0), 0u) << "grid columns in front";
  EXPECT_NE(sweep_csv.find("\n0.02,1,synthetic/"), std::string::npos);
  const std::string claims = read_file(dir / "sweep/claims.csv");
  EXPECT_EQ(claims.rfind("learning_rate,claim,verdict,mean_difference,ci_low,ci_high,ours\n", 0), 0u) << claims.substr(0, 200);
  EXPECT_TRUE(fs::exists(dir / "sweep/sweep-test_error-vs-learning_rate.csv"));
  EXPECT_NE(read_file(dir / "sweep/index.html").find("learning_rate=0.02/index.html"), std::string::npos);

  // As if a task had been killed: one run gone. Status names it; the same command computes only it.
  fs::remove(dir / "sweep/learning_rate=0.02/runs/run-0001.csv");
  const auto status = cli("sweep status " + (dir / "sweep").string());
  EXPECT_NE(status.output.find("3 of 4 runs done; 1 to compute: reverie sweep smoothness-feedforward"), std::string::npos) << status.output;
  const auto second = cli(sweep);
  ASSERT_EQ(second.status, 0) << second.output;
  EXPECT_NE(second.output.find("resuming: 1 tasks left"), std::string::npos) << second.output;
  EXPECT_EQ(read_file(dir / "sweep/sweep.csv"), sweep_csv);

  // A task run twice (SLURM requeues a preempted one) finds its run finished and changes nothing.
  const std::string run_file = read_file(dir / "sweep/learning_rate=0.02/runs/run-0001.csv");
  EXPECT_EQ(cli("sweep task " + (dir / "sweep").string() + " 1:1").status, 0);
  EXPECT_EQ(read_file(dir / "sweep/learning_rate=0.02/runs/run-0001.csv"), run_file);

  // `report` of a folder of outputs that holds a sweep (a manifest of another shape): the sweep is one row.
  const auto index = cli("report " + dir.string());
  ASSERT_EQ(index.status, 0) << index.output;
  const std::string top = read_file(dir / "index.html");
  EXPECT_NE(top.find("sweep of 2 points"), std::string::npos);
  EXPECT_NE(top.find("href='sweep/index.html'"), std::string::npos);
  // `report` of the sweep folder itself says which command writes its report.
  const auto sweep_report = cli("report " + (dir / "sweep").string());
  EXPECT_EQ(sweep_report.status, 2) << sweep_report.output;
  EXPECT_NE(sweep_report.output.find("reverie sweep report " + (dir / "sweep").string()), std::string::npos) << sweep_report.output;
}

// Two identical sweeps into one folder: the second is refused at start naming the first's pid (it used
// to be accepted, fail 27 s later on a point's lock, and leave the first "incomplete").
TEST(Sweep, ASecondSweepIntoAFolderInUseIsRefusedAtStartNamingTheFirst) {
  const fs::path dir = testing::fresh_dir("sweep-twice");
  const std::string sweep = "sweep smoothness-feedforward --quick --set datasets=synthetic --runs 2 --grid learning_rate=0.01,0.02"
                            " --threads 1 --out " + (dir / "sweep").string();
  const pid_t first = testing::start_cli(sweep, dir / "first.log");
  testing::wait_for_file(dir / "sweep/manifest.json");
  const auto second = cli(sweep);
  EXPECT_EQ(second.status, 2) << second.output;
  EXPECT_NE(second.output.find("another reverie process (pid " + std::to_string(first) + ") is writing into this folder"), std::string::npos)
      << second.output;
  EXPECT_EQ(testing::wait_status(first), 0) << read_file(dir / "first.log");
  EXPECT_EQ(cli(sweep).status, 0) << "once the first has ended, the same command finds the sweep complete";
}

// A metric no run records (a typo) is refused at start, listing those recorded; it used to exit 0 and draw nothing.
TEST(Sweep, AMetricNoRunRecordsIsRefusedAtStartListingTheRecordedOnes) {
  const fs::path dir = testing::fresh_dir("sweep-metric");
  const auto typo = cli("sweep smoothness-feedforward --quick --set datasets=synthetic --runs 1 --grid learning_rate=0.01,0.02"
                        " --metric test_eror --out " + (dir / "s").string());
  EXPECT_EQ(typo.status, 2) << typo.output;
  EXPECT_NE(typo.output.find("--metric test_eror: smoothness-feedforward's runs record no such metric; they record test_error, test_accuracy"),
            std::string::npos) << typo.output;
  EXPECT_FALSE(fs::exists(dir / "s")) << "nothing starts";
}

// Without the SLURM client on PATH, --executor slurm says so (it used to print "sbatch refused the sweep's job:" and nothing).
TEST(Sweep, SlurmWithoutSbatchOnThePathSaysSbatchWasNotFound) {
  const fs::path dir = testing::fresh_dir("sweep-no-sbatch");
  const auto r = testing::shell("env PATH=/nonexistent " + std::string(REVERIE_CLI_PATH) +
                                " sweep smoothness-feedforward --quick --set datasets=synthetic --runs 1 --grid learning_rate=0.01,0.02"
                                " --executor slurm --out " + (dir / "sweep").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("sbatch did not run: --executor slurm needs the SLURM client commands on PATH"), std::string::npos) << r.output;
}

TEST(Sweep, BadGridValuesAreOneLineNamingTheKeyAndThePointBeforeAnythingStarts) {
  const fs::path dir = testing::fresh_dir("sweep-bad");
  const auto bad = cli("sweep smoothness-feedforward --quick --grid learning_rate=0.01,fast --out " + (dir / "s").string());
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("grid point learning_rate=fast"), std::string::npos) << bad.output;
  EXPECT_EQ(std::count(bad.output.begin(), bad.output.end(), '\n'), 1) << bad.output;
  EXPECT_FALSE(fs::exists(dir / "s")) << "nothing starts";
  EXPECT_EQ(cli("sweep smoothness-feedforward --out " + (dir / "s").string()).status, 2) << "no --grid";
  EXPECT_EQ(cli("sweep status " + dir.string()).status, 2) << "not a sweep folder";
  EXPECT_EQ(cli("sweep smoothness-feedforward --grid learning_rate=0.1 --executor pbs --out " + (dir / "s").string()).status, 2);
}

}  // namespace
}  // namespace reverie
