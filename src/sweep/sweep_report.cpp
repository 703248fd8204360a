#include "reverie/sweep/sweep_report.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/lab/runner.h"
#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"
#include "reverie/sweep/sweep_manifest.h"
#include "reverie/sweep/sweep_spec.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// One claim of one point, read from its claims.csv (report/claims_table.h's layout).
struct ClaimVerdict {
  std::string claim, verdict, mean_difference, ci_low, ci_high, ours;
};

std::vector<ClaimVerdict> read_claim_verdicts(const fs::path& file) {
  if (!fs::exists(file)) return {};
  const CsvTable table = parse_csv(read_file(file));
  const auto cell = [&](const std::vector<std::string>& row, const char* name) {
    const int c = table.column(name);
    return c < 0 ? std::string() : row[static_cast<size_t>(c)];
  };
  std::vector<ClaimVerdict> out;
  for (const auto& row : table.rows) {
    ClaimVerdict v;
    for (const char* part : {"scope", "figure", "claim"})
      if (const std::string text = cell(row, part); !text.empty()) v.claim += (v.claim.empty() ? "" : " | ") + text;
    if (const std::string better = cell(row, "better"); !better.empty()) v.claim += ": " + better + " < " + cell(row, "worse");
    v.verdict = cell(row, "verdict");
    v.mean_difference = cell(row, "mean_difference");
    v.ci_low = cell(row, "t_ci_low");
    v.ci_high = cell(row, "t_ci_high");
    v.ours = cell(row, "ours");
    out.push_back(std::move(v));
  }
  return out;
}

bool all_numbers(const std::vector<std::string>& values) {
  for (const auto& v : values) {
    size_t used = 0;
    try {
      std::stod(v, &used);
    } catch (const std::exception&) {
      return false;
    }
    if (used != v.size()) return false;
  }
  return true;
}

// The metric's last value in each (run, condition) of a point's rows.
std::map<std::string, std::vector<double>> final_values(const std::vector<TidyRow>& rows, const std::string& metric) {
  std::map<std::pair<std::string, int>, std::pair<int64_t, double>> last;  // (condition, run) -> (step, value)
  for (const auto& r : rows) {
    if (r.metric != metric) continue;
    auto [it, inserted] = last.try_emplace({r.condition, r.run}, r.step, r.value);
    if (!inserted && r.step >= it->second.first) it->second = {r.step, r.value};
  }
  std::map<std::string, std::vector<double>> out;
  for (const auto& [key, value] : last) out[key.first].push_back(value.second);
  return out;
}

std::string file_stem(std::string text) {
  for (auto& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return text;
}

// "0.00123" from "0.00122149881": the table is for reading; claims.csv keeps every digit.
std::string short_number(const std::string& text) {
  char buffer[32];
  try {
    std::snprintf(buffer, sizeof buffer, "%.3g", std::stod(text));
  } catch (const std::exception&) {
    return text;
  }
  return buffer;
}

std::string verdict_cell(const ClaimVerdict& v) {
  const char* colour = v.verdict == "holds" ? "#dfd" : v.verdict == "does not hold" ? "#fdd" : v.verdict == "n.s." ? "#ffd" : "#fff";
  std::string html = "<td style='background:" + std::string(colour) + "'>" + html_escape(v.verdict.empty() ? v.ours : v.verdict);
  if (!v.ci_low.empty() && !v.ci_high.empty()) html += "<br><small>[" + short_number(v.ci_low) + ", " + short_number(v.ci_high) + "]</small>";
  else if (!v.verdict.empty() && !v.ours.empty()) html += "<br><small>" + html_escape(v.ours) + "</small>";
  return html + "</td>";
}

// Which points have every run finished; each such point's report is drawn if its folder lacks a
// complete one, the others are listed in outcome.incomplete.
std::vector<bool> finish_point_reports(const std::vector<PointState>& states, const Experiment& experiment,
                                       SweepReportOutcome& outcome) {
  std::vector<bool> finished(states.size(), false);
  for (size_t p = 0; p < states.size(); ++p) {
    const auto& s = states[p];
    finished[p] = s.count(RunState::Finished) == static_cast<int>(s.runs.size());
    if (!finished[p]) {
      std::string missing;
      for (size_t r = 0; r < s.runs.size(); ++r)
        if (s.runs[r] != RunState::Finished) missing += (missing.empty() ? "" : ", ") + std::to_string(r) + " " + run_state_name(s.runs[r]);
      outcome.incomplete.push_back(s.point.name() + ": runs " + missing);
      continue;
    }
    Json point_manifest;
    try {
      point_manifest = Json::parse(read_file(OutputFolder(s.dir).manifest()));
    } catch (const std::exception&) {
    }
    try {
      if (!point_manifest.is_object() || !point_manifest.value("complete", false)) rebuild_report(s.dir, experiment);
    } catch (const InputError& e) {
      throw InputError("grid point " + s.point.name() + ": " + e.what());
    }
  }
  return finished;
}

// What the finished points hold, read once: their rows, and their claims in first-seen order.
struct PointResults {
  std::vector<std::vector<TidyRow>> rows;  // per point; empty for an unfinished one
  std::vector<std::string> claim_order;
  std::map<std::string, std::map<size_t, ClaimVerdict>> claims;  // claim -> point -> verdict
};

// Reads every finished point's results.csv and claims.csv, and writes sweep.csv and claims.csv
// (each point's rows with the grid values in front).
PointResults collect_point_results(const fs::path& dir, const SweepSpec& spec, const std::vector<PointState>& states,
                                   const std::vector<bool>& finished) {
  PointResults results;
  results.rows.resize(states.size());
  std::ostringstream sweep_csv, claims_csv;
  bool header_written = false;
  for (const auto& axis : spec.grid) claims_csv << csv_field(axis.key) << ",";
  claims_csv << "claim,verdict,mean_difference,ci_low,ci_high,ours\n";
  for (size_t p = 0; p < states.size(); ++p) {
    if (!finished[p]) continue;
    const fs::path results_file = OutputFolder(states[p].dir).results();
    const std::string text = read_file(results_file);
    std::string prefix;
    for (const auto& [key, value] : states[p].point.settings) prefix += csv_field(value) + ",";
    std::istringstream lines(text);
    std::string line;
    for (bool header = true; std::getline(lines, line); header = false) {
      if (header && !header_written) {
        for (const auto& axis : spec.grid) sweep_csv << csv_field(axis.key) << ",";
        sweep_csv << line << "\n";
        header_written = true;
      }
      if (!header && !line.empty()) sweep_csv << prefix << line << "\n";
    }
    results.rows[p] = parse_tidy_csv(text, results_file.string());
    for (auto& v : read_claim_verdicts(OutputFolder(states[p].dir).claims())) {
      claims_csv << prefix << csv_field(v.claim) << "," << csv_field(v.verdict) << "," << v.mean_difference << "," << v.ci_low << ","
                 << v.ci_high << "," << csv_field(v.ours) << "\n";
      if (!results.claims.count(v.claim)) results.claim_order.push_back(v.claim);
      results.claims[v.claim][p] = v;
    }
  }
  write_file_atomic(dir / "sweep.csv", sweep_csv.str());
  write_file_atomic(OutputFolder(dir).claims(), claims_csv.str());
  return results;
}

// The table of points: grid values, run states and a link to each finished point's report.
std::string points_table_html(const SweepSpec& spec, const std::vector<PointState>& states, const std::vector<bool>& finished) {
  std::ostringstream html;
  html << "<h2>Points</h2>\n<table><tr>";
  for (const auto& axis : spec.grid) html << "<th>" << html_escape(axis.key) << "</th>";
  html << "<th>runs done</th><th>running</th><th>failed</th><th>missing</th><th>report</th></tr>\n";
  for (size_t p = 0; p < states.size(); ++p) {
    html << "<tr>";
    for (const auto& [key, value] : states[p].point.settings) html << "<td>" << html_escape(value) << "</td>";
    const auto& s = states[p];
    html << "<td>" << s.count(RunState::Finished) << " of " << s.runs.size() << "</td><td>" << s.count(RunState::Running) << "</td><td>"
         << s.count(RunState::Failed) << "</td><td>" << s.count(RunState::Missing) << "</td><td>";
    if (finished[p]) html << "<a href='" << html_escape(s.point.name()) << "/index.html'>" << html_escape(s.point.name()) << "</a>";
    html << "</td></tr>\n";
  }
  html << "</table>\n";
  return html.str();
}

// Every claim's verdict at every finished point, one row per claim.
std::string claims_table_html(const std::vector<PointState>& states, const std::vector<bool>& finished, const PointResults& results) {
  if (results.claim_order.empty()) return "";
  std::ostringstream html;
  html << "<h2>Claims at each point</h2>\n<p>holds: the 95% t interval of the paired difference lies above zero; does not hold: "
          "below zero; n.s.: it contains zero (interval in brackets). Every row is in <a href='claims.csv'>claims.csv</a>.</p>\n"
          "<table><tr><th>claim</th>";
  for (size_t p = 0; p < states.size(); ++p)
    if (finished[p]) html << "<th>" << html_escape(states[p].point.name()) << "</th>";
  html << "</tr>\n";
  for (const auto& claim : results.claim_order) {
    html << "<tr><td>" << html_escape(claim) << "</td>";
    const auto& at_points = results.claims.at(claim);
    for (size_t p = 0; p < states.size(); ++p) {
      if (!finished[p]) continue;
      const auto it = at_points.find(p);
      html << (it == at_points.end() ? "<td></td>" : verdict_cell(it->second));
    }
    html << "</tr>\n";
  }
  html << "</table>\n";
  return html.str();
}

// The main metric against each numeric grid key, one line per condition; says why when none is drawn.
void draw_metric_figures(const SweepSpec& spec, const Experiment& experiment, const std::vector<PointState>& states,
                         const std::vector<bool>& finished, const PointResults& results, const fs::path& dir,
                         ReportContent& content, std::ostringstream& html) {
  const std::string metric = spec.metric.empty() ? experiment.main_metric() : spec.metric;
  if (metric.empty()) html << "<p>No figures: " << html_escape(experiment.name()) << " has no main metric; choose one with --metric.</p>\n";
  for (size_t a = 0; a < spec.grid.size() && !metric.empty(); ++a) {
    const GridAxis& axis = spec.grid[a];
    if (axis.values.size() < 2 || !all_numbers(axis.values)) continue;
    std::map<std::string, std::map<double, std::vector<double>>> samples;  // condition -> x -> final values
    for (size_t p = 0; p < states.size(); ++p) {
      if (!finished[p]) continue;
      const double x = std::stod(states[p].point.settings[a].second);
      for (const auto& [condition, values] : final_values(results.rows[p], metric))
        samples[condition][x].insert(samples[condition][x].end(), values.begin(), values.end());
    }
    if (samples.empty()) continue;
    LinePlot plot{"sweep-" + file_stem(metric) + "-vs-" + file_stem(axis.key), metric + " at the end of each run against " + axis.key,
                  axis.key, metric, {}};
    for (const auto& [condition, by_x] : samples) {
      BandSeries series{condition, {}, {}, {}, {}};
      for (const auto& [x, values] : by_x) {
        const double m = mean(values), se = values.size() > 1 ? standard_error(values) : 0.0;
        series.x.push_back(x);
        series.mean.push_back(m);
        series.low.push_back(m - se);
        series.high.push_back(m + se);
      }
      plot.series.push_back(std::move(series));
    }
    draw(plot, dir);
    content.figures.push_back({plot.name, "Last " + metric + " of each run against " + axis.key +
                                              ", one line per condition: mean +- standard error over runs" +
                                              (spec.grid.size() > 1 ? " and over the other grid keys' values." : ".")});
  }
  if (metric.size() && content.figures.empty()) html << "<p>No figures: a figure needs a grid key with two or more numeric values.</p>\n";
}

}  // namespace

SweepReportOutcome write_sweep_report(const fs::path& dir) {
  const SweepSpec spec = read_sweep_spec(dir);
  const Experiment& experiment = spec.find();
  const auto states = sweep_state(dir, spec);
  SweepReportOutcome outcome;
  outcome.points = static_cast<int>(states.size());
  const std::vector<bool> finished = finish_point_reports(states, experiment, outcome);
  const PointResults results = collect_point_results(dir, spec, states, finished);

  ReportContent content;
  content.title = "Sweep of " + experiment.name() + " over " + std::to_string(states.size()) + " grid points";
  std::ostringstream html;
  html << "<p>" << html_escape(experiment.description()) << "</p>\n<p>Started with: <code>" << html_escape(spec.command(dir))
       << "</code></p>\n";
  if (!outcome.incomplete.empty())
    html << "<p style='color:#a00'><b>Incomplete: " << outcome.incomplete.size() << " of " << states.size()
         << " points have unfinished runs</b> (left out of sweep.csv, claims.csv and the figures). Start the same command again "
            "to compute them.</p>\n";
  html << points_table_html(spec, states, finished) << claims_table_html(states, finished, results);
  draw_metric_figures(spec, experiment, states, finished, results, dir, content, html);
  content.summary_html = html.str();

  Json manifest = read_sweep_manifest(dir);
  Json points = Json::array();
  for (size_t p = 0; p < states.size(); ++p)
    points.push_back({{"name", states[p].point.name()}, {"runs", states[p].runs.size()}, {"runs_done", states[p].count(RunState::Finished)}});
  manifest["experiment"] = experiment.name();
  manifest["points"] = points;
  manifest["complete"] = outcome.incomplete.empty();
  if (const std::string not_drawn = write_html_report(dir, content, manifest); !not_drawn.empty())
    std::cerr << "reverie: " << not_drawn << "\n";
  write_sweep_manifest(dir, manifest);
  return outcome;
}

std::string sweep_status_text(const fs::path& dir) {
  const SweepSpec spec = read_sweep_spec(dir);
  const auto states = sweep_state(dir, spec);
  std::ostringstream out;
  int done = 0, total = 0, open = 0;
  size_t width = 5;
  for (const auto& s : states) width = std::max(width, s.point.name().size());
  out << "point" << std::string(width - 5, ' ') << "  done  running  failed  missing\n";
  for (const auto& s : states) {
    const std::string name = s.point.name();
    out << name << std::string(width - name.size(), ' ') << "  " << s.count(RunState::Finished) << "/" << s.runs.size() << "   "
        << s.count(RunState::Running) << "        " << s.count(RunState::Failed) << "       " << s.count(RunState::Missing) << "\n";
    done += s.count(RunState::Finished);
    total += static_cast<int>(s.runs.size());
    open += s.count(RunState::Failed) + s.count(RunState::Missing);
  }
  out << done << " of " << total << " runs done";
  if (open > 0) out << "; " << open << " to compute: " << spec.command(dir) << " [--executor slurm]";
  else if (done < total) out << "; the rest are running";
  else if (!read_sweep_manifest(dir).value("complete", false)) out << "; write the report with: reverie sweep report " << dir.string();
  return out.str() + "\n";
}

}  // namespace reverie
