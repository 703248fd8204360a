#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "reverie/core/choices.h"

namespace reverie {

// When to reset leaky memory (memory gating): never; when the category label changes
// (supervised, seed 001 section 5.1.1); every `period` items (Appendix A.7); or when the
// input changes, by Appendix A.11's unsupervised local rule (input_changed below).
struct BoundaryDetector {
  enum class Rule { None, LabelChange, Period, InputChange };
  Rule rule = Rule::None;
  int64_t period = 0;

  // The detector of `rule`; Period needs period >= 1.
  static BoundaryDetector for_rule(Rule rule, int64_t period = 0);
  bool needs_inputs() const { return rule == Rule::InputChange; }
  // Whether item `step` (0-based) starts a new event; the first item always does.
  // `inputs` (row-major, `input_size` per item) is read only by the local rule.
  bool is_boundary_at(const int64_t* labels, int64_t step, const float* inputs = nullptr, int64_t input_size = 0) const;
};

// The rules' words in a config: "none", "label", "period", "local" (A.11).
const Choices<BoundaryDetector::Rule>& reset_rule_choices();

// keep[t] = 0 where item t of a stream starts a new event, else 1 (item 0 always 0).
std::vector<float> memory_keep(const BoundaryDetector& detector, const int64_t* labels, int64_t items,
                               const float* inputs = nullptr, int64_t input_size = 0);

// A.11: "reset the memory when the difference between the consecutive inputs is larger than
// their average", |I_t - I_{t-1}| > |(I_t + I_{t-1}) / 2|, read with L1 norms over the
// elements [begin, end) (one feature group, or the whole input).
bool input_changed(const float* current, const float* previous, int64_t begin, int64_t end);

}  // namespace reverie
