#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/analysis/rank_statistics.h"
#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/random.h"
#include "reverie/experiments/multiscale/experiment.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"
#include "reverie/report/row_table.h"
#include "parts.h"

// The multi-scale experiments' report: error curves, timescale un-mixing (matching,
// selectivity, A.14's correlations), hidden traces and the claims.
namespace reverie {

namespace {

TimescaleUnmixing unmixing_of(const RowTable& table, const std::string& model, size_t run, int64_t hidden,
                              const std::vector<std::string>& groups) {
  std::vector<std::vector<double>> r2(hidden, std::vector<double>(groups.size()));
  for (int64_t j = 0; j < hidden; ++j)
    for (size_t g = 0; g < groups.size(); ++g) r2[j][g] = table.last_per_run(model, r2_metric(j, groups[g]))[run];
  return timescale_unmixing(r2);
}

// "fast-changing row (every 1)" for the papers' three rows, else "row changing every k".
std::string row_name(const MultiscaleSettings& s, const std::string& group) {
  const auto& every = s.stream().change_every;
  const std::vector<std::string> speeds = {"fast-changing", "medium-changing", "slow-changing"};
  const auto g = static_cast<size_t>(std::find(every.begin(), every.end(), std::stoll(group.substr(5))) - every.begin());
  const bool papers = every.size() == 3 && every[0] < every[1] && every[1] < every[2];
  return papers ? speeds[g] + " row (every " + std::to_string(every[g]) + ")" : "row changing " + group;
}

// A.14 for multi-scale leaky + reset: per run and unit, the unit's r^2 with the fast row against
// the fast row's final reconstruction error: a scatter (one point per run and unit), its array,
// and one claims row per unit (Pearson r over runs with a bootstrap interval over runs).
std::vector<Claim> a14_correlations(const MultiscaleSettings& s, const RowTable& table, const std::filesystem::path& dir,
                                    ReportContent& content) {
  const std::string model = "multiscale-reset";
  const auto groups = group_names(s);
  const auto units = unit_names(s);
  const int64_t hidden = s.hidden(), runs = s.runs();
  const auto fast_error = table.last_per_run(model, "error/" + groups.front());
  std::vector<std::vector<double>> r2_fast(hidden);
  for (int64_t j = 0; j < hidden; ++j) r2_fast[j] = table.last_per_run(model, r2_metric(j, groups.front()));

  ClassMap scatter{"a14-fast_row_r2_vs_error", "A.14: multi-scale leaky + reset, each unit's r^2 with the fast row vs its error",
                   "r^2 of the unit with the fast-changing row", "fast-row test error (end of training)", "", units, {}, {},
                   {}, {}, {}};
  scatter.point_size = 1.2;
  NpyArray array{{runs, hidden, 2}, {}, {{"run", {}}, {"hidden_unit", units}, {"value", {"r2_with_fast_row", "fast_row_error"}}}};
  for (int64_t r = 0; r < runs; ++r)
    for (int64_t j = 0; j < hidden; ++j) {
      scatter.points.push_back({r2_fast[j][r], fast_error[r]});
      scatter.point_class.push_back(j);
      array.data.push_back(r2_fast[j][r]);
      array.data.push_back(fast_error[r]);
    }
  draw(scatter, dir);
  write_npy(dir / "a14_fast_row_r2_vs_error.npy", array);
  content.figures.push_back({scatter.name, scatter.title + ". One point per run and unit (" + std::to_string(runs) +
                                               " runs; a unit that never varies has r^2 = 0). Paper: the memory units' "
                                               "points rise to the right, the no-memory unit's do not."});

  // Each unit, then the memory units together: their mean r^2 with the fast row (the paper's hypothesis (i)).
  std::vector<std::pair<std::string, std::vector<double>>> series;
  for (int64_t j = 0; j < hidden; ++j) series.emplace_back(units[j] + "'s r^2", r2_fast[j]);
  std::vector<double> memory_mean(runs, 0.0);
  for (int64_t r = 0; r < runs; ++r)
    for (int64_t j = 1; j < hidden; ++j) memory_mean[r] += r2_fast[j][r] / static_cast<double>(hidden - 1);
  series.emplace_back("the memory units' mean r^2", memory_mean);
  const auto three = [](double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return std::string(text);
  };

  std::vector<Claim> claims;
  const std::string n = std::to_string(runs) + (runs == 1 ? " run" : " runs");
  for (size_t k = 0; k < series.size(); ++k) {
    const auto& [name, x] = series[k];
    const bool no_memory = k == 0 && s.multiscale_alpha().front() == 0;  // hypothesis (ii): not positive
    Claim c{model, "A.14", "r(" + name + " with the fast row, fast-row error) across runs",
            no_memory ? "not positive" : "positive", "", n, "", std::nullopt};
    if (runs < 3) {
      c.ours = "n/a";
      c.verdict = runs == 1 ? "n/a (one run)" : "n/a (" + n + ": a correlation over runs needs 3)";
    } else {
      const auto b = bootstrap_correlation(x, fast_error, s.bootstrap_resamples(), derive_seed(s.seed(), "a14/" + name));
      const bool defined = std::isfinite(b.r) && std::isfinite(b.bootstrap.ci_low);
      c.ours = !std::isfinite(b.r) ? "undefined (r^2 constant over runs)"
                                   : three(b.r) + " [" + three(b.bootstrap.ci_low) + ", " + three(b.bootstrap.ci_high) +
                                         "] (bootstrap 95%)";
      // positive: the interval above zero; not positive: the interval not above zero.
      c.verdict = !defined ? "n.s."
                  : no_memory ? (b.bootstrap.ci_low > 0 ? "does not hold" : "holds")
                              : (b.bootstrap.ci_low > 0 ? "holds" : b.bootstrap.ci_high < 0 ? "does not hold" : "n.s.");
    }
    claims.push_back(c);
  }
  return claims;
}

}  // namespace

namespace {

// What every section of the report reads: the settings, the rows as a table, the folder.
struct MultiscaleReport {
  const MultiscaleSettings& s;
  const std::vector<TidyRow>& rows;
  const RowTable table;
  const std::filesystem::path& dir;
  ReportContent& content;
  const std::vector<std::string> groups = group_names(s);
  const std::vector<std::string> units = unit_names(s);
  const uint64_t stats_seed = derive_seed(s.seed(), "statistics");
};

// Fig. 3D / A.2.2: reconstruction test error along training; A.13: per-row error.
void error_figures(const MultiscaleReport& report) {
  const auto& models = report.s.models();
  const auto steps = report.table.steps(models.front(), kMultiscaleError);  // every model is evaluated at the same steps
  LinePlot errors{"test_error", "Reconstruction test error (MSE on the held-out stream, memory on)", "training items", "test error", {}};
  for (const auto& m : models)
    errors.series.push_back(band_over_runs(multiscale_model_label(m), steps, report.table.by_run(m, kMultiscaleError)));
  draw(errors, report.dir);
  report.content.figures.push_back(
      {errors.name, errors.title + ". Mean +- standard error over " + std::to_string(report.s.runs()) + " runs."});
  for (const auto& m : models) {
    LinePlot per_row{m + "-row_error", multiscale_model_label(m) + ": test error per row (A.13)", "training items", "test error", {}};
    for (const auto& g : report.groups)
      per_row.series.push_back(band_over_runs("row changing " + g, steps, report.table.by_run(m, "error/" + g)));
    draw(per_row, report.dir);
    report.content.figures.push_back({per_row.name, per_row.title + ". Mean +- standard error over runs."});
  }
}

// Every run's r^2 of each model's hidden unit with each row, as one array.
void write_r2_array(const MultiscaleReport& report) {
  const auto& models = report.s.models();
  const int64_t hidden = report.s.hidden(), runs = report.s.runs();
  std::vector<std::string> unit_labels;
  for (int64_t j = 0; j < hidden; ++j) unit_labels.push_back("unit" + std::to_string(j));
  NpyArray r2_array{{runs, static_cast<int64_t>(models.size()), hidden, static_cast<int64_t>(report.groups.size())},
                    {},
                    {{"run", {}}, {"model", models}, {"hidden_unit", unit_labels}, {"stream_row", report.groups}}};
  for (int64_t r = 0; r < runs; ++r)
    for (const auto& m : models)
      for (int64_t j = 0; j < hidden; ++j)
        for (const auto& g : report.groups) r2_array.data.push_back(report.table.last_per_run(m, r2_metric(j, g))[r]);
  write_npy(report.dir / "r2_runs_models_units_rows.npy", r2_array);
}

// Un-mixing per run of each model: the values the claims compare (negated where lower is worse).
struct UnmixingPerRun {
  std::map<std::string, std::vector<double>> matching, selectivity, neg_matching, neg_selectivity;
};

// The un-mixing figures of the report, filled one model at a time, and unmixing.csv's text.
struct UnmixingFigures {
  std::ostringstream csv;
  BarChart match_bars{"timescale_matching", "Timescale matching: r^2 of each unit with its own row, mean over units",
                      "squared Pearson correlation", {}, {}, {}};
  BarChart select_bars{"timescale_selectivity", "Timescale selectivity: matching minus non-matching r^2, mean over units",
                       "r^2 difference", {}, {}, {}};
  Heatmap select_map{"selectivity_per_unit", "Timescale selectivity per unit (mean over runs)", "hidden unit (matched row)", "model", {}, {}, {}};
};

// One model's un-mixing: its runs' measures, its bars, rows of the csv and selectivity map, and its r^2 map.
void add_model_unmixing(const MultiscaleReport& report, const std::string& m, UnmixingPerRun& per_run, UnmixingFigures& figures) {
  const int64_t hidden = report.s.hidden(), runs = report.s.runs();
  const int64_t resamples = report.s.bootstrap_resamples();
  const auto& groups = report.groups;
  std::vector<std::vector<double>> per_unit_select(hidden);
  std::vector<std::vector<double>> r2_mean(hidden, std::vector<double>(groups.size(), 0.0));
  for (int64_t r = 0; r < runs; ++r) {
    const auto u = unmixing_of(report.table, m, r, hidden, groups);
    per_run.matching[m].push_back(u.mean_matching);
    per_run.selectivity[m].push_back(u.mean_selectivity);
    per_run.neg_matching[m].push_back(-u.mean_matching);
    per_run.neg_selectivity[m].push_back(-u.mean_selectivity);
    for (int64_t j = 0; j < hidden; ++j) {
      per_unit_select[j].push_back(u.selectivity[j]);
      for (size_t g = 0; g < groups.size(); ++g) r2_mean[j][g] += report.table.last_per_run(m, r2_metric(j, groups[g]))[r] / runs;
    }
  }
  auto& csv = figures.csv;
  const auto csv_row = [&](const std::string& measure, const std::string& unit, const std::vector<double>& values,
                           const BootstrapSummary& b) {
    csv << m << "," << measure << "," << unit << "," << runs << "," << format_number(mean(values)) << "," << format_number(b.mean)
        << "," << format_number(b.sd) << "," << format_number(b.ci_low) << "," << format_number(b.ci_high) << "\n";
  };
  const auto& active = report.table.last_per_run(m, "active_units");
  csv << m << ",active_units,mean," << runs << "," << format_number(mean(active)) << ",,,,\n";
  const auto bm = bootstrap_mean(per_run.matching[m], resamples, derive_seed(report.stats_seed, "matching/" + m));
  const auto bs = bootstrap_mean(per_run.selectivity[m], resamples, derive_seed(report.stats_seed, "selectivity/" + m));
  csv_row("matching", "mean", per_run.matching[m], bm);
  csv_row("selectivity", "mean", per_run.selectivity[m], bs);
  for (auto [bars, b] : {std::pair{&figures.match_bars, bm}, std::pair{&figures.select_bars, bs}}) {
    bars->labels.push_back(multiscale_model_label(m));
    bars->values.push_back(b.mean);
    bars->errors.push_back(b.sd);
  }
  figures.select_map.row_labels.push_back(multiscale_model_label(m));
  std::vector<double> row;
  for (int64_t j = 0; j < hidden; ++j) {
    const auto b = bootstrap_mean(per_unit_select[j], resamples, derive_seed(report.stats_seed, "unit/" + m + std::to_string(j)));
    csv_row("selectivity", std::to_string(j), per_unit_select[j], b);
    row.push_back(mean(per_unit_select[j]));
  }
  figures.select_map.values.push_back(row);
  Heatmap r2_map{m + "-r2", multiscale_model_label(m) + ": r^2 of hidden unit with row (mean over runs)", "row", "hidden unit", groups, {}, r2_mean};
  r2_map.row_labels = report.units;
  draw(r2_map, report.dir);
  report.content.figures.push_back({r2_map.name, r2_map.title + ". Squared Pearson correlation on the held-out stream after training."});
}

// Fig. 3E, seed 000 Fig. 2H/I: un-mixing per run and model, its figures and unmixing.csv.
UnmixingPerRun unmixing_section(const MultiscaleReport& report) {
  UnmixingPerRun per_run;
  UnmixingFigures figures;
  figures.csv << "model,measure,unit,runs,mean,boot_mean,boot_sd,boot_ci_low,boot_ci_high\n";
  for (int64_t j = 0; j < report.s.hidden(); ++j)
    figures.select_map.column_labels.push_back(report.units[j] + " (" + report.groups[j] + ")");
  write_r2_array(report);
  for (const auto& m : report.s.models()) add_model_unmixing(report, m, per_run, figures);
  const std::string bar_note = " Bars: mean of " + std::to_string(report.s.bootstrap_resamples()) + " bootstrap means over " +
                               std::to_string(report.s.runs()) + " runs; error bars: their standard deviation (the papers' statistic).";
  for (const auto* bars : {&figures.match_bars, &figures.select_bars}) {
    draw(*bars, report.dir);
    report.content.figures.push_back({bars->name, bars->title + "." + bar_note});
  }
  draw(figures.select_map, report.dir);
  report.content.figures.push_back({figures.select_map.name, figures.select_map.title});
  write_file_atomic(report.dir / "unmixing.csv", figures.csv.str());
  return per_run;
}

// One metric of one run and condition along the held-out stream, as a band without spread.
BandSeries trace_of(const std::vector<TidyRow>& rows, int64_t run, const std::string& condition, const std::string& metric,
                    const std::string& label) {
  BandSeries series{label, {}, {}, {}, {}};
  for (const auto& r : rows)
    if (r.run == run && r.condition == condition && r.metric == metric) {
      series.x.push_back(static_cast<double>(r.step));
      series.mean.push_back(r.value);
    }
  series.low = series.high = series.mean;
  return series;
}

// A.15: hidden-unit traces on the held-out stream (the same stream in every run) of the runs in trace_runs.
void trace_figures(const MultiscaleReport& report) {
  const auto& s = report.s;
  const int64_t hidden = s.hidden();
  std::vector<int64_t> traced;
  for (const int64_t run : s.trace_runs())
    if (run < s.runs()) traced.push_back(run);  // those not run are skipped
  if (s.trace_items() <= 0 || traced.empty()) return;
  LinePlot inputs{"traces-stream", "A.15: held-out stream, first element of each row", "held-out item", "input", {}};
  for (const auto& g : report.groups) inputs.series.push_back(trace_of(report.rows, traced.front(), "stream", "trace/" + g, row_name(s, g)));
  draw(inputs, report.dir);
  report.content.figures.push_back({inputs.name, inputs.title});
  for (const int64_t run : traced) {
    for (const auto& m : s.models()) {
      // With RMSprop momentum 0.9 most units die (CLAIMS.md): say how many traces can move.
      const double alive = report.table.last_per_run(m, "active_units")[run] * static_cast<double>(hidden);
      LinePlot plot{m + "-traces-run" + std::to_string(run),
                    "A.15: " + multiscale_model_label(m) + ", hidden units on the held-out stream, run " + std::to_string(run),
                    "held-out item", "activity", {}};
      for (int64_t j = 0; j < hidden; ++j)
        plot.series.push_back(trace_of(report.rows, run, m, "trace/unit" + std::to_string(j), report.units[j]));
      draw(plot, report.dir);
      report.content.figures.push_back({plot.name, plot.title + ". " + std::to_string(std::llround(alive)) + " of " +
                                                       std::to_string(hidden) + " units vary on the held-out stream in this run "
                                                       "(a dead ReLU stays at 0). Each unit is paired with the row of the same "
                                                       "position: no memory with the fastest row, the longest memory with the "
                                                       "slowest. Key trace_runs picks the runs drawn."});
    }
  }
}

// The paired claims of Fig. 3D/E, 5.2.2-5.2.3 and A.13, each over the pairs of models that were run.
std::vector<CheckedClaim> paired_claims(const MultiscaleReport& report, const UnmixingPerRun& unmixing) {
  const auto& models = report.s.models();
  const auto& groups = report.groups;
  const auto has = [&](const std::string& m) { return std::find(models.begin(), models.end(), m) != models.end(); };
  std::vector<CheckedClaim> claims;
  const auto check = [&](const std::string& text, const std::map<std::string, std::vector<double>>& values,
                         const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::pair<std::string, std::string>> present;
    for (const auto& p : pairs)
      if (values.count(p.first) && values.count(p.second)) present.push_back(p);
    if (!present.empty())
      claims.push_back({text, check_pairs(values, present, report.s.bootstrap_resamples(), derive_seed(report.stats_seed, text))});
  };
  std::map<std::string, std::vector<double>> final_error, mean_error, learned;
  std::vector<std::pair<std::string, std::string>> learned_pairs, reset_beats_others, multiscale_reset_first;
  for (const auto& m : models) {
    final_error[m] = learned[m] = report.table.last_per_run(m, kMultiscaleError);
    mean_error[m] = report.table.mean_per_run(m, kMultiscaleError);
    for (const auto& c : report.table.by_run(m, kMultiscaleError)) learned[m + " at start"].push_back(c.front());
    learned_pairs.emplace_back(m, m + " at start");
    if (m != "multiscale-reset") multiscale_reset_first.emplace_back("multiscale-reset", m);
  }
  check("all learn: every autoencoder lowers its reconstruction error (Fig. 3D)", learned, learned_pairs);
  for (const auto& r : {"leaky-reset", "multiscale-reset"})
    for (const auto& n : {"memoryless", "leaky", "multiscale"}) reset_beats_others.emplace_back(r, n);
  check("selectivity vs memoryless: multi-scale leaky + reset is more timescale-selective than no memory (Fig. 3E)",
        unmixing.neg_selectivity, {{"multiscale-reset", "memoryless"}});
  check("selectivity: the models with memory and reset un-mix best (Fig. 3E, section 5.2.3)", unmixing.neg_selectivity,
        reset_beats_others);
  check("matching: multi-scale leaky + reset matches timescales best (seed 000 Fig. 2H)", unmixing.neg_matching, multiscale_reset_first);
  check("no memory reconstructs best: slightly lower end-of-training error than every model with memory (5.2.3, A.14)",
        final_error, {{"memoryless", "leaky"}, {"memoryless", "multiscale"}, {"memoryless", "leaky-reset"}, {"memoryless", "multiscale-reset"}});
  check("efficiency: leaky + reset, multi-scale + reset and no memory learn fastest (mean error over training, 5.2.2)", mean_error,
        {{"leaky-reset", "leaky"}, {"leaky-reset", "multiscale"}, {"multiscale-reset", "leaky"}, {"multiscale-reset", "multiscale"},
         {"memoryless", "leaky"}, {"memoryless", "multiscale"}});
  // A.13: with memory and reset the slow row is learned faster than the fast row.
  std::map<std::string, std::vector<double>> row_error;
  std::vector<std::pair<std::string, std::string>> row_pairs;
  for (const std::string m : {"leaky-reset", "multiscale-reset"})
    if (has(m)) {
      row_error[m + " " + groups.back()] = report.table.mean_per_run(m, "error/" + groups.back());
      row_error[m + " " + groups.front()] = report.table.mean_per_run(m, "error/" + groups.front());
      row_pairs.emplace_back(m + " " + groups.back(), m + " " + groups.front());
    }
  check("per-row error: slow row below fast row for models with memory and reset (A.13, mean error over training)", row_error, row_pairs);
  return claims;
}

// The report's opening paragraph and claim list; the claims also go to claims.csv.
std::string claims_summary(const MultiscaleSettings& s, const std::vector<CheckedClaim>& claims, const std::vector<Claim>& a14_claims,
                           const std::filesystem::path& dir) {
  std::ostringstream summary;
  ClaimsTable claims_table;
  const int64_t hidden = s.hidden();
  summary << "<p>" << s.runs() << " runs; autoencoders " << (hidden * 2) << "-" << hidden << "-" << (hidden * 2)
          << " trained one item at a time with " << optimizer_name(s.optimization().optimizer) << " (lr "
          << format_number(s.optimization().learning_rate) << "), leak " << format_number(s.leak_alpha())
          << ", multi-scale alpha per unit, reset " << name_of(reset_rule_choices(), s.reset_rule()) << "; leak gradient "
          << name_of(leak_gradient_choices(), s.leak_gradient())
          << ". A claim's step \"a &lt; b\" holds when the 95% Student-t interval of the mean paired difference over runs lies "
             "above zero (bootstrap intervals in claims.csv; for matching and selectivity the values compared are negated, "
             "so lower is better).</p>\n<ul>\n";
  for (const auto& c : claims) {
    claims_table.add("", c);
    summary << claim_summary_html(c);
  }
  for (const auto& c : a14_claims) {
    claims_table.add(c);
    summary << "<li>" << html_escape(c.claim) << ": " << html_escape(c.ours) << " over " << c.n << " (paper: " << c.paper
            << "): " << c.verdict << "</li>\n";
  }
  summary << "</ul>\n";
  claims_table.write(dir);
  return summary.str();
}

}  // namespace

ReportContent MultiscaleExperiment::summarize_runs(const MultiscaleSettings& s, const std::vector<TidyRow>& rows,
                                                   const std::filesystem::path& dir) const {
  ReportContent content;
  content.title = name_ + ": " + description_;
  const MultiscaleReport report{s, rows, RowTable(rows), dir, content};
  error_figures(report);
  const auto unmixing = unmixing_section(report);
  trace_figures(report);
  const auto claims = paired_claims(report, unmixing);
  // A.14: across runs, a memory unit that tracks the fast row goes with a worse fast-row error.
  std::vector<Claim> a14_claims;
  const auto& models = s.models();
  if (std::find(models.begin(), models.end(), "multiscale-reset") != models.end() && s.hidden() >= 2)
    a14_claims = a14_correlations(s, report.table, dir, content);
  content.summary_html = claims_summary(s, claims, a14_claims, dir);
  content.tables = {{OutputFolder::kClaims, "Claims: paired differences (worse - better), 95% t and bootstrap intervals"},
                    {"unmixing.csv", "Timescale matching and selectivity per model: bootstrap mean and spread"}};
  return content;
}

}  // namespace reverie
