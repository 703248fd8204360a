#include "reverie/experiments/image_rows.h"

#include <torch/torch.h>

#include "reverie/core/tensor_values.h"

namespace reverie {

void append_tensor_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const std::string& metric,
                        const torch::Tensor& values) {
  const auto flat = tensor_values(values);
  for (size_t i = 0; i < flat.size(); ++i) rows.push_back({run, condition, static_cast<int64_t>(i), metric, flat[i]});
}

void append_image_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const torch::Tensor& images) {
  append_tensor_rows(rows, run, condition, "pixel", images);
}

torch::Tensor stored_image_rows(const RowTable& table, const std::string& condition, int64_t channels, int64_t side) {
  const auto runs = table.by_run(condition, "pixel");
  if (runs.empty()) return {};
  const auto& pixels = runs.front();
  const int64_t count = static_cast<int64_t>(pixels.size()) / (channels * side * side);
  return torch::tensor(pixels, torch::kFloat64).to(torch::kFloat32).reshape({count, channels, side, side});
}

}  // namespace reverie
