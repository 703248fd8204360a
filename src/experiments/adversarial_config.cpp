#include "reverie/experiments/adversarial_config.h"

#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"

namespace reverie {

void add_adversarial_keys(Schema& schema) {
  schema.add("optimizer.network_learning_rate", ValueType::Float, "Adam learning rate of the inference and generation networks", positive())
      .add("optimizer.critic_learning_rate", ValueType::Float, "Adam learning rate of the critics", positive())
      .add("optimizer.beta1", ValueType::Float, "Adam beta1", in_range(0, 0.999999))
      .add("optimizer.beta2", ValueType::Float, "Adam beta2", in_range(0, 0.999999))
      .add("optimizer.weight_decay", ValueType::Float, "Adam's L2 weight decay (PyTorch semantics)", non_negative())
      .add("optimizer.decay_start_epoch", ValueType::Integer, "epoch where the learning rates start to decrease", non_negative())
      .add("optimizer.decay_end_epoch", ValueType::Integer, "epoch where they reach 1/decay_factor", non_negative())
      .add("optimizer.decay_factor", ValueType::Float, "total decrease of the learning rates (1 = none)", in_range(1, 1e9))
      .add("optimizer.critic_steps", ValueType::Integer, "critic updates per network update", in_range(1, 100))
      .add("objective.gamma", ValueType::Float, "Eq. 8: weight of the wake/sleep term where a critic also sees the oscillation",
           in_unit_interval())
      .add("objective.penalty", ValueType::Float, "gradient-penalty weight lambda (WGAN-GP)", non_negative())
      .add("objective.reconstruction", ValueType::Float, "weight of the critic-feature reconstruction distance", non_negative());
}

void validate_adversarial_keys(const Config& config) {
  if (config.integer("optimizer.decay_end_epoch") < config.integer("optimizer.decay_start_epoch"))
    throw InputError("optimizer.decay_end_epoch: expected >= optimizer.decay_start_epoch (" +
                     std::to_string(config.integer("optimizer.decay_start_epoch")) + ")");
}

AdversarialOptimization adversarial_optimization(const Config& config) {
  AdversarialOptimization o;
  o.network_learning_rate = config.real("optimizer.network_learning_rate");
  o.critic_learning_rate = config.real("optimizer.critic_learning_rate");
  o.beta1 = config.real("optimizer.beta1");
  o.beta2 = config.real("optimizer.beta2");
  o.weight_decay = config.real("optimizer.weight_decay");
  o.decay_start_epoch = config.integer("optimizer.decay_start_epoch");
  o.decay_end_epoch = config.integer("optimizer.decay_end_epoch");
  o.decay_factor = config.real("optimizer.decay_factor");
  o.critic_steps = config.integer("optimizer.critic_steps");
  return o;
}

AdversarialWeights adversarial_weights(const Config& config) {
  return {config.real("objective.gamma"), config.real("objective.penalty"), config.real("objective.reconstruction")};
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
