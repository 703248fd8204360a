#pragma once
#include <torch/types.h>

#include <cstdint>
#include <random>
#include <vector>

namespace reverie {

// Berkes et al. (2011), as seed 003 sec. 5.1 applies it to wake and sleep network states:
// quantize to the nearest integer, keep a few units, count each joint pattern in each phase,
// and compare the two histograms.

// Rows of `states` [N x D] rounded to the nearest integer at the columns `units`: [N x units].
torch::Tensor quantized_patterns(const torch::Tensor& states, const std::vector<int64_t>& units);

// `count` distinct columns of [0, dimension), drawn without replacement.
std::vector<int64_t> subsample_units(int64_t dimension, int64_t count, std::mt19937_64& engine);

struct PatternHistogramComparison {
  double kl_wake_sleep = 0;  // KL(wake || sleep), nats, on smoothed histograms
  double kl_sleep_wake = 0;  // KL(sleep || wake)
  double overlap = 0;        // sum over patterns of min(p_wake, p_sleep): 1 = identical histograms
  int64_t patterns = 0;      // distinct patterns seen in either phase
};

// Compares the pattern histograms of two phases (rows are patterns, e.g. from quantized_patterns).
// Both histograms get `pseudocount` added to every pattern seen in either phase before
// normalizing, so the KL divergences stay finite; the overlap uses the raw frequencies.
PatternHistogramComparison compare_pattern_histograms(const torch::Tensor& wake_patterns, const torch::Tensor& sleep_patterns,
                                                      double pseudocount = 1.0);

}  // namespace reverie
