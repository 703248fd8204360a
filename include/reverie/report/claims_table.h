#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reverie/analysis/paired_ordering.h"

namespace reverie {

// A paper's claim as checked comparisons "better < worse" over runs.
struct CheckedClaim {
  std::string text;  // "short name: what the paper says (figure)"
  std::vector<OrderingStep> steps;
};

// One row of claims.csv, the same layout for every experiment: a claim or number of the paper
// beside ours, with a verdict, and the comparison's intervals when it is a paired comparison.
struct Claim {
  std::string scope;    // where it was measured, e.g. "synthetic at 0.25"; "" for the whole experiment
  std::string figure;   // the paper's figure or section, when the claim does not name it itself
  std::string claim;    // what is claimed or measured
  std::string paper;    // the paper's number or words
  std::string ours;     // our number
  std::string n;        // what ours is over ("10 labels", "5 runs")
  std::string verdict;  // holds, does not hold, n.s., partly, n/a (one run); "" for numbers side by side
  std::optional<OrderingStep> comparison;
};

// "holds" (t interval above zero), "does not hold" (below zero), "n.s." or "n/a (one run)".
std::string comparison_verdict(const OrderingStep& step);

// What a verdict counts as in summaries: "holds", "does not hold", "n.s.", or "other" (partial
// verdicts, one run, numbers side by side).
std::string verdict_category(const std::string& verdict);

// An experiment's claims, written as claims.csv (RFC 4180 quoting) and as an HTML table.
class ClaimsTable {
 public:
  void add(Claim claim) { claims_.push_back(std::move(claim)); }
  // The paper's number beside ours, without a verdict.
  void add(const std::string& quantity, const std::string& paper, const std::string& ours, const std::string& n);
  // One row per comparison of a checked claim, measured in `scope`.
  void add(const std::string& scope, const CheckedClaim& claim);

  const std::vector<Claim>& claims() const { return claims_; }
  std::string csv() const;
  void write(const std::filesystem::path& dir) const;  // DIR/claims.csv, atomically
  // figure | claim | comparison | paper | ours | n | verdict, leaving out columns no claim fills.
  std::string html() const;

  // A claims.csv as write() wrote it (InputError when it has another layout, e.g. an older
  // build's): what the reports, the sweep and the results index read back.
  static ClaimsTable read(const std::filesystem::path& file);

 private:
  std::vector<Claim> claims_;
};

// "<li>text: k of n comparisons hold<br><small>a &lt; b: +d [lo, hi] holds; ...</small></li>"
std::string claim_summary_html(const CheckedClaim& claim);

}  // namespace reverie
