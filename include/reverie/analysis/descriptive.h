#pragma once
#include <vector>

namespace reverie {

double mean(const std::vector<double>& values);
double standard_deviation(const std::vector<double>& values);  // sample (n - 1)
double standard_error(const std::vector<double>& values);

}  // namespace reverie
