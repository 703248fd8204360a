#include "reverie/lab/paper_scorecards.h"
#include "reverie/core/output_folder.h"
#include "reverie/lab/registry.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/error.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/papers.h"
#include "reverie/report/claims_summary.h"
#include "reverie/report/html_page.h"
#include "reverie/report/html_report.h"

namespace reverie {

namespace fs = std::filesystem;

namespace {

// An output whose claims a scorecard may quote: complete, intact, not a sweep, its claims.csv this build's layout.
struct MeasuredOutput {
  const IndexedOutput* output;
  ClaimsTable claims;
  std::vector<ClaimLine> lines;  // into `claims`: kept beside it, never copied apart
  CsvTable figures;              // its figures.csv, read once (empty when it has none)
};

bool names_seed(const std::string& description, const std::string& seed) {
  const auto seeds = seeds_named(description);
  return std::find(seeds.begin(), seeds.end(), seed) != seeds.end();
}

// Larger scale first: a full-size output before a quick one, then more runs, then fewer keys off
// the shipped config, then the newer.
bool larger_scale(const MeasuredOutput& a, const MeasuredOutput& b) {
  const bool a_full = a.output->scale.rfind("full", 0) == 0, b_full = b.output->scale.rfind("full", 0) == 0;
  if (a_full != b_full) return a_full;
  if (a.output->runs != b.output->runs) return a.output->runs > b.output->runs;
  // Then the shipped config's own verdict, with the variants' under it naming what they change.
  if (a.output->settings.size() != b.output->settings.size()) return a.output->settings.size() < b.output->settings.size();
  return a.output->finished > b.output->finished;
}

// The first figure of the output drawn for `figure` (its paper figure, or one it is part of: "Fig. 2" for "Fig. 2A").
std::string thumbnail_html(const fs::path& dir, const MeasuredOutput& m, const std::string& figure) {
  const int name = m.figures.column("name"), paper = m.figures.column("paper_figure"), caption = m.figures.column("caption");
  if (figure.empty() || name < 0 || paper < 0 || caption < 0) return "";
  for (const auto& row : m.figures.rows) {
    const std::string& drawn_for = row[static_cast<size_t>(paper)];
    if (drawn_for.empty() || figure.rfind(drawn_for, 0) != 0) continue;
    const std::string stem = (m.output->folder / row[static_cast<size_t>(name)]).string();
    if (!fs::exists(dir / (stem + ".png"))) continue;
    return "<a href='" + html_escape(stem) + ".svg'><img class='thumb' src='" + html_escape(stem) + ".png' alt='" +
           html_escape(row[static_cast<size_t>(caption)]) + "' title='" + html_escape(row[static_cast<size_t>(caption)]) + "'></a>";
  }
  return "";
}

// "folder (quick; 8 runs; synthetic,mnist)", linking the output's page.
std::string where_html(const IndexedOutput& o) {
  return "<a href='" + html_escape(OutputFolder(o.folder).page().string()) + "'>" + html_escape(o.folder.string()) + "</a> (" +
         html_escape(o.scale) + "; " + std::to_string(o.runs) + " runs" + (o.data.empty() ? "" : "; " + html_escape(o.data)) + ")";
}

// The same claim line in another output of the experiment, if it measured it.
const ClaimLine* same_line(const MeasuredOutput& other, const ClaimLine& line) {
  for (const auto& l : other.lines)
    if (l.figure == line.figure && l.statement == line.statement) return &l;
  return nullptr;
}

std::string key_of(const std::string& setting) { return setting.substr(0, setting.find('=')); }

bool sets_key(const IndexedOutput& o, const std::string& key) {
  return std::any_of(o.settings.begin(), o.settings.end(), [&](const std::string& s) { return key_of(s) == key; });
}

// Whether two outputs' lines of one claim reach different verdicts (partial verdicts included);
// never for numbers side by side, which have none.
bool verdict_turns(const ClaimLine& a, const ClaimLine& b) {
  const auto verdicts = [](const ClaimLine& line) {
    std::vector<std::string> v;
    for (const Claim* c : line.rows) v.push_back(c->verdict);
    return v;
  };
  const auto va = verdicts(a), vb = verdicts(b);
  const auto none = [](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), "") != v.end(); };
  return !none(va) && !none(vb) && va != vb;
}

// A row's result in another output of its experiment (its keys off the shipped config are in the
// experiment's heading); when its verdict differs from ours, what it was run with that ours was not.
std::string other_result_html(const MeasuredOutput& best, const ClaimLine& line, const MeasuredOutput& other, const ClaimLine& l) {
  const auto& o = *other.output;
  std::string html = "<br><small><a href='" + html_escape(OutputFolder(o.folder).page().string()) + "'>" + html_escape(o.folder.string()) +
                     "</a> (" + html_escape(o.scale.substr(0, o.scale.find(';'))) + "): " + claim_line_result_html(l);
  if (verdict_turns(line, l)) {
    const std::string difference = setting_difference(*best.output, o);
    if (!difference.empty()) html += "<br><b class='turns'>the verdict turns with</b> " + html_escape(difference);
  }
  return html + "</small>";
}

}  // namespace

std::string setting_difference(const IndexedOutput& ours, const IndexedOutput& other) {
  const bool ours_quick = ours.scale.rfind("quick", 0) == 0, other_quick = other.scale.rfind("quick", 0) == 0;
  std::string scale = ours_quick == other_quick ? "" : other_quick ? "quick scale" : "full scale";
  std::string keys;
  for (const auto& s : other.settings)
    if (std::find(ours.settings.begin(), ours.settings.end(), s) == ours.settings.end()) keys += (keys.empty() ? "" : ", ") + s;
  for (const auto& s : ours.settings)
    if (!sets_key(other, key_of(s))) keys += (keys.empty() ? "" : ", ") + key_of(s) + " as shipped";
  return scale + (!scale.empty() && !keys.empty() ? "; " : "") + keys;
}

namespace {

Scorecard write_scorecard(const fs::path& dir, const Paper& paper, const std::vector<std::vector<const MeasuredOutput*>>& experiments) {
  Scorecard card{paper.seed, dir / ("seed-" + paper.seed + ".html"), {}};
  std::ostringstream rows;
  for (const auto& outputs : experiments) {
    const MeasuredOutput& best = *outputs.front();
    const std::string numbered_as = primary_seed(best.output->description);
    rows << "<tr><th colspan='4' class='experiment'>" << html_escape(best.output->experiment) << ": <small>"
         << html_escape(best.output->description)
         << (numbered_as == paper.seed ? "" : "<br>figures numbered as in seed " + numbered_as + "'s paper, which this experiment reproduces first")
         << "<br>ours from " << where_html(*best.output);
    for (size_t i = 1; i < outputs.size(); ++i) rows << (i == 1 ? "; also measured in " : ", ") << where_html(*outputs[i]->output);
    rows << "</small></th></tr>\n";
    for (const auto& line : best.lines) {
      const std::string verdict = line.overall_verdict();
      ++card.rows_by_verdict[verdict];
      std::string others;
      for (size_t i = 1; i < outputs.size(); ++i)
        if (const ClaimLine* l = same_line(*outputs[i], line)) others += other_result_html(best, line, *outputs[i], *l);
      rows << "<tr><td>" << html_escape(line.figure) << "</td><td>" << html_escape(line.statement) << "</td><td class='result' data-verdict='"
           << verdict << "' data-holds='" << line.holds() << "' data-rows='" << line.rows.size() << "'>" << claim_line_result_html(line)
           << others << "</td><td>" << thumbnail_html(dir, best, line.figure)
           << "</td></tr>\n";
    }
  }
  std::ostringstream h;
  h << "<p><a href='index.html'>All outputs</a></p>\n<h1>Seed " << paper.seed << ": " << html_escape(paper.title) << "</h1>\n<p>"
    << html_escape(paper.authors) << "</p>\n<p>Each of the paper's claims that an experiment checks, with our result at the largest "
    << "scale found in this folder (full before quick, then more runs); other outputs that measured it are listed under it, and where "
    << "one's verdict differs, the settings it was run with that ours was not: the setting that decides it. A "
    << "comparison holds when the 95% t interval of its paired difference over runs lies on the paper's side of zero. Claims by "
    << "verdict (mixed: their comparisons differ; other: numbers side by side, one run, or partly): ";
  bool first = true;
  for (const auto& [verdict, n] : card.rows_by_verdict) {
    h << (first ? "" : ", ") << html_escape(verdict) << " " << n;
    first = false;
  }
  h << "</p>\n<table class='scorecard'><tr><th>figure</th><th>the paper's claim</th><th>ours</th><th>figure</th></tr>\n"
    << rows.str() << "</table>\n";
  write_file_atomic(card.file, html_page("seed " + paper.seed + ": " + paper.title, h.str()));
  return card;
}

}  // namespace

std::vector<Scorecard> write_paper_scorecards(const fs::path& dir, const std::vector<IndexedOutput>& outputs) {
  // Outputs by paper, then by experiment (in `reverie list` order), largest scale first.
  std::vector<MeasuredOutput> measured;
  measured.reserve(outputs.size());  // ClaimLines point into their output's table: no reallocation
  for (const auto& o : outputs) {
    if (o.sweep || !o.complete || !o.damage.empty() || primary_seed(o.description).empty()) continue;
    try {
      measured.push_back({&o, ClaimsTable::read(OutputFolder(dir / o.folder).claims()), {}, {}});
    } catch (const std::exception&) {  // none, or an older build's layout: the index counts those
      continue;
    }
    measured.back().lines = claim_lines(measured.back().claims);
    if (fs::exists(dir / o.folder / "figures.csv")) measured.back().figures = parse_csv(read_file(dir / o.folder / "figures.csv"));
  }
  std::vector<Scorecard> cards;
  for (const auto& paper : papers()) {
    std::vector<std::vector<const MeasuredOutput*>> experiments;
    for (const auto& e : all_experiments()) {
      std::vector<const MeasuredOutput*> of_experiment;
      for (const auto& m : measured)
        if (m.output->experiment == e->name() && names_seed(m.output->description, paper.seed)) of_experiment.push_back(&m);
      if (of_experiment.empty()) continue;
      std::sort(of_experiment.begin(), of_experiment.end(), [](auto* a, auto* b) { return larger_scale(*a, *b); });
      experiments.push_back(of_experiment);
    }
    if (!experiments.empty()) cards.push_back(write_scorecard(dir, paper, experiments));
  }
  return cards;
}

}  // namespace reverie
