#include "reverie/stream/boundary_detector.h"

#include "reverie/core/error.h"

namespace reverie {

BoundaryDetector BoundaryDetector::from_name(const std::string& name, int64_t period) {
  if (name == "none") return {Rule::None, 0};
  if (name == "label") return {Rule::LabelChange, 0};
  if (name == "period") {
    if (period < 1) throw InputError("reset = period needs reset_period >= 1, got " + std::to_string(period));
    return {Rule::Period, period};
  }
  throw InputError("reset: expected none, label or period, got '" + name + "'");
}

bool BoundaryDetector::is_boundary(int64_t step, int64_t label, int64_t previous_label) const {
  if (step == 0) return true;
  switch (rule) {
    case Rule::None: return false;
    case Rule::LabelChange: return label != previous_label;
    case Rule::Period: return step % period == 0;
  }
  return false;
}

}  // namespace reverie
