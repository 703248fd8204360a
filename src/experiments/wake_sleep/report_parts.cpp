#include "report_parts.h"

namespace reverie {

BandSeries condition_band(const RowTable& table, const std::string& label, const std::string& condition,
                          const std::string& metric) {
  return band_over_runs(label, table.steps(condition, metric), table.by_run(condition, metric));
}

std::vector<BandSeries> training_objective_bands(const RowTable& table, const std::array<std::string, 4>& labels) {
  std::vector<BandSeries> bands;
  for (size_t i = 0; i < labels.size(); ++i)
    bands.push_back(condition_band(table, labels[i], "train", kTrainingObjectiveMetrics[i]));
  return bands;
}

std::string count_below(const std::vector<double>& a, const std::vector<double>& b) {
  int64_t k = 0;
  for (size_t i = 0; i < a.size(); ++i) k += a[i] < b[i] ? 1 : 0;
  return std::to_string(k) + " of " + std::to_string(a.size());
}

}  // namespace reverie
