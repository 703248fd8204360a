#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace reverie {

// A training whose measured error became non-finite (NaN or infinite): the run stops there. The
// runner records the run as diverged (named by condition, metric and step) and leaves it out of
// every statistic; the other runs go on.
class TrainingDiverged : public std::runtime_error {
 public:
  TrainingDiverged(std::string metric, int64_t step, std::string condition = "");
  const std::string& metric() const { return metric_; }
  int64_t step() const { return step_; }
  const std::string& condition() const { return condition_; }
  // The same divergence, named by the condition the experiment was training (trainers do not know it).
  TrainingDiverged in_condition(const std::string& condition) const { return {metric_, step_, condition}; }

 private:
  std::string metric_;
  int64_t step_;
  std::string condition_;
};

// Throws TrainingDiverged when `value` is not finite (`condition` where the caller knows it).
void stop_if_diverged(double value, const std::string& metric, int64_t step, const std::string& condition = "");

// Runs `train` (a trainer that does not know which condition it trains) and names `condition`
// in the TrainingDiverged it may throw; returns what `train` returns.
template <typename Train>
auto training_condition(const std::string& condition, Train&& train) {
  try {
    return train();
  } catch (const TrainingDiverged& e) {
    throw e.in_condition(condition);
  }
}

}  // namespace reverie
