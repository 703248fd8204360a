#pragma once
#include <filesystem>

#include "reverie/experiments/experiment.h"

namespace reverie {

struct RunnerOptions {
  std::filesystem::path out_dir;
  int threads = 1;  // runs in parallel; each run's math is single-threaded (bit-reproducible)
  bool quick = false;
  ExperimentEnvironment environment;
};

struct RunnerOutcome {
  int runs_computed = 0;
  int runs_reused = 0;  // finished by an earlier, interrupted invocation
};

// Runs every run of the sweep not yet finished in out_dir (each saved atomically as
// runs/run-NNNN.csv the moment it ends), then writes results.csv, statistics, figures,
// index.html, and manifest.json marked complete. An out_dir holding a different config is refused.
RunnerOutcome run_experiment(const Experiment& experiment, const Config& config, const RunnerOptions& options);

// `reverie report DIR`: redraws statistics, figures and index.html from DIR's results.
void rebuild_report(const std::filesystem::path& dir);

}  // namespace reverie
