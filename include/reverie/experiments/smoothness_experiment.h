#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "reverie/experiments/experiment.h"
#include "reverie/stream/smoothness_order.h"

namespace reverie {

// Seed 001 sections 4 and 5.1 (Fig. 2, A.1 left, A.3, A.4): batch-1 training of a 3-layer
// network under each smoothness condition, with the hidden layer memoryless, leaky, or leaky
// with memory gating; test error and accuracy along one epoch. Registered twice, with
// different shipped configs: "smoothness-feedforward" (memoryless, Fig. 2A),
// "leaky-memory-smoothness" (Fig. 2B/C) and "minibatch-smoothness" (A.5, A.6).
class SmoothnessExperiment : public NamedExperiment {
 public:
  SmoothnessExperiment(std::string name, std::string description);
  void validate(const Config& config) const override;
  std::string main_metric() const override { return "test_error"; }
  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const override;
  // "synthetic/leaky-reset/rep3": dataset, model, ordering (repeats or random)
  std::vector<std::string> condition_factors() const override { return {"dataset", "model", "order"}; }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows,
                          const std::filesystem::path& dir) const override;
};

// The configured orderings: each repeat count, then random sampling.
std::vector<SmoothnessCondition> smoothness_conditions(const Config& config);

// Seed 001 section 4's ranking by end-of-epoch test error, best first: minimum smoothness
// (1 repeat), then random sampling, then more repeats.
std::vector<std::string> predicted_smoothness_ranking(const std::vector<SmoothnessCondition>& conditions);

// A claim of the paper as "better < worse" pairs of "model/ordering" keys.
struct SmoothnessClaim {
  std::string text;
  std::vector<std::pair<std::string, std::string>> pairs;
  double at_fraction = 1.0;  // where in the (first) epoch the test error is compared (1 = its end)
  bool at_every_point = true;  // also checked at each of the config's claim_points (else at at_fraction only)
};
// What the claims depend on beyond models and orderings.
struct ClaimSetting {
  int64_t batch_size = 16;          // A.6: the mini-batch size
  bool shares_no_features = false;  // A.7's stream
  bool tested_on_one_repeat = false;  // A.10: a 1-repeat test stream (else in-domain, A.9)
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
