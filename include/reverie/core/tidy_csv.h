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
// With `factors` (results.csv), one more column per factor, taken from the condition's
// '/'-separated parts ("synthetic/memoryless/rep1" -> dataset, model, order); the condition stays.
std::string format_tidy_csv(const std::vector<TidyRow>& rows, const std::vector<std::string>& factors = {});
std::vector<std::string> condition_factor_values(const std::string& condition, size_t factors);
// Rows of a tidy CSV text; `source` names it in errors ("path" or "path:line").
std::vector<TidyRow> parse_tidy_csv(const std::string& text, const std::string& source);
std::vector<TidyRow> read_tidy_csv(const std::filesystem::path& path);

}  // namespace reverie
