#include "reverie/train/fused_mlp_sgd.h"

#include <torch/torch.h>

#include <cmath>

namespace reverie {

FusedMlpSgd::FusedMlpSgd(MLP& model, const ClassifierObjective& objective, double learning_rate, LeakyMemory memory)
    : model_(model),
      objective_(objective),
      memory_(std::move(memory)),
      learning_rate_(static_cast<float>(learning_rate)),
      n_inputs_(model->options.inputs()),
      n_hidden_(model->options.hidden()),
      n_outputs_(model->options.outputs()),
      b1_(model->input_to_hidden->bias.data_ptr<float>()),
      w2_(model->hidden_to_output->weight.data_ptr<float>()),
      b2_(model->hidden_to_output->bias.data_ptr<float>()),
      hidden_pre_(n_hidden_),
      hidden_(n_hidden_),
      hidden_grad_(n_hidden_),
      logits_(n_outputs_),
      output_grad_(n_outputs_),
      hidden_previous_(n_hidden_, 0.0f) {
  active_.reserve(n_inputs_);
  active_values_.reserve(n_inputs_);
  const auto w1t = model->input_to_hidden->weight.t().contiguous();
  w1_transposed_.assign(w1t.data_ptr<float>(), w1t.data_ptr<float>() + w1t.numel());
}

void FusedMlpSgd::sync() {
  torch::NoGradGuard no_grad;
  const auto w1t = torch::from_blob(w1_transposed_.data(), {n_inputs_, n_hidden_}, torch::kFloat32);
  model_->input_to_hidden->weight.copy_(w1t.t());
}

bool FusedMlpSgd::supports(MLP& model) {
  for (const auto& p : model->parameters())
    if (p.scalar_type() != torch::kFloat32 || !p.is_contiguous() || !p.device().is_cpu()) return false;
  return true;
}

void FusedMlpSgd::output_gradient(int64_t label) {
  using Loss = ClassifierObjective::Loss;
  using Output = ClassifierObjective::Output;
  std::vector<float>& g = output_grad_;
  if (objective_.output == Output::Softmax) {
    float top = logits_[0];
    for (int64_t k = 1; k < n_outputs_; ++k) top = std::max(top, logits_[k]);
    float total = 0;
    for (int64_t k = 0; k < n_outputs_; ++k) total += (g[k] = std::exp(logits_[k] - top));
    for (int64_t k = 0; k < n_outputs_; ++k) g[k] /= total;  // g holds the probabilities p
    if (objective_.loss == Loss::CrossEntropy) {
      g[label] -= 1.0f;  // d CE / dz = p - onehot
      return;
    }
    // MSE on softmax outputs: dz_k = p_k (e_k - sum_j e_j p_j), e = dL/dp.
    const float scale = objective_.sum_over_outputs ? 2.0f : 2.0f / static_cast<float>(n_outputs_);
    std::vector<float> e(n_outputs_);
    float dot = 0;
    for (int64_t k = 0; k < n_outputs_; ++k) {
      e[k] = scale * (g[k] - (k == label ? 1.0f : 0.0f));
      dot += e[k] * g[k];
    }
    for (int64_t k = 0; k < n_outputs_; ++k) g[k] = g[k] * (e[k] - dot);
    return;
  }
  // Sigmoid outputs with MSE: dz = scale (s - t) s (1 - s).
  const float scale = objective_.sum_over_outputs ? 2.0f : 2.0f / static_cast<float>(n_outputs_);
  for (int64_t k = 0; k < n_outputs_; ++k) {
    const float s = 1.0f / (1.0f + std::exp(-logits_[k]));
    g[k] = scale * (s - (k == label ? 1.0f : 0.0f)) * s * (1.0f - s);
  }
}

void FusedMlpSgd::step(const float* input, int64_t label, bool reset) {
  active_.clear();
  active_values_.clear();
  for (int64_t i = 0; i < n_inputs_; ++i)
    if (input[i] != 0.0f) {
      active_.push_back(static_cast<int32_t>(i));
      active_values_.push_back(input[i]);
    }
  const size_t active = active_.size();

  // Forward: hidden = relu(W1 x + b1) over the nonzero inputs, logits = W2 hidden + b2.
  float* pre = hidden_pre_.data();
  std::copy(b1_, b1_ + n_hidden_, pre);
  for (size_t n = 0; n < active; ++n) {
    const float* row = w1_transposed_.data() + active_[n] * n_hidden_;
    const float x = active_values_[n];
    for (int64_t j = 0; j < n_hidden_; ++j) pre[j] += row[j] * x;
  }
  for (int64_t j = 0; j < n_hidden_; ++j) hidden_[j] = pre[j] > 0.0f ? pre[j] : 0.0f;
  const bool leaky = memory_.enabled() && !reset;
  if (leaky) {
    for (int64_t j = 0; j < n_hidden_; ++j)
      hidden_[j] = memory_.alpha[j] * hidden_previous_[j] + (1.0f - memory_.alpha[j]) * hidden_[j];
  }
  if (memory_.enabled()) std::copy(hidden_.begin(), hidden_.end(), hidden_previous_.begin());
  for (int64_t k = 0; k < n_outputs_; ++k) {
    const float* row = w2_ + k * n_hidden_;
    float z = b2_[k];
    for (int64_t j = 0; j < n_hidden_; ++j) z += row[j] * hidden_[j];
    logits_[k] = z;
  }
  output_gradient(label);

  // Backward through W2 (before W2 changes), then update W2 and b2.
  std::fill(hidden_grad_.begin(), hidden_grad_.end(), 0.0f);
  for (int64_t k = 0; k < n_outputs_; ++k) {
    const float* row = w2_ + k * n_hidden_;
    const float gk = output_grad_[k];
    for (int64_t j = 0; j < n_hidden_; ++j) hidden_grad_[j] += row[j] * gk;
  }
  for (int64_t k = 0; k < n_outputs_; ++k) {
    float* row = w2_ + k * n_hidden_;
    const float step = learning_rate_ * output_grad_[k];
    for (int64_t j = 0; j < n_hidden_; ++j) row[j] -= step * hidden_[j];
    b2_[k] -= step;
  }
  // W1 only at the nonzero inputs (the gradient is zero elsewhere); ReLU gates the hidden gradient.
  float* grad = hidden_grad_.data();
  for (int64_t j = 0; j < n_hidden_; ++j) {
    const float through_leak = leaky && memory_.gradient == LeakGradient::Scaled ? 1.0f - memory_.alpha[j] : 1.0f;
    grad[j] = pre[j] > 0.0f ? learning_rate_ * through_leak * grad[j] : 0.0f;
    b1_[j] -= grad[j];
  }
  for (size_t n = 0; n < active; ++n) {
    float* row = w1_transposed_.data() + active_[n] * n_hidden_;
    const float x = active_values_[n];
    for (int64_t j = 0; j < n_hidden_; ++j) row[j] -= grad[j] * x;
  }
}

}  // namespace reverie
