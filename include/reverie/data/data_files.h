#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// A data file as read: which dataset it served, where it is, its size and a checksum of its
// bytes as stored (zlib's CRC-32), so a manifest names the data a run actually used.
struct DataFileRecord {
  std::string dataset;
  std::string path;  // absolute, symlinks resolved
  uint64_t bytes = 0;
  std::string crc32;  // 8 hex digits
};

DataFileRecord describe_data_file(const std::string& dataset, const std::filesystem::path& path);

// The readers (IDX, CIFAR-10, item tables) record every file they read into one process-wide,
// thread-safe log. One file may serve one dataset only: a second dataset name resolving to the
// same file (e.g. loose IDX files taken for both mnist and fashion-mnist) is refused with
// InputError, because one of the two would silently be the wrong data.
void record_data_file(const std::string& dataset, const std::filesystem::path& path);
std::vector<DataFileRecord> data_files_read();  // sorted by path
void clear_data_files_read();                   // the runner starts each experiment with an empty log

}  // namespace reverie
