#include "reverie/train/stream_autoencoder.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"
#include "reverie/stream/boundary_detector.h"

namespace reverie {

torch::Tensor unit_resets(const torch::Tensor& inputs, int64_t hidden, BoundaryDetector::Rule rule, int64_t groups,
                          int64_t period) {
  using Rule = BoundaryDetector::Rule;
  const auto x = inputs.to(torch::kCPU).contiguous();
  const int64_t items = x.size(0), features = x.size(1);
  if (groups < 1 || features % groups != 0)
    throw InputError("feature groups: " + std::to_string(features) + " features do not split into " + std::to_string(groups) + " groups");
  if (rule == Rule::Period && period < 1) throw InputError("reset = period needs a period >= 1");
  if (rule == Rule::LabelChange) throw InputError("autoencoder reset: a stream without labels resets never, by period or by the local rule");
  const int64_t width = features / groups;
  auto keep = torch::ones({items, hidden});
  auto k = keep.accessor<float, 2>();
  const float* data = x.data_ptr<float>();
  for (int64_t t = 0; t < items; ++t)
    for (int64_t j = 0; j < hidden; ++j) {
      const int64_t g = j % groups;
      const bool reset = t == 0 || (rule == Rule::Period && t % period == 0) ||
                         (rule == Rule::InputChange && input_changed(data + t * features, data + (t - 1) * features, g * width, (g + 1) * width));
      if (reset) k[t][j] = 0;
    }
  return keep;
}

StreamPass run_stream(MLP& model, const torch::Tensor& inputs, const LeakyMemory& memory, const torch::Tensor& keep) {
  torch::NoGradGuard no_grad;
  const auto hidden = leaky_scan(model->hidden_activity(inputs), memory, keep);
  return {hidden, torch::sigmoid(model->hidden_to_output->forward(hidden))};
}

ReconstructionEvaluation reconstruction_error(const StreamPass& pass, const torch::Tensor& inputs, int64_t groups,
                                              int64_t step) {
  const auto squared = (pass.output - inputs).pow(2).to(torch::kFloat64);
  ReconstructionEvaluation e{step, squared.mean().item<double>(), {}};
  stop_if_diverged(e.error, "test_error", step);
  const auto per_group = squared.view({squared.size(0), groups, -1}).mean(std::vector<int64_t>{0, 2});
  for (int64_t g = 0; g < groups; ++g) e.group_error.push_back(per_group[g].item<double>());
  return e;
}

std::vector<ReconstructionEvaluation> train_stream_autoencoder(MLP& model, const torch::Tensor& train,
                                                               const torch::Tensor& train_keep, const torch::Tensor& test,
                                                               const torch::Tensor& test_keep,
                                                               const StreamAutoencoderOptions& options,
                                                               const std::function<void(int64_t)>& on_steps) {
  if (options.eval_every < 1) throw InputError("eval_every must be >= 1");
  auto optimizer = make_optimizer(model->parameters(), options);
  const auto evaluate = [&](int64_t step) {
    return reconstruction_error(run_stream(model, test, options.memory, test_keep), test, options.groups, step);
  };
  std::vector<ReconstructionEvaluation> curve{evaluate(0)};
  LeakyState memory(options.memory);
  const int64_t items = train.size(0);
  int64_t reported = 0;
  for (int64_t t = 0; t < items; ++t) {
    const auto item = train.narrow(0, t, 1);
    optimizer->zero_grad();
    const auto hidden = memory.step(model->hidden_activity(item), train_keep[t]);
    const auto output = torch::sigmoid(model->hidden_to_output->forward(hidden));
    torch::mse_loss(output, item).backward({}, /*retain_graph=*/memory.retains_graph());
    optimizer->step();
    const int64_t step = t + 1;
    if (step % options.eval_every == 0 || step == items) curve.push_back(evaluate(step));
    if (on_steps && (step % 256 == 0 || step == items)) {
      on_steps(step - reported);
      reported = step;
    }
  }
  return curve;
}

}  // namespace reverie
