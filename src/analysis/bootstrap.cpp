#include "reverie/analysis/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/rank_statistics.h"
#include "reverie/core/random.h"

namespace reverie {

namespace {

// Mean, sd and percentile interval of a bootstrap distribution.
BootstrapSummary summarize(std::vector<double> samples, double confidence) {
  std::sort(samples.begin(), samples.end());
  const auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(samples.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, samples.size() - 1);
    return samples[lo] + (pos - static_cast<double>(lo)) * (samples[hi] - samples[lo]);
  };
  const double tail = (1 - confidence) / 2;
  return {mean(samples), standard_deviation(samples), quantile(tail), quantile(1 - tail)};
}

}  // namespace

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
  return summarize(std::move(means), confidence);
}

BootstrapCorrelation bootstrap_correlation(const std::vector<double>& x, const std::vector<double>& y, int64_t resamples,
                                           uint64_t seed, double confidence) {
  if (x.size() != y.size() || x.size() < 2 || resamples < 1)
    throw std::invalid_argument("a bootstrap correlation needs two series of equal length >= 2 and resamples >= 1");
  std::mt19937_64 engine(seed);
  const size_t n = x.size();
  std::vector<double> rs, bx(n), by(n);
  for (int64_t b = 0; b < resamples; ++b) {
    for (size_t i = 0; i < n; ++i) {
      const size_t k = uniform_index(engine, n);
      bx[i] = x[k];
      by[i] = y[k];
    }
    const double r = pearson_correlation(bx, by);
    if (std::isfinite(r)) rs.push_back(r);
  }
  BootstrapCorrelation out;
  out.r = pearson_correlation(x, y);
  out.defined_resamples = static_cast<int64_t>(rs.size());
  const double nan = std::nan("");
  out.bootstrap = 2 * rs.size() >= static_cast<size_t>(resamples) ? summarize(std::move(rs), confidence)
                                                                  : BootstrapSummary{nan, nan, nan, nan};
  return out;
}

}  // namespace reverie
