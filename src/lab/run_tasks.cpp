#include "reverie/lab/run_tasks.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "reverie/core/atomic_file.h"
#include "reverie/core/checksum.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

Json read_record(const fs::path& dir, int run) {
  const fs::path path = OutputFolder(dir).task_file(run, "json");
  if (!fs::exists(path)) return Json();
  try {
    return Json::parse(read_file(path));
  } catch (const std::exception&) {
    return Json();  // a record is a note for `sweep status`, never a result: unreadable counts as none
  }
}

std::string host_name() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return host;
}

}  // namespace

std::unique_ptr<FileLock> claim_run(const fs::path& dir, int run, std::string* holder) {
  fs::create_directories(OutputFolder(dir).tasks());
  return FileLock::try_acquire(OutputFolder(dir).task_file(run, "lock"), holder);
}

RunFileOrigin run_file_origin(const Json& manifest) {
  const auto object = [&](const char* key) {
    const Json value = manifest.is_object() ? manifest.value(key, Json::object()) : Json::object();
    return value.is_object() ? value : Json::object();
  };
  Json config = object("config"), provenance = object("provenance");
  // More runs extend a folder, and where or how often checkpoints are saved changes no number: a run
  // file is the same whatever these say.
  for (const char* key : {"runs", "checkpoint_every", "checkpoint_dir"}) config.erase(key);
  const Json build = provenance.value("build_sources_sha256", Json(""));
  provenance.erase("build_sources_sha256");  // a field of its own: a folder may keep other builds' runs on purpose
  RunFileOrigin origin{crc32_hex(crc32_of(Json{{"config", config}, {"provenance", provenance}}.dump())),
                       build.is_string() ? build.get<std::string>().substr(0, 12) : "", {}};
  const Json reused = manifest.is_object() ? manifest.value("runs_reused_from_builds", Json::array()) : Json::array();
  for (const auto& other : reused)
    if (other.is_string()) origin.reused_builds.push_back(other.get<std::string>().substr(0, 12));
  return origin;
}

RunFileOrigin run_file_origin(const fs::path& dir) {
  const fs::path path = OutputFolder(dir).manifest();
  try {
    return run_file_origin(Json::parse(read_file(path)));
  } catch (const Json::exception&) {
    throw InputError(path.string() + ": not valid JSON; delete the folder or choose another --out");
  }
}

std::string run_file_problem(const fs::path& dir, int run, const RunFileOrigin& origin) {
  const fs::path file = OutputFolder(dir).run_file(run);
  if (!fs::exists(file)) return "not finished";
  if (const std::string damage = run_file_damage(read_file(file), run, origin); !damage.empty())
    return file.string() + " is damaged (" + damage + ")";
  return "";
}

void record_run_started(const fs::path& dir, int run) {
  fs::create_directories(OutputFolder(dir).tasks());
  const Json record{{"run", run}, {"host", host_name()}, {"pid", ::getpid()}};
  write_file_atomic(OutputFolder(dir).task_file(run, "json"), record.dump() + "\n");
}

void record_run_finished(const fs::path& dir, int run, double seconds) {
  const Json record{{"run", run}, {"host", host_name()}, {"pid", ::getpid()}, {"seconds", seconds}};
  write_file_atomic(OutputFolder(dir).task_file(run, "json"), record.dump() + "\n");
}

double recorded_run_seconds(const fs::path& dir, int run) {
  const Json record = read_record(dir, run);
  return record.is_object() && record.contains("seconds") && record["seconds"].is_number() ? record["seconds"].get<double>() : -1;
}

RunState run_state(const fs::path& dir, int run) {
  if (fs::exists(OutputFolder(dir).run_file(run)) && run_file_problem(dir, run, run_file_origin(dir)).empty()) return RunState::Finished;
  if (fs::exists(OutputFolder(dir).task_file(run, "lock")) && !claim_run(dir, run)) return RunState::Running;
  return read_record(dir, run).is_object() ? RunState::Failed : RunState::Missing;
}

const char* run_state_name(RunState state) {
  switch (state) {
    case RunState::Finished: return "done";
    case RunState::Running: return "running";
    case RunState::Failed: return "failed";
    case RunState::Missing: return "missing";
  }
  return "missing";
}

}  // namespace reverie
