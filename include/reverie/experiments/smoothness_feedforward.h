#pragma once
#include <vector>

#include "reverie/experiments/experiment.h"
#include "reverie/stream/smoothness_order.h"

namespace reverie {

// Seed 001 section 4 (Fig. 2A, A.1 left, A.3): batch-1 training of a 3-layer memoryless
// network under each smoothness condition; test error and accuracy along one epoch.
class SmoothnessFeedforward : public Experiment {
 public:
  SmoothnessFeedforward();
  std::string name() const override { return "smoothness-feedforward"; }
  std::string description() const override;
  const Schema& schema() const override { return schema_; }
  void validate(const Config& config) const override;
  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const override;
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows,
                          const std::filesystem::path& dir) const override;

 private:
  Schema schema_;
};

// The configured conditions: each repeat count, then random sampling.
std::vector<SmoothnessCondition> smoothness_conditions(const Config& config);

// The paper's claim as a ranking by end-of-epoch test error, best first: minimum smoothness
// (1 repeat), then random sampling, then more repeats.
std::vector<std::string> predicted_smoothness_ranking(const std::vector<SmoothnessCondition>& conditions);

// End-of-epoch value of `metric` for `dataset`, per condition name, indexed by run.
std::map<std::string, std::vector<double>> end_of_epoch_values(const std::vector<TidyRow>& rows,
                                                               const std::string& dataset, const std::string& metric);

}  // namespace reverie
