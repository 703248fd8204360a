#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <torch/arg.h>

#include "reverie/data/synthetic_categories.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/leaky_memory.h"
#include "reverie/stream/boundary_detector.h"
#include "reverie/train/classifier_objective.h"
#include "reverie/train/lstm_stream_trainer.h"
#include "reverie/train/optimizer_settings.h"
#include "reverie/stream/smoothness_order.h"

namespace reverie {

// What the network learns from the stream: the category (A.1 left) or the item itself (A.1 right, A.7 left).
enum class SmoothnessTask { classification, reconstruction };
// How a model is tested: items alone, memory off; or a test stream, memory on (A.9, A.10).
enum class TestProtocol { single, stream };
// Who computes a batch-1 step: the fused one-pass kernel, or LibTorch's autograd and torch::optim.
enum class SgdKernel { fused, libtorch };

// The smoothness experiments' settings: each field is the key of the same name ('.' written '_'),
// declared once in smoothness_keys() (src/experiments/smoothness/settings.cpp).
struct SmoothnessSettings {
  TORCH_ARG(int64_t, seed) = 0;  // the runner's keys
  TORCH_ARG(int64_t, runs) = 0;
  TORCH_ARG(std::vector<std::string>, datasets);
  TORCH_ARG(std::vector<int64_t>, repeats);
  TORCH_ARG(bool, random_sampling) = false;
  TORCH_ARG(std::vector<std::string>, models);
  TORCH_ARG(int64_t, batch_size) = 0;
  TORCH_ARG(double, leak_alpha) = 0;
  TORCH_ARG(LeakGradient, leak_gradient) = LeakGradient::Unscaled;
  TORCH_ARG(int64_t, gradient_window) = 0;
  TORCH_ARG(SmoothnessTask, task) = SmoothnessTask::classification;
  TORCH_ARG(TestProtocol, test_protocol) = TestProtocol::single;
  TORCH_ARG(int64_t, test_stream_repeats) = 0;
  TORCH_ARG(bool, also_test_in_domain) = false;
  TORCH_ARG(int64_t, bptt_steps) = 0;
  TORCH_ARG(BpttUpdate, bptt_update) = BpttUpdate::sliding;
  TORCH_ARG(BoundaryDetector::Rule, reset_rule) = BoundaryDetector::Rule::None;
  TORCH_ARG(int64_t, reset_period) = 0;
  TORCH_ARG(double, hidden_fraction) = 0;
  TORCH_ARG(ClassifierObjective::Output, output) = ClassifierObjective::Output::Sigmoid;
  TORCH_ARG(ClassifierObjective::Loss, loss) = ClassifierObjective::Loss::MeanSquaredError;
  TORCH_ARG(ClassifierObjective::Reduction, mse_reduction) = ClassifierObjective::Reduction::Mean;
  TORCH_ARG(OptimizerSettings, optimization);  // optimizer, learning_rate, rmsprop_alpha, rmsprop_momentum
  TORCH_ARG(SgdKernel, sgd_kernel) = SgdKernel::fused;
  TORCH_ARG(int64_t, train_items) = 0;
  TORCH_ARG(bool, balance_classes) = false;
  TORCH_ARG(int64_t, test_items) = 0;
  TORCH_ARG(int64_t, evaluations) = 0;
  TORCH_ARG(int64_t, epochs) = 0;
  TORCH_ARG(std::vector<double>, claim_points);
  TORCH_ARG(int64_t, moving_average_steps) = 0;
  TORCH_ARG(int64_t, bootstrap_resamples) = 0;
  TORCH_ARG(int64_t, data_seed) = 0;
  TORCH_ARG(SyntheticCategoriesOptions, synthetic);  // synthetic.* (its seed: data_seed)
};

// Seed 001 sections 4 and 5.1 (Fig. 2, A.1 left, A.3, A.4): batch-1 training of a 3-layer
// network under each smoothness condition, with the hidden layer memoryless, leaky, or leaky
// with memory gating; test error and accuracy along one epoch. Registered twice, with
// different shipped configs: "smoothness-feedforward" (memoryless, Fig. 2A),
// "leaky-memory-smoothness" (Fig. 2B/C) and "minibatch-smoothness" (A.5, A.6).
class SmoothnessExperiment : public ExperimentWithSettings<SmoothnessSettings> {
 public:
  SmoothnessExperiment(std::string name, std::string description);
  std::string main_metric() const override { return "test_error"; }
  // Accuracy only for task = classification; the in-domain pair only with also_test_in_domain.
  std::vector<std::string> metrics() const override {
    return {"test_error", "test_accuracy", "in_domain_test_error", "in_domain_test_accuracy"};
  }
  // "synthetic/leaky-reset/rep3": dataset, model, ordering (repeats or random)
  std::vector<std::string> condition_factors() const override { return {"dataset", "model", "order"}; }

 protected:
  void validate_settings(const SmoothnessSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const SmoothnessSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const SmoothnessSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};

// The configured orderings: each repeat count, then random sampling.
std::vector<SmoothnessCondition> smoothness_conditions(const SmoothnessSettings& settings);

// Seed 001 section 4's ranking by end-of-epoch test error, best first: minimum smoothness
// (1 repeat), then random sampling, then more repeats.
std::vector<std::string> predicted_smoothness_ranking(const std::vector<SmoothnessCondition>& conditions);

// A claim of the paper as "better < worse" pairs of "model/ordering" keys.
struct SmoothnessClaim {
  std::string text;
  std::vector<std::pair<std::string, std::string>> pairs;
  double at_fraction = 1.0;  // where in the (first) epoch the test error is compared (1 = its end)
  bool at_every_point = true;  // also checked at each of the config's claim_points (else at at_fraction only)
  std::string metric = "test_error";  // or A.10's second test of the same models, "in_domain_test_error"
};
// What the claims depend on beyond models and orderings.
struct ClaimSetting {
  int64_t batch_size = 16;          // A.6: the mini-batch size
  bool shares_no_features = false;  // A.7's stream
  bool tested_on_one_repeat = false;  // A.10: a 1-repeat test stream (else in-domain, A.9)
  bool also_tested_in_domain = false;  // A.10: the same models also tested at their training smoothness
};
std::vector<SmoothnessClaim> smoothness_claims(const std::vector<std::string>& models,
                                               const std::vector<SmoothnessCondition>& conditions,
                                               const ClaimSetting& setting = {});

// Value of `metric` on `dataset` at the evaluation closest to `fraction` of the epoch,
// keyed "model/ordering", indexed by run.
std::map<std::string, std::vector<double>> values_at_fraction(const std::vector<TidyRow>& rows, const std::string& dataset,
                                                              const std::string& metric, double fraction);

// End-of-epoch value of `metric` on `dataset`, keyed "model/ordering", indexed by run.
std::map<std::string, std::vector<double>> end_of_epoch_values(const std::vector<TidyRow>& rows,
                                                               const std::string& dataset, const std::string& metric);

}  // namespace reverie
