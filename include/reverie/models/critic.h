#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace reverie {

// What a critic (Wasserstein discriminator) says of a batch of network states: one score per
// row, and its hidden activations, which the VAE-GAN objective uses as a learned metric.
struct CriticOutput {
  torch::Tensor score;                 // [N]
  std::vector<torch::Tensor> hidden;   // each [N x ...], bottom layer first
};

// A critic of one layer's (or the whole network's) activity; the adversarial objective sees
// only this interface, so fully connected and convolutional critics serve it alike.
class LayerCritic : public torch::nn::Module {
 public:
  virtual CriticOutput evaluate(const torch::Tensor& states) = 0;
  torch::Tensor score(const torch::Tensor& states) { return evaluate(states).score; }
};

struct MlpCriticOptions {
  explicit MlpCriticOptions(int64_t inputs) : inputs_(inputs) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden) = 512;
  TORCH_ARG(int64_t, layers) = 3;              // hidden layers, each `hidden` LeakyReLU units
  TORCH_ARG(double, negative_slope) = 0.2;
};

// Seed 003 A.1.3: a fully connected critic, `layers` LeakyReLU layers of `hidden` units, then one
// linear output unit. Its input is flattened, so images and latents alike are rows.
class MlpCritic : public LayerCritic {
 public:
  explicit MlpCritic(const MlpCriticOptions& options);
  CriticOutput evaluate(const torch::Tensor& states) override;

  MlpCriticOptions options;
  torch::nn::ModuleList layers{nullptr};
  torch::nn::Linear output{nullptr};
};

}  // namespace reverie
