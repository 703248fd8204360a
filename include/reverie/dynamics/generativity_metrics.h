#pragma once
#include <torch/types.h>

namespace reverie {

// Generativity metrics of seed 004 sec. 2.4 for classified generation trajectories
// `classes` [chains x steps] (int64 states in [0, num_states)); `excluded` is the non-digit state
// ("none of them"; -1 when every state counts).
struct TrajectoryMetrics {
  torch::Tensor states_visited;  // [chains] distinct states other than `excluded` (repeat visits count once)
  torch::Tensor transitions;     // [chains] steps whose state differs from the previous one, not into `excluded`
  // [chains] runs of one state once the `excluded` steps are removed: a chain that stays on one digit
  // counts 1, "3 ND 5" 2, "3 ND 3" 1 (the seed 004 authors' count, unique_consecutive of the digit steps).
  torch::Tensor segments;
  torch::Tensor state_time;      // [chains x num_states] steps spent in each state, `excluded` included
};

TrajectoryMetrics trajectory_metrics(const torch::Tensor& classes, int64_t num_states, int64_t excluded);

}  // namespace reverie
