#pragma once
#include <functional>
#include <string>
#include <vector>

#include "reverie/data/dataset.h"
#include "reverie/models/lstm_classifier.h"
#include "reverie/train/classifier_objective.h"
#include "reverie/train/incremental_trainer.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

// How truncated BPTT advances along the stream (LstmStreamOptions::bptt_update).
enum class BpttUpdate { sliding, window };

struct LstmStreamOptions : OptimizerSettings {
  int64_t eval_every = 100;
  // Truncated backpropagation through time over the last `bptt_steps` items.
  //   "sliding": one update per item, as the batch-1 models get (section 5.1.1's SGD): the last
  //              bptt_steps items are re-run with the current weights from the state before
  //              them, and the current item's error is backpropagated through all of them;
  //   "window":  the stream is cut into windows of bptt_steps items, one update per window
  //              on the summed error of its items (the usual TBPTT; bptt_steps x cheaper).
  int64_t bptt_steps = 10;
  BpttUpdate bptt_update = BpttUpdate::sliding;
  std::vector<int64_t> test_stream;  // empty: single items from a zero state; else this order, state carried
  bool fused_sgd = true;             // plain SGD on the CPU through FusedLstmSgd (same math as autograd)
  std::function<void(int64_t step)> after_evaluation;  // as IncrementalTrainerOptions'
};

// Test error and accuracy of the LSTM on `test`: single items from a zero state (empty
// `stream`), or the items in `stream` order with the state carried. `fused`: through the
// fused loop where FusedLstmSgd supports the model (same numbers, far fewer LibTorch ops).
Evaluation evaluate_lstm(LSTMClassifier& model, const Dataset& test, const ClassifierObjective& objective,
                         const std::vector<int64_t>& stream, int64_t step, bool fused = true);

// The LSTM learns from the training stream in `order` (A.8); evaluated like the other models.
std::vector<Evaluation> train_lstm_stream(LSTMClassifier& model, const Dataset& train, const std::vector<int64_t>& order,
                                          const Dataset& test, const ClassifierObjective& objective,
                                          const LstmStreamOptions& options, const std::function<void(int64_t)>& on_steps = {});

}  // namespace reverie
