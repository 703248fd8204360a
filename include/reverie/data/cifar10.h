#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "reverie/data/dataset.h"

namespace reverie {

// CIFAR-10, binary version (Krizhevsky 2009): data_batch_1.bin ... data_batch_5.bin (train) and
// test_batch.bin, each record 1 label byte then 3072 pixel bytes (the 32x32 red plane, then green,
// then blue, row-major). Rows come out as N x 3072 floats in [0, 1] in that plane order, so
// inputs.view({N, 3, 32, 32}) is the image; item_shape = {3, 32, 32}.

constexpr int64_t kCifar10Side = 32;
constexpr int64_t kCifar10RecordBytes = 1 + 3 * kCifar10Side * kCifar10Side;

// One batch file; InputError naming the file when its size is not a whole number of records
// (a truncated download) or a label is outside 0-9.
Dataset read_cifar10_batch(const std::filesystem::path& path);

// Where CIFAR-10 is: `data_dir` itself when it holds data_batch_1.bin, else
// `data_dir/cifar-10-batches-bin` when that does; with an empty data_dir, the same two places
// under $REVERIE_DATA_DIR (when set) or the project's data/ folder. nullopt when absent.
std::optional<std::filesystem::path> find_cifar10_dir(const std::filesystem::path& data_dir);

// The directory checked for CIFAR-10 and named in the error when it is missing.
std::filesystem::path cifar10_search_dir(const std::filesystem::path& data_dir);

// All five training batches and the test batch; InputError naming the directory and the
// expected files when any is missing.
DatasetSplit load_cifar10(const std::filesystem::path& data_dir);

}  // namespace reverie
