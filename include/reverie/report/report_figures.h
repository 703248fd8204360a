#pragma once
#include <filesystem>
#include <string>

#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"

namespace reverie {

// An experiment report's figure list: each call draws the figure into the report's folder and
// lists it for index.html, captioned by its title (which names the paper figure, "Fig. 2b: ...")
// and `caption` (how to read it: statistics, bands, bars).
class ReportFigures {
 public:
  ReportFigures(ReportContent& content, std::filesystem::path dir) : content_(content), dir_(std::move(dir)) {}
  template <typename Figure>
  void operator()(const Figure& figure, const std::string& caption) const {
    draw(figure, dir_);
    content_.figures.push_back({figure.name, figure.title.empty() ? caption : figure.title + ". " + caption});
  }

 private:
  ReportContent& content_;
  std::filesystem::path dir_;
};

}  // namespace reverie
