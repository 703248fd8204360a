#pragma once
#include "reverie/lab/settings_keys.h"
#include "reverie/models/leaky_memory.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

// The optimizer keys of the batch-1 trainings (smoothness and multi-scale), declared once:
// optimizer, learning_rate, rmsprop_alpha, rmsprop_momentum.
SettingsKeys<OptimizerSettings> online_optimizer_keys();

// The leak of the leaky models (seed 001 eq. 1), declared once for every settings struct with
// the fields leak_alpha, leak_gradient and gradient_window (smoothness and multi-scale).
template <class S>
SettingsKeys<S> leak_keys() {
  SettingsKeys<S> keys;
  keys.add("leak_alpha", &S::leak_alpha, "leak alpha of every hidden unit of the leaky models (eq. 1)", in_range_below(0, 1))
      .add("leak_gradient", &S::leak_gradient,
           "how the leak enters the gradient of W: unscaled (as a plain ReLU unit), scaled by 1 - alpha, or "
           "through-memory (also into H(n-1), truncated every gradient_window items)",
           leak_gradient_choices())
      .add("gradient_window", &S::gradient_window, "through-memory: items the gradient reaches back", in_range(1, 100000));
  return keys;
}

}  // namespace reverie
