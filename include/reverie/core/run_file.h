#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "reverie/core/tidy_csv.h"

namespace reverie {

// A run's rows as written to runs/run-NNNN.csv: the tidy CSV, then a footer line written last
// ("#end rows=N crc32=XXXXXXXX") so a truncated or edited file is detected before it is trusted.
std::string format_run_file(const std::vector<TidyRow>& rows);

// Why run `run`'s file cannot be trusted ("no end line (truncated...)", "holds 3 rows, its end
// line says 5", "holds rows of run 2" for a copied file, ...); empty when it is intact.
std::string run_file_damage(const std::string& text, int run);

// The rows of run `run`'s intact file; InputError naming the file and its damage otherwise.
std::vector<TidyRow> read_run_file(const std::filesystem::path& path, int run);

}  // namespace reverie
