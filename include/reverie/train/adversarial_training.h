#pragma once
#include <ATen/core/Generator.h>
#include <torch/optim/adam.h>
#include <torch/types.h>

#include <functional>
#include <memory>
#include <vector>

#include "reverie/core/training_checkpoint.h"
#include "reverie/train/adversarial_objective.h"

namespace reverie {

// Seed 003 A.1.2: Adam for every network. The paper's numbers were lost from our copy; it says
// they follow Donahue et al. (2016, BiGAN), whose values are the defaults here.
struct AdversarialOptimization {
  double network_learning_rate = 2e-4;  // inference and generation networks
  double critic_learning_rate = 2e-4;
  double beta1 = 0.5, beta2 = 0.999;
  double weight_decay = 2.5e-5;         // PyTorch Adam's L2 term
  // "decreased by a factor of [lost] between epochs 200 and 250": geometric from 1 to 1/factor.
  int64_t decay_start_epoch = 200, decay_end_epoch = 250;
  double decay_factor = 10.0;
  int64_t critic_steps = 1;             // critic updates per network update
};

// The learning-rate multiplier in (0-based) `epoch`: 1 before decay_start_epoch, 1/decay_factor
// from decay_end_epoch on, geometric in between.
double learning_rate_factor(const AdversarialOptimization& settings, int64_t epoch);

struct AdversarialStepRecord {
  double critic_value = 0;     // V summed over sites before the last critic update (what the critics maximize)
  double critic_penalty = 0;   // its weighted gradient penalties
  double network_adversarial = 0, network_reconstruction = 0;

  AdversarialStepRecord& operator+=(const AdversarialStepRecord& other) {
    critic_value += other.critic_value;
    critic_penalty += other.critic_penalty;
    network_adversarial += other.network_adversarial;
    network_reconstruction += other.network_reconstruction;
    return *this;
  }
};

// Alternates the critics' and the networks' Adam updates on one objective.
class AdversarialTrainer {
 public:
  using Phases = std::function<std::vector<CriticSite>()>;  // one forward pass of the networks

  AdversarialTrainer(std::vector<torch::Tensor> network_parameters, std::vector<std::shared_ptr<LayerCritic>> critics,
                     AdversarialOptimization settings, AdversarialWeights weights);

  void start_epoch(int64_t epoch);  // applies the learning-rate schedule
  // critic_steps critic updates (the first on `phases()`'s states, detached; further ones on fresh
  // passes), then one network update on the first pass's states.
  AdversarialStepRecord step(const Phases& phases, at::Generator& generator);

  const std::vector<std::shared_ptr<LayerCritic>>& critics() const { return critics_; }
  const AdversarialWeights& weights() const { return weights_; }
  // Its optimizers' state for a run's checkpoint (the critics are modules of their own).
  void add_checkpoint_pieces(CheckpointPieces& pieces) const {
    pieces.optimizers.push_back({"network_optimizer", network_optimizer_.get()});
    pieces.optimizers.push_back({"critic_optimizer", critic_optimizer_.get()});
  }

 private:
  std::vector<std::shared_ptr<LayerCritic>> critics_;
  AdversarialOptimization settings_;
  AdversarialWeights weights_;
  std::unique_ptr<torch::optim::Adam> network_optimizer_, critic_optimizer_;
};

}  // namespace reverie
