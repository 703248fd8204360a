#pragma once
#include <filesystem>
#include <vector>

#include "reverie/lab/experiment.h"

namespace reverie {

struct RunnerOptions {
  std::filesystem::path out_dir;
  int threads = 1;  // runs in parallel; each run's math is single-threaded (bit-reproducible)
  bool quick = false;
  // Resume with finished runs that another build (other sources) computed; refused otherwise.
  bool reuse_runs_from_other_build = false;
  // Keep each run's training checkpoint (OUT/.checkpoints) after the run finishes (they can be large).
  bool keep_checkpoints = false;
  ExperimentEnvironment environment;
  // A sweep task: compute only these runs, beside other processes computing other runs of the
  // same folder (each run is claimed by one: run_tasks.h), and leave the report to
  // `reverie sweep report`. Empty: every run, then the report (`reverie run`).
  std::vector<int> only_runs;
};

struct RunnerOutcome {
  int runs_computed = 0;
  int runs_reused = 0;  // finished by an earlier, interrupted invocation
  int runs_diverged = 0;  // non-finite values: kept in runs/, left out of results.csv and every statistic
};

// Runs every run of the sweep not yet finished in out_dir (each saved atomically as
// runs/run-NNNN.csv the moment it ends), then writes results.csv, statistics, figures,
// index.html, and manifest.json marked complete. The folder is locked for the whole call (a
// second writer is refused, naming the first one's pid; so is a run that a sweep task is
// computing); an out_dir holding a different config, build, device or data is refused; a damaged
// run file is computed again. With options.only_runs, see there.
RunnerOutcome run_experiment(const Experiment& experiment, const Config& config, const RunnerOptions& options);

// `reverie report DIR`: redraws statistics, figures and index.html from DIR's results. A missing
// or damaged run file is refused, and the manifest is marked incomplete first.
void rebuild_report(const std::filesystem::path& dir);
void rebuild_report(const std::filesystem::path& dir, const Experiment& experiment);  // an unregistered one (tests)

}  // namespace reverie
