#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "reverie/core/tidy_csv.h"

namespace reverie {

// A report's view of tidy rows: grouped once by (condition, metric), then read per run, per step
// or pooled. Every experiment's summary reads its rows through this one class. The rows must
// outlive the table (it keeps pointers to them).
class RowTable {
 public:
  explicit RowTable(const std::vector<TidyRow>& rows);

  bool has(const std::string& condition, const std::string& metric) const;
  // The group's rows in their order in the results (empty when absent).
  const std::vector<const TidyRow*>& rows(const std::string& condition, const std::string& metric) const;
  // Conditions in order of first appearance; only those starting with `prefix` and, when
  // `metric` is given, holding it.
  std::vector<std::string> conditions(const std::string& prefix = "", const std::string& metric = "") const;

  // Every value, all runs pooled, in row order.
  std::vector<double> values(const std::string& condition, const std::string& metric) const;
  std::vector<std::pair<int64_t, double>> points(const std::string& condition, const std::string& metric) const;  // (step, value)
  // Per run (in run order), the values in step order: runs x steps (runs missing the group are skipped).
  std::vector<std::vector<double>> by_run(const std::string& condition, const std::string& metric) const;
  // Per run, the value at its first / last step (e.g. before and after training), and the mean over its steps.
  std::vector<double> first_per_run(const std::string& condition, const std::string& metric) const;
  std::vector<double> last_per_run(const std::string& condition, const std::string& metric) const;
  std::vector<double> mean_per_run(const std::string& condition, const std::string& metric) const;
  // Per run, the value at `step` (runs without it are skipped); step 0 holds once-per-run values.
  std::vector<double> at_step(const std::string& condition, const std::string& metric, int64_t step = 0) const;
  std::vector<double> steps(const std::string& condition, const std::string& metric) const;  // of the first run

 private:
  std::map<std::pair<std::string, std::string>, std::vector<const TidyRow*>> groups_;
  std::vector<std::string> condition_order_;
};

// Per-chain (or per-run) metric of a condition, pooled over runs: its mean. InputError when absent.
double pooled_mean(const RowTable& table, const std::string& condition, const std::string& metric);

}  // namespace reverie
