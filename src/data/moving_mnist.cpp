#include "reverie/data/moving_mnist.h"

#include <torch/torch.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

#include "reverie/core/random.h"

namespace reverie {

namespace {

constexpr int64_t kDigitSide = 28;

// Uniform in [0, 1) from the top 53 bits (std::uniform_real_distribution is implementation-defined).
double uniform01(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

}  // namespace

BouncingTrajectory bouncing_trajectory(int64_t frames, double step_length, std::mt19937_64& engine) {
  BouncingTrajectory t;
  double y = uniform01(engine), x = uniform01(engine);
  const double theta = uniform01(engine) * 2.0 * std::numbers::pi;
  double vy = std::sin(theta), vx = std::cos(theta);
  for (int64_t f = 0; f < frames; ++f) {
    y += vy * step_length;
    x += vx * step_length;
    if (x <= 0) { x = 0; vx = -vx; }
    if (x >= 1) { x = 1; vx = -vx; }
    if (y <= 0) { y = 0; vy = -vy; }
    if (y >= 1) { y = 1; vy = -vy; }
    t.row.push_back(y);
    t.column.push_back(x);
    t.row_velocity.push_back(vy);
    t.column_velocity.push_back(vx);
  }
  return t;
}

MovingMnist make_moving_mnist(const torch::Tensor& digits, const MovingMnistOptions& o, std::mt19937_64& engine) {
  if (o.canvas < kDigitSide) throw std::invalid_argument("make_moving_mnist: the canvas is smaller than a 28 x 28 digit");
  if (o.sequences < 1 || o.frames < 1 || o.digits_per_sequence < 1)
    throw std::invalid_argument("make_moving_mnist: sequences, frames and digits per sequence must be positive");
  if (digits.size(0) < 1 || digits[0].numel() != kDigitSide * kDigitSide)
    throw std::invalid_argument("make_moving_mnist: digits must be 28 x 28 images");
  const auto source = digits.detach().to(torch::kCPU, torch::kFloat32).reshape({-1, kDigitSide, kDigitSide}).contiguous();
  const int64_t n = o.sequences, d = o.digits_per_sequence, frames_count = o.frames, side = o.canvas;
  const double free_range = static_cast<double>(side - kDigitSide);
  MovingMnist out;
  out.frames = torch::zeros({n, frames_count, 1, side, side});
  out.positions = torch::zeros({n, d, frames_count, 2}, torch::kInt64);
  out.digits = torch::zeros({n, d}, torch::kInt64);
  auto frames = out.frames.accessor<float, 5>();
  auto positions = out.positions.accessor<int64_t, 4>();
  auto chosen = out.digits.accessor<int64_t, 2>();
  const auto pixels = source.accessor<float, 3>();
  for (int64_t s = 0; s < n; ++s) {
    for (int64_t k = 0; k < d; ++k) {
      const auto digit = static_cast<int64_t>(uniform_index(engine, static_cast<uint64_t>(source.size(0))));
      chosen[s][k] = digit;
      const auto path = bouncing_trajectory(frames_count, o.step_length, engine);
      for (int64_t f = 0; f < frames_count; ++f) {
        const auto top = static_cast<int64_t>(free_range * path.row[f]);
        const auto left = static_cast<int64_t>(free_range * path.column[f]);
        positions[s][k][f][0] = top;
        positions[s][k][f][1] = left;
        for (int64_t r = 0; r < kDigitSide; ++r)
          for (int64_t c = 0; c < kDigitSide; ++c) {
            float& pixel = frames[s][f][0][top + r][left + c];
            pixel = std::max(pixel, pixels[digit][r][c]);
          }
      }
    }
  }
  return out;
}

}  // namespace reverie
