#pragma once
#include <string>

#include <torch/arg.h>

#include <vector>

#include "reverie/data/multiscale_stream.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/leaky_memory.h"
#include "reverie/stream/boundary_detector.h"
#include "reverie/train/optimizer_settings.h"

namespace reverie {

// The multi-scale experiments' settings: each field is the key of the same name ('.' written '_'),
// declared once in multiscale_keys() (src/experiments/multiscale/settings.cpp).
struct MultiscaleSettings {
  TORCH_ARG(int64_t, seed) = 0;  // the runner's keys
  TORCH_ARG(int64_t, runs) = 0;
  TORCH_ARG(std::vector<std::string>, models);
  TORCH_ARG(int64_t, hidden) = 0;
  TORCH_ARG(double, leak_alpha) = 0;
  TORCH_ARG(std::vector<double>, multiscale_alpha);
  TORCH_ARG(LeakGradient, leak_gradient) = LeakGradient::Unscaled;
  TORCH_ARG(int64_t, gradient_window) = 0;
  TORCH_ARG(BoundaryDetector::Rule, reset_rule) = BoundaryDetector::Rule::None;
  TORCH_ARG(int64_t, reset_period) = 0;
  TORCH_ARG(OptimizerSettings, optimization);  // optimizer, learning_rate, rmsprop_alpha, rmsprop_momentum
  TORCH_ARG(int64_t, train_items) = 0;
  TORCH_ARG(int64_t, test_items) = 0;
  TORCH_ARG(int64_t, evaluations) = 0;
  TORCH_ARG(int64_t, trace_items) = 0;
  TORCH_ARG(std::vector<int64_t>, trace_runs);
  TORCH_ARG(int64_t, bootstrap_resamples) = 0;
  TORCH_ARG(int64_t, data_seed) = 0;
  TORCH_ARG(MultiscaleStreamOptions, stream);  // stream.*
};

// Seed 001 section 5.2 and Appendix A.11-A.15, seed 000 section 4 (Fig. 2, A.2): online
// autoencoders (6-3-6) on a stream whose rows change every 1, 3 and 5 items; memoryless,
// leaky, multi-scale leaky (alpha 0 / 0.3 / 0.6), and both with A.11's local per-row reset.
// Reconstruction test error, per-row error, timescale matching and selectivity with
// bootstrap spreads, the A.14 correlations and hidden-unit traces. Registered once per
// shipped config (the paper's, and A.12's learning-rate and second-dataset variants).
class MultiscaleExperiment : public ExperimentWithSettings<MultiscaleSettings> {
 public:
  MultiscaleExperiment(std::string name, std::string description);
  std::string device_refusal(const c10::Device& device) const override {
    return cpu_only(device, "multi-scale autoencoders are 6-3-6 networks trained one item at a time: run them with --device cpu");
  }
  // one condition per model
  std::vector<std::string> condition_factors() const override { return {"model"}; }
  // <k>: a stream.change_every value; <i>: a hidden unit. Traces only for trace_runs.
  std::vector<std::string> metrics() const override {
    return {"test_error", "error/every<k>", "active_units", "r2/unit<i>/every<k>", "reset_rate/unit<i>", "trace/every<k>", "trace/unit<i>"};
  }

 protected:
  void validate_settings(const MultiscaleSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const MultiscaleSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const MultiscaleSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};

}  // namespace reverie
