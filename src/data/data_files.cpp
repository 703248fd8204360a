#include "reverie/data/data_files.h"

#include <zlib.h>

#include <fstream>
#include <map>
#include <mutex>

#include "reverie/core/checksum.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {

std::mutex log_mutex;
std::map<std::string, DataFileRecord> log_by_path;

}  // namespace

DataFileRecord describe_data_file(const std::string& dataset, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  uLong crc = crc32(0L, Z_NULL, 0);
  uint64_t bytes = 0;
  std::vector<char> chunk(1 << 20);
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
    crc = crc32(crc, reinterpret_cast<const Bytef*>(chunk.data()), static_cast<uInt>(in.gcount()));
    bytes += static_cast<uint64_t>(in.gcount());
  }
  return {dataset, std::filesystem::canonical(path).string(), bytes, crc32_hex(static_cast<uint32_t>(crc))};
}

void record_data_file(const std::string& dataset, const std::filesystem::path& path) {
  const std::string key = std::filesystem::canonical(path).string();
  {
    std::lock_guard lock(log_mutex);
    if (const auto it = log_by_path.find(key); it != log_by_path.end()) {
      if (it->second.dataset != dataset)
        throw InputError("datasets '" + it->second.dataset + "' and '" + dataset + "' both resolve to " + key +
                         "; put each dataset's files in a folder of its own name under --data-dir (e.g. DIR/mnist, DIR/fashion-mnist)");
      return;
    }
  }
  DataFileRecord record = describe_data_file(dataset, path);  // outside the lock: reading can take a while
  std::lock_guard lock(log_mutex);
  log_by_path.emplace(key, std::move(record));
}

std::vector<DataFileRecord> data_files_read() {
  std::lock_guard lock(log_mutex);
  std::vector<DataFileRecord> out;
  for (const auto& [path, record] : log_by_path) out.push_back(record);
  return out;
}

void clear_data_files_read() {
  std::lock_guard lock(log_mutex);
  log_by_path.clear();
}

}  // namespace reverie
