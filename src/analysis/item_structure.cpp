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

torch::Tensor normalized_correlation_similarity(const torch::Tensor& items) {
  const auto distances = 1.0 - item_correlation(items);
  const auto norms = distances.norm(2, 1, /*keepdim=*/true);
  return 1.0 - distances / torch::where(norms > 0, norms, torch::ones_like(norms));  // a zero row stays zero (Normalizer)
}

}  // namespace reverie
