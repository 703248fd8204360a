#include "reverie/data/cifar10.h"

#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "reverie/core/error.h"
#include "reverie/data/data_files.h"

namespace reverie {

namespace {

constexpr const char* kExpectedFiles = "data_batch_1.bin ... data_batch_5.bin and test_batch.bin";

bool holds_cifar10(const std::filesystem::path& dir) { return std::filesystem::exists(dir / "data_batch_1.bin"); }

std::filesystem::path base_dir(const std::filesystem::path& data_dir) {
  return data_dir.empty() ? default_data_dir() : data_dir;
}

}  // namespace

Dataset read_cifar10_batch(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open (expected a CIFAR-10 binary batch)");
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto size = static_cast<int64_t>(bytes.size());
  if (size == 0 || size % kCifar10RecordBytes != 0)
    throw InputError(path.string() + ": " + std::to_string(size) + " bytes is not a whole number of " +
                     std::to_string(kCifar10RecordBytes) + "-byte CIFAR-10 records (truncated or not the binary version)");
  const int64_t n = size / kCifar10RecordBytes;
  auto records = torch::from_blob(const_cast<uint8_t*>(bytes.data()), {n, kCifar10RecordBytes}, torch::kUInt8);
  auto labels = records.select(1, 0).to(torch::kInt64);
  if (labels.max().item<int64_t>() >= 10)
    throw InputError(path.string() + ": label " + std::to_string(labels.max().item<int64_t>()) + " outside 0-9");
  Dataset d;
  d.name = "cifar10";
  d.inputs = records.slice(1, 1, kCifar10RecordBytes).to(torch::kFloat32).div_(255.0).contiguous();
  d.labels = labels;
  d.classes = 10;
  d.item_shape = {3, kCifar10Side, kCifar10Side};
  return d;
}

std::filesystem::path cifar10_search_dir(const std::filesystem::path& data_dir) {
  const auto base = base_dir(data_dir);
  return holds_cifar10(base) ? base : base / "cifar-10-batches-bin";
}

std::optional<std::filesystem::path> find_cifar10_dir(const std::filesystem::path& data_dir) {
  const auto dir = cifar10_search_dir(data_dir);
  if (holds_cifar10(dir)) return dir;
  return std::nullopt;
}

DatasetSplit load_cifar10(const std::filesystem::path& data_dir) {
  const auto dir = cifar10_search_dir(data_dir);
  std::vector<std::string> names;
  for (int b = 1; b <= 5; ++b) names.push_back("data_batch_" + std::to_string(b) + ".bin");
  names.push_back("test_batch.bin");
  for (const auto& name : names)
    if (!std::filesystem::exists(dir / name))
      throw InputError("CIFAR-10: no " + name + " in " + dir.string() + " (expected the binary version: " + kExpectedFiles +
                       "; point --data-dir at the folder holding them or its parent)");
  for (const auto& name : names) record_data_file("cifar10", dir / name);
  DatasetSplit split;
  std::vector<torch::Tensor> inputs, labels;
  for (int b = 0; b < 5; ++b) {
    split.train = read_cifar10_batch(dir / names[b]);
    inputs.push_back(split.train.inputs);
    labels.push_back(split.train.labels);
  }
  split.train.inputs = torch::cat(inputs);
  split.train.labels = torch::cat(labels);
  split.test = read_cifar10_batch(dir / names[5]);
  return split;
}

}  // namespace reverie
