#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// One axis of an array: its name and, where they are not just 0..n-1, a label per index.
struct NpyAxis {
  std::string name;                 // e.g. "run", "condition", "from_state"
  std::vector<std::string> labels;  // empty, or one per index
};

// A float64 array in NumPy's .npy format (version 1.0, C order), loadable with numpy.load.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<double> data;
  std::vector<NpyAxis> axes;  // one per dimension: .npy itself has no axis names
};

// Writes PATH (the .npy) and, beside it, PATH without ".npy" + ".json": {"file", "shape",
// "axes": [{"name", "labels"}]}, so a reader needs no code to know what each index means.
// Every axis must be named (logic_error otherwise).
void write_npy(const std::filesystem::path& path, const NpyArray& array);
NpyArray read_npy(const std::filesystem::path& path);

}  // namespace reverie
