#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace reverie {

// A float64 array in NumPy's .npy format (version 1.0, C order), loadable with numpy.load.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<double> data;
};

void write_npy(const std::filesystem::path& path, const NpyArray& array);
NpyArray read_npy(const std::filesystem::path& path);

}  // namespace reverie
