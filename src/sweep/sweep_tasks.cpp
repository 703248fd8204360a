#include <unistd.h>

#include <cstdlib>
#include <map>

#include "reverie/core/error.h"
#include "reverie/lab/runner.h"
#include "reverie/sweep/sweep_execution.h"

namespace reverie {

namespace fs = std::filesystem;

fs::path reverie_executable() { return fs::read_symlink("/proc/self/exe"); }

namespace {

// Runs of one point computed side by side: one, unless SLURM gave this task more CPUs
// (--slurm-option=--cpus-per-task=N, with --tasks-per-job N or more).
int task_threads() {
  const char* cpus = std::getenv("SLURM_CPUS_PER_TASK");
  const int n = cpus ? std::atoi(cpus) : 1;
  return n > 0 ? n : 1;
}

}  // namespace

void run_sweep_tasks(const fs::path& dir, const std::vector<SweepTask>& tasks) {
  const SweepSpec spec = read_sweep_spec(dir);
  const auto points = spec.points();
  std::map<int, std::vector<int>> runs_of_point;
  for (const auto& task : tasks) {
    if (task.point >= static_cast<int>(points.size()))
      throw InputError("task " + task.text() + ": the sweep has points 0 to " + std::to_string(points.size() - 1));
    runs_of_point[task.point].push_back(task.run);
  }
  for (const auto& [p, runs] : runs_of_point) {
    const Config config = spec.point_config(points[p]);
    RunnerOptions options;
    options.out_dir = dir / points[p].name();
    options.threads = task_threads();  // each run single-threaded: the scheduler (or the local executor) runs tasks side by side
    options.quick = spec.quick;
    options.environment = spec.environment();
    options.only_runs = runs;
    run_experiment(spec.find(), config, options);
  }
}

}  // namespace reverie
