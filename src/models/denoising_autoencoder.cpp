#include "reverie/models/denoising_autoencoder.h"

#include <torch/torch.h>

#include <cmath>

namespace reverie {

const Choices<AutoencoderInit>& autoencoder_init_choices() {
  static const Choices<AutoencoderInit> choices{{"xavier", AutoencoderInit::xavier},
                                                {"pytorch-default", AutoencoderInit::pytorch_default}};
  return choices;
}

DenoisingAutoencoderImpl::DenoisingAutoencoderImpl(const DenoisingAutoencoderOptions& o) : options(o) {
  encoder = register_module("encoder", torch::nn::Linear(o.inputs(), o.hidden()));
  decoder = register_module("decoder", torch::nn::Linear(o.hidden(), o.inputs()));
}

torch::Tensor dropout_with(const torch::Tensor& x, double p, at::Generator& generator) {
  if (p <= 0) return x;
  const auto keep = torch::empty_like(x).bernoulli_(1.0 - p, generator);
  return x * keep / (1.0 - p);
}

torch::Tensor DenoisingAutoencoderImpl::corrupted_forward(const torch::Tensor& x, at::Generator& generator) {
  const auto noisy = options.input_noise_sd() > 0 ? x + torch::empty_like(x).normal_(0.0, options.input_noise_sd(), generator) : x;
  const auto h = dropout_with(encode(dropout_with(noisy, options.dropout(), generator)), options.dropout(), generator);
  return decode(h);
}

torch::Tensor DenoisingAutoencoderImpl::encode(const torch::Tensor& x) { return torch::relu(encoder->forward(x)); }

torch::Tensor DenoisingAutoencoderImpl::decode(const torch::Tensor& h) { return torch::sigmoid(decoder->forward(h)); }

void DenoisingAutoencoderImpl::xavier_init(at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto* layer : {encoder.get(), decoder.get()}) {
    const double bound = std::sqrt(6.0 / static_cast<double>(layer->weight.size(0) + layer->weight.size(1)));
    layer->weight.uniform_(-bound, bound, generator);
    layer->bias.zero_();
  }
}

void DenoisingAutoencoderImpl::pytorch_default_init(at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto* layer : {encoder.get(), decoder.get()}) {
    const double bound = 1.0 / std::sqrt(static_cast<double>(layer->weight.size(1)));
    layer->weight.uniform_(-bound, bound, generator);
    layer->bias.uniform_(-bound, bound, generator);
  }
}

}  // namespace reverie
