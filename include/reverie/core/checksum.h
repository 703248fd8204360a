#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace reverie {

// CRC-32 (zlib's) of `bytes`, of any length: what run files, sealed files and the data log record.
uint32_t crc32_of(std::string_view bytes);

// The same as 8 lowercase hex digits.
std::string crc32_hex(uint32_t crc);

}  // namespace reverie
