#pragma once
// Running a sweep: its tasks (one run of one point each) computed here, by local child
// processes, or by a SLURM job array; every way ends in the same run files.
#include <filesystem>
#include <string>
#include <vector>

#include "reverie/sweep/sweep_spec.h"

namespace reverie {

// `reverie sweep task DIR P:R...`: computes these runs (grouped by point) into their point
// folders, beside other tasks of the same sweep; a run already finished or claimed is skipped.
void run_sweep_tasks(const std::filesystem::path& dir, const std::vector<SweepTask>& tasks);

// The executable computing tasks: this binary (absolute), for child processes and batch scripts.
std::filesystem::path reverie_executable();

// `--executor local`: every unfinished task as a child process of this one, `threads` at a
// time, each logged to DIR/logs/; then the report. Returns the tasks that failed.
int run_sweep_locally(const std::filesystem::path& dir, const SweepSpec& spec, int threads);

struct SlurmSettings {
  int tasks_per_job = 1;                   // (point, run) tasks per array element
  bool wait = false;                       // block until the report job ends
  std::vector<std::string> sbatch_options; // passed through to sbatch (partition, time, memory, gres)
};
// `--executor slurm`: one job array over the unfinished tasks and one dependent job writing the
// report; prints their ids. InputError when a job of this sweep is still queued or running, or
// sbatch refuses. With settings.wait, returns the report job's exit status; else 0.
int submit_sweep_to_slurm(const std::filesystem::path& dir, const SweepSpec& spec, const SlurmSettings& settings);

}  // namespace reverie
