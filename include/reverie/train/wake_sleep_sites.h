#pragma once
#include <ATen/core/Generator.h>

#include <memory>
#include <string>
#include <vector>

#include "reverie/models/critic.h"
#include "reverie/models/wake_sleep_mlp.h"
#include "reverie/train/adversarial_objective.h"

namespace reverie {

// Seed 003 sec. 3's two algorithms, and their combination, on the two-layer (x, z) model of sec. 5.1.
enum class WakeSleepAlgorithm {
  WakeSleep,    // Algorithm 1: one global critic on (x, z), wake (data, inferred) vs sleep (prior, generated)
  Oscillation,  // Algorithm 2: a local critic per layer, bottom-up vs top-down prediction from the layer above,
                // plus the critic-feature reconstruction of x
  Combined,     // Eq. 8: the local critics also see the sleep phase, weighted by gamma
};

WakeSleepAlgorithm parse_wake_sleep_algorithm(const std::string& name);  // "wake-sleep", "oscillation", "combined"
const std::vector<std::string>& wake_sleep_algorithm_names();

// The algorithm's critics: one MlpCritic on 784 + 64 inputs (Algorithm 1), or one for x and one for z.
std::vector<std::shared_ptr<LayerCritic>> make_wake_sleep_critics(WakeSleepAlgorithm algorithm, const WakeSleepMlpOptions& model,
                                                                  const MlpCriticOptions& critic);

// One pass of both phases on the batch `x`, as the algorithm's critic sites:
//   WakeSleep:   [(x, E(x)) vs sleep (G(z), z), z ~ N(0, I)]
//   Oscillation: [x vs prediction G(E(x)), reconstructed through the critic's features;
//                 E(x) vs prediction z ~ N(0, I) (the top layer's top-down drive is the prior)]
//   Combined:    the Oscillation sites, the x site also with the sleep phase G(z), z ~ N(0, I).
std::vector<CriticSite> wake_sleep_sites(WakeSleepAlgorithm algorithm, WakeSleepMlpImpl& model, const torch::Tensor& x,
                                         at::Generator& generator);

}  // namespace reverie
