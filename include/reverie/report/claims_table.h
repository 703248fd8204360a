#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "reverie/analysis/paired_ordering.h"

namespace reverie {

// A paper's claim as checked comparisons "better < worse", written the same way by every
// experiment: one claims.csv row per comparison and one summary line per claim.
struct CheckedClaim {
  std::string text;  // "short name: what the paper says (figure)"
  std::vector<OrderingStep> steps;
};

// Column names after the scope column, matching claim_csv_rows.
std::string claim_csv_header(const std::string& scope_column);
// Rows: scope, claim's short name, better, worse, runs, mean difference, t interval,
// bootstrap sd and interval, holds.
void claim_csv_rows(std::ostream& csv, const std::string& scope, const CheckedClaim& claim, int64_t runs);
// "<li>text: k of n comparisons hold<br><small>a &lt; b: +d [lo, hi] holds; ...</small></li>"
std::string claim_summary_html(const CheckedClaim& claim);

}  // namespace reverie
