// Building blocks of the multi-timescale lab (seed 001 section 5.2, A.11-A.15): the stream,
// A.11's local reset rule, the leaky scan and state, the un-mixing measures.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/error.h"
#include "reverie/data/multiscale_stream.h"
#include "reverie/models/leaky_memory.h"
#include "reverie/stream/boundary_detector.h"
#include "reverie/train/stream_autoencoder.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(MultiscaleStream, RowsSwitchEveryKItemsAndCarryTheirStatePlusNoise) {
  MultiscaleStreamOptions o;  // rows change every 1, 3, 5 items; 2 complementary elements; U(0, 0.5)
  const auto s = make_multiscale_stream(o, 30, 3);
  ASSERT_EQ(s.inputs.sizes(), (std::vector<int64_t>{30, 6}));
  for (int64_t r = 0; r < 3; ++r)
    for (int64_t t = 1; t < 30; ++t) {
      const bool switched = s.states[t][r].item<int64_t>() != s.states[t - 1][r].item<int64_t>();
      EXPECT_EQ(switched, t % o.change_every[r] == 0) << "row " << r << " item " << t;
    }
  const auto clean = torch::stack({1 - s.states, s.states}, 2).reshape({30, 6}).to(torch::kFloat32);
  const auto noise = s.inputs - clean;
  EXPECT_GE(noise.min().item<float>(), 0.0f);
  EXPECT_LE(noise.max().item<float>(), 0.5f);
  EXPECT_GT(noise.std().item<float>(), 0.1f);  // the noise is there
  o.elements = 3;
  EXPECT_THROW(make_multiscale_stream(o, 10, 1), InputError);  // complementary rows have two elements
}

TEST(LocalResetRule, ResetsWhenTheChangeExceedsTheAverage) {
  const float previous[] = {1.0f, 0.0f, 1.0f, 0.0f};
  const float same[] = {1.1f, 0.1f, 0.0f, 1.0f};  // group 0 barely moves, group 1 flips
  EXPECT_FALSE(input_changed(same, previous, 0, 2));  // |diff| 0.2 < |avg| 1.1
  EXPECT_TRUE(input_changed(same, previous, 2, 4));   // |diff| 2 > |avg| 1
  EXPECT_TRUE(input_changed(same, previous, 0, 4));   // whole input: 2.2 > 2.1
}

TEST(LocalResetRule, EachUnitResetsWithItsOwnRowAndNeverWithoutAChange) {
  MultiscaleStreamOptions o;
  o.noise = 0.0;  // clean states: every switch is detected
  const auto clean = make_multiscale_stream(o, 60, 5);
  using Rule = BoundaryDetector::Rule;
  const auto keep_clean = unit_resets(clean.inputs, 3, Rule::InputChange, 3);
  o.noise = 0.5;
  const auto noisy = make_multiscale_stream(o, 600, 5);
  const auto keep = unit_resets(noisy.inputs, 3, Rule::InputChange, 3);
  for (int64_t j = 0; j < 3; ++j) {
    int64_t switches = 0, caught = 0;
    for (int64_t t = 1; t < 600; ++t) {
      const bool switched = noisy.states[t][j].item<int64_t>() != noisy.states[t - 1][j].item<int64_t>();
      const bool reset = keep[t][j].item<float>() == 0;
      if (!switched) EXPECT_FALSE(reset) << "unit " << j << " reset without a change at item " << t;
      switches += switched;
      caught += switched && reset;
      if (t < 60) EXPECT_EQ(keep_clean[t][j].item<float>() == 0, t % o.change_every[j] == 0) << "clean, unit " << j;
    }
    EXPECT_GT(caught, switches * 7 / 10) << "unit " << j;  // U(0, 0.5) noise hides a few switches
  }
  EXPECT_EQ(unit_resets(noisy.inputs, 3, Rule::Period, 3, 4)[8][1].item<float>(), 0.0f);
  EXPECT_THROW(unit_resets(noisy.inputs, 3, Rule::LabelChange, 3), InputError);
}

TEST(LeakyMemory, ScanOverAStreamEqualsTheStepByStepState) {
  const auto memory = LeakyMemory::from_values({0.0, 0.3, 0.6}, 3);
  auto gen = make_generator(11);
  const auto responses = torch::rand({8, 3}, gen);
  auto keep = torch::ones({8, 3});
  keep[3][2] = 0;  // unit 2 resets at item 3
  keep[5] = 0;     // every unit resets at item 5
  const auto scanned = leaky_scan(responses, memory, keep);
  LeakyState state(memory);
  std::vector<float> previous(3, 0.0f);
  for (int64_t t = 0; t < 8; ++t) {
    const auto h = state.step(responses.narrow(0, t, 1), keep[t]);
    EXPECT_TRUE(torch::allclose(h[0], scanned[t], 1e-6, 1e-6)) << "item " << t;
    for (int64_t j = 0; j < 3; ++j) {
      const float a = t == 0 || keep[t][j].item<float>() == 0 ? 0.0f : memory.alpha[j];
      const float expected = a * previous[j] + (1 - a) * responses[t][j].item<float>();
      EXPECT_NEAR(scanned[t][j].item<float>(), expected, 1e-6) << "item " << t << " unit " << j;
      previous[j] = expected;
    }
  }
}

// d loss / d w for loss = H(1) with H(n) = a H(n-1) + (1 - a) w x(n): by hand, per gradient mode.
double gradient_of_second_state(const std::string& mode) {
  const auto memory = LeakyMemory::from_values({0.5}, 1, value_of(leak_gradient_choices(), mode, "leak gradient"));
  auto w = torch::full({1, 1}, 2.0, torch::requires_grad());
  LeakyState state(memory);
  state.step(torch::relu(w * 1.0));                  // x(0) = 1: H(0) = 2
  const auto h = state.step(torch::relu(w * 3.0));   // x(1) = 3: H(1) = 0.5 * 2 + 0.5 * 6 = 4
  EXPECT_NEAR(h.item<double>(), 4.0, 1e-6) << mode;  // the value never depends on the mode
  h.sum().backward({}, state.retains_graph());
  return w.grad().item<double>();
}

TEST(LeakyMemory, GradientModesFollowTheirDefinitions) {
  EXPECT_NEAR(gradient_of_second_state("unscaled"), 3.0, 1e-6);              // as a plain ReLU unit: x(1)
  EXPECT_NEAR(gradient_of_second_state("scaled"), 1.5, 1e-6);                // (1 - a) x(1)
  EXPECT_NEAR(gradient_of_second_state("through-memory"), 1.5 + 0.5, 1e-6);  // + a * d H(0) / dw = a x(0)
  // A word that names no mode is refused where it enters: the config.
  EXPECT_THROW(testing::quick_config("multiscale-autoencoders", {"leak_gradient=bptt"}), InputError);
}

TEST(TimescaleUnmixing, MatchingAndSelectivityFromTheCorrelationMatrix) {
  const std::vector<std::vector<double>> r2 = {{0.9, 0.1, 0.3}, {0.2, 0.4, 0.0}, {0.0, 0.0, 0.6}};
  const auto u = timescale_unmixing(r2);
  EXPECT_NEAR(u.matching[1], 0.4, 1e-12);
  EXPECT_NEAR(u.selectivity[0], 0.9 - 0.2, 1e-12);
  EXPECT_NEAR(u.selectivity[1], 0.4 - 0.1, 1e-12);
  EXPECT_NEAR(u.mean_selectivity, (0.7 + 0.3 + 0.6) / 3, 1e-12);

  // A unit that copies row 1's first element correlates fully with both its (complementary) elements.
  MultiscaleStreamOptions o;
  const auto s = make_multiscale_stream(o, 200, 9);
  const auto hidden = torch::stack({s.inputs.select(1, 2), torch::zeros({200})}, 1);
  const auto m = unit_group_r2(hidden, s.inputs, 3);
  EXPECT_GT(m[0][1], 0.5);
  EXPECT_LT(m[0][0], 0.1);
  EXPECT_EQ(m[1][2], 0.0);  // a constant unit correlates with nothing
}

}  // namespace
}  // namespace reverie
