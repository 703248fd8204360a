#include "reverie/models/conv_critic.h"

#include <torch/torch.h>

#include <stdexcept>

#include "reverie/core/convolution_kernels.h"

namespace reverie {

torch::Tensor divisive_normalization(const torch::Tensor& x, double eps) {
  return x * torch::rsqrt(x.pow(2).mean(1, /*keepdim=*/true) + eps);
}

const Choices<CriticNormalization>& critic_normalization_choices() {
  static const Choices<CriticNormalization> choices{
      {"batch", CriticNormalization::batch}, {"pixel", CriticNormalization::pixel}, {"none", CriticNormalization::none}};
  return choices;
}

ConvCritic::ConvCritic(const ConvCriticOptions& o) : options(o) {
  avoid_convolution_kernels_that_read_stale_memory();
  convs = register_module("convs", torch::nn::ModuleList());
  batch_norms = register_module("batch_norms", torch::nn::ModuleList());
  int64_t channels = o.channels(), size = o.size();
  for (const int64_t c : o.hidden_channels()) {
    convs->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, c, o.kernel()).stride(o.stride()).padding(o.padding())));
    if (o.normalization() == CriticNormalization::batch) batch_norms->push_back(torch::nn::BatchNorm2d(c));
    size = (size + 2 * o.padding() - o.kernel()) / o.stride() + 1;
    if (size < 1) throw std::invalid_argument("ConvCritic: the convolutions shrink the input below one pixel");
    channels = c;
  }
  output = register_module("output", torch::nn::Linear(channels * size * size, 1));
}

CriticOutput ConvCritic::evaluate(const torch::Tensor& states) {
  CriticOutput out;
  auto h = states;
  for (size_t i = 0; i < convs->size(); ++i) {
    h = convs[i]->as<torch::nn::Conv2d>()->forward(h);
    if (options.normalization() == CriticNormalization::batch) h = batch_norms[i]->as<torch::nn::BatchNorm2d>()->forward(h);
    h = torch::leaky_relu(h, options.negative_slope());
    if (options.normalization() == CriticNormalization::pixel) h = divisive_normalization(h);
    out.hidden.push_back(h);
  }
  out.score = output->forward(h.flatten(1)).squeeze(1);
  return out;
}

}  // namespace reverie
