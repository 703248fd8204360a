#include "reverie/analysis/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/random.h"

namespace reverie {

BootstrapSummary bootstrap_mean(const std::vector<double>& values, int64_t resamples, uint64_t seed, double confidence) {
  if (values.empty() || resamples < 1) throw std::invalid_argument("bootstrap needs values and resamples >= 1");
  std::mt19937_64 engine(seed);
  std::vector<double> means(resamples);
  const size_t n = values.size();
  for (auto& m : means) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) sum += values[uniform_index(engine, n)];
    m = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(resamples - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, means.size() - 1);
    return means[lo] + (pos - static_cast<double>(lo)) * (means[hi] - means[lo]);
  };
  const double tail = (1 - confidence) / 2;
  return {mean(means), standard_deviation(means), quantile(tail), quantile(1 - tail)};
}

}  // namespace reverie
