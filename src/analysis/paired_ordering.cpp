#include "reverie/analysis/paired_ordering.h"

#include <boost/math/distributions/students_t.hpp>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "reverie/analysis/descriptive.h"

#include "reverie/core/random.h"

namespace reverie {

std::vector<OrderingStep> check_pairs(const std::map<std::string, std::vector<double>>& values,
                                      const std::vector<std::pair<std::string, std::string>>& pairs, int64_t resamples,
                                      uint64_t seed, double confidence) {
  std::vector<OrderingStep> steps;
  for (const auto& [better_name, worse_name] : pairs) {
    const auto& better = values.at(better_name);
    const auto& worse = values.at(worse_name);
    if (better.size() != worse.size()) throw std::invalid_argument("check_pairs: conditions have different run counts");
    std::vector<double> differences(better.size());
    for (size_t r = 0; r < better.size(); ++r) differences[r] = worse[r] - better[r];
    OrderingStep step{better_name, worse_name,
                      bootstrap_mean(differences, resamples, derive_seed(seed, better_name + "<" + worse_name), confidence)};
    step.runs = static_cast<int64_t>(differences.size());
    step.t_low = step.t_high = std::numeric_limits<double>::quiet_NaN();
    if (step.has_interval()) {
      const double n = static_cast<double>(differences.size());
      const boost::math::students_t t(n - 1);
      const double half_width = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) *
                                standard_error(differences);
      step.t_low = mean(differences) - half_width;
      step.t_high = mean(differences) + half_width;
      step.holds = step.t_low > 0;
    }
    steps.push_back(step);
  }
  return steps;
}

std::string t_interval_text(const OrderingStep& step, const char* format) {
  if (!step.has_interval()) return "n/a (one run)";
  char low[64], high[64];
  std::snprintf(low, sizeof low, format, step.t_low);
  std::snprintf(high, sizeof high, format, step.t_high);
  return "[" + std::string(low) + ", " + high + "]";
}

std::vector<OrderingStep> check_ordering(const std::map<std::string, std::vector<double>>& values,
                                         const std::vector<std::string>& ranking, int64_t resamples, uint64_t seed,
                                         double confidence) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i + 1 < ranking.size(); ++i) pairs.emplace_back(ranking[i], ranking[i + 1]);
  return check_pairs(values, pairs, resamples, seed, confidence);
}

std::vector<std::vector<double>> pairwise_win_rates(const std::map<std::string, std::vector<double>>& values,
                                                    const std::vector<std::string>& names) {
  std::vector<std::vector<double>> wins;
  for (const auto& a : names) {
    std::vector<double> row;
    for (const auto& b : names) {
      const auto &va = values.at(a), &vb = values.at(b);
      double count = 0;
      for (size_t r = 0; r < va.size(); ++r) count += va[r] < vb[r];
      row.push_back(count / static_cast<double>(va.size()));
    }
    wins.push_back(row);
  }
  return wins;
}

}  // namespace reverie
