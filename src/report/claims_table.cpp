#include "reverie/report/claims_table.h"

#include <cstdio>

#include "reverie/core/tidy_csv.h"
#include "reverie/report/html_report.h"

namespace reverie {

std::string claim_csv_header(const std::string& scope_column) {
  return scope_column + ",claim,better,worse,runs,mean_difference,t_ci_low,t_ci_high,boot_sd,boot_ci_low,boot_ci_high,holds\n";
}

void claim_csv_rows(std::ostream& csv, const std::string& scope, const CheckedClaim& claim, int64_t runs) {
  const std::string short_name = claim.text.substr(0, claim.text.find(':'));
  for (const auto& s : claim.steps)
    csv << scope << "," << short_name << "," << s.better << "," << s.worse << "," << runs << ","
        << format_number(s.difference.mean) << "," << format_number(s.t_low) << "," << format_number(s.t_high) << ","
        << format_number(s.difference.sd) << "," << format_number(s.difference.ci_low) << ","
        << format_number(s.difference.ci_high) << "," << (s.holds ? "yes" : "no") << "\n";
}

std::string claim_summary_html(const CheckedClaim& claim) {
  int held = 0;
  std::string detail;
  for (const auto& s : claim.steps) {
    held += s.holds;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s &lt; %s: %+.2e [%.2e, %.2e] %s; ", html_escape(s.better).c_str(),
                  html_escape(s.worse).c_str(), s.difference.mean, s.t_low, s.t_high,
                  s.holds ? "holds" : "<b>does not hold</b>");
    detail += buf;
  }
  return "<li>" + html_escape(claim.text) + ": <b>" + std::to_string(held) + " of " + std::to_string(claim.steps.size()) +
         " comparisons hold</b><br><small>" + detail + "</small></li>\n";
}

}  // namespace reverie
