#pragma once
#include "reverie/config/config.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

// The seed 003 experiments' shared keys: Adam ("optimizer.*", A.1.2) and the objective's
// weights ("objective.*": gamma of Eq. 8, gradient penalty, feature reconstruction).
void add_adversarial_keys(Schema& schema);
void validate_adversarial_keys(const Config& config);  // decay_end_epoch >= decay_start_epoch
AdversarialOptimization adversarial_optimization(const Config& config);
AdversarialWeights adversarial_weights(const Config& config);

}  // namespace reverie
