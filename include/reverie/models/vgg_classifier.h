#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace reverie {

// How the weights start: PyTorch's layer defaults (uniform in +-1/sqrt(fan_in), seed 004's authors) or
// He normal (std sqrt(2 / fan_in), zero biases).
enum class VggInit { pytorch_default, he_normal };

// Defaults: the classifier of seed 004's authors' code (VGG_MNIST.py): four blocks of two
// convolutions, each followed by BatchNorm, and dropout 0.65.
struct VggOptions {
  std::vector<int64_t> block_channels{64, 128, 256, 512};  // one VGG block each: convs, then 2x2 max-pool
  std::vector<int64_t> convs_per_block{2, 2, 2, 2};        // the authors' VGGBlock: two convolutions
  std::vector<int64_t> hidden_units{4096, 4096};           // fully connected layers before the output layer
  double dropout = 0.65;                                   // after each hidden fully connected layer
  bool batch_norm = true;                                  // BatchNorm2d between each convolution and its ReLU
  VggInit init = VggInit::pytorch_default;
  int64_t image_size = 32;
  int64_t classes = 11;
};

// The VGG-style digit classifier of seed 004 sec. 2.3: VGG blocks of 3x3 convolutions (padding 1,
// optional BatchNorm, ReLU) and 2x2 max-pooling, then fully connected layers, then `classes` logits.
// Input: [N x 1 x image_size x image_size].
class VggClassifierImpl : public torch::nn::Module {
 public:
  explicit VggClassifierImpl(const VggOptions& options);

  // Draws the weights as options.init says (BatchNorm: gain 1, shift 0), from `generator`, not
  // LibTorch's global one, so runs in parallel threads stay reproducible.
  void reset_parameters(at::Generator& generator);

  // Logits [N x classes]. Dropout acts only in training mode and draws from `dropout_generator`.
  torch::Tensor forward(const torch::Tensor& images, at::Generator* dropout_generator = nullptr);

  VggOptions options;
  torch::nn::Sequential features{nullptr};
  torch::nn::ModuleList fully_connected{nullptr};
};
TORCH_MODULE(VggClassifier);

}  // namespace reverie
