#include "reverie/analysis/moving_average.h"

#include <stdexcept>

namespace reverie {

std::vector<double> moving_average(const std::vector<double>& values, int64_t window) {
  if (window < 1) throw std::invalid_argument("moving average window must be >= 1");
  std::vector<double> out(values.size());
  double sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    if (i >= static_cast<size_t>(window)) sum -= values[i - window];
    out[i] = sum / static_cast<double>(std::min<size_t>(i + 1, window));
  }
  return out;
}

}  // namespace reverie
