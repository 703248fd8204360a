#include "reverie/lab/recorded_metrics.h"

#include <algorithm>
#include <regex>

#include "reverie/core/error.h"

namespace reverie {

bool metric_matches(const std::string& pattern, const std::string& metric) {
  std::string expression;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '<') {
      const size_t end = pattern.find('>', i);
      if (end != std::string::npos) {
        expression += "[^/]+";
        i = end;
        continue;
      }
    }
    if (std::string("\\^$.|?*+()[]{}").find(pattern[i]) != std::string::npos) expression += '\\';
    expression += pattern[i];
  }
  return std::regex_match(metric, std::regex(expression));
}

void check_recorded_metric(const Experiment& experiment, const std::string& metric, const std::string& option) {
  const auto recorded = experiment.metrics();
  if (std::any_of(recorded.begin(), recorded.end(), [&](const std::string& p) { return metric_matches(p, metric); })) return;
  std::string list;
  for (const auto& p : recorded) list += (list.empty() ? "" : ", ") + p;
  throw InputError(option + " " + metric + ": " + experiment.name() + "'s runs record no such metric; they record " +
                   (list.empty() ? "none" : list) + " (a <...> part stands for a name from the config)");
}

}  // namespace reverie
