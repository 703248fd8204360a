#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace reverie {

// Writes `content` to a temporary file beside `path`, then renames it over `path`,
// so a reader (or a resumed sweep) never sees a half-written file. A failure (full disk,
// unwritable folder, a file where a folder should be) removes the temporary file and throws
// InputError naming the path ("disk full" for ENOSPC).
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

std::string read_file(const std::filesystem::path& path);

}  // namespace reverie
