#include "reverie/dynamics/latent_map.h"

#include <torch/torch.h>

namespace reverie {

torch::Tensor PrincipalComponents::project(const torch::Tensor& x) const {
  return (x.to(torch::kFloat64) - mean).matmul(components.t());
}

torch::Tensor PrincipalComponents::reconstruct(const torch::Tensor& z) const {
  return z.to(torch::kFloat64).matmul(components) + mean;
}

PrincipalComponents principal_components(const torch::Tensor& data, int64_t count) {
  const auto x = data.to(torch::kFloat64);
  const auto mean = x.mean(0);
  auto [u, s, vt] = at::linalg_svd(x - mean, /*full_matrices=*/false);
  const auto variance = s.pow(2);
  const int64_t k = std::min<int64_t>(count, vt.size(0));
  return {mean, vt.narrow(0, 0, k), (variance / variance.sum().clamp_min(1e-300)).narrow(0, 0, k)};
}

torch::Tensor regular_grid(const torch::Tensor& low, const torch::Tensor& high, int64_t points_per_axis) {
  std::vector<torch::Tensor> axes;
  for (int64_t i = 0; i < low.size(0); ++i)
    axes.push_back(torch::linspace(low[i].item<double>(), high[i].item<double>(), points_per_axis, torch::kFloat64));
  std::vector<torch::Tensor> columns;
  for (const auto& g : torch::meshgrid(axes, "ij")) columns.push_back(g.reshape(-1));
  return torch::stack(columns, 1);
}

LatentMap latent_map(const StepMap& encode, const StepMap& decode, const StepMap& step, const torch::Tensor& items,
                     const LatentMapOptions& options) {
  torch::NoGradGuard no_grad;
  const auto codes = encode(items).to(torch::kFloat64);
  const bool direct = codes.size(1) <= 3;
  PrincipalComponents pca;
  if (!direct) pca = principal_components(codes, 3);
  const auto to_map = [&](const torch::Tensor& h) { return direct ? h.to(torch::kFloat64) : pca.project(h); };
  const auto to_hidden = [&](const torch::Tensor& z) { return (direct ? z : pca.reconstruct(z)).to(items.scalar_type()); };

  LatentMap m;
  m.item_positions = to_map(codes);
  const auto low = std::get<0>(m.item_positions.min(0)), high = std::get<0>(m.item_positions.max(0));
  const auto range = (high - low).clamp_min(1e-3);
  auto grid_low = low - options.margin * range;
  if (direct) grid_low = grid_low.clamp_min(0.0);  // ReLU codes are never negative
  m.grid = regular_grid(grid_low, high + options.margin * range, options.points_per_axis);
  const auto decoded = decode(to_hidden(m.grid));
  m.classes = nearest_item(decoded, items);
  m.arrows = to_map(encode(iterate(step, decoded, options.arrow_steps))) - m.grid;
  if (!direct) m.explained_variance = pca.explained_variance;
  return m;
}

}  // namespace reverie
