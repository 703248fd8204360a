#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include "reverie/core/choices.h"

namespace reverie {

// The initial weights of an autoencoder: DenoisingAutoencoderImpl::xavier_init or ::pytorch_default_init.
enum class AutoencoderInit { xavier, pytorch_default };
const Choices<AutoencoderInit>& autoencoder_init_choices();  // the config's words: "xavier", "pytorch-default"

struct DenoisingAutoencoderOptions {
  DenoisingAutoencoderOptions(int64_t inputs, int64_t hidden) : inputs_(inputs), hidden_(hidden) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(double, dropout) = 0.15;  // seed 002 section 5.2: after the input and after the hidden layer
  // Standard deviation of N(0, sd^2) noise added to the input in training, not clamped (the thesis's
  // code corrupts this way, with sd 0.5 and no dropout); 0: none.
  TORCH_ARG(double, input_noise_sd) = 0;
};

// Seed 002's shallow denoising autoencoder: input (+ Gaussian noise) -> dropout -> ReLU hidden ->
// dropout -> sigmoid output. The corruption of the input (dropout in the thesis's text, additive
// Gaussian noise in its code) is what makes it denoising.
class DenoisingAutoencoderImpl : public torch::nn::Module {
 public:
  explicit DenoisingAutoencoderImpl(const DenoisingAutoencoderOptions& options);

  // Training pass: the input noise and both dropouts drawn from `generator` (the global generator is shared between
  // threads, so runs in parallel would not be reproducible).
  torch::Tensor corrupted_forward(const torch::Tensor& x, at::Generator& generator);
  // The learned map f_theta without dropout (PyTorch's eval mode): what is iterated.
  torch::Tensor forward(const torch::Tensor& x) { return decode(encode(x)); }
  torch::Tensor encode(const torch::Tensor& x);  // ReLU hidden activity
  torch::Tensor decode(const torch::Tensor& h);  // sigmoid output

  // Xavier (Glorot) uniform weights, zero biases.
  void xavier_init(at::Generator& generator);
  // torch.nn.Linear's own initialisation: weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
  void pytorch_default_init(at::Generator& generator);

  DenoisingAutoencoderOptions options;
  torch::nn::Linear encoder{nullptr};
  torch::nn::Linear decoder{nullptr};
};
TORCH_MODULE(DenoisingAutoencoder);

// Inverted dropout as torch.nn.Dropout in training mode: zero each entry with probability p,
// scale the rest by 1 / (1 - p); the mask drawn from `generator`.
torch::Tensor dropout_with(const torch::Tensor& x, double p, at::Generator& generator);

}  // namespace reverie
