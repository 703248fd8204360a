#include "reverie/core/tidy_csv.h"

#include <cstdio>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"

namespace reverie {

namespace {
constexpr const char* kHeader = "run,condition,step,metric,value";
}

std::string format_number(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  return buf;
}

std::string format_tidy_csv(const std::vector<TidyRow>& rows) {
  std::string out = std::string(kHeader) + "\n";
  for (const auto& r : rows) {
    if (r.condition.find_first_of(",\n\"") != std::string::npos || r.metric.find_first_of(",\n\"") != std::string::npos)
      throw std::logic_error("tidy csv: condition/metric may not contain commas or quotes: " + r.condition);
    out += std::to_string(r.run) + "," + r.condition + "," + std::to_string(r.step) + "," + r.metric + "," +
           format_number(r.value) + "\n";
  }
  return out;
}

std::vector<TidyRow> read_tidy_csv(const std::filesystem::path& path) {
  std::istringstream in(read_file(path));
  std::string line;
  if (!std::getline(in, line) || line != kHeader)
    throw InputError(path.string() + ": expected header '" + kHeader + "'");
  std::vector<TidyRow> rows;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (cells.size() != 5)
      throw InputError(path.string() + ":" + std::to_string(line_no) + ": expected 5 columns, got " +
                       std::to_string(cells.size()));
    try {
      rows.push_back({std::stoi(cells[0]), cells[1], std::stoll(cells[2]), cells[3], std::stod(cells[4])});
    } catch (const std::exception&) {
      throw InputError(path.string() + ":" + std::to_string(line_no) + ": malformed number");
    }
  }
  return rows;
}

}  // namespace reverie
