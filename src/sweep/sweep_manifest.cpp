#include "reverie/sweep/sweep_manifest.h"

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"

namespace reverie {

nlohmann::json read_sweep_manifest(const std::filesystem::path& dir) {
  const auto path = OutputFolder(dir).manifest();
  if (!std::filesystem::exists(path)) return {{"complete", false}};
  try {
    auto manifest = nlohmann::json::parse(read_file(path));
    if (manifest.is_object()) return manifest;
  } catch (const nlohmann::json::exception&) {
  }
  throw InputError(path.string() + ": not a sweep manifest (expected a JSON object)");
}

void write_sweep_manifest(const std::filesystem::path& dir, const nlohmann::json& manifest) {
  write_file_atomic(OutputFolder(dir).manifest(), manifest.dump(2) + "\n");
}

}  // namespace reverie
