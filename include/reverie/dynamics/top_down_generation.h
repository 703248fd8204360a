#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "reverie/dynamics/generative_map.h"
#include "reverie/models/rbm.h"

namespace reverie {

// Top-down sampling from hidden starting vectors (seed 004 eqs. 2-4, Fig. 1), every chain
// advancing together as one tensor. Step s: V_s = sigmoid((H_{s-1} W^T + b_V) / T), kept
// continuous; H_s ~ Bernoulli(sigmoid((V_s W + b_H) / T)). H_0 is the starting vector.

// The chain as a StepMap on its joint state [V | H], rows [chains x (visible + hidden)]: a step
// reads H only, so one step is the two half-steps above and the classifier can see V_s.
// Every draw comes from `generator`; the map refers to `rbm`, which must outlive it.
StepMap top_down_step(const RbmImpl& rbm, double temperature, at::Generator generator);
// Joint states of chains starting at hidden vectors [chains x hidden] (V = 0 until the first step).
torch::Tensor top_down_start(const RbmImpl& rbm, const torch::Tensor& start_hidden);
// The V and the H part of joint states [... x (visible + hidden)], contiguous.
torch::Tensor top_down_visible(const RbmImpl& rbm, const torch::Tensor& states);
torch::Tensor top_down_hidden(const RbmImpl& rbm, const torch::Tensor& states);

struct GenerationTrace {
  torch::Tensor visible;        // [chains x steps x visible], continuous in [0, 1]
  torch::Tensor active_hidden;  // [chains x steps]: fraction of hidden units at 1 in H_s (sampled from V_s)
};

GenerationTrace generate_top_down(const RbmImpl& rbm, const torch::Tensor& start_hidden, int64_t steps,
                                  double temperature, at::Generator& generator);

}  // namespace reverie
