#include "reverie/dynamics/top_down_generation.h"

#include <torch/torch.h>

namespace reverie {

GenerationTrace generate_top_down(const RbmImpl& rbm, const torch::Tensor& start_hidden, int64_t steps,
                                  double temperature, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  const int64_t chains = start_hidden.size(0);
  GenerationTrace trace;
  trace.visible = torch::empty({chains, steps, rbm.options.visible()}, rbm.weight.options());
  trace.active_hidden = torch::empty({chains, steps}, rbm.weight.options());
  auto hidden = start_hidden.to(rbm.weight.dtype());
  for (int64_t s = 0; s < steps; ++s) {
    const auto visible = rbm.visible_probabilities(hidden, temperature);
    hidden = torch::bernoulli(rbm.hidden_probabilities(visible, temperature), generator);
    trace.visible.select(1, s).copy_(visible);
    trace.active_hidden.select(1, s).copy_(hidden.mean(1));
  }
  return trace;
}

}  // namespace reverie
