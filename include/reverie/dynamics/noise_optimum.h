#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <functional>
#include <vector>

#include "reverie/core/choices.h"
#include "reverie/dynamics/generative_map.h"
#include "reverie/dynamics/replay_sampling.h"

namespace reverie {

// Seed 002 section 5.3: the noise (mu, sigma) whose replay transitions best reflect the items'
// category structure. A(mu, sigma) = row-normalized counts of consecutive nearest-item classes
// along the replay chains; S = the items' Pearson correlation min-max scaled to [0, 1].

// sum((A - S) o (A - S)).
double transition_mismatch(const torch::Tensor& transitions, const torch::Tensor& target);

// Where A's transitions start: consecutive nearest-item classes along each chain (the text's
// "transitions"), or the item a chain started at (ReplayStart::items) to the class of each state it
// visits (the code).
enum class TransitionsFrom { consecutive, start };
const Choices<TransitionsFrom>& transitions_from_choices();  // "consecutive", "start"
// A state's class: its nearest item by Euclidean distance, or by cosine distance (the code).
enum class NearestBy { euclidean, cosine };
const Choices<NearestBy>& nearest_by_choices();  // "euclidean", "cosine"

// How A counts (the thesis's text vs its code, notebooks/runs.ipynb).
struct TransitionCounting {
  TransitionsFrom from = TransitionsFrom::consecutive;
  NearestBy nearest_by = NearestBy::euclidean;
};

// A for one noise setting: [items x items] float64 (a state never visited has a zero row).
torch::Tensor replay_transition_matrix(const StepMap& step, const torch::Tensor& items, const ReplayOptions& options,
                                       at::Generator& generator, const TransitionCounting& counting = {});

struct NoiseGridResult {
  std::vector<double> means, sds;
  torch::Tensor objective;  // [means x sds] float64
  int64_t best_mean = 0, best_sd = 0;  // indices of the minimum
  torch::Tensor best_transitions;      // A at the minimum
};

// Evaluates every (mean, sd) pair with `base`'s chains and steps; each pair draws from `generator`
// in turn; `on_point` is called after each.
NoiseGridResult search_noise_optimum(const StepMap& step, const torch::Tensor& items, const torch::Tensor& target,
                                     const std::vector<double>& means, const std::vector<double>& sds,
                                     const ReplayOptions& base, at::Generator& generator,
                                     const TransitionCounting& counting = {}, const std::function<void()>& on_point = {});

// `points` evenly spaced values from low to high (one point: low).
std::vector<double> linear_grid(double low, double high, int64_t points);

}  // namespace reverie
