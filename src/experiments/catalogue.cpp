#include "reverie/lab/registry.h"
#include "reverie/experiments/multiscale/experiment.h"
#include "reverie/experiments/replay/experiments.h"
#include "reverie/experiments/rbm/experiments.h"
#include "reverie/experiments/smoothness/experiment.h"
#include "reverie/experiments/wake_sleep/mnist.h"
#include "reverie/experiments/wake_sleep/hierarchical.h"
#include "reverie/experiments/wake_sleep/video.h"

namespace reverie {

const std::vector<std::unique_ptr<Experiment>>& all_experiments() {
  static const auto list = [] {
    std::vector<std::unique_ptr<Experiment>> v;
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "smoothness-feedforward",
        "seed 001 sec. 4, Fig. 2A, A.1 left, A.3: temporal smoothness slows batch-1 learning in memoryless networks"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "leaky-memory-smoothness",
        "seed 001 sec. 5.1, Fig. 2B/C, A.4; seed 000 Fig. 1C-E: leaky memory and memory gating exploit smooth data"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "minibatch-smoothness", "seed 001 A.5, A.6: smoothness in mini-batch training (batch 16) vs leaky memory + reset"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "smoothness-reconstruction", "seed 001 A.1 right: smoothness slows online learning of a 16-4-16 autoencoder too"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "smoothness-no-shared-features",
        "seed 001 A.7: when consecutive items share no features, leaky memory (with or without resets) loses its advantage"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "smoothness-no-shared-features-reconstruction",
        "seed 001 A.7 left: the same stream reconstructed by a 16-4-16 autoencoder: memoryless vs leaky memory, with or without resets"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "lstm-smoothness", "seed 001 A.8, A.9: an LSTM trained with BPTT on smooth streams, against leaky memory + reset, tested in-domain"));
    v.push_back(std::make_unique<SmoothnessExperiment>(
        "lstm-generalization", "seed 001 A.10: trained on smooth streams, tested on 1 repeat: leaky memory + reset generalizes, the LSTM does not"));
    v.push_back(std::make_unique<MultiscaleExperiment>(
        "multiscale-autoencoders",
        "seed 001 sec. 5.2, Fig. 3, A.11, A.13-A.15; seed 000 sec. 4, Fig. 2: multi-scale leaky memory + reset un-mixes timescales"));
    v.push_back(std::make_unique<MultiscaleExperiment>(
        "multiscale-autoencoders-lr0003", "seed 001 A.12 part A: the multi-scale autoencoders at learning rate 0.003"));
    v.push_back(std::make_unique<MultiscaleExperiment>(
        "multiscale-autoencoders-dataset2", "seed 001 A.12 part B: the multi-scale autoencoders on a second stream (lr 0.005)"));
    v.push_back(std::make_unique<MultiscaleExperiment>(
        "multiscale-autoencoders-workshop",
        "seed 000 sec. 4, Fig. 2H/I, A.2: the workshop paper's 4 autoencoders (no memory, leaky, multi-scale, multi-scale + "
        "reset), 20 runs"));
    v.push_back(std::make_unique<ReplayTeacherExperiment>(
        "replay-teacher",
        "seed 002 sec. 4.1, 5.1, 5.2, 6, Fig. 2, 3, 4, 6, 7, 9, 10: DAE teachers (2 or 32 hidden), trajectories, fixed points, attractors, latent maps"));
    v.push_back(std::make_unique<ReplayHiddenSizesExperiment>(
        "replay-teacher-hidden-sizes",
        "seed 002 sec. 7: teachers of 2 to 128 hidden units, non-attractor fixed points and spurious attractors per size"));
    v.push_back(std::make_unique<ReplayNoiseOptimumExperiment>(
        "replay-noise-optimum", "seed 002 sec. 5.3, Fig. 5: replay noise (mu, sigma) whose transitions best match the item correlations"));
    v.push_back(std::make_unique<ReplayStudentExperiment>(
        "replay-student",
        "seed 002 sec. 5.2, 6, Fig. 8, 11: a student DAE trained only on the teacher's replay, with and without noise"));
    v.push_back(std::make_unique<RbmGenerationExperiment>(
        "rbm-generation",
        "seed 004 sec. 2.2-2.4, Figs. 1-2: RBM (CD-1) label biasing, top-down generation classified with a non-digit class"));
    v.push_back(std::make_unique<RbmChimerasExperiment>(
        "rbm-chimeras",
        "seed 004 Fig. 3: chimera states (intersection, double label biasing) for all digit pairs vs single-label biasing"));
    v.push_back(std::make_unique<WakeSleepMnistExperiment>(
        "wake-sleep-mnist",
        "seed 003 sec. 5.1, A.1.3, Fig. 3: recurrent stochastic MNIST model, Algorithm 1 (global wake/sleep critic) vs "
        "Algorithm 2 (local oscillation critics): reconstructions, class kept, wake/sleep histogram divergence"));
    v.push_back(std::make_unique<WakeSleepMnistExperiment>(
        "wake-sleep-surprise",
        "seed 003 sec. 4.2: after training on MNIST, do the critics separate the phases more for novel (Fashion-MNIST) stimuli?"));
    v.push_back(std::make_unique<WakeSleepVideoExperiment>(
        "wake-sleep-video",
        "seed 003 sec. 5.3, Fig. 5, A.1.5: adversarial wake/sleep video prediction on Moving MNIST with stochastic ConvLSTMs"));
    v.push_back(std::make_unique<WakeSleepHierarchicalExperiment>(
        "wake-sleep-hierarchical",
        "seed 003 sec. 5.2, Fig. 4, A.1.4: a 5-layer stochastic DCGAN trained with Eq. 8 (wake/sleep + oscillation critics per "
        "layer): reconstructions and sleep samples"));
    return v;
  }();
  return list;
}

}  // namespace reverie
