#include "reverie/train/adversarial_training.h"

#include <torch/torch.h>

#include <cmath>

namespace reverie {

double learning_rate_factor(const AdversarialOptimization& s, int64_t epoch) {
  if (epoch < s.decay_start_epoch || s.decay_factor == 1.0) return 1.0;
  if (epoch >= s.decay_end_epoch) return 1.0 / s.decay_factor;
  const double progress =
      static_cast<double>(epoch - s.decay_start_epoch) / static_cast<double>(s.decay_end_epoch - s.decay_start_epoch);
  return std::pow(s.decay_factor, -progress);
}

namespace {

std::unique_ptr<torch::optim::Adam> make_adam(std::vector<torch::Tensor> parameters, double learning_rate,
                                              const AdversarialOptimization& s) {
  return std::make_unique<torch::optim::Adam>(
      std::move(parameters),
      torch::optim::AdamOptions(learning_rate).betas({s.beta1, s.beta2}).weight_decay(s.weight_decay));
}

void set_learning_rate(torch::optim::Adam& optimizer, double learning_rate) {
  for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(learning_rate);
}

}  // namespace

AdversarialTrainer::AdversarialTrainer(std::vector<torch::Tensor> network_parameters,
                                       std::vector<std::shared_ptr<LayerCritic>> critics, AdversarialOptimization settings,
                                       AdversarialWeights weights)
    : critics_(std::move(critics)), settings_(settings), weights_(weights) {
  std::vector<torch::Tensor> critic_parameters;
  for (const auto& c : critics_)
    for (const auto& p : c->parameters()) critic_parameters.push_back(p);
  network_optimizer_ = make_adam(std::move(network_parameters), settings_.network_learning_rate, settings_);
  critic_optimizer_ = make_adam(std::move(critic_parameters), settings_.critic_learning_rate, settings_);
}

void AdversarialTrainer::start_epoch(int64_t epoch) {
  const double factor = learning_rate_factor(settings_, epoch);
  set_learning_rate(*network_optimizer_, settings_.network_learning_rate * factor);
  set_learning_rate(*critic_optimizer_, settings_.critic_learning_rate * factor);
}

AdversarialStepRecord AdversarialTrainer::step(const Phases& phases, at::Generator& generator) {
  AdversarialStepRecord record;
  const auto sites = phases();
  for (int64_t k = 0; k < settings_.critic_steps; ++k) {
    std::vector<CriticSite> critic_sites;
    if (k == 0) {
      critic_sites = sites;
    } else {
      torch::NoGradGuard no_grad;
      critic_sites = phases();
    }
    critic_optimizer_->zero_grad();
    const auto loss = critic_loss(critics_, critic_sites, weights_, generator);
    loss.total.backward();
    critic_optimizer_->step();
    record.critic_value = loss.value;
    record.critic_penalty = loss.penalty;
  }
  network_optimizer_->zero_grad();
  const auto loss = network_loss(critics_, sites, weights_);
  loss.total.backward();
  network_optimizer_->step();
  record.network_adversarial = loss.adversarial;
  record.network_reconstruction = loss.reconstruction;
  return record;
}

}  // namespace reverie
