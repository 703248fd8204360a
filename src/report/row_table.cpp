#include "reverie/report/row_table.h"

#include <algorithm>
#include <set>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/error.h"

namespace reverie {

RowTable::RowTable(const std::vector<TidyRow>& rows) {
  std::set<std::string> seen;
  for (const auto& r : rows) {
    groups_[{r.condition, r.metric}].push_back(&r);
    if (seen.insert(r.condition).second) condition_order_.push_back(r.condition);
  }
}

bool RowTable::has(const std::string& condition, const std::string& metric) const {
  return groups_.count({condition, metric}) > 0;
}

const std::vector<const TidyRow*>& RowTable::rows(const std::string& condition, const std::string& metric) const {
  static const std::vector<const TidyRow*> none;
  const auto it = groups_.find({condition, metric});
  return it == groups_.end() ? none : it->second;
}

std::vector<std::string> RowTable::conditions(const std::string& prefix, const std::string& metric) const {
  std::vector<std::string> out;
  for (const auto& c : condition_order_)
    if (c.rfind(prefix, 0) == 0 && (metric.empty() || has(c, metric))) out.push_back(c);
  return out;
}

std::vector<double> RowTable::values(const std::string& condition, const std::string& metric) const {
  std::vector<double> v;
  for (const auto* r : rows(condition, metric)) v.push_back(r->value);
  return v;
}

std::vector<std::pair<int64_t, double>> RowTable::points(const std::string& condition, const std::string& metric) const {
  std::vector<std::pair<int64_t, double>> v;
  for (const auto* r : rows(condition, metric)) v.emplace_back(r->step, r->value);
  return v;
}

std::vector<std::vector<double>> RowTable::by_run(const std::string& condition, const std::string& metric) const {
  std::map<int, std::vector<std::pair<int64_t, double>>> runs;
  for (const auto* r : rows(condition, metric)) runs[r->run].emplace_back(r->step, r->value);
  std::vector<std::vector<double>> out;
  for (auto& [run, points] : runs) {
    // Stable on the step alone: rows of one step keep their order in the results.
    std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    out.emplace_back();
    for (const auto& p : points) out.back().push_back(p.second);
  }
  return out;
}

std::vector<double> RowTable::first_per_run(const std::string& condition, const std::string& metric) const {
  std::vector<double> out;
  for (const auto& run : by_run(condition, metric)) out.push_back(run.front());
  return out;
}

std::vector<double> RowTable::last_per_run(const std::string& condition, const std::string& metric) const {
  std::vector<double> out;
  for (const auto& run : by_run(condition, metric)) out.push_back(run.back());
  return out;
}

std::vector<double> RowTable::mean_per_run(const std::string& condition, const std::string& metric) const {
  std::vector<double> out;
  for (const auto& run : by_run(condition, metric)) out.push_back(mean(run));
  return out;
}

std::vector<double> RowTable::at_step(const std::string& condition, const std::string& metric, int64_t step) const {
  std::map<int, double> by_run;
  for (const auto* r : rows(condition, metric))
    if (r->step == step) by_run[r->run] = r->value;
  std::vector<double> out;
  for (const auto& [run, v] : by_run) out.push_back(v);
  return out;
}

std::vector<double> RowTable::steps(const std::string& condition, const std::string& metric) const {
  std::vector<std::pair<int, int64_t>> points;
  for (const auto* r : rows(condition, metric)) points.emplace_back(r->run, r->step);
  std::sort(points.begin(), points.end());
  std::vector<double> x;
  for (const auto& p : points)
    if (p.first == points.front().first) x.push_back(static_cast<double>(p.second));
  return x;
}

double pooled_mean(const RowTable& table, const std::string& condition, const std::string& metric) {
  const auto v = table.values(condition, metric);
  if (v.empty()) throw InputError("results hold no '" + metric + "' for condition '" + condition + "'");
  return mean(v);
}

}  // namespace reverie
