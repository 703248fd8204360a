#pragma once
#include <filesystem>
#include <cstdint>
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

// Points coloured by class (e.g. a latent-space map, seed 002 Fig. 7 and 10), with optional
// arrows and larger marked points (stars). Two coordinates per point, or three for a 3-D view.
struct ClassMap {
  std::string name;
  std::string title, xlabel, ylabel, zlabel;  // zlabel set: 3-D
  std::vector<std::string> class_labels;
  std::vector<std::vector<double>> points;  // each {x, y} or {x, y, z}
  std::vector<int64_t> point_class;
  std::vector<std::vector<double>> arrows;  // each {x, y[, z], dx, dy[, dz]}
  std::vector<std::vector<double>> markers;
  std::vector<int64_t> marker_class;
  double point_size = 0.35;  // gnuplot's ps: small for thousands of points, larger for a scatter of a few dozen
};

// Images side by side (seed 003 Figs. 3-5: reconstructions, samples, predicted frames).
// images: [N x C x H x W] (C = 1 or 3), values clamped to [0, 1], laid out row-major in
// `columns` columns with a 1-pixel gap; row_labels, when given, name each row of tiles;
// tile_labels, when given (one per image), are written in each tile's top-left corner.
struct ImageGrid {
  std::string name;
  std::string title;
  std::vector<float> pixels;        // N x C x H x W, row-major
  int64_t count = 0, channels = 1, height = 0, width = 0;
  int64_t columns = 10;
  std::vector<std::string> row_labels;
  std::vector<std::string> tile_labels;
};

// Each writes DIR/name.{csv,gp} and renders DIR/name.{png,svg}. Returns false (and leaves
// the .csv and .gp) when gnuplot is not installed or fails.
bool draw(const LinePlot& plot, const std::filesystem::path& dir);
bool draw(const Heatmap& map, const std::filesystem::path& dir);
bool draw(const BarChart& chart, const std::filesystem::path& dir);
bool draw(const ClassMap& map, const std::filesystem::path& dir);
bool draw(const ImageGrid& grid, const std::filesystem::path& dir);  // csv: x, y, r, g, b (0-255)  // also name-arrows.csv, name-markers.csv

}  // namespace reverie
