#include "reverie/train/lstm_stream_trainer.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"
#include "reverie/train/fused_lstm_sgd.h"

namespace reverie {

Evaluation evaluate_lstm(LSTMClassifier& model, const Dataset& test, const ClassifierObjective& objective,
                         const std::vector<int64_t>& stream, int64_t step, bool fused) {
  torch::NoGradGuard no_grad;
  fused = fused && FusedLstmSgd::supports(model) && test.inputs.scalar_type() == torch::kFloat32;
  torch::Tensor logits, labels;
  if (stream.empty()) {
    logits = model->forward_items(test.inputs);
    labels = test.labels;
  } else {
    const auto index = torch::tensor(stream, torch::kInt64).to(test.inputs.device());
    const auto items = test.inputs.index_select(0, index);
    // The test stream is thousands of items: the fused loop instead of ~12 LibTorch ops per item.
    logits = fused ? model->readout->forward(run_lstm_window(*model->cell, items.contiguous(), {}).h_all.narrow(0, 1, items.size(0)))
                   : std::get<0>(model->forward_sequence(items));
    labels = test.labels.index_select(0, index);
  }
  const double error = objective.error(logits, labels).item<double>();
  stop_if_diverged(error, "test_error", step);
  const double accuracy = logits.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
  return {step, error, accuracy};
}

std::vector<Evaluation> train_lstm_stream(LSTMClassifier& model, const Dataset& train, const std::vector<int64_t>& order,
                                          const Dataset& test, const ClassifierObjective& objective,
                                          const LstmStreamOptions& options, const std::function<void(int64_t)>& on_steps) {
  if (options.bptt_steps < 1) throw InputError("config key 'bptt_steps': expected >= 1");
  auto optimizer = make_optimizer(model->parameters(), options);
  const auto index = torch::tensor(order, torch::kInt64).to(train.inputs.device());
  const auto inputs = train.inputs.index_select(0, index);
  const auto labels = train.labels.index_select(0, index);
  const int64_t items = inputs.size(0);
  const bool sliding = options.bptt_update == BpttUpdate::sliding;
  const int64_t advance = sliding ? 1 : options.bptt_steps;
  // The (detached) state before item t, as the network ran through the stream, kept for the
  // last bptt_steps + 1 items in a ring (undefined before item 0: a zero state).
  std::vector<std::tuple<torch::Tensor, torch::Tensor>> ring(options.bptt_steps + 1);
  const auto state_before = [&](int64_t t) -> std::tuple<torch::Tensor, torch::Tensor>& { return ring[t % ring.size()]; };
  std::unique_ptr<FusedLstmSgd> fused;
  if (options.fused_sgd && options.optimizer == OptimizerKind::sgd && FusedLstmSgd::supports(model) && inputs.scalar_type() == torch::kFloat32)
    fused = std::make_unique<FusedLstmSgd>(model, objective, options.learning_rate);
  const auto test_now = [&](int64_t step) {
    const auto evaluation = evaluate_lstm(model, test, objective, options.test_stream, step, options.fused_sgd);
    if (options.after_evaluation) options.after_evaluation(step);
    return evaluation;
  };
  std::vector<Evaluation> curve{test_now(0)};
  for (int64_t start = 0; start < items; start += advance) {
    const int64_t count = std::min(advance, items - start);
    const int64_t end = start + count;  // items [start, end) are new
    const int64_t first = sliding ? std::max<int64_t>(0, end - options.bptt_steps) : start;
    if (fused) {
      state_before(end) = fused->step(inputs.narrow(0, first, end - first), labels.narrow(0, first, end - first),
                                      state_before(first), sliding, sliding ? 1.0 : static_cast<double>(count));
    } else {
      optimizer->zero_grad();
      auto [logits, next] = model->forward_sequence(inputs.narrow(0, first, end - first), state_before(first));
      const auto error = sliding ? objective.error(logits.narrow(0, end - first - 1, 1), labels.narrow(0, end - 1, 1))
                                 : objective.error(logits, labels.narrow(0, start, count)) * static_cast<double>(count);
      error.backward();
      optimizer->step();
      state_before(end) = {std::get<0>(next).detach(), std::get<1>(next).detach()};
    }
    if (end / options.eval_every > start / options.eval_every || end == items)
      curve.push_back(test_now(end));
    if (on_steps) on_steps(count);
  }
  return curve;
}

}  // namespace reverie
