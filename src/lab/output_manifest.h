#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "reverie/lab/experiment.h"
#include "reverie/lab/runner.h"

namespace reverie {

// An output folder's manifest.json: what it records, and the checks that decide whether the
// folder's finished runs may be resumed (the runner's; private to src/lab).

std::string now_iso8601();
nlohmann::json machine_description(int threads);  // host, LibTorch, BLAS, threads
nlohmann::json build_description();               // version, source hash, git commit
void write_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest);
// DIR/manifest.json parsed, or InputError saying it is not a reverie manifest.
nlohmann::json read_manifest(const std::filesystem::path& path);

// What else must match for finished runs to be reused: the code and the data they came from.
nlohmann::json provenance(const RunnerOptions& options);
// Empty but for reverie's own bookkeeping (OutputFolder::is_bookkeeping).
bool is_empty_but_for_lock(const std::filesystem::path& dir);
// DIR's manifest when DIR holds the same experiment, config, build, device and data ("runs" may
// grow); null for a new folder; InputError saying what differs otherwise.
nlohmann::json load_resumable_manifest(const std::filesystem::path& dir, const Experiment& experiment,
                                       const nlohmann::json& config, const nlohmann::json& origin,
                                       const RunnerOptions& options);

// The data files read so far in this process, with their sizes and checksums.
nlohmann::json data_files_json();
// InputError when a dataset read again did not come from the same files with the same bytes.
void check_data_unchanged(const std::filesystem::path& dir, const nlohmann::json& previous_files,
                          const nlohmann::json& current_files);

}  // namespace reverie
