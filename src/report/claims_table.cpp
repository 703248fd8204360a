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
  // One run has a mean but no spread: its interval cells say so instead of a misleading [0, 0].
  const auto spread = [](const OrderingStep& s, double value) {
    return s.has_interval() ? format_number(value) : std::string("n/a (one run)");
  };
  for (const auto& s : claim.steps)
    csv << scope << "," << short_name << "," << s.better << "," << s.worse << "," << runs << ","
        << format_number(s.difference.mean) << "," << spread(s, s.t_low) << "," << spread(s, s.t_high) << ","
        << spread(s, s.difference.sd) << "," << spread(s, s.difference.ci_low) << "," << spread(s, s.difference.ci_high)
        << "," << (s.holds ? "yes" : s.has_interval() ? "no" : "n/a (one run)") << "\n";
}

std::string claim_summary_html(const CheckedClaim& claim) {
  int held = 0, tested = 0;
  std::string detail;
  for (const auto& s : claim.steps) {
    held += s.holds;
    tested += s.has_interval();
    char buf[512];
    std::snprintf(buf, sizeof buf, "%s &lt; %s: %+.2e %s %s; ", html_escape(s.better).c_str(),
                  html_escape(s.worse).c_str(), s.difference.mean, t_interval_text(s, "%.2e").c_str(),
                  s.holds ? "holds" : s.has_interval() ? "<b>does not hold</b>" : "untested");
    detail += buf;
  }
  const std::string verdict = tested == 0 ? "untested (one run: no interval)"
                                           : std::to_string(held) + " of " + std::to_string(claim.steps.size()) + " comparisons hold";
  return "<li>" + html_escape(claim.text) + ": <b>" + verdict + "</b><br><small>" + detail + "</small></li>\n";
}

}  // namespace reverie
