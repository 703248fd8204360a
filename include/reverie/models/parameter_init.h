#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>

namespace reverie {

// PyTorch's default initialization of Linear, Conv, ConvTranspose and LSTM layers (every weight
// and bias uniform in +-1/sqrt(fan_in), fan_in = size(1) x kernel size), drawn from `generator`
// instead of LibTorch's global one, so runs in parallel threads stay reproducible. The authors of
// seed 003 used PyTorch's defaults; 1-d weights (normalization gains) are left as they are.
void pytorch_default_init(torch::nn::Module& module, at::Generator& generator);

}  // namespace reverie
