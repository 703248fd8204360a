#include "reverie/dynamics/replay_sampling.h"

#include <torch/torch.h>

namespace reverie {

const Choices<ReplayStart>& replay_start_choices() {
  static const Choices<ReplayStart> choices{
      {"uniform", ReplayStart::uniform}, {"gaussian", ReplayStart::gaussian}, {"items", ReplayStart::items}};
  return choices;
}

const Choices<TrajectoryOf>& trajectory_of_choices() {
  static const Choices<TrajectoryOf> choices{{"states", TrajectoryOf::states}, {"predictions", TrajectoryOf::predictions}};
  return choices;
}

ReplaySamples sample_replay(const StepMap& step, int64_t dimension, const ReplayOptions& options,
                            at::Generator& generator) {
  torch::NoGradGuard no_grad;
  auto x = torch::empty({options.chains, dimension});
  if (options.start == ReplayStart::items)
    x = options.items.index_select(0, torch::arange(options.chains, torch::kInt64).remainder(options.items.size(0))).clone();
  else if (options.start == ReplayStart::gaussian)
    x.normal_(options.init_mean, options.init_sd, generator);
  else
    x.uniform_(options.init_low, options.init_high, generator);
  const auto with_noise = [&](const torch::Tensor& y) {
    if (options.noise_sd > 0) return y + torch::empty_like(y).normal_(options.noise_mean, options.noise_sd, generator);
    return options.noise_mean != 0 ? y + options.noise_mean : y;
  };
  if (options.noise_on_start) x = with_noise(x);
  const bool of_predictions = options.trajectory_of == TrajectoryOf::predictions;
  std::vector<torch::Tensor> trajectory;
  for (int64_t s = 0; s < options.steps; ++s) {
    auto y = step(x);
    if (options.keep_trajectory && of_predictions) trajectory.push_back(y);
    const bool last = s + 1 == options.steps;
    if (!last || options.noise_on_last_step) y = with_noise(y);
    x = y.clamp(0.0, 1.0);
    if (options.keep_trajectory && !of_predictions) trajectory.push_back(x);
  }
  ReplaySamples out{x, {}};
  if (options.keep_trajectory && !trajectory.empty()) out.trajectory = torch::stack(trajectory, 1);
  return out;
}

}  // namespace reverie
