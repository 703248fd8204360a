#include "reverie/dynamics/generativity_metrics.h"

#include <torch/torch.h>

#include "reverie/dynamics/state_statistics.h"

namespace reverie {

TrajectoryMetrics trajectory_metrics(const torch::Tensor& classes, int64_t num_states, int64_t excluded) {
  const auto c = classes.cpu();
  state_counts(c, num_states);  // checks shape, type and range
  TrajectoryMetrics m;
  m.state_time = torch::zeros({c.size(0), num_states}, torch::kInt64).scatter_add_(1, c, torch::ones_like(c));
  auto visited = m.state_time.gt(0);
  if (excluded >= 0) visited.select(1, excluded).fill_(false);
  m.states_visited = visited.sum(1);
  if (c.size(1) < 2) {
    m.transitions = torch::zeros({c.size(0)}, torch::kInt64);
  } else {
    const auto from = c.slice(1, 0, -1), to = c.slice(1, 1);
    m.transitions = (from.ne(to) & to.ne(excluded)).sum(1);
  }
  m.segments = torch::zeros({c.size(0)}, torch::kInt64);
  const auto states = c.accessor<int64_t, 2>();
  auto segments = m.segments.accessor<int64_t, 1>();
  for (int64_t chain = 0; chain < c.size(0); ++chain) {
    int64_t previous = -1;  // the last state kept; no state is -1
    for (int64_t step = 0; step < c.size(1); ++step) {
      const int64_t state = states[chain][step];
      if (state == excluded) continue;
      if (state != previous) ++segments[chain];
      previous = state;
    }
  }
  return m;
}

}  // namespace reverie
