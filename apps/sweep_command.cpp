#include "sweep_command.h"

#include <iostream>

#include "reverie/core/build_identity.h"
#include "reverie/core/device.h"
#include "reverie/core/error.h"
#include "reverie/core/folder_lock.h"
#include "reverie/core/output_folder.h"
#include "reverie/lab/registry.h"
#include "reverie/sweep/sweep_execution.h"
#include "reverie/sweep/sweep_manifest.h"
#include "reverie/sweep/sweep_report.h"

namespace fs = std::filesystem;

void add_sweep_options(CLI::App* sweep, SweepOptions& options) {
  sweep->require_subcommand(0, 1);
  add_experiment_options(sweep, options.experiment);
  sweep->add_option("--grid", options.grid, "KEY=V1,V2,...: one grid key and its values; repeatable (the points are every combination)");
  sweep->add_option("--out", options.out_dir, "Sweep folder: sweep.toml, one output folder per point, sweep.csv, claims.csv, index.html");
  sweep->add_option("--executor", options.executor, "local: child processes here, --threads at a time; slurm: one job array (sbatch)")
      ->check(CLI::IsMember({"local", "slurm"}));
  sweep->add_option("--tasks-per-job", options.tasks_per_job, "slurm: (point, run) tasks per array element")->check(positive_integer());
  sweep->add_flag("--wait", options.wait, "slurm: block until the report job ends; exit 1 if any task failed");
  sweep->add_option("--slurm-option", options.slurm_options,
                    "slurm: an sbatch option for every job of the sweep, e.g. --slurm-option=--partition=gpu --slurm-option=--gres=gpu:1; repeatable");
  sweep->add_option("--metric", options.metric, "The metric drawn against each grid key (default: the experiment's main metric)");

  options.status = sweep->add_subcommand("status", "Per point: runs done, running, failed, missing; and the command that completes them");
  options.status->add_option("dir", options.dir, "Sweep folder")->required();
  options.report = sweep->add_subcommand("report", "Write each finished point's report and the sweep's summary (the SLURM report job)");
  options.report->add_option("dir", options.dir, "Sweep folder")->required();
  options.task = sweep->add_subcommand("task", "Compute tasks POINT:RUN of a sweep (what executors run; safe to run twice)");
  options.task->add_option("dir", options.dir, "Sweep folder")->required();
  options.task->add_option("tasks", options.tasks, "POINT:RUN, as in the executor's task lists")->required();
}

namespace {

// 1 with the reasons when points are unfinished, else 0.
int report_and_status(const fs::path& dir) {
  const auto outcome = reverie::write_sweep_report(dir);
  std::cout << "report: " << reverie::OutputFolder(dir).page().string() << "\n";
  if (outcome.incomplete.empty()) return 0;
  std::cerr << "reverie: sweep incomplete: " << outcome.incomplete.size() << " of " << outcome.points << " points have unfinished runs ("
            << outcome.incomplete.front() << (outcome.incomplete.size() > 1 ? "; ..." : "") << "); `reverie sweep status "
            << dir.string() << "` lists them and the command that completes them\n";
  return 1;
}

}  // namespace

int run_sweep_command(const CLI::App& sweep, const SweepOptions& options) {
  if (*options.status) {
    std::cout << reverie::sweep_status_text(options.dir);
    return 0;
  }
  if (*options.report) return report_and_status(options.dir);
  if (*options.task) {
    std::vector<reverie::SweepTask> tasks;
    for (const auto& t : options.tasks) tasks.push_back(reverie::parse_sweep_task(t));
    reverie::run_sweep_tasks(options.dir, tasks);
    return 0;
  }
  (void)sweep;
  const ExperimentOptions& e = options.experiment;
  if (e.name.empty()) throw reverie::InputError("sweep: expected an experiment name (see `reverie list`), or status, report or task");
  if (options.out_dir.empty()) throw reverie::InputError("sweep: --out DIR is required (the sweep's folder)");
  if (options.grid.empty()) throw reverie::InputError("sweep: expected at least one --grid KEY=V1,V2,...");
  reverie::SweepSpec spec;
  spec.experiment = reverie::find_experiment(e.name).name();
  for (const auto& g : options.grid) spec.grid.push_back(reverie::parse_grid_axis(g));
  if (!e.config_file.empty()) spec.config_file = fs::absolute(e.config_file).lexically_normal().string();
  spec.assignments = e.assignments;
  spec.runs = e.runs;
  spec.quick = e.quick;
  if (!e.data_dir.empty()) spec.data_dir = fs::absolute(e.data_dir).lexically_normal().string();
  spec.device = reverie::parse_device(e.device).str();
  spec.metric = options.metric;
  spec.point_configs();  // every point checked before anything starts

  const fs::path dir = options.out_dir;
  reverie::open_sweep_folder(dir, spec);
  // One invocation drives a sweep folder at a time: a second one started beside it is refused here,
  // naming the first's pid, instead of failing later on a point's lock and leaving the first incomplete.
  const reverie::FolderLock lock(dir);
  auto manifest = reverie::read_sweep_manifest(dir);
  manifest["experiment"] = spec.experiment;
  manifest["build"] = reverie::build_identity_line();
  manifest["command"] = spec.command(dir);
  manifest["complete"] = false;  // until this invocation's report says otherwise
  reverie::write_sweep_manifest(dir, manifest);

  if (options.executor == "slurm") {
    reverie::SlurmSettings settings;
    settings.tasks_per_job = options.tasks_per_job;
    settings.wait = options.wait;
    settings.sbatch_options = options.slurm_options;
    const int status = reverie::submit_sweep_to_slurm(dir, spec, settings);
    if (!options.wait) return 0;
    std::cout << reverie::sweep_status_text(dir);
    return status == 0 ? 0 : 1;
  }
  const int failed = reverie::run_sweep_locally(dir, spec, e.threads);
  const int status = report_and_status(dir);
  if (failed > 0) std::cerr << "reverie: " << failed << " task(s) failed; their logs are in " << (dir / "logs").string() << "\n";
  return failed > 0 ? 1 : status;
}
