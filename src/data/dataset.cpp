#include "reverie/data/dataset.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

void check_item_count(const std::string& key, int64_t count, int64_t available, const std::string& what) {
  if (count <= available) return;
  throw InputError("config key '" + key + "' = " + std::to_string(count) + " is impossible: there are " + std::to_string(available) +
                   " " + what + " (at most " + std::to_string(available) + "; 0 takes them all)");
}

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
