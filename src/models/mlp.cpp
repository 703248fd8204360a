#include "reverie/models/mlp.h"

#include <torch/torch.h>

#include <cmath>

namespace reverie {

MLPImpl::MLPImpl(const MLPOptions& o) : options(o) {
  input_to_hidden = register_module("input_to_hidden", torch::nn::Linear(o.inputs(), o.hidden()));
  hidden_to_output = register_module("hidden_to_output", torch::nn::Linear(o.hidden(), o.outputs()));
}

torch::Tensor MLPImpl::hidden_activity(const torch::Tensor& x) { return torch::relu(input_to_hidden->forward(x)); }

torch::Tensor MLPImpl::forward(const torch::Tensor& x) { return hidden_to_output->forward(hidden_activity(x)); }

void MLPImpl::xavier_init(at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto* layer : {input_to_hidden.get(), hidden_to_output.get()}) {
    const double fan_out = static_cast<double>(layer->weight.size(0));
    const double fan_in = static_cast<double>(layer->weight.size(1));
    const double bound = std::sqrt(6.0 / (fan_in + fan_out));
    layer->weight.uniform_(-bound, bound, generator);
    layer->bias.zero_();
  }
}

void MLPImpl::copy_parameters_from(MLPImpl& other) {
  torch::NoGradGuard no_grad;
  auto mine = parameters();
  auto theirs = other.parameters();
  for (size_t i = 0; i < mine.size(); ++i) mine[i].copy_(theirs[i]);
}

}  // namespace reverie
