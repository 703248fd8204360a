#include "output_manifest.h"

#include <unistd.h>

#include <ctime>
#include <map>
#include <thread>

#include "reverie/core/atomic_file.h"
#include "reverie/core/blas_kernels.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/error.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/output_folder.h"
#include "reverie/data/data_files.h"
#include "reverie/data/dataset.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// The data folder as it takes effect: no --data-dir and --data-dir at the default are the same data.
std::string effective_data_dir(const fs::path& data_dir) {
  return fs::weakly_canonical(data_dir.empty() ? default_data_dir() : data_dir).string();
}

}  // namespace

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
          {"blas_kernels", blas_kernel_family()},
          {"parallel_runs", threads},
          {"math_threads_per_run", 1}};
}

Json build_description() {
  return {{"version", REVERIE_VERSION},
          {"sources_sha256", build_sources_sha256()},
          {"git_commit", build_git_commit()},
          {"git_dirty", build_git_dirty()}};
}

void write_manifest(const fs::path& dir, const Json& manifest) {
  write_file_atomic(OutputFolder(dir).manifest(), manifest.dump(2) + "\n");
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

// What else must match for finished runs to be reused: the code and the data they came from
// (the data files themselves are compared once they are read: check_data_unchanged).
Json provenance(const RunnerOptions& options) {
  const char* env = std::getenv("REVERIE_DATA_DIR");
  const bool env_matters = options.environment.data_dir.empty();  // --data-dir overrides the variable
  return {{"version", REVERIE_VERSION},
          {"build_sources_sha256", build_sources_sha256()},
          {"device", options.environment.device.str()},
          {"data_dir", effective_data_dir(options.environment.data_dir)},
          {"REVERIE_DATA_DIR", env && env_matters ? env : ""}};
}

bool is_empty_but_for_lock(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir))
    if (!OutputFolder::is_bookkeeping(entry.path().filename())) return false;
  return true;
}

// An existing out_dir may be resumed only when it holds the same experiment, config, build,
// device and data ("runs" may grow: more seeds extend a sweep). Called with the folder locked,
// so no other writer can change it between this check and the runs.
Json load_resumable_manifest(const fs::path& dir, const Experiment& experiment, const Json& config, const Json& origin,
                             const RunnerOptions& options) {
  const fs::path manifest_path = OutputFolder(dir).manifest();
  if (!fs::exists(manifest_path)) {
    if (!is_empty_but_for_lock(dir))
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
  const Json previous = manifest.value("provenance", Json::object());
  for (const auto& [key, value] : origin.items()) {
    if (previous.value(key, Json()) == value) continue;
    if (key == "build_sources_sha256") {
      if (options.reuse_runs_from_other_build) continue;
      const std::string old = previous.value(key, std::string("unrecorded"));
      throw InputError(dir.string() + " holds runs made by another build of reverie (sources " + old.substr(0, 12) +
                       ", this build " + std::string(build_sources_sha256()).substr(0, 12) +
                       "); start fresh with another --out (or delete the folder), or keep the old runs with "
                       "--reuse-runs-from-other-build");
    }
    throw InputError(dir.string() + " holds runs made with a different " + key + "; choose another --out or delete the folder");
  }
  return manifest;
}

Json data_files_json() {
  Json files = Json::array();
  for (const auto& f : data_files_read())
    files.push_back({{"dataset", f.dataset}, {"path", f.path}, {"bytes", f.bytes}, {"crc32", f.crc32}});
  return files;
}

// Finished runs were computed from the files the previous invocation recorded: each dataset
// read again must come from the same files with the same bytes, or the sweep would mix data.
void check_data_unchanged(const fs::path& dir, const Json& previous_files, const Json& current_files) {
  const auto by_dataset = [](const Json& files) {
    std::map<std::string, std::map<std::string, std::string>> out;  // dataset -> path -> "bytes crc32"
    for (const auto& f : files)
      out[f.value("dataset", "")][f.value("path", "")] = std::to_string(f.value("bytes", 0)) + " " + f.value("crc32", "");
    return out;
  };
  const auto before = by_dataset(previous_files), now = by_dataset(current_files);
  for (const auto& [dataset, files] : now) {
    const auto it = before.find(dataset);
    if (it == before.end() || it->second == files) continue;
    const auto& old_files = it->second;
    std::string what = "its files moved";
    for (const auto& [path, id] : files)
      if (old_files.count(path) && old_files.at(path) != id) what = path + " changed";
    throw InputError("dataset '" + dataset + "': " + what + " since the finished runs in " + dir.string() +
                     " read it; choose another --out or delete the folder");
  }
}

}  // namespace reverie
