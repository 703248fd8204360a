#pragma once
#include <torch/arg.h>

#include <memory>
#include <string>
#include <vector>

#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/critic.h"
#include "reverie/models/wake_sleep_mlp.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

// Its settings, each key declared once in wake_sleep_mnist_keys() (mnist_run.cpp).
// Defaults: experiments/wake-sleep-mnist.toml's; optimization and weights: their types'.
struct WakeSleepMnistSettings {
  TORCH_ARG(int64_t, seed) = 3;
  TORCH_ARG(int64_t, runs) = 1;
  TORCH_ARG(std::string, dataset) = "mnist";
  TORCH_ARG(std::vector<std::string>, algorithms) = std::vector<std::string>{"wake-sleep", "oscillation"};
  TORCH_ARG(int64_t, train_items) = 0;  // 0: the whole split
  TORCH_ARG(int64_t, test_items) = 0;
  TORCH_ARG(int64_t, epochs) = 400;
  TORCH_ARG(int64_t, batch_size) = 512;
  TORCH_ARG(WakeSleepMlpOptions, model);  // its inputs come from the data
  TORCH_ARG(MlpCriticOptions, critic) = MlpCriticOptions(0);  // its inputs come from the model
  TORCH_ARG(int64_t, measure_every) = 10;
  TORCH_ARG(int64_t, measure_samples) = 20000;
  TORCH_ARG(int64_t, measure_input_units) = 8;
  TORCH_ARG(int64_t, measure_latent_units) = 8;
  TORCH_ARG(int64_t, measure_subsamples) = 10;
  TORCH_ARG(double, measure_pseudocount) = 1.0;
  TORCH_ARG(int64_t, classifier_hidden) = 256;
  TORCH_ARG(int64_t, classifier_epochs) = 10;
  TORCH_ARG(double, classifier_learning_rate) = 1e-3;
  TORCH_ARG(int64_t, images_count) = 20;
  TORCH_ARG(std::string, surprise_dataset) = "fashion-mnist";
  TORCH_ARG(int64_t, surprise_items) = 1000;
  TORCH_ARG(AdversarialOptimization, optimization);
  TORCH_ARG(AdversarialWeights, weights);
  TORCH_ARG(int64_t, checkpoint_every) = 1;  // epochs between a run\'s checkpoints
};

// Seed 003 sec. 5.1, A.1.3 (Fig. 3) and sec. 4.2: the recurrent stochastic MNIST model trained by
// Algorithm 1 (global wake/sleep critic), Algorithm 2 (local oscillation critics) or Eq. 8's mix.
// Per run and algorithm: training curves; the Berkes et al. (2011) wake/sleep pattern-histogram
// divergence over training (Fig. 3D); how often test reconstructions keep the input's class
// (by an MLP classifier trained on the data; Fig. 3B/C); reconstructions and samples (run 0);
// and the surprise test of sec. 4.2: the critics' phase separation on novel vs familiar stimuli.
// Registered as wake-sleep-mnist and as wake-sleep-surprise (the same runs, a config for sec. 4.2).
class WakeSleepMnistExperiment : public ExperimentWithSettings<WakeSleepMnistSettings> {
 public:
  WakeSleepMnistExperiment(std::string name, std::string description);
  // "wake-sleep/surprise/novel": algorithm, what was measured, which stimuli
  std::vector<std::string> condition_factors() const override { return {"algorithm", "part", "stimuli"}; }
  // Separation and oscillation only with surprise.dataset; pixel only for run 0's images.
  std::vector<std::string> metrics() const override {
    return {"kl_wake_sleep", "kl_sleep_wake", "overlap", "patterns", "class_kept", "class_agreement", "reconstruction_mse",
            "test_accuracy", "critic_value", "critic_penalty", "network_adversarial", "network_reconstruction",
            "separation/joint", "separation/x", "separation/z", "separation/total", "oscillation/x", "oscillation/z", "pixel"};
  }

 protected:
  void validate_settings(const WakeSleepMnistSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const WakeSleepMnistSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const WakeSleepMnistSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};


// Row conventions shared by the runs and the report (images: experiments/image_rows.h).
std::string surprise_condition(const std::string& algorithm, const std::string& stimuli);  // "oscillation/surprise/novel"

}  // namespace reverie
