#pragma once
#include <torch/types.h>

#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/generative_map.h"

namespace reverie {

// Fixed points of `step` as roots of g(x) = step(x) - x, by Newton's method from every start:
// x <- x - (J(x) - I)^+ g(x), with J the Jacobian by autograd and ^+ the pseudo-inverse (J - I is
// singular where J has an eigenvalue 1). Unlike iteration (iterate_to_fixed_points), which only
// settles in stable fixed points, this also finds unstable ones (seed 002 section 7's
// non-attractors). A start converges when max |g(x)| < `tolerance` within `max_steps` Newton steps;
// iterates are kept in [low, high] (for seed 002's sigmoid output: every fixed point lies in [0, 1]).
struct RootSearchOptions {
  int64_t max_steps = 100;
  double tolerance = 1e-6;
  double low = 0.0, high = 1.0;
};
IterationLimits newton_fixed_points(const StepMap& step, const torch::Tensor& starts, const RootSearchOptions& options);

}  // namespace reverie
