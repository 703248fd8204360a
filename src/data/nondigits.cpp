#include "reverie/data/nondigits.h"

#include <torch/torch.h>

#include <deque>

#include "reverie/core/random.h"

namespace reverie {

torch::Tensor scrambled_images(const torch::Tensor& images, at::Generator& generator) {
  const auto keys = torch::rand(images.sizes(), generator, images.options());
  return images.gather(1, std::get<1>(keys.sort(1)));
}

torch::Tensor masked_images(const torch::Tensor& images, int64_t height, int64_t width, std::mt19937_64& engine) {
  auto out = images.to(torch::kCPU, torch::kFloat32).contiguous().clone();
  auto pixels = out.accessor<float, 2>();
  for (int64_t n = 0; n < out.size(0); ++n) {
    std::vector<int64_t> active;
    for (int64_t p = 0; p < height * width; ++p)
      if (pixels[n][p] > 0) active.push_back(p);
    if (active.empty()) continue;
    int64_t to_mask = 1 + static_cast<int64_t>(uniform_index(engine, active.size()));
    std::deque<int64_t> frontier;
    while (to_mask > 0) {
      if (frontier.empty()) {  // start (or restart) the region at a random still-active pixel
        std::vector<int64_t> remaining;
        for (int64_t p : active)
          if (pixels[n][p] > 0) remaining.push_back(p);
        const int64_t seed = remaining[uniform_index(engine, remaining.size())];
        pixels[n][seed] = 0;
        --to_mask;
        frontier.push_back(seed);
        continue;
      }
      const int64_t p = frontier.front();
      frontier.pop_front();
      const int64_t r = p / width, c = p % width;
      const int64_t neighbours[4][2] = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
      for (const auto& rc : neighbours) {
        if (to_mask == 0) break;
        if (rc[0] < 0 || rc[0] >= height || rc[1] < 0 || rc[1] >= width) continue;
        const int64_t q = rc[0] * width + rc[1];
        if (pixels[n][q] <= 0) continue;
        pixels[n][q] = 0;
        --to_mask;
        frontier.push_back(q);
      }
    }
  }
  return out.to(images.device());
}

torch::Tensor frontier_masked_images(const torch::Tensor& images, int64_t height, int64_t width, const FrontierMaskOptions& o,
                                     std::mt19937_64& engine) {
  auto out = images.to(torch::kCPU, torch::kFloat32).contiguous().clone();
  auto pixels = out.accessor<float, 2>();
  const auto active = [&](int64_t n, int64_t p) { return pixels[n][p] > o.active_threshold; };
  std::vector<char> in_frontier(static_cast<size_t>(height * width));
  for (int64_t n = 0; n < out.size(0); ++n) {
    std::vector<int64_t> candidates;
    for (int64_t p = 0; p < height * width; ++p)
      if (active(n, p)) candidates.push_back(p);
    if (candidates.empty()) continue;
    std::fill(in_frontier.begin(), in_frontier.end(), 0);
    std::vector<int64_t> frontier;
    // Masks p and puts its active, unmasked 8-neighbours on the frontier.
    const auto mask_and_extend = [&](int64_t p) {
      pixels[n][p] = 0;
      const int64_t r = p / width, c = p % width;
      for (int64_t dr = -1; dr <= 1; ++dr)
        for (int64_t dc = -1; dc <= 1; ++dc) {
          const int64_t rr = r + dr, cc = c + dc;
          if ((dr == 0 && dc == 0) || rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
          const int64_t q = rr * width + cc;
          if (!active(n, q) || in_frontier[q]) continue;
          in_frontier[q] = 1;
          frontier.push_back(q);
        }
    };
    mask_and_extend(candidates[uniform_index(engine, candidates.size())]);
    const auto iterations = o.min_iterations + static_cast<int64_t>(uniform_index(engine, o.max_iterations - o.min_iterations + 1));
    for (int64_t it = 0; it < iterations; ++it) {
      // A random third of the frontier leaves it (partial Fisher-Yates to its tail), then grows it.
      const size_t chosen = frontier.size() / 3;
      for (size_t k = 0; k < chosen; ++k) {
        const size_t last = frontier.size() - 1 - k;
        std::swap(frontier[uniform_index(engine, last + 1)], frontier[last]);
      }
      const std::vector<int64_t> masked(frontier.end() - static_cast<std::ptrdiff_t>(chosen), frontier.end());
      frontier.resize(frontier.size() - chosen);
      for (const int64_t p : masked) mask_and_extend(p);
    }
  }
  return out.to(images.device());
}

torch::Tensor resize_images(const torch::Tensor& images, int64_t height, int64_t width, int64_t size, ResizeFilter filter) {
  namespace F = torch::nn::functional;
  const auto grid = images.view({images.size(0), 1, height, width});
  if (height == size && width == size) return grid;
  auto options = F::InterpolateFuncOptions().size(std::vector<int64_t>{size, size}).align_corners(false);
  if (filter == ResizeFilter::bicubic) options.mode(torch::kBicubic);
  else options.mode(torch::kBilinear);
  return F::interpolate(grid, options);
}

}  // namespace reverie
