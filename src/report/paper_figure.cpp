#include "reverie/report/paper_figure.h"

#include <regex>

namespace reverie {

std::string paper_figure_of(const std::string& caption) {
  // A figure, appendix figure, section, equation or table, e.g. "Fig. 2a", "Figs. 3B/C", "A.1 left".
  static const std::string tag = R"((?:Figs?\. ?|Sec\. ?|Eq\. ?|Table |A\.)[0-9][0-9A-Za-z./]*(?: left| right)?)";
  // A caption may start with several: "Fig. 3c and 3e: ...", "A.9, A.10: ...".
  static const std::regex leading("^(" + tag + "(?:,? (?:and |& )?(?:" + tag + "|[0-9][0-9A-Za-z./]*))*):");
  static const std::regex cited(R"(\(()" + tag + ")[,;)]");
  std::smatch m;
  if (std::regex_search(caption, m, leading)) return m[1];
  if (std::regex_search(caption, m, cited)) return m[1];
  return "";
}

}  // namespace reverie
