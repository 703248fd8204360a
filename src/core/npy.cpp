#include "reverie/core/npy.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"

namespace reverie {

void write_npy(const std::filesystem::path& path, const NpyArray& array) {
  int64_t count = 1;
  std::string shape = "(";
  for (auto d : array.shape) {
    count *= d;
    shape += std::to_string(d) + ",";
  }
  if (array.shape.size() > 1) shape.pop_back();
  shape += ")";
  if (count != static_cast<int64_t>(array.data.size())) throw std::logic_error("npy: shape does not match data size");
  if (array.axes.size() != array.shape.size()) throw std::logic_error("npy: " + path.filename().string() + " must name every axis");
  nlohmann::json axes = nlohmann::json::array();
  for (size_t d = 0; d < array.axes.size(); ++d) {
    const auto& axis = array.axes[d];
    if (axis.name.empty() || (!axis.labels.empty() && static_cast<int64_t>(axis.labels.size()) != array.shape[d]))
      throw std::logic_error("npy: " + path.filename().string() + ": axis " + std::to_string(d) + " needs a name and a label per index");
    axes.push_back({{"name", axis.name}, {"labels", axis.labels}});
  }
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
  // Header length is padded so the data starts on a 64-byte boundary, as the format asks.
  const size_t preamble = 10;
  header.append(64 - (preamble + header.size() + 1) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  const uint16_t len = static_cast<uint16_t>(header.size());
  out += static_cast<char>(len & 0xff);
  out += static_cast<char>(len >> 8);
  out += header;
  out.append(reinterpret_cast<const char*>(array.data.data()), array.data.size() * sizeof(double));
  write_file_atomic(path, out);
  auto sidecar = path;
  sidecar.replace_extension(".json");
  write_file_atomic(sidecar, nlohmann::json{{"file", path.filename().string()}, {"shape", array.shape}, {"axes", axes}}.dump(2) + "\n");
}

NpyArray read_npy(const std::filesystem::path& path) {
  const std::string bytes = read_file(path);
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw InputError(path.string() + ": not an .npy file");
  const size_t len = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  if (bytes.size() < 10 + len) throw InputError(path.string() + ": truncated .npy header");
  const std::string header = bytes.substr(10, len);
  if (header.find("'<f8'") == std::string::npos) throw InputError(path.string() + ": only float64 .npy is supported");
  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'shape': \\(([^)]*)\\)")))
    throw InputError(path.string() + ": .npy header has no shape");
  NpyArray array;
  int64_t count = 1;
  std::stringstream dims(m[1].str());
  std::string part;
  while (std::getline(dims, part, ',')) {
    if (part.find_first_not_of(' ') == std::string::npos) continue;
    array.shape.push_back(std::stoll(part));
    count *= array.shape.back();
  }
  if (bytes.size() != 10 + len + count * sizeof(double)) throw InputError(path.string() + ": .npy data size does not match its shape");
  array.data.resize(count);
  std::memcpy(array.data.data(), bytes.data() + 10 + len, count * sizeof(double));
  return array;
}

}  // namespace reverie
