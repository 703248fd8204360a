#pragma once
#include <memory>

#include "reverie/experiments/experiment.h"

namespace reverie {

// Seed 003 sec. 5.2, Fig. 4, A.1.4: `wake-sleep-hierarchical`, a five-layer stochastic DCGAN
// (StochasticConvHierarchy) trained with Eq. 8's combined wake/sleep and oscillation objective,
// one ConvCritic per layer and one for the input, on CIFAR-10 (or Fashion-MNIST padded to 32x32).
std::unique_ptr<Experiment> make_wake_sleep_hierarchical_experiment();

}  // namespace reverie
