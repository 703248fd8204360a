#include "reverie/models/lstm_classifier.h"

#include <torch/torch.h>

namespace reverie {

LSTMClassifierImpl::LSTMClassifierImpl(int64_t inputs, int64_t hidden, int64_t outputs) {
  cell = register_module("cell", torch::nn::LSTMCell(torch::nn::LSTMCellOptions(inputs, hidden)));
  readout = register_module("readout", torch::nn::Linear(hidden, outputs));
}

std::tuple<torch::Tensor, std::tuple<torch::Tensor, torch::Tensor>> LSTMClassifierImpl::forward_sequence(
    const torch::Tensor& items, const std::tuple<torch::Tensor, torch::Tensor>& state) {
  auto [h, c] = state;
  if (!h.defined()) {
    h = torch::zeros({1, cell->options.hidden_size()}, items.options());
    c = torch::zeros_like(h);
  }
  // The input projection of every item in one product; only the recurrence is sequential.
  const auto projected = torch::nn::functional::linear(items, cell->weight_ih, cell->bias_ih);
  std::vector<torch::Tensor> hidden;
  for (int64_t t = 0; t < items.size(0); ++t) {
    const auto gates = projected.narrow(0, t, 1) + torch::nn::functional::linear(h, cell->weight_hh, cell->bias_hh);
    const auto chunks = gates.chunk(4, 1);  // input, forget, cell, output (PyTorch's order)
    c = torch::sigmoid(chunks[1]) * c + torch::sigmoid(chunks[0]) * torch::tanh(chunks[2]);
    h = torch::sigmoid(chunks[3]) * torch::tanh(c);
    hidden.push_back(h);
  }
  return {readout->forward(torch::cat(hidden)), {h, c}};
}

torch::Tensor LSTMClassifierImpl::forward_items(const torch::Tensor& items) {
  const auto [h, c] = cell->forward(items);
  (void)c;
  return readout->forward(h);
}

void LSTMClassifierImpl::xavier_init(at::Generator& generator) {
  torch::NoGradGuard no_grad;
  for (auto* w : {&cell->weight_ih, &cell->weight_hh, &readout->weight}) {
    const double bound = std::sqrt(6.0 / static_cast<double>(w->size(0) + w->size(1)));
    w->uniform_(-bound, bound, generator);
  }
  for (auto* b : {&cell->bias_ih, &cell->bias_hh, &readout->bias}) b->zero_();
}

}  // namespace reverie
