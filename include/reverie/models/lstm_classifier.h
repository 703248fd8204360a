#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>
#include <torch/nn/pimpl.h>

#include <tuple>

namespace reverie {

// The recurrent baseline of seed 001 Appendix A.8-A.10: an LSTM layer of `hidden` units in
// place of the hidden layer (same sizes as the 3-layer network, e.g. 784-392-10), a linear
// read-out to logits; the output nonlinearity belongs to the objective.
class LSTMClassifierImpl : public torch::nn::Module {
 public:
  LSTMClassifierImpl(int64_t inputs, int64_t hidden, int64_t outputs);

  // Logits of each item of a sequence [T x inputs], starting from `state` (h, c) [1 x hidden]
  // each, or from zeros when undefined; returns the logits [T x outputs] and the last state.
  std::tuple<torch::Tensor, std::tuple<torch::Tensor, torch::Tensor>> forward_sequence(
      const torch::Tensor& items, const std::tuple<torch::Tensor, torch::Tensor>& state = {});
  // Each item alone, from a zero state (single-item testing): [N x inputs] -> [N x outputs].
  torch::Tensor forward_items(const torch::Tensor& items);

  // Xavier-uniform input and recurrent weights, zero biases, from `generator`.
  void xavier_init(at::Generator& generator);

  torch::nn::LSTMCell cell{nullptr};
  torch::nn::Linear readout{nullptr};
};
TORCH_MODULE(LSTMClassifier);

}  // namespace reverie
