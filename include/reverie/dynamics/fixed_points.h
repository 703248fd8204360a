#pragma once
#include <torch/types.h>

#include <vector>

#include "reverie/dynamics/generative_map.h"

namespace reverie {

// Iteration from given states until a step moves no coordinate by more than `tolerance`
// (seed 002 section 4.1's iterative fixed points), at most `max_steps` steps.
struct IterationLimits {
  torch::Tensor states;     // [n x d] where each chain stopped
  torch::Tensor converged;  // [n] bool
  torch::Tensor steps;      // [n] int64, steps until convergence (max_steps when not converged)
};
IterationLimits iterate_to_fixed_points(const StepMap& step, const torch::Tensor& starts, int64_t max_steps,
                                        double tolerance);

// Seed 002 Fig. 2: Euclidean distance of every iterate of each start to each target, the start
// itself included: [n x (steps + 1) x m] for starts [n x d], targets [m x d].
torch::Tensor iteration_distances(const StepMap& step, const torch::Tensor& starts, const torch::Tensor& targets,
                                  int64_t steps);

// Which limits are one attractor (Fig. 7, 10: items sharing an attractor): for each row of
// `limits` [n x d] whose `converged` [n] is set, the first converged row closer than
// `merge_distance` in every coordinate (itself when none is); a row that did not converge is its own.
std::vector<int64_t> limit_groups(const torch::Tensor& limits, const torch::Tensor& converged, double merge_distance);

// The Jacobians of `step` at every state [n x d], by autograd: [n x d x d], row i = gradient of output i.
torch::Tensor batch_jacobians(const StepMap& step, const torch::Tensor& states);
// The Jacobian at one state x [d]: [d x d].
torch::Tensor jacobian(const StepMap& step, const torch::Tensor& x);

// Largest eigenvalue modulus of a square matrix (at::linalg_eigvals).
double spectral_radius(const torch::Tensor& matrix);

// A fixed point is an attractor when the spectral radius of the Jacobian there is < 1
// (Strogatz; seed 002 section 4.2). One fixed point's test:
struct FixedPointStability {
  double spectral_radius = 0;
  bool attractor = false;
};
FixedPointStability stability(const StepMap& step, const torch::Tensor& fixed_point);

// Per item: is it stored as an iterative fixed point (iteration from the item converges to a
// point within `item_tolerance` of it in every coordinate), and is the limit an attractor?
struct ItemFixedPoint {
  bool converged = false;
  int64_t steps = 0;
  torch::Tensor limit;         // [d] where iteration stopped
  bool stored = false;         // converged to (near) the item itself
  int64_t limit_item = -1;     // nearest item of the limit
  double max_deviation = 0;    // max |limit - item|
  double spectral_radius = 0;  // at the limit (converged only)
  bool attractor = false;
};
std::vector<ItemFixedPoint> item_fixed_points(const StepMap& step, const torch::Tensor& items, int64_t max_steps,
                                              double tolerance, double item_tolerance);

// Distinct fixed points reached from `starts` (limits closer than `merge_distance` merged), each
// with its stability and nearest item.
struct FoundFixedPoint {
  torch::Tensor state;  // [d]
  int64_t basin_size = 0;  // starts that converged here
  int64_t nearest_item = -1;
  double item_distance = 0;  // max |state - nearest item|
  FixedPointStability stability;
};
std::vector<FoundFixedPoint> distinct_fixed_points(const StepMap& step, const torch::Tensor& starts,
                                                   const torch::Tensor& items, int64_t max_steps, double tolerance,
                                                   double merge_distance);
// The same for limits found another way (e.g. newton_fixed_points): the converged ones, merged.
std::vector<FoundFixedPoint> distinct_limits(const StepMap& step, const IterationLimits& limits, const torch::Tensor& items,
                                             double merge_distance);

// Seed 002 section 7's census of distinct fixed points: how many are attractors, how many are not
// (Jacobian spectral radius >= 1), and how many attractors are spurious (no item within
// `item_tolerance` in every coordinate, the "stored" criterion: attractor states not in X).
struct FixedPointCensus {
  int64_t fixed_points = 0;
  int64_t attractors = 0;
  int64_t non_attractors = 0;
  int64_t spurious_attractors = 0;
  double max_spectral_radius = 0;
};
FixedPointCensus fixed_point_census(const std::vector<FoundFixedPoint>& found, double item_tolerance);

}  // namespace reverie
