#include "reverie/models/stochastic_conv_hierarchy.h"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

#include "reverie/core/convolution_kernels.h"
#include "reverie/core/random.h"
#include "reverie/models/conv_critic.h"

namespace reverie {

namespace {

// Resampling geometry of layer l (1-based) from l-1: kernel 4 / stride 2 / padding 1 halves the
// side; the top layer (2 -> 1 pixel) uses kernel 2 / stride 1 / padding 0 (A.1.4, DCGAN).
struct Geometry {
  int64_t kernel, stride, padding;
};
Geometry geometry(int64_t l, int64_t top) { return l == top ? Geometry{2, 1, 0} : Geometry{4, 2, 1}; }

GaussianParameters split_gaussian(const torch::Tensor& out, double min_std) {
  const auto parts = out.chunk(2, 1);
  return {parts[0], positive_std(parts[1], min_std)};
}

}  // namespace

StochasticConvHierarchyImpl::StochasticConvHierarchyImpl(const StochasticConvHierarchyOptions& o) : options(o) {
  avoid_convolution_kernels_that_read_stale_memory();
  if (o.image_size() != 32) throw std::invalid_argument("StochasticConvHierarchy: image_size must be 32");
  if (o.channels().size() != 5) throw std::invalid_argument("StochasticConvHierarchy: 5 latent layers expected");
  for (const auto c : o.channels())
    if (c < 1) throw std::invalid_argument("StochasticConvHierarchy: channels must be positive");
  inference_hidden = register_module("inference_hidden", torch::nn::ModuleList());
  inference_output = register_module("inference_output", torch::nn::ModuleList());
  generation_hidden = register_module("generation_hidden", torch::nn::ModuleList());
  generation_output = register_module("generation_output", torch::nn::ModuleList());
  const int64_t top = layers();
  for (int64_t l = 1; l <= top; ++l) {
    const auto g = geometry(l, top);
    const int64_t below = layer_channels(l - 1), here = layer_channels(l);
    inference_hidden->push_back(
        torch::nn::Conv2d(torch::nn::Conv2dOptions(below, here, g.kernel).stride(g.stride).padding(g.padding)));
    inference_output->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(here, 2 * here, 1)));
  }
  for (int64_t l = 0; l < top; ++l) {
    const auto g = geometry(l + 1, top);
    const int64_t above = layer_channels(l + 1), here = layer_channels(l);
    const int64_t hidden = l == 0 ? layer_channels(1) : here;  // the image's 1-3 channels are too few for a hidden layer
    generation_hidden->push_back(torch::nn::ConvTranspose2d(
        torch::nn::ConvTranspose2dOptions(above, hidden, g.kernel).stride(g.stride).padding(g.padding)));
    generation_output->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(hidden, 2 * here, 1)));
  }
}

int64_t StochasticConvHierarchyImpl::layer_channels(int64_t l) const {
  if (l < 0 || l > layers()) throw std::out_of_range("StochasticConvHierarchy: layer " + std::to_string(l));
  return l == 0 ? options.image_channels() : options.channels()[static_cast<size_t>(l - 1)];
}

int64_t StochasticConvHierarchyImpl::layer_size(int64_t l) const {
  if (l < 0 || l > layers()) throw std::out_of_range("StochasticConvHierarchy: layer " + std::to_string(l));
  return l == layers() ? 1 : options.image_size() >> l;
}

GaussianParameters StochasticConvHierarchyImpl::inference_parameters(int64_t l, const torch::Tensor& below) {
  if (l < 1 || l > layers()) throw std::out_of_range("inference layer " + std::to_string(l));
  const auto i = static_cast<size_t>(l - 1);
  const auto h = torch::relu(inference_hidden[i]->as<torch::nn::Conv2d>()->forward(below));
  return split_gaussian(inference_output[i]->as<torch::nn::Conv2d>()->forward(h), options.min_std());
}

GaussianParameters StochasticConvHierarchyImpl::generation_parameters(int64_t l, const torch::Tensor& above) {
  if (l < 0 || l >= layers()) throw std::out_of_range("generation layer " + std::to_string(l));
  const auto i = static_cast<size_t>(l);
  const auto h = torch::relu(generation_hidden[i]->as<torch::nn::ConvTranspose2d>()->forward(above));
  return split_gaussian(generation_output[i]->as<torch::nn::Conv2d>()->forward(h), options.min_std());
}

torch::Tensor StochasticConvHierarchyImpl::layer_state(int64_t l, const torch::Tensor& sample) const {
  if (l == 0 || l == layers()) return sample;
  return divisive_normalization(torch::relu(sample), options.normalization_eps());
}

std::vector<torch::Tensor> StochasticConvHierarchyImpl::bottom_up(const torch::Tensor& x, at::Generator& generator) {
  std::vector<torch::Tensor> states{x};
  for (int64_t l = 1; l <= layers(); ++l)
    states.push_back(layer_state(l, reparameterized_sample(inference_parameters(l, states.back()), generator)));
  return states;
}

torch::Tensor StochasticConvHierarchyImpl::top_down_prediction(int64_t l, const torch::Tensor& state_above,
                                                               at::Generator& generator) {
  return layer_state(l, reparameterized_sample(generation_parameters(l, state_above), generator));
}

torch::Tensor StochasticConvHierarchyImpl::prior_sample(int64_t n, at::Generator& generator) {
  const auto like = torch::empty({n, layer_channels(layers()), 1, 1}, parameters().front().options());
  return standard_normal_like(like, generator);
}

std::vector<torch::Tensor> StochasticConvHierarchyImpl::sleep(int64_t n, at::Generator& generator) {
  std::vector<torch::Tensor> states(static_cast<size_t>(layers() + 1));
  states.back() = prior_sample(n, generator);
  for (int64_t l = layers() - 1; l >= 0; --l)
    states[static_cast<size_t>(l)] = top_down_prediction(l, states[static_cast<size_t>(l + 1)], generator);
  return states;
}

torch::Tensor StochasticConvHierarchyImpl::generate_image_mean(int64_t from, const torch::Tensor& state,
                                                               at::Generator& generator) {
  if (from < 1 || from > layers()) throw std::out_of_range("generate_image_mean from layer " + std::to_string(from));
  auto h = state;
  for (int64_t l = from - 1; l >= 1; --l) h = top_down_prediction(l, h, generator);
  return generation_parameters(0, h).mean;
}

}  // namespace reverie
