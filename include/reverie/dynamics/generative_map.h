#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <functional>

namespace reverie {

// A generative model as a dynamical system: one step x -> x' on a batch of states [n x d]
// (rows independent). The DAE's f_theta, an RBM's Gibbs sweep and a wake/sleep decoder all fit.
// Must be differentiable in x for the attractor test.
using StepMap = std::function<torch::Tensor(const torch::Tensor&)>;

// `steps` applications of `step` to every state (no gradients): [n x d].
torch::Tensor iterate(const StepMap& step, torch::Tensor states, int64_t steps);

// The state of every chain after each of `steps` applications of `step` (no gradients): [n x steps x d].
torch::Tensor iterate_trajectory(const StepMap& step, torch::Tensor states, int64_t steps);

// Index of the nearest item (Euclidean distance) of every state: states [... x d], items [k x d] -> int64 [...].
torch::Tensor nearest_item(const torch::Tensor& states, const torch::Tensor& items);

// The same by cosine distance (the thesis's code's default metric). An all-zero state has no angle:
// it gets an item drawn uniformly from `generator`, as the code's NaN distances make it pick one at random.
torch::Tensor nearest_item_by_angle(const torch::Tensor& states, const torch::Tensor& items, at::Generator& generator);

}  // namespace reverie
