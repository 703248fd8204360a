#include "reverie/report/html_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "reverie/core/atomic_file.h"
#include "reverie/core/child_process.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/report/claims_summary.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/html_page.h"
#include "reverie/report/paper_figure.h"
#include "reverie/report/significant_digits.h"

namespace reverie {

namespace {

std::string csv_as_table(const std::filesystem::path& path) {
  const CsvTable table = parse_csv(read_file(path));
  std::string html = "<table>\n<tr>";
  for (const auto& cell : table.header) html += "<th>" + html_escape(cell) + "</th>";
  html += "</tr>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (const auto& cell : row) html += "<td>" + html_escape(with_significant_digits(cell)) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

// The answer first: one line per paper figure and claim, from claims.csv; "" when there is none.
std::string answer_section(const ClaimsTable* claims) {
  if (!claims) return "";
  return "<h2>The paper's claims, in short</h2>\n<p>Per paper figure and claim: how many of our comparisons hold (the 95% t "
         "interval of the paired difference over runs lies on the paper's side of zero), do not hold (on the other side), or are "
         "n.s.; the figures follow, then the details and the full table.</p>\n" + claims_summary_html(*claims);
}

// The full claims table after the figures, folded: the paper's number, ours with its interval, the verdict.
std::string claims_section(const ReportContent& content, const ClaimsTable* claims) {
  if (!claims) return "";
  std::string caption = "The paper's claims beside ours";
  for (const auto& t : content.tables)
    if (t.file == OutputFolder::kClaims) caption = t.caption;
  return "<h2>Claims</h2>\n<details><summary>" + html_escape(caption) + ": all " + std::to_string(claims->claims().size()) +
         " rows (numbers to 3 significant digits; <a href='claims.csv'>claims.csv</a> has them in full)</summary>\n" +
         claims->html() + "</details>\n";
}

// DIR/claims.csv as written by this build; none when there is none or it has another layout.
std::optional<ClaimsTable> read_claims(const std::filesystem::path& dir) {
  const auto path = OutputFolder(dir).claims();
  if (!std::filesystem::exists(path)) return std::nullopt;
  try {
    return ClaimsTable::read(path);
  } catch (const InputError&) {
    return std::nullopt;
  }
}

// Figures under the paper figure each reproduces, in the order the experiment lists them; those
// whose caption names none come last.
std::string figures_section(const std::filesystem::path& dir, const std::vector<FigureEntry>& figures) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const FigureEntry*>> groups;
  for (const auto& f : figures) {
    const std::string group = paper_figure_of(f.caption);
    if (!groups.count(group) && !group.empty()) order.push_back(group);
    groups[group].push_back(&f);
  }
  if (groups.count("")) order.push_back("");
  std::ostringstream h;
  for (const auto& group : order) {
    h << "<h2>" << (group.empty() ? std::string(order.size() == 1 ? "Figures" : "Other figures") : html_escape(group)) << "</h2>\n";
    for (const FigureEntry* f : groups[group]) {
      const bool drawn = std::filesystem::exists(dir / (f->name + ".png"));
      h << "<figure>\n";
      if (drawn) h << "<a href='" << f->name << ".svg'><img src='" << f->name << ".png' alt='" << html_escape(f->caption) << "'></a>\n";
      else h << "<p><em>(not rendered: is gnuplot installed? the data and script are linked below)</em></p>\n";
      h << "<figcaption>" << html_escape(f->caption) << " [<a href='" << f->name << ".csv'>data</a>, <a href='" << f->name
        << ".gp'>gnuplot script</a>]</figcaption>\n</figure>\n";
    }
  }
  return h.str();
}

std::string figures_not_drawn_note(const std::filesystem::path& dir, const std::vector<FigureEntry>& figures) {
  const auto missing = std::count_if(figures.begin(), figures.end(),
                                     [&](const FigureEntry& f) { return !std::filesystem::exists(dir / (f.name + ".png")); });
  if (missing == 0) return "";
  const std::string why = program_on_path("gnuplot") ? "gnuplot failed or ran out of time on them"
                                                     : "gnuplot is not on PATH (Debian: apt-get install gnuplot-nox)";
  return dir.string() + ": " + std::to_string(missing) + " of " + std::to_string(figures.size()) + " figures not drawn: " + why +
         "; their data and gnuplot scripts are there, and `reverie report " + dir.string() + "` draws them";
}

// DIR/figures.csv: each figure's files, the paper figure it reproduces and its caption (what the
// papers' scorecards take their thumbnails from).
void write_figure_list(const std::filesystem::path& dir, const std::vector<FigureEntry>& figures) {
  std::string csv = "name,paper_figure,caption\n";
  for (const auto& f : figures) csv += csv_field(f.name) + "," + csv_field(paper_figure_of(f.caption)) + "," + csv_field(f.caption) + "\n";
  write_file_atomic(dir / "figures.csv", csv);
}

}  // namespace

std::string write_html_report(const std::filesystem::path& dir, const ReportContent& content, const nlohmann::json& manifest) {
  std::ostringstream h;
  h << "<h1>" << html_escape(content.title) << "</h1>\n";
  const auto claims = read_claims(dir);
  const ClaimsTable* table = claims ? &*claims : nullptr;
  h << content.notice_html << answer_section(table) << figures_section(dir, content.figures);
  if (!content.summary_html.empty()) h << "<h2>Details</h2>\n" << html_with_significant_digits(content.summary_html) << "\n";
  h << claims_section(content, table);
  for (const auto& t : content.tables) {
    if (t.file == OutputFolder::kClaims && table) continue;  // after the figures, above
    h << "<h2>" << html_escape(t.caption) << "</h2>\n<p><a href='" << t.file << "'>" << t.file << "</a></p>\n";
    if (std::filesystem::exists(dir / t.file)) h << csv_as_table(dir / t.file);
  }
  h << "<h2>Manifest</h2>\n<pre>" << html_escape(manifest.dump(2)) << "</pre>\n";
  write_file_atomic(OutputFolder(dir).page(), html_page(content.title, h.str()));
  write_figure_list(dir, content.figures);
  return figures_not_drawn_note(dir, content.figures);
}

}  // namespace reverie
