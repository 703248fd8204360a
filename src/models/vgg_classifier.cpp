#include "reverie/models/vgg_classifier.h"

#include <torch/torch.h>

#include <cmath>

#include "reverie/core/convolution_kernels.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/models/parameter_init.h"

namespace reverie {

VggClassifierImpl::VggClassifierImpl(const VggOptions& o) : options(o) {
  avoid_convolution_kernels_that_read_stale_memory();
  namespace nn = torch::nn;
  if (o.block_channels.size() != o.convs_per_block.size())
    throw InputError("classifier: block_channels and convs_per_block need one entry per VGG block");
  features = nn::Sequential();
  int64_t channels = 1, size = o.image_size;
  for (size_t b = 0; b < o.block_channels.size(); ++b) {
    for (int64_t c = 0; c < o.convs_per_block[b]; ++c) {
      features->push_back(nn::Conv2d(nn::Conv2dOptions(channels, o.block_channels[b], 3).padding(1)));
      if (o.batch_norm) features->push_back(nn::BatchNorm2d(o.block_channels[b]));
      features->push_back(nn::ReLU());
      channels = o.block_channels[b];
    }
    features->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
    size /= 2;
  }
  if (size < 1) throw InputError("classifier: too many VGG blocks for " + std::to_string(o.image_size) + "-pixel images");
  fully_connected = nn::ModuleList();
  int64_t inputs = channels * size * size;
  for (int64_t units : o.hidden_units) {
    fully_connected->push_back(nn::Linear(inputs, units));
    inputs = units;
  }
  fully_connected->push_back(nn::Linear(inputs, o.classes));
  register_module("features", features);
  register_module("fully_connected", fully_connected);
}

void VggClassifierImpl::reset_parameters(at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto& module : modules(/*include_self=*/false))
    if (auto* norm = module->as<torch::nn::BatchNorm2d>()) norm->reset_parameters();  // gain 1, shift 0, fresh statistics
  if (options.init == VggInit::pytorch_default) {
    pytorch_default_init(*this, generator);
    return;
  }
  const auto he_normal = [&](torch::Tensor& weight, torch::Tensor& bias) {
    const double fan_in = static_cast<double>(weight.numel() / weight.size(0));
    weight.normal_(0.0, std::sqrt(2.0 / fan_in), generator);
    bias.zero_();
  };
  for (auto& module : modules(/*include_self=*/false)) {
    if (auto* conv = module->as<torch::nn::Conv2d>()) he_normal(conv->weight, conv->bias);
    if (auto* linear = module->as<torch::nn::Linear>()) he_normal(linear->weight, linear->bias);
  }
}

torch::Tensor VggClassifierImpl::forward(const torch::Tensor& images, at::Generator* dropout_generator) {
  auto x = features->forward(images).flatten(1);
  const size_t layers = fully_connected->size();
  for (size_t i = 0; i < layers; ++i) {
    x = fully_connected[i]->as<torch::nn::Linear>()->forward(x);
    if (i + 1 == layers) break;
    x = torch::relu(x);
    if (is_training() && dropout_generator && options.dropout > 0) {
      const double keep = 1.0 - options.dropout;
      x = x * bernoulli_sample(torch::full_like(x, keep), *dropout_generator) / keep;
    }
  }
  return x;
}

}  // namespace reverie
