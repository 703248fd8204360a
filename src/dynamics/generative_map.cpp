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

torch::Tensor nearest_item_by_angle(const torch::Tensor& states, const torch::Tensor& items, at::Generator& generator) {
  const auto flat = states.reshape({-1, states.size(-1)}).to(items.scalar_type());
  const auto unit_items = items / items.norm(2, 1, true).clamp_min(1e-30);
  const auto norms = flat.norm(2, 1);
  auto nearest = flat.matmul(unit_items.t()).argmax(1);  // largest cosine similarity: the state's norm does not matter
  const auto no_angle = norms.eq(0);
  if (no_angle.any().item<bool>())
    nearest = torch::where(no_angle, torch::randint(items.size(0), {flat.size(0)}, generator, torch::kInt64), nearest);
  auto shape = states.sizes().vec();
  shape.pop_back();
  return nearest.view(shape);
}

}  // namespace reverie
