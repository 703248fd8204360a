#pragma once
#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

#include "reverie/models/leaky_memory.h"
#include "reverie/models/mlp.h"
#include "reverie/stream/boundary_detector.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

// Autoencoders that learn online from a stream (seed 001 section 5.2, seed 000 section 4):
// an MLP inputs -> ReLU hidden (optionally leaky, per-unit alpha, per-unit gating) -> sigmoid
// reconstruction of the same item, MSE (mean over elements, torch.nn.MSELoss's default).

// Which units reset at which item: keep [items x hidden], 1 keeps the memory, 0 resets it.
//   None:        never (only the first item); Period: every `period` items (A.7);
//   InputChange: A.11's local rule per feature group: unit j resets when the elements of group
//                j % groups (contiguous, equal-sized) change by more than their average.
// The stream has no labels: LabelChange is refused.
torch::Tensor unit_resets(const torch::Tensor& inputs, int64_t hidden, BoundaryDetector::Rule rule, int64_t groups,
                          int64_t period = 0);

struct StreamAutoencoderOptions : OptimizerSettings {
  int64_t eval_every = 50;  // training items between evaluations on the held-out stream
  LeakyMemory memory;       // empty: memoryless
  int64_t groups = 1;       // feature groups (rows) for the per-row errors
};

struct ReconstructionEvaluation {
  int64_t step = 0;
  double error = 0;               // MSE over every element of the held-out stream
  std::vector<double> group_error;  // the same per feature group (A.13's per-feature error)
};

// The held-out stream through the model with its memory on, without learning.
struct StreamPass {
  torch::Tensor hidden;  // [items x hidden]
  torch::Tensor output;  // [items x features], after the sigmoid
};
StreamPass run_stream(MLP& model, const torch::Tensor& inputs, const LeakyMemory& memory, const torch::Tensor& keep);

// Error of a pass against its inputs, overall and per group.
ReconstructionEvaluation reconstruction_error(const StreamPass& pass, const torch::Tensor& inputs, int64_t groups,
                                              int64_t step);

// One update per item of `train`, in order; evaluates on `test` at step 0, every eval_every
// items and after the last. `on_steps(n)` reports progress.
std::vector<ReconstructionEvaluation> train_stream_autoencoder(MLP& model, const torch::Tensor& train,
                                                               const torch::Tensor& train_keep, const torch::Tensor& test,
                                                               const torch::Tensor& test_keep,
                                                               const StreamAutoencoderOptions& options,
                                                               const std::function<void(int64_t)>& on_steps = {});

}  // namespace reverie
