#include "reverie/analysis/pattern_overlap.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "reverie/core/random.h"

namespace reverie {

torch::Tensor quantized_patterns(const torch::Tensor& states, const std::vector<int64_t>& units) {
  const auto index = torch::tensor(units, torch::kLong).to(states.device());
  return states.detach().index_select(1, index).round().to(torch::kCPU, torch::kLong);
}

std::vector<int64_t> subsample_units(int64_t dimension, int64_t count, std::mt19937_64& engine) {
  if (count > dimension) throw std::invalid_argument("subsample_units: more units than the layer has");
  auto order = permutation(dimension, engine);
  order.resize(count);
  std::sort(order.begin(), order.end());
  return order;
}

namespace {

std::map<std::vector<int64_t>, double> pattern_counts(const torch::Tensor& patterns) {
  const auto p = patterns.contiguous().to(torch::kCPU, torch::kLong);
  const auto* data = p.data_ptr<int64_t>();
  const int64_t rows = p.size(0), columns = p.dim() > 1 ? p.size(1) : 1;
  std::map<std::vector<int64_t>, double> counts;
  for (int64_t r = 0; r < rows; ++r) counts[std::vector<int64_t>(data + r * columns, data + (r + 1) * columns)] += 1.0;
  return counts;
}

}  // namespace

PatternHistogramComparison compare_pattern_histograms(const torch::Tensor& wake_patterns, const torch::Tensor& sleep_patterns,
                                                      double pseudocount) {
  const auto wake = pattern_counts(wake_patterns), sleep = pattern_counts(sleep_patterns);
  std::map<std::vector<int64_t>, std::pair<double, double>> joint;
  for (const auto& [pattern, n] : wake) joint[pattern].first = n;
  for (const auto& [pattern, n] : sleep) joint[pattern].second = n;
  const double wake_total = static_cast<double>(wake_patterns.size(0));
  const double sleep_total = static_cast<double>(sleep_patterns.size(0));
  const double patterns = static_cast<double>(joint.size());
  const double wake_smoothed = wake_total + pseudocount * patterns, sleep_smoothed = sleep_total + pseudocount * patterns;
  PatternHistogramComparison c;
  c.patterns = static_cast<int64_t>(joint.size());
  for (const auto& [pattern, n] : joint) {
    const double p = (n.first + pseudocount) / wake_smoothed, q = (n.second + pseudocount) / sleep_smoothed;
    c.kl_wake_sleep += p * std::log(p / q);
    c.kl_sleep_wake += q * std::log(q / p);
    c.overlap += std::min(n.first / wake_total, n.second / sleep_total);
  }
  return c;
}

}  // namespace reverie
