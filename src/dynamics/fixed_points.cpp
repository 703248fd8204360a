#include "reverie/dynamics/fixed_points.h"

#include <torch/torch.h>

#include <algorithm>

namespace reverie {

IterationLimits iterate_to_fixed_points(const StepMap& step, const torch::Tensor& starts, int64_t max_steps,
                                        double tolerance) {
  torch::NoGradGuard no_grad;
  auto x = starts.clone();
  auto converged = torch::zeros({starts.size(0)}, torch::kBool);
  auto steps = torch::full({starts.size(0)}, max_steps, torch::kInt64);
  for (int64_t k = 1; k <= max_steps; ++k) {
    const auto next = step(x);
    const auto still = (next - x).abs().amax(1) < tolerance;
    steps.masked_fill_(still & ~converged, k);
    converged = still;  // judged by the last step: a pause on a slow stretch does not count
    x = next;
    if (converged.all().item<bool>()) break;
  }
  steps.masked_fill_(~converged, max_steps);
  return {x, converged, steps};
}

torch::Tensor iteration_distances(const StepMap& step, const torch::Tensor& starts, const torch::Tensor& targets,
                                  int64_t steps) {
  torch::NoGradGuard no_grad;
  const auto states = torch::cat({starts.unsqueeze(1), iterate_trajectory(step, starts, steps)}, 1);  // [n x steps+1 x d]
  return torch::cdist(states.to(torch::kFloat64), targets.to(torch::kFloat64).unsqueeze(0).expand({states.size(0), -1, -1}));
}

std::vector<int64_t> limit_groups(const torch::Tensor& limits, const torch::Tensor& converged, double merge_distance) {
  const int64_t n = limits.size(0);
  std::vector<int64_t> group(n);
  for (int64_t i = 0; i < n; ++i) {
    group[i] = i;
    if (!converged[i].item<bool>()) continue;
    for (int64_t j = 0; j < i; ++j)
      if (converged[j].item<bool>() && (limits[i] - limits[j]).abs().max().item<double>() < merge_distance) {
        group[i] = group[j];
        break;
      }
  }
  return group;
}

torch::Tensor batch_jacobians(const StepMap& step, const torch::Tensor& states) {
  torch::AutoGradMode enable(true);
  const int64_t n = states.size(0), d = states.size(1);
  // d copies of each state; output i of copy i depends only on copy i, so one backward gives every row.
  auto copies = states.detach().unsqueeze(1).expand({n, d, d}).reshape({n * d, d}).clone().requires_grad_(true);
  const auto y = step(copies).view({n, d, d});
  const auto grads = torch::autograd::grad({y.diagonal(0, 1, 2).sum()}, {copies});
  return grads[0].detach().view({n, d, d});
}

torch::Tensor jacobian(const StepMap& step, const torch::Tensor& x) { return batch_jacobians(step, x.reshape({1, x.numel()}))[0]; }

double spectral_radius(const torch::Tensor& matrix) {
  return at::linalg_eigvals(matrix.to(torch::kFloat64)).abs().max().item<double>();
}

FixedPointStability stability(const StepMap& step, const torch::Tensor& fixed_point) {
  const double r = spectral_radius(jacobian(step, fixed_point));
  return {r, r < 1.0};
}

std::vector<ItemFixedPoint> item_fixed_points(const StepMap& step, const torch::Tensor& items, int64_t max_steps,
                                              double tolerance, double item_tolerance) {
  const auto limits = iterate_to_fixed_points(step, items, max_steps, tolerance);
  const auto nearest = nearest_item(limits.states, items);
  std::vector<ItemFixedPoint> out(items.size(0));
  for (int64_t i = 0; i < items.size(0); ++i) {
    auto& r = out[i];
    r.converged = limits.converged[i].item<bool>();
    r.steps = limits.steps[i].item<int64_t>();
    r.limit = limits.states[i];
    r.limit_item = nearest[i].item<int64_t>();
    r.max_deviation = (limits.states[i] - items[i]).abs().max().item<double>();
    r.stored = r.converged && r.max_deviation < item_tolerance;
    if (r.converged) {
      const auto s = stability(step, limits.states[i]);
      r.spectral_radius = s.spectral_radius;
      r.attractor = s.attractor;
    }
  }
  return out;
}

std::vector<FoundFixedPoint> distinct_fixed_points(const StepMap& step, const torch::Tensor& starts,
                                                   const torch::Tensor& items, int64_t max_steps, double tolerance,
                                                   double merge_distance) {
  return distinct_limits(step, iterate_to_fixed_points(step, starts, max_steps, tolerance), items, merge_distance);
}

std::vector<FoundFixedPoint> distinct_limits(const StepMap& step, const IterationLimits& limits, const torch::Tensor& items,
                                             double merge_distance) {
  std::vector<FoundFixedPoint> found;
  const auto converged = limits.converged.nonzero().squeeze(1);
  for (int64_t k = 0; k < converged.size(0); ++k) {
    const auto state = limits.states[converged[k].item<int64_t>()];
    bool merged = false;
    for (auto& f : found)
      if ((f.state - state).abs().max().item<double>() < merge_distance) {
        ++f.basin_size;
        merged = true;
        break;
      }
    if (!merged) found.push_back({state, 1, -1, 0, {}});
  }
  for (auto& f : found) {
    f.nearest_item = nearest_item(f.state.unsqueeze(0), items)[0].item<int64_t>();
    f.item_distance = (f.state - items[f.nearest_item]).abs().max().item<double>();
    f.stability = stability(step, f.state);
  }
  return found;
}

FixedPointCensus fixed_point_census(const std::vector<FoundFixedPoint>& found, double item_tolerance) {
  FixedPointCensus c;
  for (const auto& f : found) {
    ++c.fixed_points;
    c.attractors += f.stability.attractor;
    c.non_attractors += !f.stability.attractor;
    c.spurious_attractors += f.stability.attractor && f.item_distance >= item_tolerance;
    c.max_spectral_radius = std::max(c.max_spectral_radius, f.stability.spectral_radius);
  }
  return c;
}

}  // namespace reverie
