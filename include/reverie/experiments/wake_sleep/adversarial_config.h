#pragma once
#include <string>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/settings_keys.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

// The seed 003 experiments' shared keys, each declared once: Adam ("optimizer.*", A.1.2) and the
// objective's weights ("objective.*": gamma of Eq. 8, gradient penalty, feature reconstruction).
SettingsKeys<AdversarialOptimization> adversarial_optimization_keys();
SettingsKeys<AdversarialWeights> adversarial_weight_keys();
void validate_adversarial_optimization(const AdversarialOptimization& o);  // decay_end_epoch >= decay_start_epoch

// An epoch's training rows: critic_value, critic_penalty, network_adversarial and
// network_reconstruction, each the mean over its `steps` updates (`sum` adds them up).
void append_epoch_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, int64_t epoch,
                       const AdversarialStepRecord& sum, int64_t steps);

// Stops the run (TrainingDiverged) when an epoch's critic value or network loss is non-finite.
void stop_if_epoch_diverged(const AdversarialStepRecord& sum, const std::string& condition, int64_t epoch);

}  // namespace reverie
