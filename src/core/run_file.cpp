#include "reverie/core/run_file.h"

#include <zlib.h>

#include <cstdio>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {

constexpr const char* kFooterStart = "#end rows=";

uint32_t crc_of(const std::string& text, size_t length) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(length)));
}

std::string footer(size_t rows, uint32_t crc) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s%zu crc32=%08x\n", kFooterStart, rows, crc);
  return buf;
}

}  // namespace

std::string format_run_file(const std::vector<TidyRow>& rows) {
  const std::string body = format_tidy_csv(rows);
  return body + footer(rows.size(), crc_of(body, body.size()));
}

std::string run_file_damage(const std::string& text, int run) {
  const size_t start = text.rfind(kFooterStart);
  if (start == std::string::npos || start == 0 || text[start - 1] != '\n')
    return "no end line (truncated, or written by an older reverie)";
  size_t rows = 0;
  unsigned crc = 0;
  if (std::sscanf(text.c_str() + start, "#end rows=%zu crc32=%8x", &rows, &crc) != 2 ||
      text.compare(start, std::string::npos, footer(rows, crc)) != 0)
    return "malformed end line";
  if (crc_of(text, start) != crc) return "contents do not match the end line's checksum (edited or damaged)";
  // Each row starts after a newline: count them, and check they are this run's (a file copied or
  // renamed from another run is intact but not this run's).
  const std::string prefix = "\n" + std::to_string(run) + ",";
  size_t held = 0;
  for (size_t line = text.find('\n'); line + 1 < start; line = text.find('\n', line + 1), ++held)
    if (text.compare(line, prefix.size(), prefix) != 0) {
      const size_t comma = text.find(',', line + 1);
      return "holds rows of run " + text.substr(line + 1, comma - line - 1) + ", not of run " + std::to_string(run);
    }
  if (held != rows) return "holds " + std::to_string(held) + " rows, its end line says " + std::to_string(rows);
  return "";
}

std::vector<TidyRow> read_run_file(const std::filesystem::path& path, int run) {
  const std::string text = read_file(path);
  if (const std::string damage = run_file_damage(text, run); !damage.empty())
    throw InputError(path.string() + ": damaged run file: " + damage);
  return parse_tidy_csv(text.substr(0, text.rfind(kFooterStart)), path.string());
}

}  // namespace reverie
