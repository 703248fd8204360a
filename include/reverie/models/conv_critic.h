#pragma once
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include <string>
#include <vector>

#include "reverie/core/choices.h"
#include "reverie/models/critic.h"

namespace reverie {

// Karras et al. (2017) pixel-wise divisive normalization: each position's channel vector divided
// by its root mean square over channels, x / sqrt(mean_c x^2 + eps). Seed 003 uses it as the
// layers' local recurrence (sec. 5.2) and in the critics' hidden layers (A.1.4).
torch::Tensor divisive_normalization(const torch::Tensor& x, double eps = 1e-8);

// The critic's hidden-layer normalization: pixel = divisive normalization after the LeakyReLU (A.1.4),
// batch = BatchNorm before it (A.1.5), none.
enum class CriticNormalization { pixel, batch, none };
const Choices<CriticNormalization>& critic_normalization_choices();  // the config's words: "batch", "pixel", "none"

struct ConvCriticOptions {
  ConvCriticOptions(int64_t channels, int64_t size) : channels_(channels), size_(size) {}
  TORCH_ARG(int64_t, channels);                        // input channels
  TORCH_ARG(int64_t, size);                            // input height = width
  TORCH_ARG(std::vector<int64_t>, hidden_channels) = std::vector<int64_t>{64, 128};  // one conv layer each
  TORCH_ARG(int64_t, kernel) = 4;
  TORCH_ARG(int64_t, stride) = 2;
  TORCH_ARG(int64_t, padding) = 1;
  TORCH_ARG(double, negative_slope) = 0.2;
  TORCH_ARG(CriticNormalization, normalization) = CriticNormalization::pixel;
};

// Seed 003 A.1.4 / A.1.5: convolutional layers (LeakyReLU, then the chosen normalization), then
// one linear output unit. The hidden activations are the learned reconstruction metric.
class ConvCritic : public LayerCritic {
 public:
  explicit ConvCritic(const ConvCriticOptions& options);
  CriticOutput evaluate(const torch::Tensor& states) override;

  ConvCriticOptions options;
  torch::nn::ModuleList convs{nullptr}, batch_norms{nullptr};
  torch::nn::Linear output{nullptr};
};

}  // namespace reverie
