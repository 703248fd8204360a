#pragma once
#include <torch/types.h>

#include <cstdint>
#include <random>
#include <vector>

namespace reverie {

// Moving MNIST (Srivastava, Mansimov & Salakhutdinov 2015), generated from digits as their
// generator did: each digit's top-left corner moves on the unit square [0, 1]^2 from a uniform
// start, in a uniform direction theta with velocity (sin theta, cos theta) x step_length per frame,
// and reflects at the borders (clamped to the border, that velocity component negated). Positions
// are scaled to the free range (canvas - 28) and truncated to whole pixels; the digits of a frame
// are combined by the pixel-wise maximum. Their step_length is 0.1: 3.6 pixels a frame on a
// 64 x 64 canvas. The position is stepped before the first frame is drawn, as in their code.
struct MovingMnistOptions {
  int64_t sequences = 1000;
  int64_t frames = 20;
  int64_t canvas = 64;               // height = width; at least the digit size (28)
  int64_t digits_per_sequence = 2;
  double step_length = 0.1;          // per frame, as a fraction of the free range
};

// One digit's path on the unit square: position and velocity (after any bounce) at each frame.
struct BouncingTrajectory {
  std::vector<double> row, column;    // in [0, 1]
  std::vector<double> row_velocity, column_velocity;  // unit speed; the step is velocity x step_length
};

// Draws a start, a direction and `frames` steps from `engine` (portable: no std distributions).
BouncingTrajectory bouncing_trajectory(int64_t frames, double step_length, std::mt19937_64& engine);

struct MovingMnist {
  torch::Tensor frames;     // [N x T x 1 x S x S] float32 in [0, 1]
  torch::Tensor positions;  // [N x D x T x 2] int64: each digit's top-left pixel (row, column) per frame
  torch::Tensor digits;     // [N x D] int64: which source digit each one is
};

// Sequences from `digits` ([M x 784] or [M x 28 x 28], values in [0, 1]): the source digits of a
// sequence drawn uniformly with replacement, then their trajectories, all from `engine`.
MovingMnist make_moving_mnist(const torch::Tensor& digits, const MovingMnistOptions& options, std::mt19937_64& engine);

}  // namespace reverie
