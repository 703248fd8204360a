#include "reverie/analysis/rank_statistics.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "reverie/analysis/descriptive.h"

namespace reverie {

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + j) + 2.0) / 2.0;  // mean of ranks i+1 .. j+1
    for (size_t t = i; t <= j; ++t) ranks[order[t]] = rank;
    i = j + 1;
  }
  return ranks;
}

double pearson_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size() || x.size() < 2) throw std::invalid_argument("correlation needs two series of equal length >= 2");
  const double mx = mean(x), my = mean(y);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : std::nan("");
}

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  return pearson_correlation(average_ranks(x), average_ranks(y));
}

namespace {

// P(U >= u) under H0 without ties: counts of rank sums by dynamic programming over
// (items of x placed, items placed) -> number of arrangements with each U.
double exact_upper_tail(size_t nx, size_t ny, double u) {
  // row[j][s]: arrangements of i x's and j y's with s pairs (x > y), rolled over i. The largest
  // item is an x (above all j y's: j more pairs) or a y (no more pairs).
  std::vector<std::vector<double>> row(ny + 1, std::vector<double>(1, 1.0));  // i = 0: one arrangement, U = 0
  for (size_t i = 1; i <= nx; ++i) {
    std::vector<std::vector<double>> next(ny + 1);
    next[0].assign(1, 1.0);
    for (size_t j = 1; j <= ny; ++j) {
      next[j].assign(i * j + 1, 0.0);
      for (size_t s = 0; s < row[j].size(); ++s) next[j][s + j] += row[j][s];
      for (size_t s = 0; s < next[j - 1].size(); ++s) next[j][s] += next[j - 1][s];
    }
    row = std::move(next);
  }
  double total = 0, tail = 0;
  for (size_t s = 0; s < row[ny].size(); ++s) {
    total += row[ny][s];
    if (static_cast<double>(s) >= u - 1e-9) tail += row[ny][s];
  }
  return tail / total;
}

}  // namespace

MannWhitneyResult mann_whitney_u(const std::vector<double>& x, const std::vector<double>& y,
                                 const std::string& alternative) {
  if (x.empty() || y.empty()) throw std::invalid_argument("Mann-Whitney U needs two non-empty samples");
  if (alternative != "greater" && alternative != "less" && alternative != "two-sided")
    throw std::invalid_argument("alternative must be greater, less or two-sided");
  std::vector<double> all(x);
  all.insert(all.end(), y.begin(), y.end());
  const auto ranks = average_ranks(all);
  const double nx = static_cast<double>(x.size()), ny = static_cast<double>(y.size()), n = nx + ny;
  const double rank_sum_x = std::accumulate(ranks.begin(), ranks.begin() + static_cast<long>(x.size()), 0.0);
  MannWhitneyResult r;
  r.u = rank_sum_x - nx * (nx + 1) / 2;
  // Tie correction: sum of t^3 - t over groups of tied values.
  std::vector<double> sorted(all);
  std::sort(sorted.begin(), sorted.end());
  double ties = 0;
  for (size_t i = 0; i < sorted.size();) {
    size_t j = i;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  const double mu = nx * ny / 2;
  if (ties == 0 && x.size() * y.size() <= 10000) {
    r.exact = true;
    const double upper = exact_upper_tail(x.size(), y.size(), r.u);                 // P(U >= u)
    const double lower = exact_upper_tail(x.size(), y.size(), nx * ny - r.u);       // P(U <= u), by symmetry
    if (alternative == "greater") r.p_value = upper;
    else if (alternative == "less") r.p_value = lower;
    else r.p_value = std::min(1.0, 2 * std::min(upper, lower));
    return r;
  }
  const double sd = std::sqrt(nx * ny / 12 * ((n + 1) - ties / (n * (n - 1))));
  const boost::math::normal normal;
  if (sd == 0) return r;  // every value tied: no evidence either way
  const auto upper_tail = [&](double z) { return boost::math::cdf(boost::math::complement(normal, z)); };
  if (alternative == "greater") r.p_value = upper_tail((r.u - mu - 0.5) / sd);
  else if (alternative == "less") r.p_value = upper_tail((mu - r.u - 0.5) / sd);
  else r.p_value = std::min(1.0, 2 * upper_tail((std::abs(r.u - mu) - 0.5) / sd));
  return r;
}

}  // namespace reverie
