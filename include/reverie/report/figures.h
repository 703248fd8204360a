#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// Figures are drawn by gnuplot from a .csv and a .gp written beside the images, so a user can
// restyle them: `gnuplot -e "set terminal pngcairo; set output 'x.png'" x.gp`.

// One curve with a shaded band (e.g. mean +- standard error over runs).
struct BandSeries {
  std::string label;
  std::vector<double> x, mean, low, high;
};

// Mean +- standard error over runs at each x (runs[r][i] is run r at x[i]).
BandSeries band_over_runs(std::string label, std::vector<double> x, const std::vector<std::vector<double>>& runs);

struct LinePlot {
  std::string name;  // file stem
  std::string title, xlabel, ylabel;
  std::vector<BandSeries> series;
};

struct Heatmap {
  std::string name;
  std::string title, xlabel, ylabel;
  std::vector<std::string> column_labels, row_labels;
  std::vector<std::vector<double>> values;  // rows x columns
};

struct BarChart {
  std::string name;
  std::string title, ylabel;
  std::vector<std::string> labels;
  std::vector<double> values, errors;
};

// Each writes DIR/name.{csv,gp} and renders DIR/name.{png,svg}. Returns false (and leaves
// the .csv and .gp) when gnuplot is not installed or fails.
bool draw(const LinePlot& plot, const std::filesystem::path& dir);
bool draw(const Heatmap& map, const std::filesystem::path& dir);
bool draw(const BarChart& chart, const std::filesystem::path& dir);

}  // namespace reverie
