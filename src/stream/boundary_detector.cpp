#include "reverie/stream/boundary_detector.h"

#include <cmath>
#include <stdexcept>

#include "reverie/core/error.h"

namespace reverie {

BoundaryDetector BoundaryDetector::for_rule(Rule rule, int64_t period) {
  if (rule != Rule::Period) return {rule, 0};
  if (period < 1) throw InputError("reset = period needs reset_period >= 1, got " + std::to_string(period));
  return {Rule::Period, period};
}

const Choices<BoundaryDetector::Rule>& reset_rule_choices() {
  using Rule = BoundaryDetector::Rule;
  static const Choices<Rule> choices{
      {"none", Rule::None}, {"label", Rule::LabelChange}, {"period", Rule::Period}, {"local", Rule::InputChange}};
  return choices;
}

bool BoundaryDetector::is_boundary_at(const int64_t* labels, int64_t step, const float* inputs, int64_t input_size) const {
  if (step == 0) return true;
  switch (rule) {
    case Rule::None: return false;
    case Rule::LabelChange: return labels[step] != labels[step - 1];
    case Rule::Period: return step % period == 0;
    case Rule::InputChange:
      if (inputs == nullptr) throw std::logic_error("the local reset rule needs the stream's inputs");
      return input_changed(inputs + step * input_size, inputs + (step - 1) * input_size, 0, input_size);
  }
  return false;
}

std::vector<float> memory_keep(const BoundaryDetector& detector, const int64_t* labels, int64_t items,
                               const float* inputs, int64_t input_size) {
  std::vector<float> keep(items, 1.0f);
  for (int64_t t = 0; t < items; ++t)
    if (detector.is_boundary_at(labels, t, inputs, input_size)) keep[t] = 0.0f;
  return keep;
}

bool input_changed(const float* current, const float* previous, int64_t begin, int64_t end) {
  double difference = 0, average = 0;
  for (int64_t i = begin; i < end; ++i) {
    difference += std::fabs(current[i] - previous[i]);
    average += std::fabs((current[i] + previous[i]) / 2);
  }
  return difference > average;
}

}  // namespace reverie
