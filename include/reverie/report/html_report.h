#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reverie/report/html_escape.h"

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
  std::string notice_html;   // what a reader must know before anything else (e.g. runs left out)
  std::string summary_html;  // the experiment's own findings and setup, after the figures
  std::vector<FigureEntry> figures;
  std::vector<TableEntry> tables;
};

// Writes DIR/index.html: summary, figures (PNG linked to SVG, data and script), tables, manifest.
// Returns "" when every figure was drawn, else one line for the terminal saying how many were not
// and why (the page says it beside each figure; a reader of the terminal must hear it too).
std::string write_html_report(const std::filesystem::path& dir, const ReportContent& content, const nlohmann::json& manifest);

}  // namespace reverie
