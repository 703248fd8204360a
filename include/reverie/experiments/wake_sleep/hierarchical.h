#pragma once
// wake-sleep-hierarchical (seed 003 sec. 5.2, Fig. 4, A.1.4: a five-layer stochastic DCGAN with
// Eq. 8's objective): the experiment, its settings, and the row conventions its runs and its
// report share.
#include <torch/arg.h>

#include <string>
#include <vector>

#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/stochastic_conv_hierarchy.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

// Its settings, each key declared once in wake_sleep_hierarchical_keys() (hierarchical_run.cpp).
// Defaults: experiments/wake-sleep-hierarchical.toml's; optimization and weights: their types'.
struct WakeSleepHierarchicalSettings {
  TORCH_ARG(int64_t, seed) = 3;
  TORCH_ARG(int64_t, runs) = 1;
  TORCH_ARG(std::string, dataset) = "auto";  // auto, cifar10 or fashion-mnist
  TORCH_ARG(int64_t, train_items) = 0;       // 0: the whole split
  TORCH_ARG(int64_t, heldout_items) = 1000;
  TORCH_ARG(int64_t, grid_images) = 10;
  TORCH_ARG(StochasticConvHierarchyOptions, model);  // its image channels come from the data
  TORCH_ARG(std::vector<int64_t>, critic_hidden_channels) = std::vector<int64_t>{64, 128};
  TORCH_ARG(double, critic_negative_slope) = 0.2;
  TORCH_ARG(int64_t, batch_size) = 512;
  TORCH_ARG(int64_t, epochs) = 400;
  TORCH_ARG(AdversarialOptimization, optimization);
  TORCH_ARG(AdversarialWeights, weights);
  TORCH_ARG(int64_t, checkpoint_every) = 1;  // epochs between a run\'s checkpoints
};

class WakeSleepHierarchicalExperiment : public ExperimentWithSettings<WakeSleepHierarchicalSettings> {
 public:
  WakeSleepHierarchicalExperiment(std::string name, std::string description);
  // "heldout", "images/sleep": what was measured, then which images
  std::vector<std::string> condition_factors() const override { return {"part", "detail"}; }
  std::vector<std::string> metrics() const override {
    return {"reconstruction_mse", "reconstruction_mse_shuffled", "one_layer_mse", "one_layer_mse_shuffled", "mean_image_mse",
            "shuffled_input_mse", "critic_value", "critic_penalty", "network_adversarial", "network_reconstruction",
            "wake_sleep_gap", "oscillation_gap", "feature_distance", "state_mse_one_up", "channels", "cifar10", "train_images", "pixel"};
  }

 protected:
  void validate_settings(const WakeSleepHierarchicalSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const WakeSleepHierarchicalSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const WakeSleepHierarchicalSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};


// Row conventions: the sites' conditions ("site/x", "site/h1", ...), images 32 x 32.
constexpr int64_t kHierarchySide = 32;
const std::vector<std::string>& hierarchy_site_names();  // x, h1, ..., h5
std::string site_condition(size_t layer);

}  // namespace reverie
