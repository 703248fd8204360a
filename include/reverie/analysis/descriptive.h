#pragma once
#include <vector>

namespace reverie {

double mean(const std::vector<double>& values);
double standard_deviation(const std::vector<double>& values);  // sample (n - 1)
double standard_error(const std::vector<double>& values);
// Pearson correlation; 0 when either series is constant (no linear relation to measure).
double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace reverie
