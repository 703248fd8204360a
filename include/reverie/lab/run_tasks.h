#pragma once
// Runs as the unit of work that several processes share (sweep tasks on a cluster): each run of
// an output folder is claimed by one process while it is computed (DIR/.tasks/run-NNNN.lock),
// and leaves a record of who computed it and how long it took (DIR/.tasks/run-NNNN.json).
#include <filesystem>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "reverie/core/file_lock.h"
#include "reverie/core/run_file.h"

namespace reverie {

// Null when another process computes `run` now; `holder` then gets its pid.
std::unique_ptr<FileLock> claim_run(const std::filesystem::path& dir, int run, std::string* holder = nullptr);

// What the run files of the folder with this manifest must name: its config and provenance, its
// build and the other builds whose runs it keeps.
RunFileOrigin run_file_origin(const nlohmann::json& manifest);
// The same from DIR/manifest.json (InputError when it is missing or not JSON).
RunFileOrigin run_file_origin(const std::filesystem::path& dir);

// Why run `run`'s file cannot be reused: "" when it is intact and the folder's, "not finished", or its damage.
std::string run_file_problem(const std::filesystem::path& dir, int run, const RunFileOrigin& origin);

// The task record: written when a claimed run starts, completed with its seconds when it ends.
void record_run_started(const std::filesystem::path& dir, int run);
void record_run_finished(const std::filesystem::path& dir, int run, double seconds);
// Seconds of a finished run's record; negative when there is none.
double recorded_run_seconds(const std::filesystem::path& dir, int run);

enum class RunState {
  Finished,  // its run file is intact
  Running,   // claimed by a live process
  Failed,    // started (a record exists) but neither finished nor claimed: the process died or was cancelled
  Missing,   // never started, or its file is damaged
};
RunState run_state(const std::filesystem::path& dir, int run);
const char* run_state_name(RunState state);

}  // namespace reverie
