#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// One observation in long ("tidy") form: what every run writes and every figure reads.
struct TidyRow {
  int run = 0;
  std::string condition;
  int64_t step = 0;
  std::string metric;
  double value = 0.0;
};

// Fixed formatting (%.9g) so the same numbers always give the same bytes.
std::string format_number(double value);
std::string format_tidy_csv(const std::vector<TidyRow>& rows);
std::vector<TidyRow> read_tidy_csv(const std::filesystem::path& path);

}  // namespace reverie
