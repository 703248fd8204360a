#include "reverie/models/rbm.h"

#include <torch/torch.h>

namespace reverie {

RbmImpl::RbmImpl(const RbmOptions& o) : options(o) {
  weight = register_parameter("weight", torch::zeros({o.visible(), o.hidden()}), /*requires_grad=*/false);
  visible_bias = register_parameter("visible_bias", torch::zeros({o.visible()}), false);
  hidden_bias = register_parameter("hidden_bias", torch::zeros({o.hidden()}), false);
}

void RbmImpl::reset_parameters(double init_sd, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  weight.normal_(0.0, init_sd, generator);
  visible_bias.zero_();
  hidden_bias.zero_();
}

torch::Tensor RbmImpl::hidden_probabilities(const torch::Tensor& visible, double temperature) const {
  return torch::sigmoid(torch::addmm(hidden_bias, visible, weight) / temperature);
}

torch::Tensor RbmImpl::visible_probabilities(const torch::Tensor& hidden, double temperature) const {
  return torch::sigmoid(torch::addmm(visible_bias, hidden, weight.t()) / temperature);
}

torch::Tensor RbmImpl::free_energy(const torch::Tensor& visible) const {
  return -torch::mv(visible, visible_bias) - torch::softplus(torch::addmm(hidden_bias, visible, weight)).sum(1);
}

torch::Tensor RbmImpl::energy(const torch::Tensor& visible, const torch::Tensor& hidden) const {
  return -torch::mv(visible, visible_bias) - torch::mv(hidden, hidden_bias) - (torch::mm(visible, weight) * hidden).sum(1);
}

}  // namespace reverie
