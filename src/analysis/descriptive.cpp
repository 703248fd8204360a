#include "reverie/analysis/descriptive.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace reverie {

double mean(const std::vector<double>& values) {
  if (values.empty()) throw std::invalid_argument("mean of no values");
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double standard_deviation(const std::vector<double>& values) {
  if (values.size() < 2) return 0.0;
  const double m = mean(values);
  double ss = 0;
  for (double v : values) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(values.size() - 1));
}

double standard_error(const std::vector<double>& values) {
  return standard_deviation(values) / std::sqrt(static_cast<double>(values.size()));
}

double cohens_d(const std::vector<double>& x, const std::vector<double>& y) {
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size());
  const double sx = standard_deviation(x), sy = standard_deviation(y);
  const double pooled = std::sqrt(((nx - 1) * sx * sx + (ny - 1) * sy * sy) / (nx + ny - 2));
  return (mean(y) - mean(x)) / pooled;
}

}  // namespace reverie
