#include "reverie/report/claims_summary.h"

#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "reverie/report/html_report.h"
#include "reverie/report/paper_figure.h"
#include "reverie/report/significant_digits.h"

namespace reverie {

namespace {

// The figure a claim belongs to: its own column, else the figure its words cite.
std::string figure_of(const Claim& c) {
  if (!c.figure.empty()) return c.figure;
  if (const std::string f = paper_figure_of(c.paper); !f.empty()) return f;
  return paper_figure_of(c.claim);
}

// What is claimed: the paper's words where the row has them (rows of one claim share them), else the row's own.
std::string statement_of(const Claim& c) { return c.paper.empty() || !c.comparison ? c.claim : c.paper; }

std::string verdict_class(const std::string& verdict) {
  return verdict == "holds" ? "holds" : verdict == "does not hold" ? "fails" : "other";
}

// "3 of 24 hold, 2 do not hold, 19 n.s." over a line's comparisons; `noun` after the total ("3 of 24 comparisons hold").
std::string counts_html(const std::vector<const Claim*>& rows, const std::string& noun = "") {
  std::map<std::string, int> count;
  for (const Claim* c : rows) ++count[verdict_category(c->verdict)];
  std::string text = "<span class='" + std::string(count["holds"] ? "holds" : "other") + "'>" + std::to_string(count["holds"]) + " of " +
                     std::to_string(rows.size()) + noun + " hold</span>";
  if (count["does not hold"]) text += ", <span class='fails'>" + std::to_string(count["does not hold"]) + " do not hold</span>";
  if (count["n.s."]) text += ", " + std::to_string(count["n.s."]) + " n.s.";
  if (count["other"]) text += ", " + std::to_string(count["other"]) + " other";
  return text;
}

// The statement without the citation of the figure the line is headed with: "... (Fig. 2A)" under "Fig. 2A".
std::string without_citation(std::string statement, const std::string& figure) {
  const std::string citation = " (" + figure + ")";
  if (const size_t at = statement.find(citation); !figure.empty() && at != std::string::npos) statement.erase(at, citation.size());
  return statement;
}

}  // namespace

std::string ClaimLine::overall_verdict() const {
  std::set<std::string> verdicts;
  for (const Claim* c : rows) verdicts.insert(verdict_category(c->verdict));
  return verdicts.size() == 1 ? *verdicts.begin() : verdicts.count("other") ? "other" : "mixed";
}

int ClaimLine::holds() const {
  int n = 0;
  for (const Claim* c : rows) n += c->verdict == "holds";
  return n;
}

std::vector<ClaimLine> claim_lines(const ClaimsTable& table) {
  std::vector<ClaimLine> lines;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const auto& c : table.claims()) {
    const auto key = std::make_pair(figure_of(c), statement_of(c));
    if (!index.count(key)) {
      index[key] = lines.size();
      lines.push_back({key.first, without_citation(key.second, key.first), {}});
    }
    lines[index[key]].rows.push_back(&c);
  }
  return lines;
}

std::string claim_line_result_html(const ClaimLine& line) {
  if (line.rows.size() == 1) {
    const Claim& c = *line.rows.front();
    if (c.verdict.empty() || c.verdict == "reported")  // numbers side by side
      return (c.paper.empty() ? "" : "paper " + html_escape(c.paper) + "; ") + "ours " + html_escape(with_significant_digits(c.ours)) +
             (c.n.empty() ? "" : " (" + html_escape(c.n) + ")");
    return "<span class='" + verdict_class(c.verdict) + "'>" + html_escape(c.verdict) + "</span>" +
           (c.ours.empty() ? "" : " <small>(" + html_escape(with_significant_digits(c.ours)) + ")</small>");
  }
  std::string html = counts_html(line.rows, " comparisons");
  // Where it holds and where not: by scope (datasets, times) when it is measured in several, else by
  // the rows' own names (e.g. each algorithm and layer).
  std::set<std::string> scopes_seen;
  for (const Claim* c : line.rows) scopes_seen.insert(c->scope);
  const auto part_of = [&](const Claim* c) { return scopes_seen.size() > 1 ? (c->scope.empty() ? "overall" : c->scope) : c->claim; };
  std::vector<std::string> parts;
  std::map<std::string, std::vector<const Claim*>> by_part;
  for (const Claim* c : line.rows) {
    if (!by_part.count(part_of(c))) parts.push_back(part_of(c));
    by_part[part_of(c)].push_back(c);
  }
  if (parts.size() > 1) {
    html += "<br><small>";
    for (size_t i = 0; i < parts.size(); ++i) html += (i ? "; " : "") + html_escape(parts[i]) + ": " + counts_html(by_part[parts[i]]);
    html += "</small>";
  }
  return html;
}

std::string claims_summary_html(const ClaimsTable& table) {
  std::ostringstream html;
  html << "<ul class='answer'>\n";
  for (const auto& line : claim_lines(table))
    html << "<li>" << (line.figure.empty() ? "" : "<b>" + html_escape(line.figure) + "</b> ")
         << html_escape(line.statement) << ": " << claim_line_result_html(line) << "</li>\n";
  html << "</ul>\n";
  return html.str();
}

}  // namespace reverie
