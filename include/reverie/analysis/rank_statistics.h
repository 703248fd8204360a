#pragma once
#include <string>
#include <vector>

namespace reverie {

// Ranks 1..n with ties given their average rank.
std::vector<double> average_ranks(const std::vector<double>& values);

double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y);
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);  // Pearson of average ranks

// Mann-Whitney U test of x against y. U counts pairs with x > y (ties count 1/2).
// "greater": H1 x tends to exceed y; "less": x tends to be below y; "two-sided".
// p-value exact (the null distribution of U by counting) when there are no ties and
// n_x * n_y <= 10,000; otherwise the normal approximation with tie and continuity corrections
// (the defaults of R's wilcox.test and SciPy's mannwhitneyu).
struct MannWhitneyResult {
  double u = 0;
  double p_value = 1;
  bool exact = false;
};
MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 const std::string& alternative);

}  // namespace reverie
