#include "reverie/core/tensor_values.h"

#include <torch/torch.h>

namespace reverie {

std::vector<double> tensor_values(const torch::Tensor& t) {
  const auto c = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

NpyArray tensor_npy(const torch::Tensor& t, std::vector<NpyAxis> axes) { return {t.sizes().vec(), tensor_values(t), std::move(axes)}; }

}  // namespace reverie
