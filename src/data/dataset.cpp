#include "reverie/data/dataset.h"

#include <torch/torch.h>

namespace reverie {

Dataset Dataset::subset(const torch::Tensor& indices) const {
  Dataset d = *this;
  d.inputs = inputs.index_select(0, indices);
  d.labels = labels.index_select(0, indices);
  return d;
}

Dataset Dataset::first(int64_t count) const {
  return count <= 0 || count >= size() ? *this : subset(torch::arange(count, torch::kInt64));
}

Dataset Dataset::to(const torch::Device& device) const {
  Dataset d = *this;
  d.inputs = inputs.to(device);
  d.labels = labels.to(device);
  return d;
}

}  // namespace reverie
