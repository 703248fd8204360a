#include "reverie/report/figures.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/child_process.h"
#include "reverie/core/tidy_csv.h"

namespace reverie {

namespace {

// gnuplot strings are single-quoted; a quote inside is doubled.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// gnuplot's default colours repeat after 8 line types: Fig. 2b's labels 0 and 8 shared one. Four more.
constexpr const char* kExtraLineColors =
    "set linetype 9 lc rgb '#8c564b'\nset linetype 10 lc rgb '#17becf'\nset linetype 11 lc rgb '#bcbd22'\n"
    "set linetype 12 lc rgb '#7f7f7f'\n";

std::string preamble(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return "set datafile separator ','\nset title " + quoted(title) + "\nset xlabel " + quoted(xlabel) +
         "\nset ylabel " + quoted(ylabel) + "\nset grid\n" + kExtraLineColors;
}

std::string tic_list(const std::vector<std::string>& labels) {
  std::string out = "(";
  for (size_t i = 0; i < labels.size(); ++i) out += (i ? ", " : "") + quoted(labels[i]) + " " + std::to_string(i);
  return out + ")";
}

// A figure that takes gnuplot longer than this is given up (its data and script stay for the user).
constexpr double kGnuplotTimeLimitSeconds = 120;

// Runs `gnuplot -e "<terminal>" script` inside `dir` without a shell, so no path needs quoting.
bool run_gnuplot(const std::filesystem::path& dir, const std::string& terminal, const std::string& script) {
  return run_child_process({"gnuplot", "-e", terminal, script}, dir, kGnuplotTimeLimitSeconds);
}

// Writes the data and script, then renders PNG and SVG in the figure's folder (old images
// are removed first, so a failed render never leaves a stale picture behind).
bool render(const std::filesystem::path& dir, const std::string& name, const std::string& csv, const std::string& gp,
            const std::string& size = "960,640") {
  write_file_atomic(dir / (name + ".csv"), csv);
  write_file_atomic(dir / (name + ".gp"), gp);
  bool ok = true;
  for (const auto& [format, terminal] : {std::pair{"png", "pngcairo size " + size + " noenhanced"}, std::pair{"svg", "svg size " + size + " noenhanced"}}) {
    const std::string image = name + "." + format;
    std::filesystem::remove(dir / image);
    if (!run_gnuplot(dir, "set terminal " + terminal + "; set output " + quoted(image), name + ".gp")) {
      std::filesystem::remove(dir / image);  // a gnuplot that failed or ran out of time may leave half a picture
      ok = false;
    }
  }
  return ok;
}

}  // namespace

BandSeries band_over_runs(std::string label, std::vector<double> x, const std::vector<std::vector<double>>& runs) {
  BandSeries s{std::move(label), std::move(x), {}, {}, {}};
  for (size_t i = 0; i < s.x.size(); ++i) {
    std::vector<double> at;
    for (const auto& r : runs) at.push_back(r.at(i));
    const double m = mean(at), se = standard_error(at);
    s.mean.push_back(m);
    s.low.push_back(m - se);
    s.high.push_back(m + se);
  }
  return s;
}

bool draw(const LinePlot& plot, const std::filesystem::path& dir) {
  // Wide CSV: x, then mean/low/high per series (all series share x).
  std::ostringstream csv;
  csv << "x";
  for (size_t s = 0; s < plot.series.size(); ++s) csv << ",s" << s << "_mean,s" << s << "_low,s" << s << "_high";
  csv << "\n";
  const size_t points = plot.series.empty() ? 0 : plot.series.front().x.size();
  for (size_t i = 0; i < points; ++i) {
    csv << format_number(plot.series.front().x[i]);
    for (const auto& s : plot.series)
      csv << "," << format_number(s.mean[i]) << "," << format_number(s.low[i]) << "," << format_number(s.high[i]);
    csv << "\n";
  }
  // The key below the plot: long labels ("Algorithm 2 (local oscillation critics)") leave it its width.
  std::string gp = preamble(plot.title, plot.xlabel, plot.ylabel) +
                   "set key below\nset key autotitle columnhead\nset style fill transparent solid 0.2 noborder\nplot ";
  for (size_t s = 0; s < plot.series.size(); ++s) {
    const auto col = 2 + 3 * s;
    gp += (s ? ", \\\n     " : "") + quoted(plot.name + ".csv") + " using 1:" + std::to_string(col + 1) + ":" +
          std::to_string(col + 2) + " with filledcurves lc " + std::to_string(s + 1) + " notitle, '' using 1:" +
          std::to_string(col) + " with lines lw 2 lc " + std::to_string(s + 1) + " title " + quoted(plot.series[s].label);
  }
  return render(dir, plot.name, csv.str(), gp + "\n");
}

bool draw(const Heatmap& map, const std::filesystem::path& dir) {
  std::ostringstream csv;
  csv << "column,row,value,column_label,row_label\n";
  for (size_t r = 0; r < map.values.size(); ++r)
    for (size_t c = 0; c < map.values[r].size(); ++c)
      csv << c << "," << r << "," << format_number(map.values[r][c]) << "," << map.column_labels[c] << ","
          << map.row_labels[r] << "\n";
  const std::string gp = preamble(map.title, map.xlabel, map.ylabel) +
                         "unset grid\nset key autotitle columnhead\nset xtics " + tic_list(map.column_labels) +
                         " rotate by 45 right\nset ytics " + tic_list(map.row_labels) +
                         "\nset yrange [] reverse\nset palette defined (0 'white', 1 '#08306b')\n"
                         "plot " + quoted(map.name + ".csv") +
                         " using 1:2:3 with image notitle, '' using 1:2:(sprintf('%.4g', $3)) with labels notitle\n";
  return render(dir, map.name, csv.str(), gp);
}

bool draw(const BarChart& chart, const std::filesystem::path& dir) {
  std::ostringstream csv;
  csv << "index,label,value,error\n";
  for (size_t i = 0; i < chart.labels.size(); ++i)
    csv << i << "," << chart.labels[i] << "," << format_number(chart.values[i]) << "," << format_number(chart.errors[i]) << "\n";
  const std::string gp = preamble(chart.title, "", chart.ylabel) +
                         "set key autotitle columnhead\nset style fill solid 0.6\nset boxwidth 0.6\nset xzeroaxis lt -1\n"
                         "set xrange [-0.5:" + std::to_string(chart.labels.size()) + "-0.5]\n"
                         "plot " + quoted(chart.name + ".csv") + " using 1:3:4:xtic(2) with boxerrorbars lc 3 notitle\n";
  return render(dir, chart.name, csv.str(), gp);
}

}  // namespace reverie

namespace reverie {

bool draw(const ClassMap& map, const std::filesystem::path& dir) {
  const bool three_d = !map.zlabel.empty();
  const size_t dims = three_d ? 3 : 2;
  const auto rows = [&](const std::vector<std::vector<double>>& values, const std::vector<int64_t>* classes,
                        const std::string& header) {
    std::ostringstream csv;
    csv << header << "\n";
    for (size_t i = 0; i < values.size(); ++i) {
      for (size_t k = 0; k < values[i].size(); ++k) csv << (k ? "," : "") << format_number(values[i][k]);
      if (classes) csv << "," << (*classes)[i];
      csv << "\n";
    }
    return csv.str();
  };
  const std::string coords = three_d ? "x,y,z" : "x,y";
  write_file_atomic(dir / (map.name + "-arrows.csv"), rows(map.arrows, nullptr, coords + (three_d ? ",dx,dy,dz" : ",dx,dy")));
  write_file_atomic(dir / (map.name + "-markers.csv"), rows(map.markers, &map.marker_class, coords + ",class"));
  std::string gp = preamble(map.title, map.xlabel, map.ylabel) + "set key outside right\n";
  if (three_d) gp += "set zlabel " + quoted(map.zlabel) + "\nset view 60,30\n";
  const std::string using_xy = three_d ? "1:2:3" : "1:2";
  const std::string cls = std::to_string(dims + 1);
  gp += three_d ? "splot " : "plot ";
  std::string clauses;
  for (size_t c = 0; c < map.class_labels.size(); ++c) {
    const std::string pick = "($" + cls + "==" + std::to_string(c) + "?$1:1/0)";
    clauses += (c ? ", \\\n     " : "") + quoted(map.name + ".csv") + " skip 1 using " + pick + (three_d ? ":2:3" : ":2") +
               " with points pt 5 ps " + format_number(map.point_size) + " lc " + std::to_string(c + 1) + " title " +
               quoted(map.class_labels[c]);
  }
  if (!map.arrows.empty())
    clauses += ", \\\n     " + quoted(map.name + "-arrows.csv") + " skip 1 using " +
               (three_d ? "1:2:3:4:5:6" : "1:2:3:4") + " with vectors head size 0.008,20 lc rgb '#404040' notitle";
  if (!map.markers.empty())
    clauses += ", \\\n     " + quoted(map.name + "-markers.csv") + " skip 1 using " + using_xy + ":($" + cls + "+1)" +
               " with points pt 3 ps 3 lw 2 lc variable notitle, '' skip 1 using " + using_xy +
               " with points pt 6 ps 3 lw 1 lc rgb 'black' title 'items (encodings)'";
  gp += clauses + "\n";
  return render(dir, map.name, rows(map.points, &map.point_class, coords + ",class"), gp);
}

}  // namespace reverie

namespace reverie {

bool draw(const ImageGrid& grid, const std::filesystem::path& dir) {
  const int64_t columns = std::max<int64_t>(1, std::min(grid.columns, grid.count));
  const int64_t rows = (grid.count + columns - 1) / columns;
  const int64_t tile_w = grid.width + 1, tile_h = grid.height + 1;
  const int64_t plane = grid.height * grid.width;
  // gnuplot's rgbimage needs a full raster in scanline order: gaps and empty tiles are grey.
  std::ostringstream csv;
  csv << "x,y,r,g,b\n";
  for (int64_t y = 0; y < rows * tile_h; ++y)
    for (int64_t x = 0; x < columns * tile_w; ++x) {
      const int64_t n = (y / tile_h) * columns + x / tile_w, i = y % tile_h, j = x % tile_w;
      csv << x << "," << y;
      for (int64_t c = 0; c < 3; ++c) {
        int level = 128;
        if (n < grid.count && i < grid.height && j < grid.width) {
          const float v = grid.pixels[(n * grid.channels + std::min(c, grid.channels - 1)) * plane + i * grid.width + j];
          level = static_cast<int>(std::lround(255.0 * std::clamp(v, 0.0f, 1.0f)));
        }
        csv << "," << level;
      }
      csv << "\n";
    }
  std::string gp = "set datafile separator ','\nset title " + quoted(grid.title) +
                   "\nunset key\nunset border\nunset xtics\nset yrange [] reverse\nset size ratio -1\n"
                   "set object 1 rectangle from screen 0,0 to screen 1,1 fillcolor rgb '#808080' behind\n";
  if (grid.row_labels.empty()) {
    gp += "unset ytics\n";
  } else {
    std::string tics = "(";
    for (size_t r = 0; r < grid.row_labels.size(); ++r)
      tics += (r ? ", " : "") + quoted(grid.row_labels[r]) + " " + std::to_string(r * tile_h + grid.height / 2);
    gp += "set ytics " + tics + ") scale 0\n";
  }
  // Tile labels in each tile's top-left corner, in pixel coordinates (y grows downwards).
  for (size_t n = 0; n < grid.tile_labels.size() && static_cast<int64_t>(n) < grid.count; ++n) {
    const int64_t row = static_cast<int64_t>(n) / columns, column = static_cast<int64_t>(n) % columns;
    gp += "set label " + std::to_string(n + 1) + " " + quoted(grid.tile_labels[n]) + " at " + std::to_string(column * tile_w) +
          "," + std::to_string(row * tile_h + 3) + " left front textcolor rgb '#ffd700' font ',9'\n";
  }
  gp += "plot " + quoted(grid.name + ".csv") + " skip 1 using 1:2:3:4:5 with rgbimage\n";
  const int64_t scale = std::max<int64_t>(2, 640 / std::max<int64_t>(1, columns * tile_w));
  const std::string size = std::to_string(columns * tile_w * scale + (grid.row_labels.empty() ? 40 : 200)) + "," +
                           std::to_string(rows * tile_h * scale + 60);
  return render(dir, grid.name, csv.str(), gp, size);
}

}  // namespace reverie
