// replay-teacher-hidden-sizes: seed 002 section 7's exploratory analysis. "Fixed points which were
// not attractors only arose for a large hidden dimension (>= 64); spurious attractors (attractor
// states not in X in an overparameterized model) also started to appear at this level."
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/random.h"
#include "reverie/dynamics/fixed_point_roots.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

// Section 7's threshold: "a large hidden dimension (>= 64)".
constexpr int64_t kLargeHidden = 64;

// The figure's series; distinct fixed points = attractors + non-attractors (hidden_sizes.csv).
const char* kCensusMetrics[] = {"attractors", "non_attractor_fixed_points", "spurious_attractors", "items_stored",
                                "root_fixed_points", "root_non_attractor_fixed_points"};
const char* kCensusLabels[] = {"attractors", "non-attractors (iteration)", "spurious attractors", "items stored",
                               "fixed points (root search)", "non-attractors (root search)"};

// Rows of one census under `prefix` ("" for iteration, "root_" for the root search).
void append_census_rows(std::vector<TidyRow>& rows, int run, const std::string& c, const std::string& prefix,
                        const FixedPointCensus& census) {
  rows.push_back({run, c, 0, prefix + "fixed_points", static_cast<double>(census.fixed_points)});
  rows.push_back({run, c, 0, prefix + "attractors", static_cast<double>(census.attractors)});
  rows.push_back({run, c, 0, prefix + "non_attractor_fixed_points", static_cast<double>(census.non_attractors)});
  rows.push_back({run, c, 0, prefix + "spurious_attractors", static_cast<double>(census.spurious_attractors)});
  rows.push_back({run, c, 0, prefix + "max_spectral_radius", census.max_spectral_radius});
}

}  // namespace

int64_t ReplayHiddenSizesExperiment::part_work(const ReplaySettings& settings) const {
  int64_t epochs = 0;
  for (const auto& s : teacher_scenarios(settings)) epochs += s.max_epochs;
  return epochs;
}

std::vector<TidyRow> ReplayHiddenSizesExperiment::run_part(const ReplaySettings& settings, const ItemTable& items, int run,
                                                           Progress& progress) const {
  std::vector<TidyRow> rows;
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    auto teacher = train_teacher(settings, items, scenario, run, [&] { progress.advance(1); });
    progress.advance(scenario.max_epochs - teacher.history.epochs);
    const StepMap step = teacher.step();
    int64_t stored = 0;
    for (const auto& f : item_fixed_points(step, items.values, settings.fixed_point_max_steps(), settings.fixed_point_tolerance(),
                                           settings.fixed_point_item_tolerance()))
      stored += f.stored;
    // The fixed points reached from the items themselves (an item can be a fixed point that is no
    // attractor) and from the random starts replay would use.
    const auto starts = torch::cat({items.values, fixed_point_starts(settings, items.features(), run, c)});
    const auto iterated = distinct_fixed_points(step, starts, items.values, settings.fixed_point_max_steps(),
                                                settings.fixed_point_tolerance(), settings.fixed_point_merge_distance());
    const auto census = fixed_point_census(iterated, settings.fixed_point_item_tolerance());
    const auto& last = teacher.history.records.back();
    double loss = 0;
    for (double l : last.item_loss) loss += l / static_cast<double>(items.size());
    rows.push_back({run, c, 0, "hidden", static_cast<double>(scenario.hidden)});
    rows.push_back({run, c, 0, "epochs_trained", static_cast<double>(teacher.history.epochs)});
    rows.push_back({run, c, 0, "final_mean_loss", loss});
    rows.push_back({run, c, 0, "items_stored", static_cast<double>(stored)});
    append_census_rows(rows, run, c, "", census);
    // Iteration settles only in stable fixed points: Newton's method on f(x) = x finds unstable ones too.
    auto generator = make_generator(derive_seed(settings.seed(), "root-starts/" + std::to_string(run) + "/" + c));
    // From the items, the random starts and iteration's limits (so every fixed point iteration found is counted again).
    std::vector<torch::Tensor> start_sets = {items.values, torch::rand({settings.fixed_point_root_starts(), items.features()}, generator)};
    for (const auto& f : iterated) start_sets.push_back(f.state.unsqueeze(0));
    const auto root_starts = torch::cat(start_sets);
    RootSearchOptions search;
    search.max_steps = settings.fixed_point_root_steps();
    search.tolerance = settings.fixed_point_root_tolerance();
    const auto roots = newton_fixed_points(step, root_starts, search);
    append_census_rows(rows, run, c, "root_",
                       fixed_point_census(distinct_limits(step, roots, items.values, settings.fixed_point_merge_distance()),
                                          settings.fixed_point_item_tolerance()));
  }
  return rows;
}

namespace {

// "h2 0.00 +- 0.00 (0 of 25 runs), h8 ...": a count per size, and the runs in which it is nonzero.
struct SizeCounts {
  std::string text;
  double below = 0, above = 0;  // summed over runs: sizes under kLargeHidden (from `smallest` up), and from it on
  bool any_below = false, any_above = false;  // sizes of each kind configured
};

SizeCounts counts_by_size(const ReplaySettings& settings, const RowTable& rows, const std::string& metric, int64_t smallest) {
  SizeCounts out;
  for (const auto& scenario : teacher_scenarios(settings)) {
    if (scenario.hidden < smallest) continue;
    const auto v = rows.at_step(scenario.name(), metric);
    int nonzero = 0;
    double sum = 0;
    for (double x : v) {
      nonzero += x > 0;
      sum += x;
    }
    out.text += (out.text.empty() ? "h" : ", h") + std::to_string(scenario.hidden) + " " + mean_sd(v, 2) + " (" +
                std::to_string(nonzero) + " of " + std::to_string(v.size()) + " runs)";
    (scenario.hidden < kLargeHidden ? out.below : out.above) += sum;
    (scenario.hidden < kLargeHidden ? out.any_below : out.any_above) = true;
  }
  return out;
}

std::string threshold_verdict(const SizeCounts& c) {
  if (!c.any_below || !c.any_above) return "n/a (teacher.hidden needs sizes below and from 64)";
  if (c.below > 0) return "does not hold (also below 64)";
  return c.above > 0 ? "holds" : "does not hold (none at any size)";
}

}  // namespace

void ReplayHiddenSizesExperiment::summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                                                 const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const {
  const auto scenarios = teacher_scenarios(settings);
  std::ostringstream table;
  table << "hidden,runs,epochs_mean,final_mean_loss_mean,items_stored_mean,fixed_points_mean,attractors_mean,"
           "non_attractor_fixed_points_mean,runs_with_non_attractor,spurious_attractors_mean,runs_with_spurious,max_spectral_radius,"
           "root_fixed_points_mean,root_non_attractor_fixed_points_mean,runs_with_root_non_attractor,root_spurious_attractors_mean,"
           "root_max_spectral_radius\n";
  LinePlot plot{"hidden_sizes-fixed_points", "Sec. 7: fixed points of the teacher against its hidden size", "", "count per run (mean +- s.e.)", {}};
  std::vector<double> x;
  std::string ticks;
  for (const auto& s : scenarios) {
    x.push_back(std::log2(static_cast<double>(s.hidden)));
    const int decimals = x.back() == std::floor(x.back()) ? 0 : 2;
    ticks += (ticks.empty() ? "" : ", ") + format_fixed(x.back(), decimals) + " = " + std::to_string(s.hidden);
  }
  plot.xlabel = "log2(teacher hidden units): " + ticks;
  for (size_t m = 0; m < std::size(kCensusMetrics); ++m) {
    std::vector<std::vector<double>> runs;  // runs x sizes
    for (size_t k = 0; k < scenarios.size(); ++k) {
      const auto v = rows.at_step(scenarios[k].name(), kCensusMetrics[m]);
      for (size_t r = 0; r < v.size(); ++r) {
        if (runs.size() <= r) runs.emplace_back(scenarios.size(), 0.0);
        runs[r][k] = v[r];
      }
    }
    if (!runs.empty()) plot.series.push_back(band_over_runs(kCensusLabels[m], x, runs));
  }
  for (const auto& s : scenarios) {
    const std::string c = s.name();
    const auto count_nonzero = [&](const char* metric) {
      int n = 0;
      for (double v : rows.at_step(c, metric)) n += v > 0;
      return n;
    };
    const auto largest = [&](const char* metric) {
      const auto v = rows.at_step(c, metric);
      return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
    };
    table << s.hidden << "," << rows.at_step(c, "fixed_points").size() << "," << format_number(mean(rows.at_step(c, "epochs_trained")))
          << "," << format_number(mean(rows.at_step(c, "final_mean_loss"))) << "," << format_number(mean(rows.at_step(c, "items_stored")))
          << "," << format_number(mean(rows.at_step(c, "fixed_points"))) << "," << format_number(mean(rows.at_step(c, "attractors")))
          << "," << format_number(mean(rows.at_step(c, "non_attractor_fixed_points"))) << "," << count_nonzero("non_attractor_fixed_points")
          << "," << format_number(mean(rows.at_step(c, "spurious_attractors"))) << "," << count_nonzero("spurious_attractors") << ","
          << format_number(largest("max_spectral_radius")) << "," << format_number(mean(rows.at_step(c, "root_fixed_points"))) << ","
          << format_number(mean(rows.at_step(c, "root_non_attractor_fixed_points"))) << ","
          << count_nonzero("root_non_attractor_fixed_points") << "," << format_number(mean(rows.at_step(c, "root_spurious_attractors")))
          << "," << format_number(largest("root_max_spectral_radius")) << "\n";
  }
  write_file_atomic(dir / "hidden_sizes.csv", table.str());
  content.tables.push_back({"hidden_sizes.csv", "Per teacher hidden size: training, items stored, distinct fixed points, attractors, "
                                                "non-attractor fixed points and spurious attractors (means over runs; runs with any)"});
  draw(plot, dir);
  content.figures.push_back(
      {plot.name, plot.title + ", mean +- standard error over runs. Distinct fixed points reached by iteration from the items and from " +
                      std::to_string(settings.fixed_point_random_starts()) +
                      " U(0, 1) starts (limits within " + format_number(settings.fixed_point_merge_distance()) +
                      " merged); a non-attractor fixed point has Jacobian spectral radius >= 1; a spurious attractor is an attractor "
                      "with no item within " + format_number(settings.fixed_point_item_tolerance()) +
                      " in every coordinate; items stored: iteration from the item converges within that distance of it. "
                      "Root search: Newton's method on f(x) = x from the items and " +
                      std::to_string(settings.fixed_point_root_starts()) + " U(0, 1) starts, which also finds unstable fixed points. "
                      "A count of 0 lies on the x axis. Numbers: hidden_sizes.csv."});

  // The root search answers the claim (iteration cannot find an unstable fixed point); iteration's census stays beside it.
  const auto root_non_attractors = counts_by_size(settings, rows, "root_non_attractor_fixed_points", 0);
  claims.add(thesis_claim("Sec. 7", "Fixed points which are not attractors (Jacobian spectral radius >= 1) only arise for a hidden size >= 64",
                          "non-attractor fixed points per run, root search of f(x) = x: " + root_non_attractors.text,
                          threshold_verdict(root_non_attractors)));
  const auto non_attractors = counts_by_size(settings, rows, "non_attractor_fixed_points", 0);
  claims.add(thesis_claim("Sec. 7", "Fixed points which are not attractors only arise for a hidden size >= 64, among the limits of iteration "
                          "(stable ones only, so a weak test)",
                          "non-attractor fixed points per run, iteration: " + non_attractors.text, threshold_verdict(non_attractors)));
  // "In an overparameterized model": our reading, at least as many hidden units as items.
  const auto spurious = counts_by_size(settings, rows, "spurious_attractors", items.size());
  claims.add(thesis_claim("Sec. 7", "Spurious attractors (attractors not an item) start to appear in overparameterized models at hidden size >= 64",
                          "spurious attractors per run (teachers with >= " + std::to_string(items.size()) + " hidden units): " +
                              (spurious.text.empty() ? "none configured" : spurious.text),
                          threshold_verdict(spurious)));
}

}  // namespace reverie
