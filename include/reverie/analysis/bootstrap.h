#pragma once
#include <cstdint>
#include <vector>

namespace reverie {

// Bootstrap distribution of the mean (seed 001 reports "mean and standard deviation of
// bootstrapping 10,000 times on 100 values"): its mean, its standard deviation, and a
// percentile confidence interval.
struct BootstrapSummary {
  double mean = 0;
  double sd = 0;
  double ci_low = 0;
  double ci_high = 0;
};

BootstrapSummary bootstrap_mean(const std::vector<double>& values, int64_t resamples, uint64_t seed,
                                double confidence = 0.95);

// Pearson's r of paired values (x[i], y[i]) and its bootstrap over the pairs (e.g. runs; seed
// 001 A.14). Resamples whose r is undefined (a constant series) are left out and counted; with
// fewer than half of them defined the summary is NaN.
struct BootstrapCorrelation {
  double r = 0;
  BootstrapSummary bootstrap;
  int64_t defined_resamples = 0;
};
BootstrapCorrelation bootstrap_correlation(const std::vector<double>& x, const std::vector<double>& y, int64_t resamples,
                                           uint64_t seed, double confidence = 0.95);

}  // namespace reverie
