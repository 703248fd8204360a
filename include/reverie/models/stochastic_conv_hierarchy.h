#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include <vector>

#include "reverie/models/gaussian_layer.h"

namespace reverie {

struct StochasticConvHierarchyOptions {
  TORCH_ARG(int64_t, image_channels) = 3;                                      // 3 for CIFAR-10, 1 for (padded) Fashion-MNIST
  TORCH_ARG(int64_t, image_size) = 32;                                          // height = width; must be 32 (5 layers: 32->16->8->4->2->1)
  TORCH_ARG(std::vector<int64_t>, channels) = std::vector<int64_t>{32, 64, 128, 256, 100};  // latent layers 1..5, bottom first
  TORCH_ARG(double, min_std) = 0.0;                                             // floor added to softplus standard deviations
  TORCH_ARG(double, normalization_eps) = 1e-8;
};

// Seed 003 sec. 5.2 / A.1.4: a stochastic DCGAN. Layer 0 is the image, layers 1..5 latents of
// 32, 64, 128, 256 and 100 channels on 16, 8, 4, 2 and 1 pixels. Every conditional, bottom-up
// (inference, layer l from l-1) and top-down (generation, layer l from l+1), is a reparameterized
// diagonal Gaussian whose mean (linear) and standard deviation (softplus) come from a conv net with
// one hidden ReLU layer. Inference convolves (kernel 4, stride 2, padding 1; the top layer kernel 2,
// stride 1, padding 0), generation mirrors it with transposed convolutions; the hidden layer does
// the resampling and the mean / std outputs are 1x1 convolutions of it (our choice; the paper
// defers to code we do not have). A latent sample of layers 1..4 passes through a ReLU and then
// divisive normalization across channels at each pixel (sec. 5.2). Our reading: the image layer's
// mean is linear with no ReLU or normalization, and the top layer stays a linear Gaussian sample,
// since its prior is N(0, I) [N x 100 x 1 x 1] (a ReLU'd wake state could never match it).
class StochasticConvHierarchyImpl : public torch::nn::Module {
 public:
  explicit StochasticConvHierarchyImpl(const StochasticConvHierarchyOptions& options);

  int64_t layers() const { return static_cast<int64_t>(options.channels().size()); }  // latent layers (5)
  int64_t layer_channels(int64_t l) const;  // l = 0 (image) .. layers()
  int64_t layer_size(int64_t l) const;      // 32, 16, 8, 4, 2, 1

  // q(h_l | h_{l-1}) and p(h_l | h_{l+1}): the Gaussians before sampling.
  GaussianParameters inference_parameters(int64_t l, const torch::Tensor& below);
  GaussianParameters generation_parameters(int64_t l, const torch::Tensor& above);
  // A sample made into layer l's state: ReLU + divisive normalization for 1 <= l < top, else as drawn.
  torch::Tensor layer_state(int64_t l, const torch::Tensor& sample) const;

  // Wake: [x, h1, ..., h5], each sampled bottom-up from the one below.
  std::vector<torch::Tensor> bottom_up(const torch::Tensor& x, at::Generator& generator);
  // Layer l (0 .. layers()-1) sampled top-down from layer l+1's state (the oscillation's top-down phase).
  torch::Tensor top_down_prediction(int64_t l, const torch::Tensor& state_above, at::Generator& generator);
  // The top layer's prior N(0, I), [n x C_top x 1 x 1] on the parameters' device.
  torch::Tensor prior_sample(int64_t n, at::Generator& generator);
  // Sleep: [x, h1, ..., h5] from the prior down, each layer sampled from the one above.
  std::vector<torch::Tensor> sleep(int64_t n, at::Generator& generator);
  // Top-down from layer `from`'s state to the image; sampled latents on the way, the image
  // layer's mean at the end (our choice for reconstructions shown and scored: no pixel noise).
  torch::Tensor generate_image_mean(int64_t from, const torch::Tensor& state, at::Generator& generator);

  StochasticConvHierarchyOptions options;
  torch::nn::ModuleList inference_hidden{nullptr}, inference_output{nullptr};    // index l-1 for layer l = 1..5
  torch::nn::ModuleList generation_hidden{nullptr}, generation_output{nullptr};  // index l for layer l = 0..4
};
TORCH_MODULE(StochasticConvHierarchy);

}  // namespace reverie
