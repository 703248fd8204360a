#include "reverie/analysis/item_structure.h"

#include <torch/torch.h>

namespace reverie {

ItemModes item_modes(const torch::Tensor& items) {
  auto [u, s, vt] = at::linalg_svd(items.to(torch::kFloat64).t(), /*full_matrices=*/false);
  return {u, s, vt};
}

torch::Tensor item_correlation(const torch::Tensor& items) { return torch::corrcoef(items.to(torch::kFloat64)); }

torch::Tensor min_max_scaled(const torch::Tensor& matrix) {
  const auto m = matrix.to(torch::kFloat64);
  const double low = m.min().item<double>(), high = m.max().item<double>();
  if (high <= low) return torch::zeros_like(m);
  return (m - low) / (high - low);
}

}  // namespace reverie
