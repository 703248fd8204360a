#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "reverie/models/gaussian_layer.h"

namespace reverie {

struct RecurrentGaussianMapOptions {
  RecurrentGaussianMapOptions(int64_t inputs, int64_t hidden, int64_t outputs)
      : inputs_(inputs), hidden_(hidden), outputs_(outputs) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(int64_t, outputs);
  TORCH_ARG(int64_t, recurrence_steps) = 1;  // 0: a plain Gaussian layer (conditionally independent units)
  TORCH_ARG(double, min_std) = 0.0;
};

// Seed 003 sec. 5.1 / A.1.3: a stochastic map with recurrence within its output layer. A Gaussian
// MLP samples s0 from the input; the recurrence, a Gaussian MLP of the same architecture from the
// layer to itself, samples r from s, and the layer becomes the arithmetic mean (s0 + r) / 2.
// With recurrence the units of the output are no longer independent given the input, and their
// conditional distribution is not Gaussian: the case a VAE cannot evaluate.
class RecurrentGaussianMapImpl : public torch::nn::Module {
 public:
  explicit RecurrentGaussianMapImpl(const RecurrentGaussianMapOptions& options);
  torch::Tensor forward(const torch::Tensor& input, at::Generator& generator);

  RecurrentGaussianMapOptions options;
  GaussianMlp feedforward{nullptr}, recurrence{nullptr};
};
TORCH_MODULE(RecurrentGaussianMap);

struct WakeSleepMlpOptions {
  TORCH_ARG(int64_t, inputs) = 784;
  TORCH_ARG(int64_t, hidden) = 512;
  TORCH_ARG(int64_t, latents) = 64;          // 128 output units: 64 means, 64 standard deviations
  TORCH_ARG(int64_t, recurrence_steps) = 1;
  TORCH_ARG(double, min_std) = 0.0;
};

// The MNIST model of seed 003 sec. 5.1: inference x -> z and generation z -> x, each a
// RecurrentGaussianMap. Wake: x from data, z = infer(x). Sleep: z ~ N(0, I), x = generate(z).
class WakeSleepMlpImpl : public torch::nn::Module {
 public:
  explicit WakeSleepMlpImpl(const WakeSleepMlpOptions& options);
  torch::Tensor infer(const torch::Tensor& x, at::Generator& generator) { return inference->forward(x, generator); }
  torch::Tensor generate(const torch::Tensor& z, at::Generator& generator) { return generation->forward(z, generator); }
  torch::Tensor prior_sample(int64_t rows, const torch::Tensor& like, at::Generator& generator);  // N(0, I) latents

  WakeSleepMlpOptions options;
  RecurrentGaussianMap inference{nullptr}, generation{nullptr};
};
TORCH_MODULE(WakeSleepMlp);

}  // namespace reverie
