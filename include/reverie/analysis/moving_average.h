#pragma once
#include <cstdint>
#include <vector>

namespace reverie {

// Trailing moving average over `window` points (the first points average what exists so far),
// the smoothing of seed 001's learning-curve figures.
std::vector<double> moving_average(const std::vector<double>& values, int64_t window);

}  // namespace reverie
