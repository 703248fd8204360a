#pragma once
// DIR/manifest.json of a sweep: its points, the build, its SLURM submissions, whether complete.
#include <filesystem>
#include <nlohmann/json.hpp>

namespace reverie {

// The sweep's manifest, or a new one ({"complete": false}) when DIR has none yet.
nlohmann::json read_sweep_manifest(const std::filesystem::path& dir);
void write_sweep_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest);

}  // namespace reverie
