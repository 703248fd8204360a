#pragma once
#include "reverie/lab/settings_keys.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

// The optimizer keys of the batch-1 trainings (smoothness and multi-scale), declared once:
// optimizer, learning_rate, rmsprop_alpha, rmsprop_momentum.
SettingsKeys<OptimizerSettings> online_optimizer_keys();

}  // namespace reverie
