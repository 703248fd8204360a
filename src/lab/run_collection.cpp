#include "run_collection.h"

#include <cmath>

#include "reverie/core/atomic_file.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/run_file.h"

namespace reverie {

std::string divergence(const std::vector<TidyRow>& rows) {
  for (const auto& r : rows)
    if (!std::isfinite(r.value))
      return "non-finite " + r.metric + " (" + format_number(r.value) + ") in condition " + r.condition + " at step " +
             std::to_string(r.step);
  return "";
}

CollectedRuns collect_runs(const std::filesystem::path& dir, int runs, const RunFileOrigin& origin) {
  CollectedRuns out;
  for (int r = 0; r < runs; ++r) {
    auto part = read_run_file(OutputFolder(dir).run_file(r), r, origin);
    if (const std::string why = divergence(part); !why.empty()) {
      out.diverged[r] = why;
      continue;
    }
    const int renumbered = static_cast<int>(out.kept.size());
    out.kept.push_back(r);
    for (auto& row : part) {
      out.original_rows.push_back(row);
      row.run = renumbered;
      out.rows.push_back(std::move(row));
    }
  }
  return out;
}

void mark_claims_with_diverged_runs(const std::filesystem::path& dir, const std::string& left_out) {
  const std::filesystem::path claims = OutputFolder(dir).claims();
  if (!std::filesystem::exists(claims)) return;
  const std::string text = read_file(claims);
  std::string marked;
  bool header = true;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty()) marked += line + (header ? ",diverged_runs_left_out" : ",\"" + left_out + "\"") + "\n";
    header = false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  write_file_atomic(claims, marked);
}

}  // namespace reverie
