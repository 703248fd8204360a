#pragma once
// The grid of a sweep: keys, each with the values to try, and the points of their cartesian
// product, each an ordinary output folder named after its values ("leak_alpha=0.3,learning_rate=0.01").
#include <string>
#include <utility>
#include <vector>

namespace reverie {

struct GridAxis {
  std::string key;
  std::vector<std::string> values;  // as typed: each becomes `--set key=value` of its points
};

// "KEY=V1,V2,..." (InputError naming the argument when it is not of that form, a value repeats,
// or a value could not name a folder).
GridAxis parse_grid_axis(const std::string& text);

struct SweepPoint {
  std::vector<std::pair<std::string, std::string>> settings;  // one (key, value) per axis, in axis order
  std::string name() const;                                    // "k1=v1,k2=v2": its folder
  std::vector<std::string> assignments() const;                // "k1=v1", "k2=v2"
};

// Every combination, the first axis varying slowest.
std::vector<SweepPoint> grid_points(const std::vector<GridAxis>& axes);

}  // namespace reverie
