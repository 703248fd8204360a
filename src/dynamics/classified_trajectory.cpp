#include "reverie/dynamics/classified_trajectory.h"

#include <torch/torch.h>

#include <stdexcept>

#include "reverie/dynamics/state_statistics.h"

namespace reverie {

torch::Tensor ClassifiedTrajectory::transition_matrix() const { return row_normalized(transition_counts); }

ClassifiedTrajectory classified_trajectory(const StepMap& step, const torch::Tensor& start,
                                           const ClassifiedTrajectoryOptions& options, const StateClassifier& classify) {
  if (start.dim() != 2) throw std::invalid_argument("classified_trajectory needs start states [chains x d]");
  if (options.steps() < 1) throw std::invalid_argument("classified_trajectory needs steps >= 1");
  if (options.none_state() >= options.num_states())
    throw std::invalid_argument("classified_trajectory: none_state outside [0, num_states)");
  const int64_t chains = start.size(0), steps = options.steps();
  ClassifiedTrajectory t;
  t.states = iterate_trajectory(step, start, steps);
  torch::Tensor classes;
  {
    torch::NoGradGuard no_grad;
    classes = classify(t.states.flatten(0, 1));
  }
  if (classes.numel() != chains * steps || classes.scalar_type() != torch::kInt64)
    throw std::invalid_argument("classified_trajectory: the classifier must answer one int64 class per state");
  t.classes = classes.reshape({chains, steps}).cpu();
  t.metrics = trajectory_metrics(t.classes, options.num_states(), options.none_state());  // checks the range
  t.transition_counts = transition_counts(t.classes, options.num_states());
  return t;
}

}  // namespace reverie
