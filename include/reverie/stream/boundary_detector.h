#pragma once
#include <cstdint>
#include <string>

namespace reverie {

// When to reset leaky memory (memory gating): never; when the category label changes
// (supervised, seed 001 section 5.1.1); or every `period` items (Appendix A.7).
struct BoundaryDetector {
  enum class Rule { None, LabelChange, Period };
  Rule rule = Rule::None;
  int64_t period = 0;

  // "none", "label" or "period" (period > 0).
  static BoundaryDetector from_name(const std::string& name, int64_t period = 0);
  // Whether item `step` (0-based) starts a new event; the first item always does.
  bool is_boundary(int64_t step, int64_t label, int64_t previous_label) const;
  // The same for item `step` of a stream whose labels are `labels`.
  bool is_boundary_at(const int64_t* labels, int64_t step) const {
    return is_boundary(step, labels[step], step > 0 ? labels[step - 1] : -1);
  }
};

}  // namespace reverie
