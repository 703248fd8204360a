#include "reverie/dynamics/state_statistics.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {
namespace {

void check_classes(const torch::Tensor& classes, int64_t num_states) {
  if (classes.dim() != 2 || classes.scalar_type() != torch::kInt64)
    throw std::invalid_argument("state statistics need an int64 tensor [chains x steps]");
  if (num_states <= 0) throw std::invalid_argument("state statistics need num_states > 0");
  if (classes.numel() > 0 && (classes.min().item<int64_t>() < 0 || classes.max().item<int64_t>() >= num_states))
    throw std::invalid_argument("state index outside [0, " + std::to_string(num_states) + ")");
}

}  // namespace

torch::Tensor state_counts(const torch::Tensor& classes, int64_t num_states) {
  check_classes(classes, num_states);
  return torch::bincount(classes.reshape(-1).cpu(), /*weights=*/{}, num_states);
}

torch::Tensor transition_counts(const torch::Tensor& classes, int64_t num_states) {
  check_classes(classes, num_states);
  if (classes.size(1) < 2) return torch::zeros({num_states, num_states}, torch::kInt64);
  const auto c = classes.cpu();
  const auto from = c.slice(1, 0, c.size(1) - 1).reshape(-1);
  const auto to = c.slice(1, 1).reshape(-1);
  return torch::bincount(from * num_states + to, {}, num_states * num_states).view({num_states, num_states});
}

torch::Tensor row_normalized(const torch::Tensor& counts) {
  const auto c = counts.to(torch::kFloat64);
  const auto sums = c.sum(1, /*keepdim=*/true);
  return torch::where(sums > 0, c / sums.clamp_min(1e-300), torch::zeros_like(c));
}

}  // namespace reverie
