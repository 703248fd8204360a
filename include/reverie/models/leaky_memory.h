#pragma once
#include <torch/types.h>

#include <string>
#include <vector>

#include "reverie/core/choices.h"

namespace reverie {

// How the leak enters the gradient of the weights below a leaky unit. The papers' rule
// ignores the leak ("the gradient computation did not account for the fact that the neurons
// were leaky"); the text leaves open exactly how, so each reading is an option:
//   unscaled:       backpropagate as through a plain ReLU unit, dH/d(WI) = ReLU' (the literal reading);
//   scaled:         the autograd of H with H(n-1) detached, dH/d(WI) = (1 - alpha) ReLU';
//   through-memory: the gradient also flows into H(n-1) and the earlier items' responses
//                   (backpropagation through the leak, truncated every `gradient_window` items).
enum class LeakGradient { Unscaled, Scaled, ThroughMemory };
const Choices<LeakGradient>& leak_gradient_choices();  // "unscaled", "scaled", "through-memory"

// Leaky memory of hidden units (seed 001 eq. 1, seed 000):
//   H(n) = alpha H(n-1) + (1 - alpha) ReLU(W I(n)),
// alpha one value per hidden unit (multi-scale) or one for all; memoryless when empty.
// Memory gating resets it: alpha = 0 on that trial (section 5.1.1), for all units or per unit.
struct LeakyMemory {
  std::vector<float> alpha;
  LeakGradient gradient = LeakGradient::Unscaled;
  int64_t gradient_window = 10;  // through-memory: items the gradient reaches back

  bool enabled() const { return !alpha.empty(); }
  // One alpha per hidden unit: a single value is broadcast; a list must have `hidden` values.
  static LeakyMemory from_values(const std::vector<double>& alpha, int64_t hidden,
                                 LeakGradient gradient = LeakGradient::Unscaled, int64_t gradient_window = 10);
};

// Eq. 1 over a whole stream without learning: responses [T x hidden] (each item's own
// ReLU(W I)), keep [T x hidden] (1 keeps the memory, 0 resets; row 0 is a reset whatever it
// says). Returns H [T x hidden]. Only the mixing is sequential.
torch::Tensor leaky_scan(const torch::Tensor& responses, const LeakyMemory& memory, const torch::Tensor& keep);

// The running state H of a leaky layer during training, one item at a time (batch 1).
class LeakyState {
 public:
  explicit LeakyState(const LeakyMemory& memory);
  // H(n) from this item's response ReLU(W I(n)) [1 x hidden]. `keep` [hidden] is 1 where a
  // unit keeps its memory and 0 where it resets; undefined = every unit keeps it. The first
  // item after construction always starts from an empty memory.
  torch::Tensor step(const torch::Tensor& response, const torch::Tensor& keep = {});
  // Through-memory gradients revisit earlier items' graphs: backward must retain them.
  bool retains_graph() const { return memory_.gradient == LeakGradient::ThroughMemory; }

 private:
  LeakyMemory memory_;
  torch::Tensor alpha_, previous_;
  int64_t steps_since_cut_ = 0;
};

}  // namespace reverie
