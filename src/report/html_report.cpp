#include "reverie/report/html_report.h"

#include <nlohmann/json.hpp>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"

namespace reverie {

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

std::string csv_as_table(const std::filesystem::path& path) {
  const CsvTable table = parse_csv(read_file(path));
  std::string html = "<table>\n<tr>";
  for (const auto& cell : table.header) html += "<th>" + html_escape(cell) + "</th>";
  html += "</tr>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (const auto& cell : row) html += "<td>" + html_escape(cell) + "</td>";
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace

void write_html_report(const std::filesystem::path& dir, const ReportContent& content, const nlohmann::json& manifest) {
  std::ostringstream h;
  h << "<!doctype html>\n<html><head><meta charset='utf-8'><title>" << html_escape(content.title) << "</title>\n"
    << "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
       "img{max-width:100%;border:1px solid #ddd}figure{margin:2em 0}table{border-collapse:collapse;font-size:90%}"
       "td,th{border:1px solid #ccc;padding:2px 6px}pre{background:#f6f6f6;padding:1em;overflow:auto}</style>\n"
    << "</head><body>\n<h1>" << html_escape(content.title) << "</h1>\n" << content.summary_html << "\n";
  for (const auto& f : content.figures) {
    const bool drawn = std::filesystem::exists(dir / (f.name + ".png"));
    h << "<figure>\n";
    if (drawn) h << "<a href='" << f.name << ".svg'><img src='" << f.name << ".png' alt='" << html_escape(f.caption) << "'></a>\n";
    else h << "<p><em>(not rendered: is gnuplot installed? the data and script are linked below)</em></p>\n";
    h << "<figcaption>" << html_escape(f.caption) << " [<a href='" << f.name << ".csv'>data</a>, <a href='" << f.name
      << ".gp'>gnuplot script</a>]</figcaption>\n</figure>\n";
  }
  for (const auto& t : content.tables) {
    h << "<h2>" << html_escape(t.caption) << "</h2>\n<p><a href='" << t.file << "'>" << t.file << "</a></p>\n";
    if (std::filesystem::exists(dir / t.file)) h << csv_as_table(dir / t.file);
  }
  h << "<h2>Manifest</h2>\n<pre>" << html_escape(manifest.dump(2)) << "</pre>\n</body></html>\n";
  write_file_atomic(dir / "index.html", h.str());
}

}  // namespace reverie
