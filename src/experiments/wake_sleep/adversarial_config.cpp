#include "reverie/experiments/wake_sleep/adversarial_config.h"

#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"

namespace reverie {

SettingsKeys<AdversarialOptimization> adversarial_optimization_keys() {
  using S = AdversarialOptimization;
  SettingsKeys<S> keys;
  keys.add("optimizer.network_learning_rate", &S::network_learning_rate, "Adam learning rate of the inference and generation networks",
           positive())
      .add("optimizer.critic_learning_rate", &S::critic_learning_rate, "Adam learning rate of the critics", positive())
      .add("optimizer.beta1", &S::beta1, "Adam beta1", in_range(0, 0.999999))
      .add("optimizer.beta2", &S::beta2, "Adam beta2", in_range(0, 0.999999))
      .add("optimizer.weight_decay", &S::weight_decay, "Adam's L2 weight decay (PyTorch semantics)", non_negative())
      .add("optimizer.decay_start_epoch", &S::decay_start_epoch, "epoch where the learning rates start to decrease", non_negative())
      .add("optimizer.decay_end_epoch", &S::decay_end_epoch, "epoch where they reach 1/decay_factor", non_negative())
      .add("optimizer.decay_factor", &S::decay_factor, "total decrease of the learning rates (1 = none)", in_range(1, 1e9))
      .add("optimizer.critic_steps", &S::critic_steps, "critic updates per network update", in_range(1, 100));
  return keys;
}

SettingsKeys<AdversarialWeights> adversarial_weight_keys() {
  using S = AdversarialWeights;
  SettingsKeys<S> keys;
  keys.add("objective.gamma", &S::gamma, "Eq. 8: weight of the wake/sleep term where a critic also sees the oscillation",
           in_unit_interval())
      .add("objective.penalty", &S::penalty, "gradient-penalty weight lambda (WGAN-GP)", non_negative())
      .add("objective.reconstruction", &S::reconstruction, "weight of the critic-feature reconstruction distance", non_negative());
  return keys;
}

void validate_adversarial_optimization(const AdversarialOptimization& o) {
  if (o.decay_end_epoch < o.decay_start_epoch)
    throw InputError("optimizer.decay_end_epoch: expected >= optimizer.decay_start_epoch (" + std::to_string(o.decay_start_epoch) +
                     ")");
}

void append_epoch_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, int64_t epoch,
                       const AdversarialStepRecord& sum, int64_t steps) {
  const double n = static_cast<double>(steps);
  rows.push_back({run, condition, epoch, "critic_value", sum.critic_value / n});
  rows.push_back({run, condition, epoch, "critic_penalty", sum.critic_penalty / n});
  rows.push_back({run, condition, epoch, "network_adversarial", sum.network_adversarial / n});
  rows.push_back({run, condition, epoch, "network_reconstruction", sum.network_reconstruction / n});
}

void stop_if_epoch_diverged(const AdversarialStepRecord& sum, const std::string& condition, int64_t epoch) {
  stop_if_diverged(sum.critic_value, "critic_value", epoch, condition);
  stop_if_diverged(sum.network_adversarial, "network_adversarial", epoch, condition);
}

}  // namespace reverie
