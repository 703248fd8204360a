#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace reverie {

// An unsigned-byte IDX array (the MNIST file format): dims, then the values in C order.
struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;
};

// Reads a raw or gzip-compressed IDX file. Anything malformed (bad magic, unsupported
// element type, truncated data, trailing bytes) throws InputError naming the file.
IdxArray read_idx(const std::filesystem::path& path);

// Writes raw IDX, or gzip when the path ends in ".gz". Atomic.
void write_idx(const std::filesystem::path& path, const IdxArray& array);

}  // namespace reverie
