#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/pimpl.h>

#include <vector>

namespace reverie {

struct VggOptions {
  std::vector<int64_t> block_channels{64, 128, 256, 512};  // one VGG block each: convs, then 2x2 max-pool
  std::vector<int64_t> convs_per_block{2, 2, 3, 3};        // VGG-16's first four blocks
  std::vector<int64_t> hidden_units{4096, 4096};           // fully connected layers before the output layer
  double dropout = 0.5;                                    // after each hidden fully connected layer (VGG)
  int64_t image_size = 32;
  int64_t classes = 11;
};

// The VGG-style digit classifier of seed 004 sec. 2.3: VGG blocks of 3x3 convolutions (ReLU,
// padding 1) and 2x2 max-pooling, then fully connected layers, then `classes` logits.
// Input: [N x 1 x image_size x image_size].
class VggClassifierImpl : public torch::nn::Module {
 public:
  explicit VggClassifierImpl(const VggOptions& options);

  // He (Kaiming) normal weights for ReLU layers, std sqrt(2 / fan_in), and zero biases: with
  // PyTorch's default init, plain SGD at lr 0.01 left the small quick networks predicting one
  // class for epochs. Drawn from `generator`, not LibTorch's global one, so runs in parallel
  // threads stay reproducible.
  void reset_parameters(at::Generator& generator);

  // Logits [N x classes]. Dropout acts only in training mode and draws from `dropout_generator`.
  torch::Tensor forward(const torch::Tensor& images, at::Generator* dropout_generator = nullptr);

  VggOptions options;
  torch::nn::Sequential features{nullptr};
  torch::nn::ModuleList fully_connected{nullptr};
};
TORCH_MODULE(VggClassifier);

}  // namespace reverie
