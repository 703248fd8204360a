#include "reverie/dynamics/fixed_point_roots.h"

#include <torch/torch.h>

namespace reverie {

IterationLimits newton_fixed_points(const StepMap& step, const torch::Tensor& starts, const RootSearchOptions& options) {
  // In double precision: near a root the residual falls below what float32 resolves.
  auto x = starts.to(torch::kFloat64).clone();
  const StepMap step64 = [&](const torch::Tensor& s) { return step(s.to(starts.scalar_type())).to(torch::kFloat64); };
  const int64_t n = x.size(0), d = x.size(1);
  auto converged = torch::zeros({n}, torch::kBool);
  auto steps = torch::full({n}, options.max_steps, torch::kInt64);
  const auto identity = torch::eye(d, torch::kFloat64).expand({n, d, d});
  for (int64_t k = 0; k <= options.max_steps; ++k) {
    torch::Tensor residual;
    {
      torch::NoGradGuard no_grad;
      residual = step64(x) - x;
    }
    const auto now = residual.abs().amax(1) < options.tolerance;
    steps.masked_fill_(now & ~converged, k);
    converged = now;
    if (k == options.max_steps || converged.all().item<bool>()) break;
    const auto system = batch_jacobians(step64, x) - identity;
    const auto delta = torch::matmul(at::linalg_pinv(system), residual.unsqueeze(2)).squeeze(2);
    x = torch::where(converged.unsqueeze(1), x, (x - delta).clamp(options.low, options.high));
  }
  steps.masked_fill_(~converged, options.max_steps);
  return {x.to(starts.scalar_type()), converged, steps};
}

}  // namespace reverie
