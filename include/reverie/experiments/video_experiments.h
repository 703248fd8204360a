#pragma once
#include <memory>

#include "reverie/experiments/experiment.h"

namespace reverie {

// Seed 003 sec. 5.3, Fig. 5, A.1.5: wake-sleep-video, adversarial video prediction on Moving MNIST
// with stochastic ConvLSTMs (a frame critic with the feature-metric loss, a hidden-state critic
// for the sleep phase, mixed by Eq. 8's gamma).
std::unique_ptr<Experiment> make_wake_sleep_video_experiment();

}  // namespace reverie
