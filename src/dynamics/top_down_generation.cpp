#include "reverie/dynamics/top_down_generation.h"

#include <torch/torch.h>

#include "reverie/core/random.h"

namespace reverie {

StepMap top_down_step(const RbmImpl& rbm, double temperature, at::Generator generator) {
  const RbmImpl* model = &rbm;
  return [model, temperature, generator](const torch::Tensor& states) mutable {
    const auto visible = model->visible_probabilities(top_down_hidden(*model, states), temperature);
    const auto hidden = bernoulli_sample(model->hidden_probabilities(visible, temperature), generator);
    return torch::cat({visible, hidden}, 1);
  };
}

torch::Tensor top_down_start(const RbmImpl& rbm, const torch::Tensor& start_hidden) {
  const auto hidden = start_hidden.to(rbm.weight.dtype());
  return torch::cat({torch::zeros({hidden.size(0), rbm.options.visible()}, hidden.options()), hidden}, 1);
}

torch::Tensor top_down_visible(const RbmImpl& rbm, const torch::Tensor& states) {
  return states.narrow(-1, 0, rbm.options.visible()).contiguous();
}

torch::Tensor top_down_hidden(const RbmImpl& rbm, const torch::Tensor& states) {
  return states.narrow(-1, rbm.options.visible(), rbm.options.hidden()).contiguous();
}

GenerationTrace generate_top_down(const RbmImpl& rbm, const torch::Tensor& start_hidden, int64_t steps,
                                  double temperature, at::Generator& generator) {
  const auto states = iterate_trajectory(top_down_step(rbm, temperature, generator), top_down_start(rbm, start_hidden), steps);
  return {top_down_visible(rbm, states), top_down_hidden(rbm, states).mean(-1)};
}

}  // namespace reverie
