#include "reverie/report/claims_table.h"

#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/report/html_report.h"

namespace reverie {

std::string comparison_verdict(const OrderingStep& step) {
  if (!step.has_interval()) return "n/a (one run)";
  if (step.holds) return "holds";
  return step.t_high < 0 ? "does not hold" : "n.s.";
}

void ClaimsTable::add(const std::string& quantity, const std::string& paper, const std::string& ours, const std::string& n) {
  add(Claim{"", "", quantity, paper, ours, n, "", std::nullopt});
}

void ClaimsTable::add(const std::string& scope, const CheckedClaim& claim) {
  const size_t colon = claim.text.find(':');
  const std::string short_name = claim.text.substr(0, colon);
  // What the paper says: the text after the colon, leading spaces dropped ("" when there is none).
  const size_t start = colon == std::string::npos ? std::string::npos : claim.text.find_first_not_of(' ', colon + 1);
  const std::string words = start == std::string::npos ? "" : claim.text.substr(start);
  for (const auto& s : claim.steps)
    add(Claim{scope, "", short_name, words, format_number(s.difference.mean) + " " + t_interval_text(s),
              std::to_string(s.runs) + (s.runs == 1 ? " run" : " runs"), comparison_verdict(s), s});
}

std::string ClaimsTable::csv() const {
  std::ostringstream csv;
  csv << "scope,figure,claim,paper,ours,n,verdict,better,worse,mean_difference,t_ci_low,t_ci_high,boot_sd,boot_ci_low,"
         "boot_ci_high\n";
  for (const auto& c : claims_) {
    csv << csv_field(c.scope) << "," << csv_field(c.figure) << "," << csv_field(c.claim) << "," << csv_field(c.paper) << ","
        << csv_field(c.ours) << "," << csv_field(c.n) << "," << csv_field(c.verdict);
    if (const auto& s = c.comparison) {
      // One run has a mean but no spread: its interval cells say so instead of a misleading [0, 0].
      const auto spread = [&](double value) { return s->has_interval() ? format_number(value) : std::string("n/a (one run)"); };
      csv << "," << csv_field(s->better) << "," << csv_field(s->worse) << "," << format_number(s->difference.mean) << ","
          << spread(s->t_low) << "," << spread(s->t_high) << "," << spread(s->difference.sd) << ","
          << spread(s->difference.ci_low) << "," << spread(s->difference.ci_high);
    } else {
      csv << ",,,,,,,,";
    }
    csv << "\n";
  }
  return csv.str();
}

void ClaimsTable::write(const std::filesystem::path& dir) const { write_file_atomic(dir / "claims.csv", csv()); }

std::string ClaimsTable::html() const {
  // figure, claim, paper, ours, n, verdict: the columns some claim fills (the thesis gives no paper numbers).
  const std::vector<std::pair<const char*, std::string Claim::*>> columns{
      {"figure", &Claim::figure}, {"claim", &Claim::claim}, {"paper", &Claim::paper},
      {"ours", &Claim::ours},     {"n", &Claim::n},         {"verdict", &Claim::verdict}};
  std::vector<std::pair<const char*, std::string Claim::*>> shown;
  for (const auto& column : columns)
    for (const auto& c : claims_)
      if (!(c.*column.second).empty()) {
        shown.push_back(column);
        break;
      }
  std::ostringstream html;
  html << "<table border=1 cellpadding=4><tr>";
  for (const auto& [title, field] : shown) html << "<th>" << title << "</th>";
  html << "</tr>\n";
  for (const auto& c : claims_) {
    html << "<tr>";
    for (const auto& [title, field] : shown) {
      const bool verdict = field == &Claim::verdict;
      html << "<td>" << (verdict ? "<b>" : "") << html_escape(c.*field) << (verdict ? "</b>" : "") << "</td>";
    }
    html << "</tr>\n";
  }
  html << "</table>\n";
  return html.str();
}

std::string claim_summary_html(const CheckedClaim& claim) {
  int held = 0, tested = 0;
  std::string detail;
  for (const auto& s : claim.steps) {
    held += s.holds;
    tested += s.has_interval();
    char buf[512];
    const std::string verdict = comparison_verdict(s);
    std::snprintf(buf, sizeof buf, "%s &lt; %s: %+.2e %s %s; ", html_escape(s.better).c_str(),
                  html_escape(s.worse).c_str(), s.difference.mean, t_interval_text(s, "%.2e").c_str(),
                  verdict == "does not hold" ? "<b>does not hold</b>" : verdict.c_str());
    detail += buf;
  }
  const std::string verdict = tested == 0 ? "untested (one run: no interval)"
                                           : std::to_string(held) + " of " + std::to_string(claim.steps.size()) + " comparisons hold";
  return "<li>" + html_escape(claim.text) + ": <b>" + verdict + "</b><br><small>" + detail + "</small></li>\n";
}

}  // namespace reverie
