#pragma once
// The finished runs of an output folder as the runner reports them: every run file validated,
// runs whose values turned non-finite set apart (named, never averaged in).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "reverie/core/run_file.h"
#include "reverie/core/tidy_csv.h"

namespace reverie {

// The first non-finite value of a run ("non-finite test_error (nan) in condition ... at step 12"), or "".
std::string divergence(const std::vector<TidyRow>& rows);

struct CollectedRuns {
  std::vector<TidyRow> rows;            // runs that did not diverge, renumbered 0..n-1 in run order
  std::vector<TidyRow> original_rows;   // the same rows with their own run numbers (results.csv)
  std::map<int, std::string> diverged;  // run -> what went non-finite first
  std::vector<int> kept;                // original numbers of the renumbered runs
};

// Runs 0..runs-1 of `dir`, whose files must name `origin` (InputError naming a damaged, copied or missing run file).
CollectedRuns collect_runs(const std::filesystem::path& dir, int runs, const RunFileOrigin& origin);

// claims.csv, whatever its layout, gets a column naming the runs left out ("1 3").
void mark_claims_with_diverged_runs(const std::filesystem::path& dir, const std::string& left_out);

}  // namespace reverie
