#include "reverie/train/fused_lstm_sgd.h"

#include <torch/torch.h>

#include <cmath>

namespace reverie {

namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace

FusedLstmSgd::FusedLstmSgd(LSTMClassifier& model, const ClassifierObjective& objective, double learning_rate)
    : model_(model),
      objective_(objective),
      learning_rate_(static_cast<float>(learning_rate)),
      hidden_(model->cell->options.hidden_size()) {}

bool FusedLstmSgd::supports(LSTMClassifier& model) {
  for (const auto& p : model->parameters())
    if (p.scalar_type() != torch::kFloat32 || !p.is_contiguous() || !p.device().is_cpu()) return false;
  return true;
}

LstmWindow run_lstm_window(torch::nn::LSTMCellImpl& cell, const torch::Tensor& items, const std::tuple<torch::Tensor, torch::Tensor>& state) {
  torch::NoGradGuard no_grad;
  const int64_t steps = items.size(0), n = cell.options.hidden_size();
  LstmWindow w;
  w.h_all = torch::zeros({steps + 1, n});
  w.c_all = torch::zeros({steps + 1, n});
  const bool from_state = std::get<0>(state).defined();
  if (from_state) {
    w.h_all[0].copy_(std::get<0>(state).reshape({n}));
    w.c_all[0].copy_(std::get<1>(state).reshape({n}));
  }
  w.gates = torch::addmm(cell.bias_ih + cell.bias_hh, items, cell.weight_ih.t());
  w.tanh_c = torch::empty({steps, n});
  float* a = w.gates.data_ptr<float>();
  float* h = w.h_all.data_ptr<float>();
  float* c = w.c_all.data_ptr<float>();
  float* tc = w.tanh_c.data_ptr<float>();
  for (int64_t t = 0; t < steps; ++t) {
    if (t > 0 || from_state) w.gates[t].addmv_(cell.weight_hh, w.h_all[t]);
    float* g = a + t * 4 * n;
    const float* c_before = c + t * n;
    float* c_after = c + (t + 1) * n;
    float* h_after = h + (t + 1) * n;
    for (int64_t j = 0; j < n; ++j) {
      const float i_gate = sigmoid(g[j]), f_gate = sigmoid(g[n + j]), cell_in = std::tanh(g[2 * n + j]), o_gate = sigmoid(g[3 * n + j]);
      g[j] = i_gate, g[n + j] = f_gate, g[2 * n + j] = cell_in, g[3 * n + j] = o_gate;
      c_after[j] = f_gate * c_before[j] + i_gate * cell_in;
      tc[t * n + j] = std::tanh(c_after[j]);
      h_after[j] = o_gate * tc[t * n + j];
    }
  }
  return w;
}

FusedLstmSgd::State FusedLstmSgd::step(const torch::Tensor& items, const torch::Tensor& labels, const State& state,
                                       bool last_only, double error_scale) {
  torch::NoGradGuard no_grad;
  auto& cell = *model_->cell;
  auto& readout = *model_->readout;
  const int64_t steps = items.size(0), n = hidden_;
  const auto x = items.contiguous();
  LstmWindow w = run_lstm_window(cell, x, state);
  auto& h_all = w.h_all;
  const float* a = w.gates.data_ptr<float>();
  const float* c = w.c_all.data_ptr<float>();
  const float* tc = w.tanh_c.data_ptr<float>();
  const State next{h_all[steps].unsqueeze(0).clone(), w.c_all[steps].unsqueeze(0).clone()};

  // The error's gradient with respect to the logits: autograd on the (tiny) read-out only, so
  // every objective means exactly what it means on the autograd path.
  const auto scored = last_only ? h_all.narrow(0, steps, 1) : h_all.narrow(0, 1, steps);
  const auto scored_labels = last_only ? labels.narrow(0, labels.size(0) - 1, 1) : labels;
  torch::Tensor output_grad;
  {
    torch::AutoGradMode enable(true);
    auto logits = torch::addmm(readout.bias, scored, readout.weight.t()).detach().requires_grad_(true);
    (objective_.error(logits, scored_labels) * error_scale).backward();
    output_grad = logits.grad();
  }
  auto hidden_grad = torch::zeros({steps, n});  // dE/dh_t from the read-out
  hidden_grad.narrow(0, last_only ? steps - 1 : 0, scored.size(0)).copy_(output_grad.mm(readout.weight));

  // Backward through the window: gate gradients [T x 4n], the recurrent dE/dh and dE/dc carried.
  auto gate_grad = torch::empty({steps, 4 * n});
  auto h_carry = torch::zeros({n});
  std::vector<float> c_carry(n, 0.0f);
  float* d = gate_grad.data_ptr<float>();
  const float* dh_out = hidden_grad.data_ptr<float>();
  for (int64_t t = steps; t-- > 0;) {
    const float* g = a + t * 4 * n;
    const float* c_before = c + t * n;
    const float* dh_rec = h_carry.data_ptr<float>();
    float* dg = d + t * 4 * n;
    for (int64_t j = 0; j < n; ++j) {
      const float i_gate = g[j], f_gate = g[n + j], cell_in = g[2 * n + j], o_gate = g[3 * n + j];
      const float tcj = tc[t * n + j];
      const float dh = dh_out[t * n + j] + dh_rec[j];
      const float dc = c_carry[j] + dh * o_gate * (1.0f - tcj * tcj);
      dg[j] = dc * cell_in * i_gate * (1.0f - i_gate);
      dg[n + j] = dc * c_before[j] * f_gate * (1.0f - f_gate);
      dg[2 * n + j] = dc * i_gate * (1.0f - cell_in * cell_in);
      dg[3 * n + j] = dh * tcj * o_gate * (1.0f - o_gate);
      c_carry[j] = dc * f_gate;
    }
    if (t > 0) torch::mv_out(h_carry, cell.weight_hh.t(), gate_grad[t]);
  }

  // SGD: every gradient is one product, added into its weight in place.
  const float lr = learning_rate_;
  const auto bias_grad = gate_grad.sum(0);
  readout.weight.addmm_(output_grad.t(), scored, 1.0, -lr);
  readout.bias.add_(output_grad.sum(0), -lr);
  cell.weight_ih.addmm_(gate_grad.t(), x, 1.0, -lr);
  cell.weight_hh.addmm_(gate_grad.t(), h_all.narrow(0, 0, steps), 1.0, -lr);
  cell.bias_ih.add_(bias_grad, -lr);
  cell.bias_hh.add_(bias_grad, -lr);
  return next;
}

}  // namespace reverie
