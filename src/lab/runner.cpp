#include "reverie/lab/runner.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iostream>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "reverie/core/atomic_file.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/error.h"
#include "reverie/core/folder_lock.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/run_file.h"
#include "reverie/core/training_divergence.h"
#include "reverie/data/data_files.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/run_checkpoint.h"
#include "reverie/lab/run_tasks.h"
#include "output_manifest.h"
#include "run_collection.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Temporary files of writes that an interrupt cut short (write_file_atomic's NAME.tmp.PID.N).
void remove_interrupted_writes(const fs::path& dir) {
  const OutputFolder out(dir);
  for (const auto& folder : {dir, out.runs(), out.tasks(), out.checkpoints()}) {
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().filename().string().find(".tmp.") != std::string::npos) fs::remove(entry.path());
  }
}

void write_summary(const Experiment& experiment, const Config& config, const fs::path& dir, Json& manifest) {
  const int runs = static_cast<int>(config.integer("runs"));
  const CollectedRuns collected = collect_runs(dir, runs, run_file_origin(manifest));
  Json diverged = Json::object();
  std::string left_out;
  for (const auto& [run, why] : collected.diverged) {
    diverged[std::to_string(run)] = why;
    left_out += (left_out.empty() ? "" : " ") + std::to_string(run);
  }
  manifest["diverged_runs"] = diverged;
  for (int r = 0; r < runs; ++r)  // runs that sweep tasks computed recorded their time beside them
    if (const double seconds = recorded_run_seconds(dir, r); seconds >= 0 && !manifest["run_seconds"].contains(std::to_string(r)))
      manifest["run_seconds"][std::to_string(r)] = seconds;
  if (collected.kept.empty()) {
    manifest["complete"] = false;
    write_manifest(dir, manifest);
    throw InputError("every run diverged (run 0: " + collected.diverged.begin()->second +
                     "); no statistics written. Lower the learning rate, or see runs/ in " + dir.string());
  }
  write_file_atomic(OutputFolder(dir).results(), format_tidy_csv(collected.original_rows, experiment.condition_factors()));
  Config kept_config = config;
  kept_config.set("runs", std::to_string(collected.kept.size()));
  ReportContent content = experiment.summarize(kept_config, collected.rows, dir);
  if (!collected.diverged.empty()) {
    mark_claims_with_diverged_runs(dir, left_out);
    std::string warning = "<p style='color:#a00'><b>" + std::to_string(collected.diverged.size()) + " of " +
                          std::to_string(runs) + " runs diverged and were left out of every statistic, figure and claim</b> "
                          "(their rows stay in runs/; results.csv holds the other runs). ";
    for (const auto& [run, why] : collected.diverged) warning += "Run " + std::to_string(run) + ": " + html_escape(why) + ". ";
    if (collected.diverged.count(0))  // some experiments draw traces and image grids from run 0 alone
      warning += "Figures drawn from run 0 alone (traces, image grids, frame strips) are empty: run 0 diverged. ";
    content.notice_html = warning + "The statistics below number the remaining runs 0.." +
                          std::to_string(collected.kept.size() - 1) + " in order.</p>\n";
  }
  manifest["complete"] = true;
  const std::string not_drawn = write_html_report(dir, content, manifest);
  write_manifest(dir, manifest);  // last: complete means everything is written
  if (!not_drawn.empty()) std::cerr << "reverie: " << not_drawn << "\n";
}

}  // namespace

namespace {

// Refuses an --out that cannot hold this experiment's output, then creates the folder.
void open_output_folder(const Experiment& experiment, const RunnerOptions& options) {
  const fs::path& dir = options.out_dir;
  if (const std::string why = experiment.device_refusal(options.environment.device); !why.empty())
    throw InputError(experiment.name() + " on " + options.environment.device.str() + ": " + why);
  if (dir.empty()) throw InputError("--out: expected a folder, got an empty path");
  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError(dir.string() + ": exists and is not a folder; choose another --out");
  // A folder of someone else's is refused before the lock file would be left in it.
  // (A lock file means a reverie writer holds or held it: the locked check below tells which.)
  if (fs::is_directory(dir) && !fs::exists(OutputFolder(dir).manifest()) && !fs::exists(dir / FolderLock::kFileName) &&
      !is_empty_but_for_lock(dir))
    throw InputError(dir.string() + ": folder exists and is not a reverie output (no manifest.json); choose another --out");
  std::error_code created;
  fs::create_directories(dir, created);
  if (created) throw InputError(dir.string() + ": cannot create the output folder (" + created.message() + "); choose another --out");
}

// This invocation's manifest: what the folder's earlier one recorded that stays true (run times,
// data files, the builds whose runs are reused) under this invocation's config and provenance.
Json invocation_manifest(const Experiment& experiment, const Config& config, const RunnerOptions& options, int threads,
                         const Json& previous, const Json& config_json, const Json& origin) {
  const bool resumed = previous.is_object();
  Json reused_builds = resumed ? previous.value("runs_reused_from_builds", Json::array()) : Json::array();
  if (resumed) {
    const std::string old_build = previous.value("provenance", Json::object()).value("build_sources_sha256", "unrecorded");
    if (old_build != build_sources_sha256() && std::find(reused_builds.begin(), reused_builds.end(), old_build) == reused_builds.end())
      reused_builds.push_back(old_build);
  }
  return Json{{"experiment", experiment.name()},
              {"description", experiment.description()},
              {"version", REVERIE_VERSION},
              {"build", build_description()},
              {"quick", options.quick},
              {"seed", config.integer("seed")},
              {"runs", config.integer("runs")},
              {"config", config_json},
              {"complete", false},
              {"started", now_iso8601()},
              {"machine", machine_description(threads)},
              {"provenance", origin},
              {"data_files", resumed ? previous.value("data_files", Json::array()) : Json::array()},
              {"runs_reused_from_builds", reused_builds},
              {"run_seconds", resumed ? previous.value("run_seconds", Json::object()) : Json::object()}};
}

// The runs this invocation computes, each claimed (held until it ends), and what it found.
struct ClaimedRuns {
  std::vector<int> pending;
  std::vector<std::unique_ptr<FileLock>> claims;
  std::vector<std::string> notes;  // runs left to another process, or computed again, and why
  int reused = 0;                  // finished before this invocation
};

// Each run to compute is claimed first: one process computes it, even when a cluster runs a task
// twice (requeued after preemption) or a user starts `reverie run` beside a sweep.
ClaimedRuns claim_runs(const fs::path& dir, const std::vector<int>& considered, const RunFileOrigin& origin_of_runs, bool task) {
  ClaimedRuns claimed;
  for (const int r : considered) {
    const std::string problem = run_file_problem(dir, r, origin_of_runs);
    if (problem.empty()) {
      ++claimed.reused;
      continue;
    }
    std::string holder;
    auto claim = claim_run(dir, r, &holder);
    if (!claim) {
      if (!task)
        throw InputError(dir.string() + ": run " + std::to_string(r) + " is being computed by another reverie process (pid " +
                         holder + ", e.g. a sweep task); wait for it to end or choose another --out");
      claimed.notes.push_back("run " + std::to_string(r) + ": being computed by pid " + holder + "; left to it");
      continue;
    }
    if (run_file_problem(dir, r, origin_of_runs).empty()) {  // finished between the check and the claim
      ++claimed.reused;
      continue;
    }
    if (problem != "not finished") claimed.notes.push_back("run " + std::to_string(r) + ": " + problem + "; computing it again");
    record_run_started(dir, r);  // from now on, a run that does not finish is a failed one (`sweep status`)
    claimed.pending.push_back(r);
    claimed.claims.push_back(std::move(claim));
  }
  return claimed;
}

// The data files the prepared experiment read, checked against the folder's and recorded in its
// manifest; a sweep task compares with the folder's current manifest (another task may have
// recorded them meanwhile).
void record_data_files(const fs::path& dir, bool task, const Json& previous_files, const Json& files, Json& manifest) {
  if (task) {
    const FolderLock lock(dir, 600.0);
    Json current = read_manifest(OutputFolder(dir).manifest());
    check_data_unchanged(dir, current.value("data_files", Json::array()), files);
    if (!files.empty() && current.value("data_files", Json::array()).empty()) {
      current["data_files"] = files;
      write_manifest(dir, current);
    }
    return;
  }
  check_data_unchanged(dir, previous_files, files);
  if (!files.empty()) {
    manifest["data_files"] = files;
    write_manifest(dir, manifest);  // a run killed from now on still names its data
  }
}

// One run computed and saved as its run file; a run that diverged keeps the row where it did.
double compute_run(const PreparedExperiment& prepared, int run, const fs::path& dir, const RunFileOrigin& origin_of_runs,
                   const fs::path& checkpoint_dir, bool keep_checkpoints, Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<TidyRow> rows;
  try {
    rows = prepared.run(run, progress);
  } catch (const TrainingDiverged& e) {
    // The run stopped where its error turned non-finite; that one row is its record.
    rows = {{run, e.condition().empty() ? "unnamed" : e.condition(), e.step(), e.metric(), std::numeric_limits<double>::quiet_NaN()}};
  }
  if (const std::string why = divergence(rows); !why.empty())
    progress.note("run " + std::to_string(run) + " diverged: " + why + "; it is left out of the statistics");
  write_file_atomic(OutputFolder(dir).run_file(run), format_run_file(rows, origin_of_runs));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  record_run_finished(dir, run, seconds);
  if (!keep_checkpoints) fs::remove(run_checkpoint_file(checkpoint_dir, run));
  return seconds;
}

// The pending runs on `threads` threads; each run's time goes to the manifest. The first error
// stops the others from starting a run and is rethrown.
int compute_runs(const PreparedExperiment& prepared, const std::vector<int>& pending, int threads, const fs::path& dir,
                 const RunFileOrigin& origin_of_runs, const fs::path& checkpoint_dir, bool keep_checkpoints, Progress& progress,
                 Json& manifest) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex mutex;
  int computed = 0;
  auto worker = [&] {
    for (size_t i = next++; i < pending.size() && !failed; i = next++) {
      const int run = pending[i];
      try {
        const double seconds = compute_run(prepared, run, dir, origin_of_runs, checkpoint_dir, keep_checkpoints, progress);
        std::lock_guard lock(mutex);
        manifest["run_seconds"][std::to_string(run)] = seconds;
        ++computed;
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failed.exchange(true)) error = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  progress.finish();
  if (error) std::rethrow_exception(error);
  return computed;
}

}  // namespace

RunnerOutcome run_experiment(const Experiment& experiment, const Config& config, const RunnerOptions& options) {
  const fs::path dir = options.out_dir;
  const OutputFolder out(dir);
  open_output_folder(experiment, options);
  const int runs = static_cast<int>(config.integer("runs"));
  // A sweep task shares the folder with other tasks: it holds the folder only while it reads and
  // writes the manifest (other tasks do so for milliseconds), and claims its runs one by one.
  const bool task = !options.only_runs.empty();
  for (const int r : options.only_runs)
    if (r < 0 || r >= runs) throw InputError("run " + std::to_string(r) + ": expected a run number from 0 to " + std::to_string(runs - 1));
  auto lock = std::make_unique<FolderLock>(dir, task ? 600.0 : 0.0);
  if (!task) remove_interrupted_writes(dir);  // a task's neighbours may be writing theirs now
  const Json config_json = config.to_json();
  const Json origin = provenance(options);
  const Json previous = load_resumable_manifest(dir, experiment, config_json, origin, options);
  const Json previous_files = previous.is_object() ? previous.value("data_files", Json::array()) : Json::array();
  std::vector<int> considered = options.only_runs;
  if (!task)
    for (int r = 0; r < runs; ++r) considered.push_back(r);
  const int threads = std::max(1, std::min(options.threads, static_cast<int>(considered.size())));
  Json manifest = invocation_manifest(experiment, config, options, threads, previous, config_json, origin);
  fs::create_directories(out.runs());
  write_file_atomic(out.config(), config.to_toml());
  write_manifest(dir, manifest);

  const RunFileOrigin origin_of_runs = run_file_origin(manifest);
  const ClaimedRuns claimed = claim_runs(dir, considered, origin_of_runs, task);
  if (task) lock.reset();
  RunnerOutcome outcome;
  outcome.runs_reused = claimed.reused;
  const auto wall_start = std::chrono::steady_clock::now();
  if (!claimed.pending.empty()) {
    // Load data only when there is work: a finished sweep just redraws its report.
    set_math_threads(1);
    clear_data_files_read();
    ExperimentEnvironment environment = options.environment;
    environment.checkpoint_dir = out.checkpoints();
    const auto prepared = experiment.prepare(config, environment);
    const Json files = data_files_json();
    record_data_files(dir, task, previous_files, files, manifest);
    Progress progress(experiment.name(), prepared->work_per_run() * static_cast<int64_t>(claimed.pending.size()));
    for (const auto& line : claimed.notes) progress.note(line);
    if (outcome.runs_reused > 0)
      progress.note("resuming: " + std::to_string(outcome.runs_reused) + " of " + std::to_string(considered.size()) +
                    " runs already done");
    outcome.runs_computed = compute_runs(*prepared, claimed.pending, threads, dir, origin_of_runs, environment.checkpoint_dir,
                                         options.keep_checkpoints, progress, manifest);
    if (!task) {
      const Json all_files = data_files_json();  // runs may read data of their own (e.g. cached models' data)
      check_data_unchanged(dir, previous_files, all_files);
      if (all_files.size() > files.size()) manifest["data_files"] = all_files;
    }
  } else {
    for (const auto& line : claimed.notes) std::cerr << experiment.name() << ": " << line << "\n";
  }
  if (task) return outcome;  // the report waits for every task: `reverie sweep report`
  manifest["finished"] = now_iso8601();
  manifest["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  manifest["runs_computed"] = outcome.runs_computed;
  manifest["runs_reused"] = outcome.runs_reused;
  write_summary(experiment, config, dir, manifest);
  outcome.runs_diverged = static_cast<int>(manifest["diverged_runs"].size());
  return outcome;
}

namespace {

// manifest.json of an output folder, or InputError saying the folder is not one.
fs::path existing_manifest(const fs::path& dir) {
  const fs::path manifest_path = OutputFolder(dir).manifest();
  if (!fs::exists(manifest_path)) throw InputError(dir.string() + ": no manifest.json (not a reverie output folder)");
  return manifest_path;
}

}  // namespace

void rebuild_report(const fs::path& dir) {
  rebuild_report(dir, find_experiment(read_manifest(existing_manifest(dir)).value("experiment", "")));
}

void rebuild_report(const fs::path& dir, const Experiment& experiment) {
  const fs::path manifest_path = existing_manifest(dir);
  const FolderLock lock(dir);
  Json manifest = read_manifest(manifest_path);
  if (manifest.value("experiment", "") != experiment.name())
    throw InputError(dir.string() + " holds results of experiment '" + manifest.value("experiment", "") + "', not " + experiment.name());
  Config::Sources sources;
  sources.base_toml = read_file(OutputFolder(dir).config());
  sources.base_name = OutputFolder(dir).config().string();
  const Config config = Config::resolve(experiment.schema(), sources);
  const std::string resume = "resume it with `reverie run " + experiment.name() + " --out " + dir.string() + "` and the same options";
  const RunFileOrigin origin_of_runs = run_file_origin(manifest);
  for (int r = 0; r < config.integer("runs"); ++r) {
    std::string problem = run_file_problem(dir, r, origin_of_runs);
    if (problem.empty()) continue;
    if (problem == "not finished") problem = "run " + std::to_string(r) + " is not finished";
    // The folder no longer matches what a complete report promises: say so before refusing.
    if (manifest.value("complete", false)) {
      manifest["complete"] = false;
      write_manifest(dir, manifest);
    }
    throw InputError(dir.string() + ": " + problem + "; " + resume + " (it computes the missing runs again)");
  }
  remove_interrupted_writes(dir);  // only now: while a run is missing, a sweep task may be writing it
  write_summary(experiment, config, dir, manifest);
}

}  // namespace reverie
