#pragma once
#include <torch/types.h>

namespace reverie {

// Statistics of trajectories of classified states, shared by the generative labs
// (replay chains of a denoising autoencoder, Gibbs chains of an RBM, ...).
// `classes` is an int64 tensor [chains x steps] of state indices in [0, num_states).

// How often each state occurs over all chains and steps: [num_states] counts (int64).
torch::Tensor state_counts(const torch::Tensor& classes, int64_t num_states);

// Counts of consecutive pairs within each chain: entry (i, j) = number of steps t with
// classes[c][t] = i and classes[c][t + 1] = j, summed over chains: [num_states x num_states] int64.
torch::Tensor transition_counts(const torch::Tensor& classes, int64_t num_states);

// Each row divided by its sum (float64); rows that never occur stay all zero.
torch::Tensor row_normalized(const torch::Tensor& counts);

}  // namespace reverie
