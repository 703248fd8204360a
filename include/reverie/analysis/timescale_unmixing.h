#pragma once
#include <torch/types.h>

#include <vector>

namespace reverie {

// Un-mixing measures of seed 001 section 5.2.1 and seed 000 Fig. 2H/I. Hidden unit j is
// matched with feature group j (units ordered no / short / long memory, groups fast /
// medium / slow); in memoryless and uniformly leaky models, the unit in the same position.

// r2[j][g]: squared Pearson correlation of hidden unit j with the elements of group g over a
// stream, averaged over the group's elements; 0 for a unit that never varies (a dead ReLU).
std::vector<std::vector<double>> unit_group_r2(const torch::Tensor& hidden, const torch::Tensor& inputs, int64_t groups);

struct TimescaleUnmixing {
  std::vector<double> matching;     // r2[j][j]
  std::vector<double> selectivity;  // r2[j][j] - mean of r2[j][g], g != j
  double mean_matching = 0, mean_selectivity = 0;
};

TimescaleUnmixing timescale_unmixing(const std::vector<std::vector<double>>& r2);

}  // namespace reverie
