#include "reverie/train/gradient_penalty.h"

#include <torch/torch.h>

namespace reverie {

torch::Tensor gradient_penalty_at(const CriticFunction& critic, const torch::Tensor& points) {
  auto x = points.detach().requires_grad_(true);
  const auto score = critic(x);
  const auto gradient = torch::autograd::grad({score.sum()}, {x}, {}, /*retain_graph=*/true, /*create_graph=*/true)[0];
  return (gradient.flatten(1).norm(2, 1) - 1).pow(2).mean();
}

torch::Tensor gradient_penalty(const CriticFunction& critic, const torch::Tensor& wake, const torch::Tensor& sleep,
                               at::Generator& generator) {
  std::vector<int64_t> shape(wake.dim(), 1);
  shape[0] = wake.size(0);
  const auto e = torch::rand(shape, generator, torch::kFloat32).to(wake.device());
  return gradient_penalty_at(critic, e * wake.detach() + (1 - e) * sleep.detach());
}

}  // namespace reverie
