#include "reverie/experiments/online_training_keys.h"

namespace reverie {

SettingsKeys<OptimizerSettings> online_optimizer_keys() {
  using S = OptimizerSettings;
  SettingsKeys<S> keys;
  keys.add("optimizer", &S::optimizer, "sgd or rmsprop",
           Choices<OptimizerKind>{{"sgd", OptimizerKind::sgd}, {"rmsprop", OptimizerKind::rmsprop}})
      .add("learning_rate", &S::learning_rate, "learning rate", positive())
      .add("rmsprop_alpha", &S::rmsprop_alpha, "RMSprop squared-gradient decay (beta2)", in_unit_interval())
      .add("rmsprop_momentum", &S::rmsprop_momentum, "RMSprop momentum (beta1)", in_unit_interval());
  return keys;
}

}  // namespace reverie
