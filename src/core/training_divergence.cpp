#include "reverie/core/training_divergence.h"

#include <cmath>

namespace reverie {

TrainingDiverged::TrainingDiverged(std::string metric, int64_t step, std::string condition)
    : std::runtime_error("training diverged: non-finite " + metric + " at step " + std::to_string(step) +
                         (condition.empty() ? "" : " in condition " + condition)),
      metric_(std::move(metric)),
      step_(step),
      condition_(std::move(condition)) {}

void stop_if_diverged(double value, const std::string& metric, int64_t step, const std::string& condition) {
  if (!std::isfinite(value)) throw TrainingDiverged(metric, step, condition);
}

}  // namespace reverie
