#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace reverie {

struct FigureEntry {
  std::string name;     // file stem of name.{png,svg,csv,gp}
  std::string caption;  // what it shows, with the statistic used for bands and bars
};

struct TableEntry {
  std::string file;  // a CSV in the output folder, shown inline
  std::string caption;
};

struct ReportContent {
  std::string title;
  std::string summary_html;  // findings, e.g. the claims and whether they held
  std::vector<FigureEntry> figures;
  std::vector<TableEntry> tables;
};

std::string html_escape(const std::string& text);

// Writes DIR/index.html: summary, figures (PNG linked to SVG, data and script), tables, manifest.
void write_html_report(const std::filesystem::path& dir, const ReportContent& content, const nlohmann::json& manifest);

}  // namespace reverie
