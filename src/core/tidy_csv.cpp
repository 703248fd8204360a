#include "reverie/core/tidy_csv.h"

#include <cstdio>
#include <cstring>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {
constexpr const char* kHeader = "run,condition,step,metric,value";

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}
}

std::string format_number(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return buf;
}

std::vector<std::string> condition_factor_values(const std::string& condition, size_t factors) {
  if (factors == 0) return {};
  auto parts = split(condition, '/');
  while (parts.size() > factors) {  // the last factor keeps the rest ("label/3-6" parts beyond the named ones)
    parts[parts.size() - 2] += "/" + parts.back();
    parts.pop_back();
  }
  parts.resize(factors);
  return parts;
}

std::string format_tidy_csv(const std::vector<TidyRow>& rows, const std::vector<std::string>& factors) {
  std::string out = kHeader;
  for (const auto& f : factors) out += "," + f;
  out += "\n";
  for (const auto& r : rows) {
    if (r.condition.find_first_of(",\n\"") != std::string::npos || r.metric.find_first_of(",\n\"") != std::string::npos)
      throw std::logic_error("tidy csv: condition/metric may not contain commas or quotes: " + r.condition);
    out += std::to_string(r.run) + "," + r.condition + "," + std::to_string(r.step) + "," + r.metric + "," +
           format_number(r.value);
    for (const auto& value : condition_factor_values(r.condition, factors.size())) out += "," + value;
    out += "\n";
  }
  return out;
}

std::vector<TidyRow> read_tidy_csv(const std::filesystem::path& path) { return parse_tidy_csv(read_file(path), path.string()); }

std::vector<TidyRow> parse_tidy_csv(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string line;
  // Factor columns after the five (results.csv) are derived from `condition`: read past them.
  if (!std::getline(in, line) || line.rfind(kHeader, 0) != 0 || (line.size() > std::strlen(kHeader) && line[std::strlen(kHeader)] != ','))
    throw InputError(source + ": expected header '" + kHeader + "'");
  const size_t columns = split(line, ',').size();
  std::vector<TidyRow> rows;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    const std::vector<std::string> cells = split(line, ',');
    if (cells.size() != columns)
      throw InputError(source + ":" + std::to_string(line_no) + ": expected " + std::to_string(columns) + " columns, got " +
                       std::to_string(cells.size()));
    try {
      rows.push_back({std::stoi(cells[0]), cells[1], std::stoll(cells[2]), cells[3], std::stod(cells[4])});
    } catch (const std::exception&) {
      throw InputError(source + ":" + std::to_string(line_no) + ": malformed number");
    }
  }
  return rows;
}

}  // namespace reverie
