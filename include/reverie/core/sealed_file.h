#pragma once
// A binary file that carries a checksum of its own content (checkpoints, cached models), so a
// damaged one is refused instead of trusted: the content, then a last line written with it,
// "#reverie-sealed bytes=N crc32=XXXXXXXX". A flipped byte or a cut tail fails the check.
#include <filesystem>
#include <string>
#include <string_view>

namespace reverie {

// Writes `content` and its seal atomically (write_file_atomic).
void write_sealed_file(const std::filesystem::path& path, std::string_view content);

// The content of the sealed file at `path`; InputError naming the file and what is wrong (no seal:
// truncated, or written by a reverie before checksums; content not matching its checksum: damaged),
// then `advice` (e.g. "delete it to start the run over").
std::string read_sealed_file(const std::filesystem::path& path, const std::string& what, const std::string& advice);

}  // namespace reverie
