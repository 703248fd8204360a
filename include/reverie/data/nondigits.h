#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <random>

namespace reverie {

// The non-digit class of seed 004 sec. 2.3, made from digit images [N x H*W] in [0, 1].

// Scrambled digits: each image's pixels in a random order.
torch::Tensor scrambled_images(const torch::Tensor& images, at::Generator& generator);

// Digits with a random number (uniform in 1..active) of adjacent active (> 0) pixels masked:
// a 4-connected region of active pixels grown from a random active pixel (restarting from
// another active pixel when the region is used up), set to 0.
torch::Tensor masked_images(const torch::Tensor& images, int64_t height, int64_t width, std::mt19937_64& engine);

// [N x H*W] -> [N x 1 x size x size], bilinear (the classifier's 32x32 input).
torch::Tensor resize_images(const torch::Tensor& images, int64_t height, int64_t width, int64_t size);

}  // namespace reverie
