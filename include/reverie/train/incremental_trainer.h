#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "reverie/data/dataset.h"
#include "reverie/models/leaky_memory.h"
#include "reverie/models/mlp.h"
#include "reverie/stream/boundary_detector.h"
#include "reverie/train/classifier_objective.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

struct IncrementalTrainerOptions : OptimizerSettings {
  int64_t eval_every = 100;        // training items between test evaluations
  // Items per update. 1 is incremental learning; > 1 is mini-batch training over consecutive
  // items of the order (seed 001 A.5, A.6), memoryless only, mean loss over the batch.
  int64_t batch_size = 1;
  // Plain SGD on a float32 CPU model takes the fused batch-1 kernel (same math, ~10x+ faster);
  // false forces the LibTorch autograd + torch::optim path.
  bool fused_sgd = true;
  LeakyMemory memory;           // empty: memoryless
  BoundaryDetector boundaries;  // when the memory resets
  // Test protocol (seed 001 A.9, A.10): empty = single items with memory off; otherwise the
  // test items in this order as one stream, with memory on and the same resets as training.
  std::vector<int64_t> test_stream;
  // Called at every evaluation point, after the test, with the model's weights current: a
  // second test of the same model (A.10 tests it on two streams). Empty: nothing.
  std::function<void(int64_t step)> after_evaluation;
};

struct Evaluation {
  int64_t step = 0;
  double error = 0;
  double accuracy = 0;
};

Evaluation evaluate(MLP& model, const Dataset& test, const ClassifierObjective& objective, int64_t step);

// In-stream testing: the items of `test` in `order`, each answered with the leaky memory of
// the items before it (reset where `boundaries` says), without learning.
Evaluation evaluate_in_stream(MLP& model, const Dataset& test, const std::vector<int64_t>& order,
                              const ClassifierObjective& objective, const LeakyMemory& memory,
                              const BoundaryDetector& boundaries, int64_t step);

// Batch-1 ("incremental") training over `order` (indices into train), one update per item
// (or per options.batch_size consecutive items),
// with leaky memory in the hidden layer when options.memory is set. Evaluation follows
// options.test_stream: single items with memory off (the plain MLP forward), or in-stream.
// Evaluates on `test` at step 0, every eval_every steps and after the last step.
// `on_steps(n)` reports progress every few hundred steps.
std::vector<Evaluation> train_incremental(MLP& model, const Dataset& train, const std::vector<int64_t>& order,
                                          const Dataset& test, const ClassifierObjective& objective,
                                          const IncrementalTrainerOptions& options,
                                          const std::function<void(int64_t)>& on_steps = {});

}  // namespace reverie
