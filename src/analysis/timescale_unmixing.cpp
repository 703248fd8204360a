#include "reverie/analysis/timescale_unmixing.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/rank_statistics.h"

namespace reverie {

std::vector<std::vector<double>> unit_group_r2(const torch::Tensor& hidden, const torch::Tensor& inputs, int64_t groups) {
  const auto h = hidden.to(torch::kCPU, torch::kFloat64).contiguous();
  const auto x = inputs.to(torch::kCPU, torch::kFloat64).contiguous();
  if (h.size(0) != x.size(0) || groups < 1 || x.size(1) % groups != 0)
    throw std::invalid_argument("unit_group_r2: hidden and inputs must cover the same items, inputs split into groups");
  const int64_t width = x.size(1) / groups;
  const auto column = [](const torch::Tensor& t, int64_t c) {
    const auto col = t.select(1, c).contiguous();
    return std::vector<double>(col.data_ptr<double>(), col.data_ptr<double>() + col.numel());
  };
  std::vector<std::vector<double>> r2(h.size(1), std::vector<double>(groups, 0.0));
  for (int64_t j = 0; j < h.size(1); ++j) {
    const auto unit = column(h, j);
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t e = 0; e < width; ++e) {
        const double r = pearson_correlation(unit, column(x, g * width + e));
        if (!std::isnan(r)) r2[j][g] += r * r / static_cast<double>(width);  // NaN: a unit that never varies
      }
    }
  }
  return r2;
}

TimescaleUnmixing timescale_unmixing(const std::vector<std::vector<double>>& r2) {
  TimescaleUnmixing u;
  const size_t units = std::min(r2.size(), r2.empty() ? 0 : r2[0].size());
  for (size_t j = 0; j < units; ++j) {
    double others = 0;
    for (size_t g = 0; g < r2[j].size(); ++g)
      if (g != j) others += r2[j][g];
    u.matching.push_back(r2[j][j]);
    u.selectivity.push_back(r2[j][j] - (r2[j].size() > 1 ? others / static_cast<double>(r2[j].size() - 1) : 0.0));
  }
  if (units > 0) {
    u.mean_matching = mean(u.matching);
    u.mean_selectivity = mean(u.selectivity);
  }
  return u;
}

}  // namespace reverie
