#include "reverie/data/idx.h"

#include <zlib.h>

#include <cstdio>
#include <memory>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {

constexpr uint8_t kUnsignedByte = 0x08;

std::string hex_byte(uint8_t b) {
  char text[5];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}

// The whole file, decompressed when it is gzip (zlib reads plain files through unchanged).
std::vector<uint8_t> read_maybe_gzip(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw InputError(path.string() + ": file not found");
  // gzopen opens a directory too, and its first read fails as if the data were corrupt.
  if (std::filesystem::is_directory(path)) throw InputError(path.string() + ": is a directory; expected an IDX file");
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file(gzopen(path.c_str(), "rb"), gzclose);
  if (!file) throw InputError(path.string() + ": cannot open file");
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  int n;
  while ((n = gzread(file.get(), chunk, sizeof chunk)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  if (n < 0) {
    int err = 0;
    throw InputError(path.string() + ": corrupt gzip data (" + gzerror(file.get(), &err) + ")");
  }
  return bytes;
}

}  // namespace

IdxArray read_idx(const std::filesystem::path& path) {
  const std::vector<uint8_t> bytes = read_maybe_gzip(path);
  const std::string name = path.string();
  if (bytes.size() < 4) throw InputError(name + ": not an IDX file (shorter than its 4-byte magic number)");
  if (bytes[0] != 0 || bytes[1] != 0) throw InputError(name + ": not an IDX file (magic number must start with two zero bytes)");
  if (bytes[2] != kUnsignedByte)
    throw InputError(name + ": unsupported IDX element type " + hex_byte(bytes[2]) + " (expected 0x08, unsigned byte)");
  const int ndims = bytes[3];
  if (ndims < 1 || ndims > 4) throw InputError(name + ": IDX file declares " + std::to_string(ndims) + " dimensions (expected 1 to 4)");
  const size_t header = 4 + 4 * static_cast<size_t>(ndims);
  if (bytes.size() < header) throw InputError(name + ": truncated IDX header");
  IdxArray array;
  const size_t have = bytes.size() - header;
  int64_t count = 1;
  for (int d = 0; d < ndims; ++d) {
    const uint8_t* p = &bytes[4 + 4 * d];
    const int64_t dim = (int64_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
    if (dim <= 0) throw InputError(name + ": IDX dimension " + std::to_string(d) + " is zero");
    // Checked before multiplying, so absurd headers cannot overflow the count.
    if (count > static_cast<int64_t>(have) / dim)
      throw InputError(name + ": truncated: header dimensions promise more values than the file's " + std::to_string(have) + " bytes");
    array.dims.push_back(dim);
    count *= dim;
  }
  if (have < static_cast<size_t>(count))
    throw InputError(name + ": truncated: header promises " + std::to_string(count) + " values, file holds " + std::to_string(have));
  if (have > static_cast<size_t>(count)) {
    std::string shape;
    for (auto d : array.dims) shape += (shape.empty() ? "" : " x ") + std::to_string(d);
    if (ndims > 1) shape += " = " + std::to_string(count);
    // Many times the declared data is what a dimension count byte that is too small gives.
    throw InputError(name + ": header declares " + std::to_string(ndims) + (ndims == 1 ? " dimension (" : " dimensions (") + shape +
                     " values) but the file holds " + std::to_string(have) + " data bytes" +
                     (have >= 2 * static_cast<size_t>(count) ? "; wrong dimension count?"
                                                             : " (" + std::to_string(have - count) + " unexpected bytes after the data)"));
  }
  array.data.assign(bytes.begin() + header, bytes.end());
  return array;
}

void write_idx(const std::filesystem::path& path, const IdxArray& array) {
  int64_t count = 1;
  for (auto d : array.dims) count *= d;
  if (array.dims.empty() || array.dims.size() > 4 || count != static_cast<int64_t>(array.data.size()))
    throw std::logic_error("write_idx: dims do not match data");
  std::string bytes = {0, 0, static_cast<char>(kUnsignedByte), static_cast<char>(array.dims.size())};
  for (auto d : array.dims)
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((d >> shift) & 0xff);
  bytes.append(array.data.begin(), array.data.end());
  if (path.extension() == ".gz") {
    uLongf size = compressBound(bytes.size()) + 32;
    std::string packed(size, '\0');
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // 15+16: gzip wrapper
    zs.next_in = reinterpret_cast<Bytef*>(bytes.data());
    zs.avail_in = static_cast<uInt>(bytes.size());
    zs.next_out = reinterpret_cast<Bytef*>(packed.data());
    zs.avail_out = static_cast<uInt>(packed.size());
    deflate(&zs, Z_FINISH);
    packed.resize(zs.total_out);
    deflateEnd(&zs);
    bytes = std::move(packed);
  }
  write_file_atomic(path, bytes);
}

}  // namespace reverie
