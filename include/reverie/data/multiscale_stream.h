#pragma once
#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "reverie/core/choices.h"

namespace reverie {

// The multi-timescale stream of seed 001 section 5.2 / seed 000 section 4 and Appendix A.2:
// each item is rows x elements (3 x 2 in the papers); row r carries a binary state that
// switches every change_every[r] items (1, 3, 5: fast, medium, slow), and each element is the
// state's value plus U(0, noise). The papers show the items only as a picture, so the row's
// pattern is an option:
//   "complementary": the row's elements are one-hot in the state (state 0: 1 0, state 1: 0 1);
//   "identical":     every element of the row equals the state.
// and so is what "switch" means:
//   "flip":     the state flips at every change point (the literal "switched every k items");
//   "resample": a fresh fair coin at every change point (it may stay the same).
enum class RowPattern { complementary, identical };
enum class StateSwitching { flip, resample };
const Choices<RowPattern>& row_pattern_choices();          // "complementary", "identical"
const Choices<StateSwitching>& state_switching_choices();  // "flip", "resample"

struct MultiscaleStreamOptions {
  std::vector<int64_t> change_every{1, 3, 5};
  int64_t elements = 2;
  double noise = 0.5;
  RowPattern pattern = RowPattern::complementary;
  StateSwitching switching = StateSwitching::flip;
};

struct MultiscaleStream {
  torch::Tensor inputs;  // [items x rows * elements] float32, row-major by row
  torch::Tensor states;  // [items x rows] int64 binary states
  int64_t rows = 0, elements = 0;
};

MultiscaleStream make_multiscale_stream(const MultiscaleStreamOptions& options, int64_t items, uint64_t seed);

}  // namespace reverie
