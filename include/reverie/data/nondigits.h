#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <random>

namespace reverie {

// The non-digit class of seed 004 sec. 2.3, made from digit images [N x H*W] in [0, 1].

// Scrambled digits: each image's pixels in a random order.
torch::Tensor scrambled_images(const torch::Tensor& images, at::Generator& generator);

// Seed 004's authors' masks (methods.py): from a random active pixel, a frontier of active
// 8-neighbours grows for a random number of iterations (uniform in min..max_iterations); each
// iteration masks a random third (rounded down) of the frontier and adds those pixels' active
// 8-neighbours to it. Their code compares bytes 0-255 with 0.3, so "active" there is any nonzero
// pixel: active_threshold = 0 on images in [0, 1].
struct FrontierMaskOptions {
  double active_threshold = 0.0;  // pixels above it are active
  int64_t min_iterations = 10;
  int64_t max_iterations = 20;
};
torch::Tensor frontier_masked_images(const torch::Tensor& images, int64_t height, int64_t width, const FrontierMaskOptions& options,
                                     std::mt19937_64& engine);

// Digits with a random number (uniform in 1..active) of adjacent active (> 0) pixels masked:
// a 4-connected region of active pixels grown from a random active pixel (restarting from
// another active pixel when the region is used up), set to 0.
torch::Tensor masked_images(const torch::Tensor& images, int64_t height, int64_t width, std::mt19937_64& engine);

// Seed 004's authors resize training digits bilinearly and the RBM's samples bicubically.
enum class ResizeFilter { bilinear, bicubic };

// [N x H*W] -> [N x 1 x size x size] (the classifier's 32x32 input).
torch::Tensor resize_images(const torch::Tensor& images, int64_t height, int64_t width, int64_t size,
                            ResizeFilter filter = ResizeFilter::bilinear);

}  // namespace reverie
