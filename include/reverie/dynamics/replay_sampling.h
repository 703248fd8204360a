#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include "reverie/core/choices.h"
#include "reverie/dynamics/generative_map.h"

namespace reverie {

// Seed 002 Algorithm 1: n chains start from uniform noise on [a, b] (or, as section 5.3's text
// says, Gaussian noise), take s steps of the model, optionally adding N(mu, sigma^2) noise after
// every step, and are clamped to [0, 1].
// The thesis's code starts its noise-search chains from the items themselves (ReplayStart::items).
enum class ReplayStart { uniform, gaussian, items };
const Choices<ReplayStart>& replay_start_choices();  // the config's words: "uniform", "gaussian", "items"
// What a kept trajectory records at each step: the chain's state (after noise and clamping) or the
// model's prediction f(x) before noise is added.
enum class TrajectoryOf { states, predictions };
const Choices<TrajectoryOf>& trajectory_of_choices();  // "states", "predictions"
struct ReplayOptions {
  int64_t chains = 10000;
  int64_t steps = 25;
  ReplayStart start = ReplayStart::uniform;
  double init_low = 0.0, init_high = 1.0;  // [a, b] of the uniform start
  double init_mean = 0.0, init_sd = 1.0;   // of the Gaussian start (not clamped: the model takes any input)
  torch::Tensor items;                     // [items x d], ReplayStart::items: chain i starts from item i mod items
  double noise_mean = 0.0, noise_sd = 0.0;  // sd 0: no noise
  bool noise_on_last_step = true;  // Algorithm 1 adds noise on every step, the last included
  bool noise_on_start = false;     // noise on the start state too, before the first step (the thesis's code; not clamped)
  bool keep_trajectory = false;
  TrajectoryOf trajectory_of = TrajectoryOf::states;
};

struct ReplaySamples {
  torch::Tensor patterns;    // [chains x d]: each chain's final state (the replay set)
  torch::Tensor trajectory;  // [chains x steps x d]: the state (or prediction) after each step (keep_trajectory only)
};

// All chains advance together as one tensor; every draw comes from `generator`.
ReplaySamples sample_replay(const StepMap& step, int64_t dimension, const ReplayOptions& options,
                            at::Generator& generator);

}  // namespace reverie
