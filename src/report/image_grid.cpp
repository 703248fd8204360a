#include "reverie/report/image_grid.h"

#include <torch/torch.h>

#include <stdexcept>

namespace reverie {

ImageGrid make_image_grid(std::string name, std::string title, const torch::Tensor& images, int64_t columns,
                          std::vector<std::string> row_labels) {
  if (images.dim() != 4) throw std::invalid_argument("make_image_grid: images must be N x C x H x W");
  const auto cpu = images.detach().to(torch::kCPU, torch::kFloat32).contiguous();
  ImageGrid grid;
  grid.name = std::move(name);
  grid.title = std::move(title);
  grid.count = cpu.size(0);
  grid.channels = cpu.size(1);
  grid.height = cpu.size(2);
  grid.width = cpu.size(3);
  grid.columns = columns;
  grid.row_labels = std::move(row_labels);
  grid.pixels.assign(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
  return grid;
}

}  // namespace reverie
