#pragma once
// What the wake-sleep reports (MNIST, video, hierarchical) share beyond the family's headers.
#include <array>
#include <string>
#include <vector>

#include "reverie/report/figures.h"
#include "reverie/report/row_table.h"

namespace reverie {

// A line plot of one metric over epochs, one line per condition (sites, algorithms): a row of a report's figure table.
struct MetricFigure {
  const char* metric;
  const char* name;
  const char* title;
  const char* ylabel;
  const char* caption;
};

// One condition's per-step metric as a band, mean +- SE over runs.
BandSeries condition_band(const RowTable& table, const std::string& label, const std::string& condition,
                          const std::string& metric);

// The adversarial trainer's per-epoch objective (rows of condition "train"): the critics' value, the weighted gradient
// penalty, the networks' adversarial loss and their feature reconstruction.
inline const std::array<std::string, 4> kTrainingObjectiveMetrics = {"critic_value", "critic_penalty", "network_adversarial",
                                                                     "network_reconstruction"};
// One band per objective term, labelled by `labels` (in kTrainingObjectiveMetrics' order).
std::vector<BandSeries> training_objective_bands(const RowTable& table,
                                                 const std::array<std::string, 4>& labels = kTrainingObjectiveMetrics);

// "k of n": at how many of the n indices of `a` its value lies below `b`'s.
std::string count_below(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace reverie
