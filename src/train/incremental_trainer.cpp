#include "reverie/train/incremental_trainer.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"
#include "reverie/train/fused_mlp_sgd.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

namespace {

constexpr int64_t kProgressEvery = 256;

// Test error and accuracy of a batch of logits.
Evaluation score(const torch::Tensor& logits, const torch::Tensor& labels, const ClassifierObjective& objective,
                 int64_t step) {
  const double error = objective.error(logits, labels).item<double>();
  stop_if_diverged(error, "test_error", step);
  const double accuracy = logits.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
  return {step, error, accuracy};
}

}  // namespace

Evaluation evaluate(MLP& model, const Dataset& test, const ClassifierObjective& objective, int64_t step) {
  torch::NoGradGuard no_grad;
  return score(model->forward(test.inputs), test.labels, objective, step);
}

Evaluation evaluate_in_stream(MLP& model, const Dataset& test, const std::vector<int64_t>& order,
                              const ClassifierObjective& objective, const LeakyMemory& memory,
                              const BoundaryDetector& boundaries, int64_t step) {
  torch::NoGradGuard no_grad;
  const auto index = torch::tensor(order, torch::kInt64).to(test.inputs.device());
  const auto labels = test.labels.index_select(0, index);
  // Every item's own hidden response in one product; only the leaky mixing is sequential.
  auto hidden = model->hidden_activity(test.inputs.index_select(0, index));
  if (memory.enabled()) {
    const auto cpu_labels = labels.to(torch::kCPU).contiguous();
    const auto cpu_inputs = boundaries.needs_inputs() ? test.inputs.index_select(0, index).to(torch::kCPU).contiguous() : torch::Tensor();
    const float* input = cpu_inputs.defined() ? cpu_inputs.data_ptr<float>() : nullptr;
    const auto keep = memory_keep(boundaries, cpu_labels.data_ptr<int64_t>(), hidden.size(0), input, test.features());
    const auto keep_units = torch::tensor(keep).unsqueeze(1).expand({hidden.size(0), hidden.size(1)});
    hidden = leaky_scan(hidden, memory, keep_units);
  }
  return score(model->hidden_to_output->forward(hidden), labels, objective, step);
}

std::vector<Evaluation> train_incremental(MLP& model, const Dataset& train, const std::vector<int64_t>& order,
                                          const Dataset& test, const ClassifierObjective& objective,
                                          const IncrementalTrainerOptions& options,
                                          const std::function<void(int64_t)>& on_steps) {
  auto optimizer = make_optimizer(model->parameters(), options);
  const auto index = torch::tensor(order, torch::kInt64).to(train.inputs.device());
  const auto inputs = train.inputs.index_select(0, index).contiguous();
  const auto labels = train.labels.index_select(0, index);
  const int64_t steps = static_cast<int64_t>(order.size());
  if (options.batch_size < 1) throw InputError("batch size must be >= 1");
  if (options.batch_size > 1 && options.memory.enabled())
    throw InputError("mini-batch training with leaky memory is not defined: use batch size 1");
  std::unique_ptr<FusedMlpSgd> fused;
  if (options.fused_sgd && options.batch_size == 1 && options.optimizer == OptimizerKind::sgd && FusedMlpSgd::supports(model) &&
      inputs.scalar_type() == torch::kFloat32 && options.memory.gradient != LeakGradient::ThroughMemory)
    fused = std::make_unique<FusedMlpSgd>(model, objective, options.learning_rate, options.memory);
  LeakyState memory(options.memory);
  // The local reset rule reads the inputs on the CPU, wherever the model lives.
  const auto cpu_inputs = options.boundaries.needs_inputs() ? inputs.to(torch::kCPU).contiguous() : torch::Tensor();
  const float* input_of = cpu_inputs.defined() ? cpu_inputs.data_ptr<float>() : nullptr;
  const auto cpu_labels = labels.to(torch::kCPU).contiguous();
  const std::vector<int64_t> label_of(cpu_labels.data_ptr<int64_t>(), cpu_labels.data_ptr<int64_t>() + steps);

  const auto test_now = [&](int64_t step) {
    const auto evaluation = options.test_stream.empty()
                                ? evaluate(model, test, objective, step)
                                : evaluate_in_stream(model, test, options.test_stream, objective, options.memory, options.boundaries, step);
    if (options.after_evaluation) options.after_evaluation(step);
    return evaluation;
  };
  std::vector<Evaluation> curve{test_now(0)};
  int64_t reported = 0;
  const int64_t batch = options.batch_size;
  for (int64_t start = 0; start < steps; start += batch) {
    const int64_t count = std::min(batch, steps - start);
    const int64_t step = start + count;  // items seen
    const bool reset = options.boundaries.is_boundary_at(label_of.data(), start, input_of, train.features());
    if (fused) {
      fused->step(inputs.data_ptr<float>() + start * inputs.size(1), label_of[start], reset);
    } else {
      optimizer->zero_grad();
      auto hidden = model->hidden_activity(inputs.narrow(0, start, count));
      if (options.memory.enabled()) hidden = memory.step(hidden, reset ? torch::zeros({hidden.size(1)}) : torch::Tensor());
      objective.error(model->hidden_to_output->forward(hidden), labels.narrow(0, start, count))
          .backward({}, /*retain_graph=*/memory.retains_graph());
      optimizer->step();
    }
    if (step / options.eval_every > start / options.eval_every || step == steps) {
      if (fused) fused->sync();
      curve.push_back(test_now(step));
    }
    if (on_steps && (step / kProgressEvery > start / kProgressEvery || step == steps)) {
      on_steps(step - reported);
      reported = step;
    }
  }
  return curve;
}

}  // namespace reverie
