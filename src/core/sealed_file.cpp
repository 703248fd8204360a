#include "reverie/core/sealed_file.h"

#include <cstdio>

#include "reverie/core/atomic_file.h"
#include "reverie/core/checksum.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {

constexpr std::string_view kSealStart = "\n#reverie-sealed bytes=";

std::string seal(size_t bytes, uint32_t crc) { return std::string(kSealStart) + std::to_string(bytes) + " crc32=" + crc32_hex(crc) + "\n"; }

// Why `file` cannot be trusted, or "" when its content matches its seal.
std::string damage(const std::string& file, size_t& content_bytes) {
  const size_t start = file.rfind(kSealStart);
  if (start == std::string::npos) return "has no checksum (truncated, or written by a reverie before checkpoints carried one)";
  size_t bytes = 0;
  unsigned crc = 0;
  if (std::sscanf(file.c_str() + start + 1, "#reverie-sealed bytes=%zu crc32=%8x", &bytes, &crc) != 2 ||
      file.compare(start, std::string::npos, seal(bytes, crc)) != 0)
    return "has a malformed checksum line (damaged)";
  if (bytes != start) return "holds " + std::to_string(start) + " bytes, its checksum line says " + std::to_string(bytes) + " (damaged)";
  if (crc32_of(std::string_view(file).substr(0, start)) != crc) return "does not match its checksum (damaged)";
  content_bytes = start;
  return "";
}

}  // namespace

void write_sealed_file(const std::filesystem::path& path, std::string_view content) {
  std::string file(content);
  file += seal(content.size(), crc32_of(content));
  write_file_atomic(path, file);
}

std::string read_sealed_file(const std::filesystem::path& path, const std::string& what, const std::string& advice) {
  std::string file = read_file(path);
  size_t content_bytes = 0;
  if (const std::string why = damage(file, content_bytes); !why.empty())
    throw InputError(path.string() + ": " + what + " " + why + "; " + advice);
  file.resize(content_bytes);
  return file;
}

}  // namespace reverie
