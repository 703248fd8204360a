#pragma once
#include <torch/types.h>

#include <string>
#include <vector>

#include "reverie/report/figures.h"

namespace reverie {

// An ImageGrid of `images` [N x C x H x W] (any device, values shown clamped to [0, 1]).
ImageGrid make_image_grid(std::string name, std::string title, const torch::Tensor& images, int64_t columns,
                          std::vector<std::string> row_labels = {});

}  // namespace reverie
