#pragma once
#include <string>
#include <vector>

namespace reverie {

// Leaky memory of hidden units (seed 001 eq. 1, seed 000):
//   H(n) = alpha H(n-1) + (1 - alpha) ReLU(W I(n)),
// alpha one value per hidden unit (multi-scale) or one for all; memoryless when empty.
// Memory gating resets it: alpha = 0 on that trial (section 5.1.1). The memory starts empty,
// so the first trial of a stream is a reset. As in the paper's learning rule, the gradient
// never flows into H(n-1). How the leak enters the gradient of W is left open by the text
// ("the gradient computation did not account for the fact that the neurons were leaky"):
//   unscaled: backpropagate as through a plain ReLU unit, dH/d(WI) = ReLU' (the literal reading);
//   scaled:   the autograd of H with H(n-1) detached, dH/d(WI) = (1 - alpha) ReLU'.
struct LeakyMemory {
  std::vector<float> alpha;
  bool scale_gradient_by_leak = false;

  bool enabled() const { return !alpha.empty(); }
  // One alpha per hidden unit: a single value is broadcast; a list must have `hidden` values.
  static LeakyMemory from_values(const std::vector<double>& alpha, int64_t hidden, const std::string& gradient = "unscaled");
};

}  // namespace reverie
