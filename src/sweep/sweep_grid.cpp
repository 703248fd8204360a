#include "reverie/sweep/sweep_grid.h"

#include <algorithm>

#include "reverie/core/error.h"
#include "reverie/core/trimmed.h"

namespace reverie {

GridAxis parse_grid_axis(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError("--grid '" + text + "': expected KEY=V1,V2,... (e.g. --grid learning_rate=0.01,0.02)");
  GridAxis axis{trimmed(text.substr(0, eq)), {}};
  if (axis.key == "runs" || axis.key == "seed")  // the runner derives each run's seed; runs are a sweep's unit
    throw InputError("--grid " + axis.key + ": not a grid key; use --runs for more seeds (each run has its own)");
  size_t start = eq + 1;
  while (true) {
    const size_t comma = text.find(',', start);
    // Blanks around a value ("0.3, 0.5") are the user's typing, not part of a folder name.
    const std::string value = trimmed(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (value.empty()) throw InputError("--grid '" + text + "': an empty value");
    // Each value names a folder: a path separator or a leading dot would put it elsewhere.
    if (value.find('/') != std::string::npos || value.front() == '.' || value.find_first_of("\n\r\t") != std::string::npos)
      throw InputError("--grid " + axis.key + ": value '" + value + "' cannot name a folder (no '/', no leading '.')");
    if (std::find(axis.values.begin(), axis.values.end(), value) != axis.values.end())
      throw InputError("--grid " + axis.key + ": value '" + value + "' is given twice");
    axis.values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return axis;
}

std::string SweepPoint::name() const {
  std::string out;
  for (const auto& [key, value] : settings) out += (out.empty() ? "" : ",") + key + "=" + value;
  return out;
}

std::vector<std::string> SweepPoint::assignments() const {
  std::vector<std::string> out;
  for (const auto& [key, value] : settings) out.push_back(key + "=" + value);
  return out;
}

std::vector<SweepPoint> grid_points(const std::vector<GridAxis>& axes) {
  std::vector<SweepPoint> points{SweepPoint{}};
  for (const auto& axis : axes) {
    std::vector<SweepPoint> next;
    for (const auto& point : points)
      for (const auto& value : axis.values) {
        SweepPoint extended = point;
        extended.settings.emplace_back(axis.key, value);
        next.push_back(std::move(extended));
      }
    points = std::move(next);
  }
  return points;
}

}  // namespace reverie
