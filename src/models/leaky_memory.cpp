#include "reverie/models/leaky_memory.h"

#include <cstdint>

#include "reverie/core/error.h"

namespace reverie {

LeakyMemory LeakyMemory::from_values(const std::vector<double>& alpha, int64_t hidden, const std::string& gradient) {
  LeakyMemory m;
  if (gradient != "scaled" && gradient != "unscaled")
    throw InputError("leak gradient: expected scaled or unscaled, got '" + gradient + "'");
  m.scale_gradient_by_leak = gradient == "scaled";
  if (alpha.empty()) return m;
  if (alpha.size() != 1 && static_cast<int64_t>(alpha.size()) != hidden)
    throw InputError("leaky memory: expected 1 or " + std::to_string(hidden) + " alpha values, got " + std::to_string(alpha.size()));
  for (double a : alpha)
    if (a < 0 || a >= 1) throw InputError("leaky memory: alpha must be in [0, 1), got " + std::to_string(a));
  m.alpha.assign(alpha.size() == 1 ? hidden : alpha.size(), 0.0f);
  for (int64_t j = 0; j < hidden; ++j) m.alpha[j] = static_cast<float>(alpha.size() == 1 ? alpha[0] : alpha[j]);
  return m;
}

}  // namespace reverie
