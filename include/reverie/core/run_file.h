#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "reverie/core/tidy_csv.h"

namespace reverie {

// What a run file was computed with: a checksum of its output folder's config and provenance
// (device, data, version), and the build that computed it. A file copied in from an output of
// another config, or another build than the folder's, is then caught.
struct RunFileOrigin {
  std::string config;                       // 8 hex digits
  std::string build;                        // the build's source hash, first 12 hex digits
  std::vector<std::string> reused_builds;   // other builds whose runs the folder keeps (--reuse-runs-from-other-build)
};

// A run's rows as written to runs/run-NNNN.csv: the tidy CSV, then a footer line written last
// ("#end rows=N crc32=XXXXXXXX config=XXXXXXXX build=XXXXXXXXXXXX") so a truncated, edited or
// copied file is detected before it is trusted.
std::string format_run_file(const std::vector<TidyRow>& rows, const RunFileOrigin& origin);

// Why run `run`'s file cannot be trusted in a folder of `origin` ("no end line (truncated...)",
// "holds 3 rows, its end line says 5", "holds rows of run 2" for a copied file, "computed with
// another config", ...); empty when it is intact and the folder's. A file from before run files
// named their origin (no config= in its end line) is judged by its rows and checksum alone.
std::string run_file_damage(const std::string& text, int run, const RunFileOrigin& origin);

// The rows of run `run`'s intact file; InputError naming the file and its damage otherwise.
std::vector<TidyRow> read_run_file(const std::filesystem::path& path, int run, const RunFileOrigin& origin);

}  // namespace reverie
