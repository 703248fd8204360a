#include "reverie/report/claims_table.h"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>
#include <vector>

#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/report/html_escape.h"
#include "reverie/report/significant_digits.h"

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

namespace {

const char* const kClaimsHeader =
    "scope,figure,claim,paper,ours,n,verdict,better,worse,mean_difference,t_ci_low,t_ci_high,boot_sd,boot_ci_low,boot_ci_high";

// A number cell as csv() writes it; "n/a (one run)" reads as NaN.
double number_cell(const std::string& text) {
  if (text.empty() || text.rfind("n/a", 0) == 0) return std::nan("");
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    throw InputError("claims.csv: '" + text + "' is not a number");
  }
}

// The comparison's run count, from its n cell ("5 runs", "1 run").
int64_t runs_cell(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    throw InputError("claims.csv: a comparison's n is '" + text + "', expected its run count");
  }
}

}  // namespace

ClaimsTable ClaimsTable::read(const std::filesystem::path& file) {
  const CsvTable table = parse_csv(read_file(file));
  // Columns after the layout's own are notes (the runner's diverged_runs_left_out).
  std::string header;
  for (size_t c = 0; c < table.header.size() && c < 15; ++c) header += (c ? "," : "") + table.header[c];
  if (header != kClaimsHeader)
    throw InputError(file.string() + ": not the claims layout of this build (an older build's? `reverie report` on its folder rewrites it)");
  ClaimsTable claims;
  for (const auto& r : table.rows) {
    Claim c{r[0], r[1], r[2], r[3], r[4], r[5], r[6], std::nullopt};
    if (!r[7].empty()) {
      OrderingStep s;
      s.better = r[7];
      s.worse = r[8];
      s.runs = runs_cell(c.n);
      s.difference = {number_cell(r[9]), number_cell(r[12]), number_cell(r[13]), number_cell(r[14])};
      s.t_low = number_cell(r[10]);
      s.t_high = number_cell(r[11]);
      s.holds = c.verdict == "holds";
      c.comparison = s;
    }
    claims.add(std::move(c));
  }
  return claims;
}

std::string ClaimsTable::csv() const {
  std::ostringstream csv;
  csv << kClaimsHeader << "\n";
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

std::string verdict_category(const std::string& verdict) {
  return verdict == "holds" || verdict == "does not hold" || verdict == "n.s." ? verdict : "other";
}

void ClaimsTable::write(const std::filesystem::path& dir) const { write_file_atomic(OutputFolder(dir).claims(), csv()); }

std::string ClaimsTable::html() const {
  // The columns some claim fills (the thesis gives no paper numbers; numbers side by side have no
  // comparison). A comparison's "better < worse" says which conditions the interval is about.
  using Cell = std::string (*)(const Claim&);
  const std::vector<std::pair<const char*, Cell>> columns{
      {"figure", [](const Claim& c) { return c.figure; }},
      {"claim", [](const Claim& c) { return c.scope.empty() ? c.claim : c.scope + ": " + c.claim; }},
      {"comparison", [](const Claim& c) { return c.comparison ? c.comparison->better + " < " + c.comparison->worse : ""; }},
      {"paper", [](const Claim& c) { return c.paper; }},
      {"ours", [](const Claim& c) { return with_significant_digits(c.ours); }},
      {"n", [](const Claim& c) { return c.n; }},
      {"verdict", [](const Claim& c) { return c.verdict; }}};
  std::vector<std::pair<const char*, Cell>> shown;
  for (const auto& column : columns)
    for (const auto& c : claims_)
      if (!column.second(c).empty()) {
        shown.push_back(column);
        break;
      }
  std::ostringstream html;
  html << "<table class='claims'><tr>";
  for (const auto& column : shown) html << "<th>" << column.first << "</th>";
  html << "</tr>\n";
  for (const auto& c : claims_) {
    html << "<tr>";
    for (const auto& [title, cell] : shown) {
      const std::string text = cell(c);
      if (std::string(title) != "verdict") {
        html << "<td>" << html_escape(text) << "</td>";
        continue;
      }
      const char* tone = text == "holds" ? "holds" : text == "does not hold" ? "fails" : "other";
      html << "<td class='" << tone << "'><b>" << html_escape(text) << "</b></td>";
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
