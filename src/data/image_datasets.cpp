#include "reverie/core/error.h"
#include "reverie/data/data_files.h"
#include "reverie/data/dataset.h"
#include "reverie/data/idx.h"

#include <torch/torch.h>

namespace reverie {

namespace {

constexpr int64_t kSide = 28;
constexpr int64_t kClasses = 10;

bool holds_idx(const std::filesystem::path& dir, const std::string& stem) {
  return std::filesystem::is_regular_file(dir / stem) || std::filesystem::is_regular_file(dir / (stem + ".gz"));
}

std::filesystem::path find_idx(const std::filesystem::path& dir, const std::string& stem, const std::string& dataset) {
  for (const auto& candidate : {dir / stem, dir / (stem + ".gz")})
    if (std::filesystem::is_regular_file(candidate)) {
      record_data_file(dataset, candidate);
      return candidate;
    }
  throw InputError("dataset '" + dataset + "': no " + stem + "[.gz] in " + dir.string() +
                   " (run scripts/setup, or point --data-dir at a folder holding the IDX files)");
}

Dataset load_part(const std::string& name, const std::filesystem::path& dir, const std::string& prefix) {
  const auto images_path = find_idx(dir, prefix + "-images-idx3-ubyte", name);
  const auto labels_path = find_idx(dir, prefix + "-labels-idx1-ubyte", name);
  IdxArray images = read_idx(images_path);
  IdxArray labels = read_idx(labels_path);
  if (images.dims.size() != 3 || images.dims[1] != kSide || images.dims[2] != kSide)
    throw InputError(images_path.string() + ": expected N x 28 x 28 images");
  if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0])
    throw InputError(labels_path.string() + ": expected " + std::to_string(images.dims[0]) + " labels, one per image");
  for (uint8_t l : labels.data)
    if (l >= kClasses) throw InputError(labels_path.string() + ": label " + std::to_string(l) + " outside 0-9");
  const int64_t n = images.dims[0];
  Dataset d;
  d.name = name;
  d.inputs = torch::from_blob(images.data.data(), {n, kSide * kSide}, torch::kUInt8).to(torch::kFloat32).div_(255.0);
  d.labels = torch::from_blob(labels.data.data(), {n}, torch::kUInt8).to(torch::kInt64);
  d.classes = kClasses;
  d.item_shape = {kSide, kSide};
  return d;
}

}  // namespace

bool is_image_dataset(const std::string& name) { return name == "mnist" || name == "fashion-mnist"; }

std::filesystem::path default_data_dir() {
  if (const char* env = std::getenv("REVERIE_DATA_DIR")) return env;
  return std::filesystem::path(REVERIE_SOURCE_DIR) / "data";
}

std::filesystem::path image_dataset_dir(const std::string& name, const std::filesystem::path& data_dir) {
  if (!data_dir.empty()) {
    // The dataset's own folder wins over loose files: those may be another dataset's.
    if (holds_idx(data_dir / name, "train-images-idx3-ubyte")) return data_dir / name;
    if (holds_idx(data_dir, "train-images-idx3-ubyte")) return data_dir;
    return data_dir / name;
  }
  if (name == "fashion-mnist" && !std::getenv("REVERIE_DATA_DIR")) return "/usr/share/datasets/fashion-mnist";
  return default_data_dir() / name;
}

DatasetSplit load_image_dataset(const std::string& name, const std::filesystem::path& data_dir) {
  if (!is_image_dataset(name)) throw InputError("unknown image dataset '" + name + "' (expected mnist or fashion-mnist)");
  const auto dir = image_dataset_dir(name, data_dir);
  return {load_part(name, dir, "train"), load_part(name, dir, "t10k")};
}

}  // namespace reverie
