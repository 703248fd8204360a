#include "reverie/data/multiscale_stream.h"

#include <torch/torch.h>

#include <random>

#include "reverie/core/error.h"
#include "reverie/core/random.h"

namespace reverie {

const Choices<RowPattern>& row_pattern_choices() {
  static const Choices<RowPattern> choices{{"complementary", RowPattern::complementary}, {"identical", RowPattern::identical}};
  return choices;
}

const Choices<StateSwitching>& state_switching_choices() {
  static const Choices<StateSwitching> choices{{"flip", StateSwitching::flip}, {"resample", StateSwitching::resample}};
  return choices;
}

MultiscaleStream make_multiscale_stream(const MultiscaleStreamOptions& o, int64_t items, uint64_t seed) {
  if (o.change_every.empty()) throw InputError("multi-scale stream: expected at least one row");
  for (int64_t k : o.change_every)
    if (k < 1) throw InputError("multi-scale stream: rows must change every >= 1 items, got " + std::to_string(k));
  if (o.elements < 1 || items < 1) throw InputError("multi-scale stream: expected elements >= 1 and items >= 1");
  if (o.pattern == RowPattern::complementary && o.elements != 2)
    throw InputError("multi-scale stream: the complementary pattern needs 2 elements per row");

  const int64_t rows = static_cast<int64_t>(o.change_every.size());
  std::mt19937_64 engine(derive_seed(seed, "states"));
  auto states = torch::empty({items, rows}, torch::kInt64);
  auto s = states.accessor<int64_t, 2>();
  for (int64_t r = 0; r < rows; ++r) {
    int64_t state = static_cast<int64_t>(uniform_index(engine, 2));
    for (int64_t t = 0; t < items; ++t) {
      if (t > 0 && t % o.change_every[r] == 0) state = o.switching == StateSwitching::flip ? 1 - state : static_cast<int64_t>(uniform_index(engine, 2));
      s[t][r] = state;
    }
  }
  auto clean = torch::empty({items, rows, o.elements}, torch::kFloat32);
  auto c = clean.accessor<float, 3>();
  for (int64_t t = 0; t < items; ++t)
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t e = 0; e < o.elements; ++e)
        c[t][r][e] = static_cast<float>(o.pattern == RowPattern::identical ? s[t][r] : (s[t][r] == e ? 1 : 0));
  auto gen = make_generator(derive_seed(seed, "noise"));
  const auto noise = torch::rand({items, rows, o.elements}, gen, torch::kFloat32) * o.noise;
  return {(clean + noise).reshape({items, rows * o.elements}).contiguous(), states, rows, o.elements};
}

}  // namespace reverie
