#pragma once
#include <cstdint>
#include <vector>

#include "reverie/models/leaky_memory.h"
#include "reverie/models/mlp.h"
#include "reverie/train/classifier_objective.h"

namespace reverie {

// Batch-1 plain SGD for MLP in one pass: forward, gradient and update, skipping zero inputs
// (most MNIST pixels). LibTorch's per-op overhead dominates at batch 1 (~30 small ops a step);
// this does the same arithmetic on the module's float32 CPU parameters, keeping the first
// layer transposed (one contiguous row per input) so both passes over it are vector axpys.
// With leaky memory the hidden state mixes in the previous one and the first-layer gradient
// is scaled by (1 - alpha) (the gradient ignores the leak, as in seed 001).
// Call sync() before reading the module's first-layer weights. Equal to the autograd path
// within float rounding (tests/test_fused_mlp_sgd.cpp).
class FusedMlpSgd {
 public:
  FusedMlpSgd(MLP& model, const ClassifierObjective& objective, double learning_rate, LeakyMemory memory = {});

  // Whether the fused path can train this model (float32, contiguous, on the CPU).
  static bool supports(MLP& model);

  // One item; `reset` empties the leaky memory first (alpha = 0 on this trial).
  void step(const float* input, int64_t label, bool reset = false);
  // Writes the transposed first layer back into the module (before evaluation).
  void sync();

 private:
  void output_gradient(int64_t label);  // fills output_grad_ from logits_

  MLP model_;
  ClassifierObjective objective_;
  LeakyMemory memory_;
  float learning_rate_;
  int64_t n_inputs_, n_hidden_, n_outputs_;
  std::vector<float> w1_transposed_;  // inputs x hidden
  float *b1_, *w2_, *b2_;             // the module's own: w2 is outputs x hidden (torch::nn::Linear layout)
  std::vector<int32_t> active_;  // indices of nonzero inputs
  std::vector<float> active_values_, hidden_pre_, hidden_, hidden_grad_, logits_, output_grad_;
  std::vector<float> hidden_previous_;  // H(n-1) of the leaky memory
};

}  // namespace reverie
