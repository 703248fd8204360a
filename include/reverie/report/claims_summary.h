#pragma once
#include <string>
#include <vector>

#include "reverie/report/claims_table.h"

namespace reverie {

// One claim of a paper as our claims.csv measures it: the paper figure it belongs to (its figure
// column, else the figure its words cite; "" for none), what is claimed, and its rows (one per
// comparison, scope or number), pointing into the table they came from.
struct ClaimLine {
  std::string figure, statement;
  std::vector<const Claim*> rows;
  // "holds" or "does not hold" or "n.s." when every row says so, "mixed" when they differ, "other"
  // for numbers side by side and partial verdicts.
  std::string overall_verdict() const;
  int holds() const;  // rows whose verdict is "holds"
};

// The table's claims grouped into lines by (figure, statement), in the order claims.csv lists them.
std::vector<ClaimLine> claim_lines(const ClaimsTable& table);

// A line's result as HTML: "3 of 24 comparisons hold, 2 do not hold, 19 n.s." with where (by scope,
// or by row name), or its one verdict with our number, or the paper's number beside ours.
std::string claim_line_result_html(const ClaimLine& line);

// The answer an experiment page opens with: a list item per claim line, headed by its figure.
std::string claims_summary_html(const ClaimsTable& table);

}  // namespace reverie
