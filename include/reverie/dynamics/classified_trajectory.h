#pragma once
#include <torch/arg.h>
#include <torch/types.h>

#include <functional>

#include "reverie/dynamics/generative_map.h"
#include "reverie/dynamics/generativity_metrics.h"

namespace reverie {

// Chains of any generator (a StepMap: the DAE's f_theta, an RBM's Gibbs chain, a wake/sleep
// decoder), every visited state classified, and the trajectory statistics of the generative labs.

// States [n x d] -> int64 [n], each in [0, num_states). It sees the states as the map makes them;
// what it classifies of them (an RBM chain's visible image, say) is its own business.
using StateClassifier = std::function<torch::Tensor(const torch::Tensor&)>;

struct ClassifiedTrajectoryOptions {
  ClassifiedTrajectoryOptions(int64_t steps, int64_t num_states) : steps_(steps), num_states_(num_states) {}
  TORCH_ARG(int64_t, steps);       // applications of the map per chain; each resulting state is classified
  TORCH_ARG(int64_t, num_states);  // classes the classifier can answer, none_state included
  // The "none of them" class (the RBM lab's non-digit): never a state visited, and moves into it
  // are no transitions; it still has a state time and transition counts. -1: there is none.
  TORCH_ARG(int64_t, none_state) = -1;
};

struct ClassifiedTrajectory {
  torch::Tensor states;             // [chains x steps x d]: each chain's state after every step
  torch::Tensor classes;            // [chains x steps] int64 (CPU)
  TrajectoryMetrics metrics;        // per chain: states visited, transitions, state time
  torch::Tensor transition_counts;  // [num_states x num_states] int64: consecutive pairs, all chains
  // Each row of transition_counts divided by its sum (float64); states never left keep a zero row.
  torch::Tensor transition_matrix() const;
};

// Iterates `step` from every row of `start` [chains x d] for options.steps steps (no gradients),
// then calls `classify` once on all visited states, [(chains * steps) x d] with chain c's state
// after step t + 1 in row c * steps + t, so a classifier that also measures (entropy, say) can
// reshape its measures to [chains x steps].
ClassifiedTrajectory classified_trajectory(const StepMap& step, const torch::Tensor& start,
                                           const ClassifiedTrajectoryOptions& options, const StateClassifier& classify);

}  // namespace reverie
