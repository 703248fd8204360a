#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace reverie {

struct DenoisingAutoencoderOptions {
  DenoisingAutoencoderOptions(int64_t inputs, int64_t hidden) : inputs_(inputs), hidden_(hidden) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(double, dropout) = 0.15;  // seed 002 section 5.2: after the input and after the hidden layer
};

// Seed 002's shallow denoising autoencoder: input -> dropout -> ReLU hidden -> dropout ->
// sigmoid output. Dropout on the input is the corruption that makes it denoising.
class DenoisingAutoencoderImpl : public torch::nn::Module {
 public:
  explicit DenoisingAutoencoderImpl(const DenoisingAutoencoderOptions& options);

  // Training pass: both dropouts drawn from `generator` (the global generator is shared between
  // threads, so runs in parallel would not be reproducible).
  torch::Tensor corrupted_forward(const torch::Tensor& x, at::Generator& generator);
  // The learned map f_theta without dropout (PyTorch's eval mode): what is iterated.
  torch::Tensor forward(const torch::Tensor& x) { return decode(encode(x)); }
  torch::Tensor encode(const torch::Tensor& x);  // ReLU hidden activity
  torch::Tensor decode(const torch::Tensor& h);  // sigmoid output

  // Xavier (Glorot) uniform weights, zero biases.
  void xavier_init(at::Generator& generator);

  DenoisingAutoencoderOptions options;
  torch::nn::Linear encoder{nullptr};
  torch::nn::Linear decoder{nullptr};
};
TORCH_MODULE(DenoisingAutoencoder);

// Inverted dropout as torch.nn.Dropout in training mode: zero each entry with probability p,
// scale the rest by 1 / (1 - p); the mask drawn from `generator`.
torch::Tensor dropout_with(const torch::Tensor& x, double p, at::Generator& generator);

}  // namespace reverie
