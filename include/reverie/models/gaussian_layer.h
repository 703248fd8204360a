#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace reverie {

// A diagonal Gaussian's parameters, as a stochastic layer outputs them.
struct GaussianParameters {
  torch::Tensor mean, std;
};

// The reparameterization trick (Kingma & Welling 2013): mean + std * eps, eps ~ N(0, I) drawn
// from `generator`, so gradients flow into mean and std.
torch::Tensor reparameterized_sample(const GaussianParameters& gaussian, at::Generator& generator);

// softplus(raw) as the standard deviation, plus a floor that keeps it away from 0.
torch::Tensor positive_std(const torch::Tensor& raw, double min_std);

struct GaussianMlpOptions {
  GaussianMlpOptions(int64_t inputs, int64_t hidden, int64_t outputs) : inputs_(inputs), hidden_(hidden), outputs_(outputs) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(int64_t, outputs);
  TORCH_ARG(double, min_std) = 0.0;
};

// Seed 003 sec. 5.1 / A.1.3: a fully connected network with one ReLU hidden layer whose
// 2 x outputs linear units give the mean and (through softplus) the standard deviation of a
// diagonal Gaussian over the next layer's activity.
class GaussianMlpImpl : public torch::nn::Module {
 public:
  explicit GaussianMlpImpl(const GaussianMlpOptions& options);
  GaussianParameters forward(const torch::Tensor& input);
  torch::Tensor sample(const torch::Tensor& input, at::Generator& generator) {
    return reparameterized_sample(forward(input), generator);
  }

  GaussianMlpOptions options;
  torch::nn::Linear hidden{nullptr}, output{nullptr};
};
TORCH_MODULE(GaussianMlp);

}  // namespace reverie
