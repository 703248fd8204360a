#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace reverie {

struct RbmOptions {
  RbmOptions(int64_t visible, int64_t hidden) : visible_(visible), hidden_(hidden) {}
  TORCH_ARG(int64_t, visible);
  TORCH_ARG(int64_t, hidden);
};

// Bernoulli-Bernoulli restricted Boltzmann machine (seed 004 sec. 2.2):
// E(v, h) = -v.b_V - h.b_H - v W h, with W of shape [visible x hidden].
// Every conditional takes a temperature T (eq. 1): p = sigmoid(activation / T).
class RbmImpl : public torch::nn::Module {
 public:
  explicit RbmImpl(const RbmOptions& options);

  // Weights N(0, init_sd), biases 0 (the paper: sd 0.1), drawn from `generator`.
  void reset_parameters(double init_sd, at::Generator& generator);

  torch::Tensor hidden_probabilities(const torch::Tensor& visible, double temperature = 1.0) const;  // [N x H]
  torch::Tensor visible_probabilities(const torch::Tensor& hidden, double temperature = 1.0) const;  // [N x V]
  // F(v) = -v.b_V - sum_j softplus(b_H,j + (v W)_j), so p(v) is proportional to exp(-F(v)). [N]
  torch::Tensor free_energy(const torch::Tensor& visible) const;
  torch::Tensor energy(const torch::Tensor& visible, const torch::Tensor& hidden) const;  // [N]

  RbmOptions options;
  torch::Tensor weight, visible_bias, hidden_bias;
};
TORCH_MODULE(Rbm);

}  // namespace reverie
