#include "reverie/experiments/runner.h"

#include <torch/torch.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/math_threads.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string run_file_name(int run) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "run-%04d.csv", run);
  return buf;
}

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

Json machine_description(int threads) {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return {{"hostname", host},
          {"hardware_threads", std::thread::hardware_concurrency()},
          {"libtorch", TORCH_VERSION},
          {"blas", blas_description()},
          {"parallel_runs", threads},
          {"math_threads_per_run", 1}};
}

Json read_manifest(const fs::path& path) {
  Json manifest;
  try {
    manifest = Json::parse(read_file(path));
  } catch (const Json::exception&) {
    throw InputError(path.string() + ": not valid JSON; delete the folder or choose another --out");
  }
  if (!manifest.is_object()) throw InputError(path.string() + ": not a reverie manifest (expected a JSON object)");
  return manifest;
}

// What else must match for finished runs to be reused: the code and the data they came from.
Json provenance(const RunnerOptions& options) {
  const char* env = std::getenv("REVERIE_DATA_DIR");
  return {{"version", REVERIE_VERSION},
          {"device", options.environment.device.str()},
          {"data_dir", options.environment.data_dir.string()},
          {"REVERIE_DATA_DIR", env ? env : ""}};
}

// An existing out_dir may be resumed only when it holds the same experiment, config, code
// version, device and data ("runs" may grow: more seeds extend a sweep).
Json load_resumable_manifest(const fs::path& dir, const Experiment& experiment, const Json& config, const Json& origin) {
  if (!fs::exists(dir)) return Json();
  const fs::path manifest_path = dir / "manifest.json";
  if (!fs::exists(manifest_path)) {
    if (fs::is_directory(dir) && !fs::is_empty(dir))
      throw InputError(dir.string() + ": folder exists and is not a reverie output (no manifest.json); choose another --out");
    return Json();
  }
  const Json manifest = read_manifest(manifest_path);
  if (manifest.value("experiment", "") != experiment.name())
    throw InputError(dir.string() + " holds results of experiment '" + manifest.value("experiment", "") +
                     "'; choose another --out");
  for (const auto& [key, value] : config.items()) {
    if (key == "runs") continue;
    if (!manifest.contains("config") || !manifest["config"].contains(key) || manifest["config"][key] != value)
      throw InputError(dir.string() + " holds results of a different config (key '" + key +
                       "' differs); choose another --out or delete the folder");
  }
  for (const auto& [key, value] : origin.items())
    if (!manifest.contains("provenance") || manifest["provenance"].value(key, Json()) != value)
      throw InputError(dir.string() + " holds runs made with a different " + key +
                       "; choose another --out or delete the folder");
  return manifest;
}

std::vector<TidyRow> collect_rows(const fs::path& dir, int runs) {
  std::vector<TidyRow> rows;
  for (int r = 0; r < runs; ++r) {
    auto part = read_tidy_csv(dir / "runs" / run_file_name(r));
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

void write_summary(const Experiment& experiment, const Config& config, const fs::path& dir, Json& manifest) {
  const auto rows = collect_rows(dir, static_cast<int>(config.integer("runs")));
  write_file_atomic(dir / "results.csv", format_tidy_csv(rows));
  ReportContent content = experiment.summarize(config, rows, dir);
  manifest["complete"] = true;
  write_html_report(dir, content, manifest);
  write_file_atomic(dir / "manifest.json", manifest.dump(2) + "\n");  // last: complete means everything is written
}

}  // namespace

RunnerOutcome run_experiment(const Experiment& experiment, const Config& config, const RunnerOptions& options) {
  const fs::path dir = options.out_dir;
  const Json config_json = config.to_json();
  const Json origin = provenance(options);
  Json manifest = load_resumable_manifest(dir, experiment, config_json, origin);
  const Json previous_seconds = manifest.is_object() ? manifest.value("run_seconds", Json::object()) : Json::object();
  const int runs = static_cast<int>(config.integer("runs"));
  const int threads = std::max(1, std::min(options.threads, runs));

  manifest = Json{{"experiment", experiment.name()},
                  {"description", experiment.description()},
                  {"version", REVERIE_VERSION},
                  {"quick", options.quick},
                  {"seed", config.integer("seed")},
                  {"runs", runs},
                  {"config", config_json},
                  {"complete", false},
                  {"started", now_iso8601()},
                  {"machine", machine_description(threads)},
                  {"provenance", origin},
                  {"run_seconds", previous_seconds}};
  fs::create_directories(dir / "runs");
  write_file_atomic(dir / "config.toml", config.to_toml());
  write_file_atomic(dir / "manifest.json", manifest.dump(2) + "\n");

  RunnerOutcome outcome;
  std::vector<int> pending;
  for (int r = 0; r < runs; ++r) {
    if (fs::exists(dir / "runs" / run_file_name(r))) ++outcome.runs_reused;
    else pending.push_back(r);
  }

  const auto wall_start = std::chrono::steady_clock::now();
  if (!pending.empty()) {
    // Load data only when there is work: a finished sweep just redraws its report.
    set_math_threads(1);
    const auto prepared = experiment.prepare(config, options.environment);
    Progress progress(experiment.name(), prepared->work_per_run() * static_cast<int64_t>(pending.size()));
    if (outcome.runs_reused > 0)
      progress.note("resuming: " + std::to_string(outcome.runs_reused) + " of " + std::to_string(runs) + " runs already done");
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex mutex;
    auto worker = [&] {
      for (size_t i = next++; i < pending.size() && !failed; i = next++) {
        const int run = pending[i];
        try {
          const auto start = std::chrono::steady_clock::now();
          const auto rows = prepared->run(run, progress);
          write_file_atomic(dir / "runs" / run_file_name(run), format_tidy_csv(rows));
          const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          std::lock_guard lock(mutex);
          manifest["run_seconds"][std::to_string(run)] = seconds;
          ++outcome.runs_computed;
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
  }
  manifest["finished"] = now_iso8601();
  manifest["wall_seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  manifest["runs_computed"] = outcome.runs_computed;
  manifest["runs_reused"] = outcome.runs_reused;
  write_summary(experiment, config, dir, manifest);
  return outcome;
}

void rebuild_report(const fs::path& dir) {
  const fs::path manifest_path = dir / "manifest.json";
  if (!fs::exists(manifest_path)) throw InputError(dir.string() + ": no manifest.json (not a reverie output folder)");
  Json manifest = read_manifest(manifest_path);
  const Experiment& experiment = find_experiment(manifest.value("experiment", ""));
  Config::Sources sources;
  sources.base_toml = read_file(dir / "config.toml");
  sources.base_name = (dir / "config.toml").string();
  const Config config = Config::resolve(experiment.schema(), sources);
  for (int r = 0; r < config.integer("runs"); ++r)
    if (!fs::exists(dir / "runs" / run_file_name(r)))
      throw InputError(dir.string() + ": run " + std::to_string(r) + " is not finished; resume it with `reverie run " +
                       experiment.name() + " --out " + dir.string() + "` and the same options");
  write_summary(experiment, config, dir, manifest);
}

}  // namespace reverie
