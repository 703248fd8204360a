// replay-teacher's report: seed 002 Fig. 2, 6, 7, 9, 10 (training curves, latent maps,
// trajectories) and the per-item table.
#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/item_structure.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/tensor_values.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/latent_map.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

// The first run's latent map of one scenario as a ClassMap (Fig. 7 or 10).
void plot_latent_map(const ReplaySettings& settings, const RowTable& rows, const std::string& condition,
                     const ItemTable& items, const std::filesystem::path& dir, ReportContent& content) {
  std::map<int64_t, std::map<std::string, double>> grid;
  std::map<int64_t, std::map<std::string, double>> item_rows;
  for (const char* metric : {"x", "y", "z", "dx", "dy", "dz", "class"})
    for (const auto* r : rows.rows(condition + "/latent", metric))
      if (r->run == 0) grid[r->step][metric] = r->value;
  for (const char* metric : {"x", "y", "z", "explained/1", "explained/2", "explained/3"})
    for (const auto* r : rows.rows(condition + "/latent-items", metric))
      if (r->run == 0) item_rows[r->step][metric] = r->value;
  if (grid.empty()) return;
  const bool three_d = grid.begin()->second.count("z") > 0;
  const int dims = three_d ? 3 : 2;
  const bool pca = item_rows[0].count("explained/1") > 0;
  ClassMap map;
  map.name = condition + "-latent_map";
  std::string axis = pca ? "PC " : "hidden unit ";
  map.xlabel = axis + "1";
  map.ylabel = axis + "2";
  if (three_d) map.zlabel = axis + "3";
  map.class_labels = items.items;
  std::string explained;
  if (pca) {
    double total = 0;
    for (int k = 1; k <= 3; ++k) {
      const double e = item_rows[0]["explained/" + std::to_string(k)];
      total += e;
      explained += (k > 1 ? ", " : "") + format_fixed(e, 2);
    }
    explained = " Explained variance of the items' encodings: " + explained + " (total " + format_fixed(total, 2) +
                "; thesis: 0.58, 0.21, 0.12, total 0.91).";
  }
  map.title = condition + ": latent space, grid decoded and coloured by nearest item (run 0)";
  const int64_t per_axis = three_d ? settings.latent_map_points_per_axis_pca() : settings.latent_map_points_per_axis();
  const int64_t stride = settings.latent_map_arrow_stride();
  for (const auto& [g, m] : grid) {
    std::vector<double> p;
    for (int k = 0; k < dims; ++k) p.push_back(m.at(kLatentAxes[k]));
    map.points.push_back(p);
    map.point_class.push_back(static_cast<int64_t>(m.at("class")));
    // Grid index g = i * per_axis^(dims-1) + ...; keep every stride-th point along each axis.
    bool keep = true;
    for (int64_t rest = g, k = 0; k < dims; ++k, rest /= per_axis) keep = keep && (rest % per_axis) % stride == 0;
    if (!keep) continue;
    std::vector<double> a = p;
    for (int k = 0; k < dims; ++k) a.push_back(m.at(std::string("d") + kLatentAxes[k]));
    map.arrows.push_back(a);
  }
  for (const auto& [i, m] : item_rows) {
    std::vector<double> p;
    for (int k = 0; k < dims; ++k) p.push_back(m.at(kLatentAxes[k]));
    map.markers.push_back(p);
    map.marker_class.push_back(i);
  }
  draw(map, dir);
  content.figures.push_back({map.name, map.title + (three_d ? " (Fig. 10)" : " (Fig. 7)") + ". Arrows: change of the " +
                                           (pca ? "projected " : "") + "hidden state after " +
                                           std::to_string(settings.latent_map_arrow_steps()) +
                                           " iterations of the decoded point (every " + std::to_string(stride) +
                                           "th grid point per axis). Stars: the items' encodings, coloured by item." + explained});
}

// Run 0's iteration from a stored and from a non-stored item: distance to each item over the
// steps (Fig. 2; the thesis shows Canary stored and Pine not), and every item's as .npy.
void plot_trajectories(const RowTable& rows, const std::string& condition, const std::string& label, const ItemTable& items,
                       const std::filesystem::path& dir, ReportContent& content) {
  const std::string t = condition + "/trajectory";
  const int64_t k = items.size();
  std::vector<std::vector<std::vector<double>>> d(k, std::vector<std::vector<double>>(k));  // [from][to][step]
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) {
      const auto runs = rows.by_run(t, "distance/" + items.items[i] + "/" + items.items[j]);
      if (runs.empty()) return;
      d[i][j] = runs.front();
    }
  const int64_t steps = static_cast<int64_t>(d[0][0].size());
  std::vector<double> flat;  // [from x step x to]
  for (int64_t i = 0; i < k; ++i)
    for (int64_t s = 0; s < steps; ++s)
      for (int64_t j = 0; j < k; ++j) flat.push_back(d[i][j][s]);
  write_npy(dir / (condition + "-trajectory_distances.npy"),
            {{k, steps, k}, flat, {{"start item", items.items}, {"iteration", {}}, {"distance to item", items.items}}});
  // Run 0's stored flags pick the two items shown; the thesis's pair where it fits.
  std::vector<bool> stored(k);
  for (int64_t i = 0; i < k; ++i) {
    const auto v = rows.at_step(condition, "stored/" + items.items[i]);
    stored[i] = !v.empty() && v.front() == 1.0;
  }
  const auto pick = [&](const std::string& preferred, bool want) -> int64_t {
    for (int64_t i = 0; i < k; ++i)
      if (items.items[i] == preferred && stored[i] == want) return i;
    for (int64_t i = 0; i < k; ++i)
      if (stored[i] == want) return i;
    return -1;
  };
  std::vector<double> x;
  for (int64_t s = 0; s < steps; ++s) x.push_back(static_cast<double>(s));
  for (const auto& [preferred, want] : {std::pair<std::string, bool>{"Canary", true}, {"Pine", false}}) {
    const int64_t i = pick(preferred, want);
    if (i < 0) continue;
    const std::string& from = items.items[i];
    LinePlot plot{condition + "-trajectory-" + from,
                  "Fig. 2: " + label + ", iterating from " + from + (want ? " (stored)" : " (not stored)") + ", run 0",
                  "iteration", "Euclidean distance to item", {}};
    for (int64_t j = 0; j < k; ++j) plot.series.push_back({items.items[j], x, d[i][j], d[i][j], d[i][j]});
    draw(plot, dir);
    content.figures.push_back({plot.name, plot.title + ": distance of each iterate to every item (step 0: the item itself; items at equal distances overlap). " +
                                              "All items' trajectories of run 0: " + condition + "-trajectory_distances.npy."});
  }
}

// Per item: one teacher's rows of fixed_points.csv, and the fraction of runs storing each item as a bar chart.
void plot_stored_items(const ReplaySettings& settings, const TeacherScenario& scenario, const std::string& label,
                       const RowTable& rows, const ItemTable& items, std::ostringstream& table, const std::filesystem::path& dir,
                       ReportContent& content) {
  const std::string c = scenario.name();
  BarChart stored_bar{c + "-stored_items", label + ": fraction of runs storing each item as an iterative fixed point",
                      "fraction of runs", items.items, {}, {}};
  for (int64_t i = 0; i < items.size(); ++i) {
    const auto& item = items.items[i];
    const auto stored = rows.at_step(c, "stored/" + item), attractor = rows.at_step(c, "attractor/" + item);
    const auto radius = rows.at_step(c, "radius/" + item);
    const auto loss = curves_over_runs(rows, c, "loss/" + item, settings.training().record_every, scenario.max_epochs);
    std::vector<double> final_loss;
    for (const auto& r : loss.runs) final_loss.push_back(r.back());
    table << c << "," << item << "," << stored.size() << "," << format_number(mean(stored)) << ","
          << format_number(mean(attractor)) << "," << format_number(mean(radius)) << "," << format_number(mean(final_loss))
          << "," << format_number(final_loss.size() > 1 ? standard_deviation(final_loss) : 0.0) << ","
          << format_number(mean(rows.at_step(c, "attractor_distance/" + item))) << "\n";
    stored_bar.values.push_back(mean(stored));
    stored_bar.errors.push_back(stored.size() > 1 ? standard_error(stored) : 0.0);
  }
  draw(stored_bar, dir);
  content.figures.push_back({stored_bar.name, stored_bar.title + ". Error bars: standard error over runs."});
}

// One teacher's runs, what its claims and the summary say: how training stopped, how many
// items it stores, how many of its fixed points are attractors.
struct TeacherOutcome {
  RunCurves final_loss;            // the mean item loss over epochs, per run
  std::vector<double> final_mean;  // its last value, per run
  int reached = 0;                 // runs whose final mean item loss is below stop_loss, stopped early or not
  std::vector<double> nonzero, stored, found, spurious;
  std::string ours_training, ours_fixed, ours_attractors;
  bool all_attractors = false;
};

TeacherOutcome teacher_outcome(const ReplaySettings& settings, const TeacherScenario& scenario, const RowTable& rows,
                               const ItemTable& items) {
  const std::string c = scenario.name();
  TeacherOutcome o;
  const auto epochs = rows.at_step(c, "epochs_trained");
  const auto by_loss = rows.at_step(c, "stopped_by_loss");
  const auto by_change = rows.at_step(c, "stopped_by_change");
  o.final_loss = curves_over_runs(rows, c, "mean_loss", settings.training().record_every, scenario.max_epochs);
  for (const auto& r : o.final_loss.runs) o.final_mean.push_back(r.back());
  o.nonzero = rows.at_step(c, "nonzero_singular_values");
  o.stored = rows.at_step(c, "items_stored");
  o.found = rows.at_step(c, "fixed_points_found");
  const auto found_attractors = rows.at_step(c, "fixed_points_attractors");
  o.spurious = rows.at_step(c, "fixed_points_spurious");
  const auto max_radius = rows.at_step(c, "max_fixed_point_radius");
  double found_total = 0, attractor_total = 0, stored_total = 0, stored_attractor_total = 0;
  for (size_t r = 0; r < o.found.size(); ++r) {
    found_total += o.found[r];
    attractor_total += found_attractors[r];
  }
  for (double s : o.stored) stored_total += s;
  for (double s : rows.at_step(c, "items_stored_as_attractors")) stored_attractor_total += s;
  o.ours_training = "stopped by loss < " + format_number(settings.training().stop_loss) + " in " +
                    format_fixed(100 * mean(by_loss), 0) + "% of " + std::to_string(by_loss.size()) +
                    " runs, by change in " + format_fixed(100 * mean(by_change), 0) + "%; epochs " +
                    mean_sd(epochs, 0) + "; final mean item loss " + mean_sd(o.final_mean, 4);
  for (double v : o.final_mean) o.reached += v < settings.training().stop_loss;
  o.ours_fixed = format_fixed(stored_total, 0) + " of " + std::to_string(items.size() * static_cast<int64_t>(o.stored.size())) +
                 " items stored (" + mean_sd(o.stored, 2) + " per run)";
  o.ours_attractors = format_fixed(attractor_total + stored_attractor_total, 0) + " of " +
                      format_fixed(found_total + stored_total, 0) +
                      " fixed points are attractors (from items and from " +
                      std::to_string(settings.fixed_point_random_starts()) +
                      " random starts); largest spectral radius " + format_fixed(max_radius.empty() ? 0 : *std::max_element(max_radius.begin(), max_radius.end()), 3);
  o.all_attractors = attractor_total + stored_attractor_total == found_total + stored_total;
  return o;
}

// Sections 6.1 and 6.2 (Fig. 6c, 7, 9c, 10): does the under- or overparameterized teacher reach
// the loss criterion, how many prediction singular values survive, how many items it stores.
void add_training_claims(const ReplaySettings& settings, const TeacherScenario& scenario, const ItemTable& items,
                         const TeacherOutcome& o, ClaimsTable& claims) {
  const std::string threshold = format_number(settings.singular_value_threshold());
  if (scenario.hidden <= 3) {
    claims.add(thesis_claim("6.1", "Underparameterized teacher (" + std::to_string(scenario.hidden) +
                                 " hidden) never reaches mean loss 1e-3 and stops on the change criterion; item loss about 0.5 at the end",
                      o.ours_training,
                      o.reached > 0                            ? "does not hold"
                      : std::abs(mean(o.final_mean) - 0.5) < 0.25 ? "holds"
                                                                : "partly: never below 1e-3, but the loss is not about 0.5"));
    claims.add(thesis_claim("6c", "Underparameterized: 5 of 8 prediction singular values nonzero after training",
                      mean_sd(o.nonzero, 2) + " singular values above " + threshold,
                      std::abs(mean(o.nonzero) - 5) < 0.5 ? "holds" : "does not hold"));
    claims.add(thesis_claim("7", "Underparameterized: not every item is stored as an attractor (about 3 attractors, none exactly an item)",
                      o.ours_fixed + "; distinct fixed points from random starts " + mean_sd(o.found, 2) + ", of them not near any item " +
                          mean_sd(o.spurious, 2),
                      mean(o.stored) < static_cast<double>(items.size()) ? "holds" : "does not hold"));
  } else {
    claims.add(thesis_claim("6.2", "Overparameterized teacher (" + std::to_string(scenario.hidden) +
                                 " hidden) reaches mean item loss < 1e-3 (the loss criterion stops it)",
                      o.ours_training + "; final mean item loss < " + format_number(settings.training().stop_loss) + " in " +
                          std::to_string(o.reached) + " of " + std::to_string(o.final_mean.size()) + " runs",
                      2 * o.reached > static_cast<int>(o.final_mean.size()) ? "holds" : "does not hold"));
    claims.add(thesis_claim("9c", "Overparameterized: 6 of 8 prediction singular values nonzero after training",
                      mean_sd(o.nonzero, 2) + " singular values above " + threshold,
                      std::abs(mean(o.nonzero) - 6) < 0.5 ? "holds" : "does not hold"));
    claims.add(thesis_claim("10", "Overparameterized: all items except Pine stored as attractors (7 of 8); Oak and Pine share one",
                      o.ours_fixed + "; spurious fixed points (not near any item) " + mean_sd(o.spurious, 2),
                      mean(o.stored) >= 0.75 * static_cast<double>(items.size()) ? "holds (most items)" : "does not hold"));
  }
}

// Fig. 6b, a named-item claim of the discussion: the underparameterized teacher learns Rose best.
void add_rose_loss_claim(const ReplaySettings& settings, const TeacherScenario& scenario, const RowTable& rows,
                         const TeacherOutcome& o, ClaimsTable& claims) {
  const auto rose = curves_over_runs(rows, scenario.name(), "loss/Rose", settings.training().record_every, scenario.max_epochs);
  int lower = 0;
  for (size_t r = 0; r < rose.runs.size() && r < o.final_loss.runs.size(); ++r) lower += rose.runs[r].back() < o.final_loss.runs[r].back();
  claims.add(thesis_claim("6b", "Underparameterized: Rose consistently reaches a much lower than average loss",
                    "Rose's final loss below the mean item loss in " + std::to_string(lower) + " of " + std::to_string(rose.runs.size()) + " runs",
                    lower * 4 >= 3 * static_cast<int>(rose.runs.size()) ? "holds" : "does not hold"));
}

}  // namespace

void ReplayTeacherExperiment::summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                            const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const {
  write_item_structure(items, dir, content);
  std::ostringstream table, summary;
  table << "teacher,item,runs,stored_fraction,attractor_fraction,spectral_radius_mean,final_loss_mean,final_loss_sd,"
           "attractor_distance_mean\n";
  const bool has_rose = std::find(items.items.begin(), items.items.end(), "Rose") != items.items.end();
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    const std::string label = "teacher, " + std::to_string(scenario.hidden) + " hidden";
    plot_training(settings, rows, c, label, items, scenario.max_epochs, true, dir, content);
    plot_latent_map(settings, rows, c, items, dir, content);
    plot_trajectories(rows, c, label, items, dir, content);
    plot_stored_items(settings, scenario, label, rows, items, table, dir, content);

    const auto outcome = teacher_outcome(settings, scenario, rows, items);
    add_training_claims(settings, scenario, items, outcome, claims);
    if (scenario.hidden <= 3 && has_rose) add_rose_loss_claim(settings, scenario, rows, outcome, claims);
    add_attractor_claims(scenario, rows, items, claims);
    claims.add(thesis_claim("7", std::to_string(scenario.hidden) + " hidden: every iterative fixed point found is an attractor (Jacobian spectral radius < 1)",
                      outcome.ours_attractors, outcome.all_attractors ? "holds" : "does not hold"));
    summary << "<p>" << html_escape(label) << ": " << html_escape(outcome.ours_training) << ". " << html_escape(outcome.ours_fixed)
            << ".</p>\n";
  }
  write_file_atomic(dir / "fixed_points.csv", table.str());
  content.tables.push_back({"fixed_points.csv", "Per item: fraction of runs where it is stored as an iterative fixed point, as an attractor, "
                                                "mean spectral radius at its limit, final loss, hidden-space distance from its encoding to its limit's"});
  content.summary_html += summary.str();
}

}  // namespace reverie
