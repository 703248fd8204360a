#include "reverie/dynamics/generative_map.h"

#include <torch/torch.h>

namespace reverie {

torch::Tensor iterate(const StepMap& step, torch::Tensor states, int64_t steps) {
  torch::NoGradGuard no_grad;
  for (int64_t s = 0; s < steps; ++s) states = step(states);
  return states;
}

torch::Tensor iterate_trajectory(const StepMap& step, torch::Tensor states, int64_t steps) {
  torch::NoGradGuard no_grad;
  auto trajectory = torch::empty({states.size(0), steps, states.size(1)}, states.options());
  for (int64_t s = 0; s < steps; ++s) {
    states = step(states);
    trajectory.select(1, s).copy_(states);
  }
  return trajectory;
}

torch::Tensor nearest_item(const torch::Tensor& states, const torch::Tensor& items) {
  const auto flat = states.reshape({-1, states.size(-1)}).to(items.scalar_type());
  // |s|^2 - 2 s.i + |i|^2; argmin over items (|s|^2 is the same for every item).
  const auto score = items.pow(2).sum(1).unsqueeze(0) - 2.0 * flat.matmul(items.t());
  auto shape = states.sizes().vec();
  shape.pop_back();
  return score.argmin(1).view(shape);
}

}  // namespace reverie
