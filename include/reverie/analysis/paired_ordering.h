#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reverie/analysis/bootstrap.h"

namespace reverie {

// One step of a predicted ranking "better < worse" (lower is better, e.g. test error).
struct OrderingStep {
  std::string better, worse;
  BootstrapSummary difference;  // bootstrap of mean over runs of value(worse) - value(better)
  // Student-t interval of the same mean. It decides: percentile-bootstrap intervals are too
  // narrow with the few runs papers use (about 85% coverage at 5 runs).
  // With one run there is no interval: both are NaN (claims say "n/a (one run)").
  double t_low = 0, t_high = 0;
  bool holds = false;  // at least 2 runs and the t interval lies entirely above zero
  int64_t runs = 0;    // paired values compared
  bool has_interval() const { return runs >= 2; }
};

// "[low, high]" of the t interval with printf `format` for each end, or "n/a (one run)".
std::string t_interval_text(const OrderingStep& step, const char* format = "%.3g");

// Checks each "better < worse" pair on values paired by run (values[c][r] is condition c, run r).
std::vector<OrderingStep> check_pairs(const std::map<std::string, std::vector<double>>& values,
                                      const std::vector<std::pair<std::string, std::string>>& pairs, int64_t resamples,
                                      uint64_t seed, double confidence = 0.95);

// Checks a ranking, best first: each consecutive pair.
std::vector<OrderingStep> check_ordering(const std::map<std::string, std::vector<double>>& values,
                                         const std::vector<std::string>& ranking, int64_t resamples, uint64_t seed,
                                         double confidence = 0.95);

// wins[i][j]: fraction of runs in which condition names[i] has a lower value than names[j].
std::vector<std::vector<double>> pairwise_win_rates(const std::map<std::string, std::vector<double>>& values,
                                                    const std::vector<std::string>& names);

}  // namespace reverie
