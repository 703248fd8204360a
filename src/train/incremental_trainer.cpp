#include "reverie/train/incremental_trainer.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/train/fused_mlp_sgd.h"

namespace reverie {

namespace {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(MLP& model, const IncrementalTrainerOptions& o) {
  if (o.optimizer == "sgd")
    return std::make_unique<torch::optim::SGD>(model->parameters(), torch::optim::SGDOptions(o.learning_rate));
  if (o.optimizer == "rmsprop")
    return std::make_unique<torch::optim::RMSprop>(
        model->parameters(),
        torch::optim::RMSpropOptions(o.learning_rate).alpha(o.rmsprop_alpha).momentum(o.rmsprop_momentum));
  throw InputError("config key 'optimizer': expected sgd or rmsprop, got '" + o.optimizer + "'");
}

constexpr int64_t kProgressEvery = 256;

// Test error and accuracy of a batch of logits.
Evaluation score(const torch::Tensor& logits, const torch::Tensor& labels, const ClassifierObjective& objective,
                 int64_t step) {
  const double error = objective.error(logits, labels).item<double>();
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
    const auto alpha = torch::tensor(memory.alpha, torch::kFloat32).to(hidden.device());
    const auto cpu_labels = labels.to(torch::kCPU).contiguous();
    const int64_t* label = cpu_labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < hidden.size(0); ++i)
      if (!boundaries.is_boundary_at(label, i))
        hidden[i] = alpha * hidden[i - 1] + (1 - alpha) * hidden[i];
  }
  return score(model->hidden_to_output->forward(hidden), labels, objective, step);
}

std::vector<Evaluation> train_incremental(MLP& model, const Dataset& train, const std::vector<int64_t>& order,
                                          const Dataset& test, const ClassifierObjective& objective,
                                          const IncrementalTrainerOptions& options,
                                          const std::function<void(int64_t)>& on_steps) {
  auto optimizer = make_optimizer(model, options);
  const auto index = torch::tensor(order, torch::kInt64).to(train.inputs.device());
  const auto inputs = train.inputs.index_select(0, index).contiguous();
  const auto labels = train.labels.index_select(0, index);
  const int64_t steps = static_cast<int64_t>(order.size());
  if (options.batch_size < 1) throw InputError("batch size must be >= 1");
  if (options.batch_size > 1 && options.memory.enabled())
    throw InputError("mini-batch training with leaky memory is not defined: use batch size 1");
  std::unique_ptr<FusedMlpSgd> fused;
  if (options.fused_sgd && options.batch_size == 1 && options.optimizer == "sgd" && FusedMlpSgd::supports(model) &&
      inputs.scalar_type() == torch::kFloat32)
    fused = std::make_unique<FusedMlpSgd>(model, objective, options.learning_rate, options.memory);
  const auto alpha = torch::tensor(options.memory.alpha, torch::kFloat32).to(inputs.device());
  torch::Tensor previous_hidden;  // H(n-1), detached: the gradient ignores the leak
  const auto cpu_labels = labels.to(torch::kCPU).contiguous();
  const std::vector<int64_t> label_of(cpu_labels.data_ptr<int64_t>(), cpu_labels.data_ptr<int64_t>() + steps);

  const auto test_now = [&](int64_t step) {
    return options.test_stream.empty()
               ? evaluate(model, test, objective, step)
               : evaluate_in_stream(model, test, options.test_stream, objective, options.memory, options.boundaries, step);
  };
  std::vector<Evaluation> curve{test_now(0)};
  int64_t reported = 0;
  const int64_t batch = options.batch_size;
  for (int64_t start = 0; start < steps; start += batch) {
    const int64_t count = std::min(batch, steps - start);
    const int64_t step = start + count;  // items seen
    const bool reset = options.boundaries.is_boundary_at(label_of.data(), start);
    if (fused) {
      fused->step(inputs.data_ptr<float>() + start * inputs.size(1), label_of[start], reset);
    } else {
      optimizer->zero_grad();
      auto hidden = model->hidden_activity(inputs.narrow(0, start, count));
      if (options.memory.enabled()) {
        if (!reset) {
          const auto leaky = alpha * previous_hidden + (1 - alpha) * hidden;
          // Unscaled: the value of the leaky unit, the gradient of a plain ReLU unit.
          hidden = options.memory.scale_gradient_by_leak ? leaky : leaky.detach() + (hidden - hidden.detach());
        }
        previous_hidden = hidden.detach();
      }
      objective.error(model->hidden_to_output->forward(hidden), labels.narrow(0, start, count)).backward();
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
