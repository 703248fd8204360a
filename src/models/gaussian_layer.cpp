#include "reverie/models/gaussian_layer.h"

#include <torch/torch.h>

#include "reverie/core/random.h"

namespace reverie {

torch::Tensor reparameterized_sample(const GaussianParameters& gaussian, at::Generator& generator) {
  return gaussian.mean + gaussian.std * standard_normal_like(gaussian.mean, generator);
}

torch::Tensor positive_std(const torch::Tensor& raw, double min_std) { return torch::softplus(raw) + min_std; }

GaussianMlpImpl::GaussianMlpImpl(const GaussianMlpOptions& o) : options(o) {
  hidden = register_module("hidden", torch::nn::Linear(o.inputs(), o.hidden()));
  output = register_module("output", torch::nn::Linear(o.hidden(), 2 * o.outputs()));
}

GaussianParameters GaussianMlpImpl::forward(const torch::Tensor& input) {
  const auto parts = output->forward(torch::relu(hidden->forward(input))).chunk(2, 1);
  return {parts[0], positive_std(parts[1], options.min_std())};
}

}  // namespace reverie
