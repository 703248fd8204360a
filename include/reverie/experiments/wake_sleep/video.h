#pragma once
// wake-sleep-video (seed 003 sec. 5.3, Fig. 5, A.1.5: adversarial video prediction on Moving
// MNIST with stochastic ConvLSTMs): the experiment, its settings, and the row conventions its
// runs and its report share.
#include <torch/arg.h>

#include <string>
#include <vector>

#include "reverie/data/moving_mnist.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/conv_critic.h"
#include "reverie/models/stochastic_conv_lstm.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

// Its settings, each key declared once in wake_sleep_video_keys() (video_run.cpp).
// Defaults: experiments/wake-sleep-video.toml's; optimization and weights: their types'.
struct WakeSleepVideoSettings {
  TORCH_ARG(int64_t, seed) = 3;
  TORCH_ARG(int64_t, runs) = 1;
  TORCH_ARG(std::string, dataset) = "mnist";
  TORCH_ARG(int64_t, data_seed) = 2015;
  TORCH_ARG(MovingMnistOptions, data);  // frames, canvas, digits, step length (its `sequences`: one at a time)
  TORCH_ARG(int64_t, observed) = 10;    // frames observed before predicting the rest
  TORCH_ARG(int64_t, train_sequences) = 10000;
  TORCH_ARG(int64_t, test_sequences) = 1000;
  TORCH_ARG(VideoPredictorOptions, model);
  TORCH_ARG(double, output_bias) = -3.0;
  TORCH_ARG(ConvCriticOptions, frame_critic) = ConvCriticOptions(1, 64);    // on frames
  TORCH_ARG(ConvCriticOptions, hidden_critic) = ConvCriticOptions(32, 16);  // on hidden states
  TORCH_ARG(int64_t, epochs) = 400;
  TORCH_ARG(int64_t, batch_size) = 32;
  TORCH_ARG(int64_t, sleep_steps) = 10;
  TORCH_ARG(int64_t, evaluation_batch_size) = 50;
  TORCH_ARG(int64_t, evaluation_every) = 10;
  TORCH_ARG(int64_t, strip_sequences) = 4;
  TORCH_ARG(AdversarialOptimization, optimization);
  TORCH_ARG(AdversarialWeights, weights);  // gamma weighs the hidden-state site, 1 - gamma the frame site
  TORCH_ARG(int64_t, checkpoint_every) = 1;  // epochs between a run\'s checkpoints
};

class WakeSleepVideoExperiment : public ExperimentWithSettings<WakeSleepVideoSettings> {
 public:
  WakeSleepVideoExperiment(std::string name, std::string description);
  // "train", "test", "mse/copy-last": what was measured, then on which predictor or strip
  std::vector<std::string> condition_factors() const override { return {"part", "detail"}; }
  std::vector<std::string> metrics() const override {
    return {"critic_value", "critic_penalty", "network_adversarial", "network_reconstruction", "mse", "pixel"};
  }

 protected:
  void validate_settings(const WakeSleepVideoSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const WakeSleepVideoSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const WakeSleepVideoSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};


// Row conventions: "mse/<predictor>" per future frame for each of these, and the frame strip's
// pixels at or above kStripThreshold (the figure shows the others black; results.csv stays small).
const std::vector<std::string>& video_baselines();  // model, copy-last, untrained, blank
constexpr double kStripThreshold = 0.1;

}  // namespace reverie
