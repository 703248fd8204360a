#pragma once
#include <vector>

namespace reverie {

double mean(const std::vector<double>& values);
double standard_deviation(const std::vector<double>& values);  // sample (n - 1)
double standard_error(const std::vector<double>& values);
// Cohen's d of y against x: (mean(y) - mean(x)) / pooled sample standard deviation.
double cohens_d(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace reverie
