#pragma once
#include <torch/types.h>

#include <tuple>

#include "reverie/models/lstm_classifier.h"
#include "reverie/train/classifier_objective.h"

namespace reverie {

// The LSTM cell run over `items` [T x inputs] from `state` (undefined: zeros), without autograd:
// row t + 1 of h_all and c_all is the state after item t (row 0 the state before), `gates` the
// values of the input, forget, cell and output gates of each item [T x 4 hidden], `tanh_c` the
// tanh of each new cell state. The input projection of all T items is one product.
struct LstmWindow {
  torch::Tensor h_all, c_all, gates, tanh_c;
};
LstmWindow run_lstm_window(torch::nn::LSTMCellImpl& cell, const torch::Tensor& items,
                           const std::tuple<torch::Tensor, torch::Tensor>& state);

// One truncated-BPTT SGD update of the LSTM classifier (seed 001 A.8-A.10) per call, with the
// forward and backward passes written out. Autograd spends most of an update on ~40 small ops
// per item of the window; here the window's input projection and every weight gradient are
// single matrix products (each gradient added straight into its weight), and the gates and the
// recurrence run as plain loops over floats. Same math as train_lstm_stream's autograd path
// (tests/test_fused_lstm_sgd.cpp checks them equal within float rounding); CPU, float32, SGD.
class FusedLstmSgd {
 public:
  using State = std::tuple<torch::Tensor, torch::Tensor>;  // (h, c), [1 x hidden] each

  FusedLstmSgd(LSTMClassifier& model, const ClassifierObjective& objective, double learning_rate);

  // True when the model's parameters are contiguous float32 tensors on the CPU.
  static bool supports(LSTMClassifier& model);

  // Runs `items` [T x inputs] from `state` (undefined: zeros), backpropagates the error of the
  // last item (`last_only`) or of every item, multiplied by `error_scale`, through all T items,
  // and applies one SGD step. Returns the state after the last item, computed before the step.
  State step(const torch::Tensor& items, const torch::Tensor& labels, const State& state, bool last_only, double error_scale);

 private:
  LSTMClassifier& model_;
  ClassifierObjective objective_;
  float learning_rate_;
  int64_t hidden_;
};

}  // namespace reverie
