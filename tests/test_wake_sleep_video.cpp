#include <gtest/gtest.h>

#include <cmath>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/data/dataset.h"
#include "reverie/data/moving_mnist.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "reverie/experiments/wake_sleep/video.h"
#include "reverie/models/critic.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/stochastic_conv_lstm.h"
#include "reverie/train/adversarial_objective.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// Digits with distinct, known pixels: digit k is a 28 x 28 block of value (k + 1) / 10 with a
// 1-pixel border of value 1, so a frame shows where each digit was pasted.
torch::Tensor block_digits(int64_t count) {
  auto digits = torch::zeros({count, 28, 28});
  for (int64_t k = 0; k < count; ++k) {
    digits[k].fill_(static_cast<float>(k + 1) / 10.0f);
    digits[k].slice(0, 0, 1).fill_(1.0f);
  }
  return digits.view({count, 784});
}

TEST(MovingMnist, ShapeRangeAndDeterminism) {
  MovingMnistOptions o;
  o.sequences = 5;
  std::mt19937_64 a(7), b(7), c(8);
  const auto digits = torch::rand({10, 784});
  const auto first = make_moving_mnist(digits, o, a), again = make_moving_mnist(digits, o, b),
             other = make_moving_mnist(digits, o, c);
  EXPECT_EQ(first.frames.sizes(), (std::vector<int64_t>{5, 20, 1, 64, 64}));
  EXPECT_GE(first.frames.min().item<float>(), 0.0f);
  EXPECT_LE(first.frames.max().item<float>(), 1.0f);
  EXPECT_TRUE(torch::equal(first.frames, again.frames));
  EXPECT_TRUE(torch::equal(first.positions, again.positions));
  EXPECT_FALSE(torch::equal(first.frames, other.frames));
  // Digits stay inside the canvas: top-left corners in [0, 64 - 28].
  EXPECT_GE(first.positions.min().item<int64_t>(), 0);
  EXPECT_LE(first.positions.max().item<int64_t>(), 64 - 28);
}

TEST(MovingMnist, FramesShowTheDigitsAtTheirPositionsCombinedByMax) {
  MovingMnistOptions o;
  o.sequences = 3;
  std::mt19937_64 engine(11);
  const auto digits = block_digits(4);
  const auto m = make_moving_mnist(digits, o, engine);
  for (int64_t s = 0; s < o.sequences; ++s)
    for (int64_t f = 0; f < o.frames; ++f) {
      auto expected = torch::zeros({64, 64});
      for (int64_t k = 0; k < o.digits_per_sequence; ++k) {
        const int64_t top = m.positions[s][k][f][0].item<int64_t>(), left = m.positions[s][k][f][1].item<int64_t>();
        auto window = expected.slice(0, top, top + 28).slice(1, left, left + 28);
        window.copy_(torch::maximum(window, digits[m.digits[s][k].item<int64_t>()].view({28, 28})));
      }
      ASSERT_TRUE(torch::equal(m.frames[s][f][0], expected)) << "sequence " << s << " frame " << f;
    }
}

TEST(MovingMnist, PositionsMoveByTheVelocityAndBounceAtTheBorders) {
  const double step = 0.1;
  int bounces = 0;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    std::mt19937_64 engine(seed);
    const auto t = bouncing_trajectory(20, step, engine);
    ASSERT_EQ(t.row.size(), 20u);
    for (size_t f = 0; f < t.row.size(); ++f) {
      EXPECT_NEAR(std::hypot(t.row_velocity[f], t.column_velocity[f]), 1.0, 1e-12);  // speed is constant
      EXPECT_GE(t.row[f], 0.0);
      EXPECT_LE(t.row[f], 1.0);
      EXPECT_GE(t.column[f], 0.0);
      EXPECT_LE(t.column[f], 1.0);
    }
    for (size_t f = 0; f + 1 < t.row.size(); ++f) {
      const auto check = [&](double now, double velocity, double next, double next_velocity) {
        const double free = now + velocity * step;
        if (free > 0.0 && free < 1.0) {  // no bounce: moved by the velocity, velocity kept
          EXPECT_NEAR(next, free, 1e-12);
          EXPECT_EQ(next_velocity, velocity);
        } else {  // bounce: clamped to the border, velocity reflected
          EXPECT_EQ(next, free <= 0.0 ? 0.0 : 1.0);
          EXPECT_EQ(next_velocity, -velocity);
          ++bounces;
        }
      };
      check(t.row[f], t.row_velocity[f], t.row[f + 1], t.row_velocity[f + 1]);
      check(t.column[f], t.column_velocity[f], t.column[f + 1], t.column_velocity[f + 1]);
    }
  }
  EXPECT_GT(bounces, 10);
}

TEST(MovingMnist, PixelPositionsFollowTheTrajectory) {
  // make_moving_mnist draws the digit, then its trajectory, from the engine: replay those draws.
  MovingMnistOptions o;
  o.sequences = 1;
  o.digits_per_sequence = 1;
  const auto digits = block_digits(3);
  std::mt19937_64 engine(5), replay(5);
  const auto m = make_moving_mnist(digits, o, engine);
  (void)uniform_index(replay, 3);
  const auto t = bouncing_trajectory(o.frames, o.step_length, replay);
  for (int64_t f = 0; f < o.frames; ++f) {
    EXPECT_EQ(m.positions[0][0][f][0].item<int64_t>(), static_cast<int64_t>(36.0 * t.row[f]));
    EXPECT_EQ(m.positions[0][0][f][1].item<int64_t>(), static_cast<int64_t>(36.0 * t.column[f]));
  }
}

TEST(StochasticConvLstm, SampledHiddenStateHasGaussianParametersOfTheRightShape) {
  auto gen = make_generator(1);
  StochasticConvLstm cell(StochasticConvLstmOptions(3, 8).kernel(3));
  pytorch_default_init(*cell, gen);
  const auto x = torch::rand({2, 3, 5, 5});
  const auto step = cell->forward(x, cell->initial_state(x), gen);
  const std::vector<int64_t> shape{2, 8, 5, 5};
  EXPECT_EQ(step.gaussian.mean.sizes(), shape);
  EXPECT_EQ(step.gaussian.std.sizes(), shape);
  EXPECT_EQ(step.state.h.sizes(), shape);
  EXPECT_EQ(step.state.c.sizes(), shape);
  EXPECT_GT(step.gaussian.std.min().item<float>(), 0.0f);
  EXPECT_LE(step.gaussian.mean.abs().max().item<float>(), 1.0f);  // sig(o) tanh(c)
  EXPECT_FALSE(torch::equal(step.state.h, step.gaussian.mean));   // sampled, not the mean
}

TEST(VideoPredictor, LossOnTheLastFrameReachesTheEncoderAndTheFirstFrameThroughTime) {
  auto gen = make_generator(2);
  VideoPredictor model(VideoPredictorOptions().canvas(32).patch(4).hidden_channels(4).readout_channels(4).kernel(3));
  pytorch_default_init(*model, gen);
  const auto frames = torch::rand({2, 20, 1, 32, 32}).requires_grad_(true);
  const auto rollout = model->rollout(frames, 10, gen);
  EXPECT_EQ(rollout.predictions.sizes(), (std::vector<int64_t>{2, 10, 1, 32, 32}));
  EXPECT_EQ(rollout.inferred.sizes(), (std::vector<int64_t>{2, 10, 4, 8, 8}));
  EXPECT_EQ(model->dream(3, 10, gen).sizes(), (std::vector<int64_t>{3, 10, 4, 8, 8}));
  rollout.predictions.select(1, 9).pow(2).mean().backward();  // frame 20 only
  const auto encoder_grad = model->encoder->gates->weight.grad();
  ASSERT_TRUE(encoder_grad.defined());
  EXPECT_GT(encoder_grad.abs().sum().item<double>(), 0.0);
  // BPTT: the first observed frame influences frame 20's prediction; frames 11-20 are never inputs.
  EXPECT_GT(frames.grad().select(1, 0).abs().sum().item<double>(), 0.0);
  EXPECT_EQ(frames.grad().slice(1, 10).abs().sum().item<double>(), 0.0);
}

TEST(WakeSleepVideo, QuickConfigRunsThroughTheRunnerWithFiniteNumbers) {
  const auto dir = testing::fresh_dir("wake-sleep-video") / "out";
  const auto& experiment = find_experiment("wake-sleep-video");
  run_experiment(experiment, testing::quick_config("wake-sleep-video", {}), {dir, 1});
  for (const char* file : {"manifest.json", "results.csv", "claims.csv", "index.html", "mse_per_future_frame.csv",
                           "mse_per_future_frame.npy", "training_objective.csv", "test_mse_per_epoch.csv", "frame_strip.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  int mse_rows = 0;
  for (const auto& row : read_tidy_csv(dir / "results.csv")) {
    EXPECT_TRUE(std::isfinite(row.value)) << row.condition << " " << row.metric;
    if (row.condition.rfind("mse/", 0) == 0) {
      ++mse_rows;
      EXPECT_GE(row.step, 11);
      EXPECT_LE(row.step, 20);
    }
  }
  EXPECT_EQ(mse_rows, 4 * 10);  // model, copy-last, untrained, blank at frames 11-20
  // Fig. 5C's strip shows the 10 observed frames before the true and predicted future.
  const auto config = settings_of<WakeSleepVideoSettings>(find_experiment("wake-sleep-video"), testing::quick_config("wake-sleep-video", {}));
  const int64_t side = config.data().canvas, observed_pixels = config.strip_sequences() * config.observed() * side * side;
  int64_t observed_rows = 0;
  for (const auto& row : read_tidy_csv(dir / "results.csv"))
    if (row.condition == "strip/observed") {
      ++observed_rows;
      EXPECT_LT(row.step, observed_pixels);
      EXPECT_LE(row.value, 1.0);
    }
  EXPECT_GT(observed_rows, 0);
  EXPECT_NE(read_file(dir / "index.html").find("the " + std::to_string(config.observed()) + " observed frames"), std::string::npos);
  EXPECT_NE(read_file(dir / "claims.csv").find("repeating the last frame"), std::string::npos);
}

TEST(CriticSiteWeight, ScalesTheSiteValuePenaltyAndReconstruction) {
  auto gen = make_generator(4);
  std::vector<std::shared_ptr<LayerCritic>> critics{std::make_shared<MlpCritic>(MlpCriticOptions(6).hidden(8).layers(2))};
  pytorch_default_init(*critics[0], gen);
  CriticSite site;
  site.wake = torch::rand({5, 6});
  site.prediction = torch::rand({5, 6});
  site.reconstruct = true;
  CriticSite half = site;
  half.weight = 0.5;
  const double full_value = critic_value(*critics[0], site, 0.3).item<double>();
  EXPECT_NEAR(critic_value(*critics[0], half, 0.3).item<double>(), 0.5 * full_value, 1e-6);
  const AdversarialWeights weights;
  const auto full_loss = network_loss(critics, {site}, weights), half_loss = network_loss(critics, {half}, weights);
  EXPECT_NEAR(half_loss.total.item<double>(), 0.5 * full_loss.total.item<double>(), 1e-5);
  auto g1 = make_generator(9), g2 = make_generator(9);
  EXPECT_NEAR(critic_loss(critics, {half}, weights, g2).penalty, 0.5 * critic_loss(critics, {site}, weights, g1).penalty, 1e-5);
}

TEST(WakeSleepVideo, ImpossibleConfigsAreRefused) {
  EXPECT_THROW(testing::quick_config("wake-sleep-video", {"data.observed=20"}), InputError);
  EXPECT_THROW(testing::quick_config("wake-sleep-video", {"model.patch=5"}), InputError);
  EXPECT_THROW(testing::quick_config("wake-sleep-video", {"model.kernel=4"}), InputError);
  EXPECT_THROW(testing::quick_config("wake-sleep-video", {"critic.hidden.channels=[4, 4, 4, 4, 4]"}), InputError);
}

}  // namespace
}  // namespace reverie
