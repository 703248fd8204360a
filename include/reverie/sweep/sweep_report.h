#pragma once
// The sweep's own outputs, from its finished points: sweep.csv (every point's results.csv rows
// with one column per grid key in front), claims.csv (point x claim -> verdict and interval),
// the main metric against each grid key, and index.html linking each point's report.
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

struct SweepReportOutcome {
  int points = 0;
  std::vector<std::string> incomplete;  // "point: runs 1, 3 missing" for each point not finished
};

// Also writes each finished point's own report (once). Never fails for missing runs: they are
// listed in the outcome, the report and the manifest (complete = false).
SweepReportOutcome write_sweep_report(const std::filesystem::path& dir);

// `reverie sweep status DIR`: per point, runs done / running / failed / missing, and the command
// that completes them.
std::string sweep_status_text(const std::filesystem::path& dir);

}  // namespace reverie
