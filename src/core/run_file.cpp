#include "reverie/core/run_file.h"

#include <algorithm>
#include <cstdio>

#include "reverie/core/atomic_file.h"
#include "reverie/core/checksum.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {

constexpr const char* kFooterStart = "#end rows=";

std::string footer(size_t rows, uint32_t crc, const std::string& origin) {
  return kFooterStart + std::to_string(rows) + " crc32=" + crc32_hex(crc) + origin + "\n";
}

std::string origin_fields(const RunFileOrigin& origin) { return " config=" + origin.config + " build=" + origin.build; }

// Why the end line's origin fields (" config=... build=...", or none in an older file) do not fit `origin`.
std::string origin_mismatch(const std::string& fields, const RunFileOrigin& origin) {
  if (fields.empty()) return "";  // written before run files named their origin
  char config[16] = {0}, build[16] = {0};
  if (std::sscanf(fields.c_str(), " config=%8[0-9a-f] build=%12[0-9a-f]", config, build) != 2 ||
      fields != " config=" + std::string(config) + " build=" + std::string(build))
    return "malformed end line";
  if (config != origin.config) return "computed with another config than this folder's (copied from another output?)";
  const auto& reused = origin.reused_builds;
  if (build != origin.build && std::find(reused.begin(), reused.end(), std::string(build)) == reused.end())
    return "computed by build " + std::string(build) + ", not by this folder's build " + origin.build + " (copied from another output?)";
  return "";
}

}  // namespace

std::string format_run_file(const std::vector<TidyRow>& rows, const RunFileOrigin& origin) {
  const std::string body = format_tidy_csv(rows);
  return body + footer(rows.size(), crc32_of(body), origin_fields(origin));
}

std::string run_file_damage(const std::string& text, int run, const RunFileOrigin& origin) {
  const size_t start = text.rfind(kFooterStart);
  if (start == std::string::npos || start == 0 || text[start - 1] != '\n')
    return "no end line (truncated, or written by an older reverie)";
  size_t rows = 0;
  unsigned crc = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str() + start, "#end rows=%zu crc32=%8x%n", &rows, &crc, &consumed) != 2 || text.back() != '\n')
    return "malformed end line";
  const std::string fields = text.substr(start + consumed, text.size() - 1 - start - consumed);
  if (text.compare(start, std::string::npos, footer(rows, crc, fields)) != 0) return "malformed end line";
  if (crc32_of(std::string_view(text).substr(0, start)) != crc) return "contents do not match the end line's checksum (edited or damaged)";
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
  return origin_mismatch(fields, origin);
}

std::vector<TidyRow> read_run_file(const std::filesystem::path& path, int run, const RunFileOrigin& origin) {
  const std::string text = read_file(path);
  if (const std::string damage = run_file_damage(text, run, origin); !damage.empty())
    throw InputError(path.string() + ": damaged run file: " + damage);
  return parse_tidy_csv(text.substr(0, text.rfind(kFooterStart)), path.string());
}

}  // namespace reverie
