#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/random.h"
#include "reverie/dynamics/label_biasing.h"
#include "reverie/experiments/rbm/experiments.h"
#include "reverie/report/figures.h"
#include "reverie/report/report_figures.h"

namespace reverie {

namespace {

constexpr int64_t kHistogramBins = 20;

// Sec. 3's two ways of starting chains from a pair of labels; the words name their rows' conditions and figures.
enum class ChimeraMethod { intersection, double_biasing };
const Choices<ChimeraMethod>& chimera_method_words() {
  static const Choices<ChimeraMethod> words{{"intersection", ChimeraMethod::intersection},
                                            {"double", ChimeraMethod::double_biasing}};
  return words;
}

// "intersection/3-6" (`kind` "-example": "intersection-example/3-6"): a method's rows of the pair {a, b}.
std::string pair_condition(ChimeraMethod method, int64_t a, int64_t b, const std::string& kind = "") {
  return name_of(chimera_method_words(), method) + kind + "/" + std::to_string(a) + "-" + std::to_string(b);
}

// chimera.* beside the lab's keys, each declared once.
SettingsKeys<RbmChimerasSettings> chimera_keys() {
  using S = RbmChimerasSettings;
  SettingsKeys<S> keys;
  keys.add(rbm_lab_keys(), &S::lab)
      .add("chimera.k", &S::k,
           "top-k units of the chimera states; 0 = the rounded-down mean number of active hidden units at step 1",
           in_range(0, 100000))
      .add("chimera.example_pairs", &S::example_pair_labels,
           "digit pairs whose chimera generations Figs. 3c and 3e show, flattened ([3, 6, 6, 9] = {3,6} and {6,9})",
           in_range(0, 9))
      .add("chimera.example_chains", &S::example_chains, "chains shown per example pair", in_range(1, 1000))
      .derive([](S& s, const Config&) {
        const auto& labels = s.example_pair_labels;
        for (size_t i = 0; i + 1 < labels.size(); i += 2)
          s.example_pairs.emplace_back(std::min(labels[i], labels[i + 1]), std::max(labels[i], labels[i + 1]));
      });
  return keys;
}

std::string pair_name(int64_t a, int64_t b) {  // "{3,6}", as the paper writes pairs
  std::ostringstream s;
  s << "{" << a << "," << b << "}";
  return s.str();
}

std::string example_condition(ChimeraMethod method, int64_t a, int64_t b) { return pair_condition(method, a, b, "-example"); }

// Single-label biasing first: the baseline of the U tests, and k (sec. 3: "the rounded down
// average number of active hidden units in the first step of generation"); then both chimera
// methods for every pair of labels.
void run_chimeras(const RbmChimerasSettings& settings, RbmLabModels& models, uint64_t run_seed, int run,
                  std::vector<TidyRow>& rows, Progress& progress) {
  auto gen = make_generator(derive_seed(run_seed, "label-biasing"));
  const double active = run_label_biasing(settings.lab, models, gen, run, rows, progress);
  const int64_t k = settings.k > 0 ? settings.k : static_cast<int64_t>(std::floor(active));
  rows.push_back({run, "chimera", 0, "k", static_cast<double>(k)});

  const int64_t classes = models.classes;
  const auto vectors = label_biasing_vectors(models.inverse_map, torch::eye(classes));
  for (int64_t c = 0; c < classes; ++c) {  // Fig. 3a: distribution of each label-biasing vector's entries
    const auto counts = torch::histc(vectors[c], kHistogramBins, 0.0, 1.0);
    for (int64_t b = 0; b < kHistogramBins; ++b) rows.push_back({run, label_condition(c), b, "biasing_histogram", counts[b].item<double>()});
  }
  const int64_t samples = settings.lab.samples();
  for (const auto& [a, b] : class_pairs(classes)) {
    const auto intersection = intersection_chimera(vectors[a], vectors[b], k);
    const auto two_hot = torch::zeros({1, classes}).index_fill_(1, torch::tensor({a, b}), 1.0);
    const auto double_biasing = top_k_binary(label_biasing_vectors(models.inverse_map, two_hot), k);
    rows.push_back(
        {run, pair_condition(ChimeraMethod::intersection, a, b), 0, "active_units", intersection.sum().item<double>()});
    for (const auto& [method, start] : {std::pair{ChimeraMethod::intersection, intersection.unsqueeze(0)},
                                        std::pair{ChimeraMethod::double_biasing, double_biasing}}) {
      const auto g = generate_and_classify(settings.lab, models, repeated_rows(start, samples), gen);
      append_trajectory_rows(pair_condition(method, a, b), g, classes, -1, run, rows);
      const auto& shown = settings.example_pairs;
      if (std::find(shown.begin(), shown.end(), std::pair{a, b}) != shown.end())
        append_example_rows(example_condition(method, a, b), g, settings.example_chains, settings.lab, models, run, rows);
      progress.advance(samples);
    }
  }
}

std::string p_value(const MannWhitneyResult& r) {
  std::ostringstream s;
  s.precision(4);
  s << "p = " << r.p_value << " (U = " << r.u << (r.exact ? ", exact)" : ", normal approx.)");
  return s.str();
}


// A symmetric classes x classes matrix of per-pair values, the single-label values on the diagonal.
std::vector<std::vector<double>> pair_matrix(const ChimeraSummary& s, const std::vector<double>& per_pair,
                                             const std::vector<double>& diagonal) {
  const size_t n = diagonal.size();
  std::vector<std::vector<double>> m(n, std::vector<double>(n));
  for (size_t i = 0; i < n; ++i) m[i][i] = diagonal[i];
  for (size_t p = 0; p < s.pairs.size(); ++p) m[s.pairs[p].first][s.pairs[p].second] = m[s.pairs[p].second][s.pairs[p].first] = per_pair[p];
  return m;
}

// Figs. 3c (intersection) and 3e (double): a method's example chains of the chosen pairs side
// by side, and each pair's mean state times (all its chains) as bars.
void add_chimera_examples(const ReportFigures& add, const std::filesystem::path& dir, const RowTable& table,
                          const RbmChimerasSettings& settings, ChimeraMethod method, int64_t classes) {
  if (settings.example_pairs.empty()) return;
  const std::string figure = method == ChimeraMethod::intersection ? "Fig. 3c" : "Fig. 3e";
  const std::string what = method == ChimeraMethod::intersection ? "intersection chimeras" : "double label biasing";
  const std::string& word = name_of(chimera_method_words(), method);
  std::vector<std::string> conditions, chains;
  std::string columns;  // "1-3 {3,6}, 4-6 {6,9}"
  const int64_t shown = settings.example_chains;
  for (size_t p = 0; p < settings.example_pairs.size(); ++p) {
    const auto [a, b] = settings.example_pairs[p];
    conditions.push_back(example_condition(method, a, b));
    for (int64_t c = 0; c < shown; ++c) chains.push_back(pair_name(a, b) + " #" + std::to_string(c + 1));
    const auto first = static_cast<int64_t>(p) * shown + 1;
    columns += (p ? ", " : "") + std::to_string(first) + "-" + std::to_string(first + shown - 1) + " " + pair_name(a, b);
  }
  add_example_grid(add, dir, table, settings.lab, conditions, {"chain", chains}, word + "_examples",
                   figure + ": " + what + "; columns " + columns,
                   figure + ": run 0, the first chains of each pair (among those the statistics count), visible probabilities "
                   "V_s at the steps shown (rows); yellow: the label the classifier gives each (ND = non-digit).");
  std::vector<std::string> states;
  for (int64_t state = 0; state <= classes; ++state) states.push_back(state_name(state, classes));
  for (const auto& [a, b] : settings.example_pairs) {
    std::vector<double> means, errors;
    for (int64_t state = 0; state <= classes; ++state) {
      const auto times = table.values(pair_condition(method, a, b), "state_time/" + std::to_string(state));
      means.push_back(mean(times));
      errors.push_back(standard_error(times));
    }
    add(BarChart{word + "_state_time_" + std::to_string(a) + "-" + std::to_string(b),
                 figure + ": mean state time, " + what + " " + pair_name(a, b), "steps", states, means, errors},
        figure + ": steps spent in each state per generation period from " + pair_name(a, b) +
            ", mean over all chains of the pair (all runs) +- SE over chains.");
  }
}

}  // namespace

RbmChimerasExperiment::RbmChimerasExperiment(std::string name, std::string description)
    : RbmLabExperiment(std::move(name), std::move(description), chimera_keys()) {}

void RbmChimerasExperiment::validate_settings(const RbmChimerasSettings& settings) const {
  validate_rbm_lab(settings.lab);
  if (settings.k > settings.lab.rbm_hidden()) throw InputError("config key 'chimera.k' is impossible: more than rbm.hidden units");
  if (settings.example_pair_labels.size() % 2 != 0)
    throw InputError("config key 'chimera.example_pairs': expected pairs of digits (an even count)");
  for (const auto& [a, b] : settings.example_pairs)
    if (a == b) throw InputError("config key 'chimera.example_pairs': expected two different digits per pair, got " +
                                 std::to_string(a) + " twice");
  if (settings.example_chains > settings.lab.samples())
    throw InputError("config key 'chimera.example_chains' is impossible: more than generation.samples chains");
}

std::unique_ptr<PreparedExperiment> RbmChimerasExperiment::prepare_runs(const RbmChimerasSettings& settings, const Config&,
                                                                        const ExperimentEnvironment& env) const {
  const int64_t chains = (10 + 90) * settings.lab.samples();  // 10 labels, 45 pairs x 2 methods
  return std::make_unique<PreparedRbmLab>(settings.lab, env, chains, [settings](RbmLabModels& models, uint64_t run_seed, int run,
                                                                                 std::vector<TidyRow>& rows, Progress& progress) {
    run_chimeras(settings, models, run_seed, run, rows, progress);
  });
}

ReportContent RbmChimerasExperiment::summarize_runs(const RbmChimerasSettings& settings, const std::vector<TidyRow>& rows,
                                                    const std::filesystem::path& dir) const {
  const RowTable table(rows);
  const int64_t classes = 10;
  const auto s = summarize_chimeras(table, classes);
  ReportContent content;
  content.title = name() + ": " + description();
  std::vector<std::string> labels;
  for (int64_t c = 0; c < classes; ++c) labels.push_back(std::to_string(c));
  const ReportFigures add(content, dir);
  LinePlot histogram{"biasing_vector_histogram", "Fig. 3a: entries of the label-biasing vectors (P(h = 1))", "P(h = 1)",
                     "hidden units", {}};
  for (int64_t c = 0; c < classes; ++c) {
    auto x = table.steps(label_condition(c), "biasing_histogram");
    for (auto& b : x) b = (b + 0.5) / kHistogramBins;
    histogram.series.push_back(band_over_runs("label " + labels[c], x, table.by_run(label_condition(c), "biasing_histogram")));
  }
  add(histogram, "Histogram (20 bins over [0, 1]) of each label-biasing vector's entries, mean +- SE over runs.");
  const struct {
    const char *name, *title, *caption;
    const std::vector<double>&per_pair, &single;
  } maps[] = {
      {"intersection_states_visited", "Fig. 3b: states visited, intersection chimeras", "Mean digit states visited per generation period",
       s.intersection_states, s.single_states},
      {"double_states_visited", "Fig. 3d: states visited, double label biasing", "Mean digit states visited per generation period",
       s.double_states, s.single_states},
      {"intersection_nondigit_time", "Non-digit state time, intersection chimeras", "Mean steps classified as non-digit",
       s.intersection_nondigit, s.single_nondigit},
      {"double_nondigit_time", "Non-digit state time, double label biasing", "Mean steps classified as non-digit",
       s.double_nondigit, s.single_nondigit},
  };
  for (const auto& m : maps)
    add(Heatmap{m.name, m.title, "digit", "digit", labels, labels, pair_matrix(s, m.per_pair, m.single)},
        std::string(m.caption) + " for each pair of digits; diagonal: single-label biasing.");
  for (const auto method : {ChimeraMethod::intersection, ChimeraMethod::double_biasing})
    add_chimera_examples(add, dir, table, settings, method, classes);
  add(BarChart{"states_visited_by_method", "States visited per generation period by starting state", "states visited",
               {"single label", "intersection", "double label"},
               {mean(s.single_states), mean(s.intersection_states), mean(s.double_states)},
               {standard_error(s.single_states), standard_error(s.intersection_states), standard_error(s.double_states)}},
      "Mean +- SE over labels (10) or pairs (45).");

  ClaimsTable claims;
  const std::string pairs = std::to_string(s.pairs.size()) + " pairs";
  claims.add("k (top units of the chimera states)", "149", mean_pm_se(s.k, 0), "mean over runs");
  claims.add("states visited, single-label biasing", "1.779 +- 0.211", mean_pm_se(mean(s.single_states), standard_error(s.single_states)), "10 labels");
  claims.add("states visited, intersection chimeras", "2.951 +- 0.099",
        mean_pm_se(mean(s.intersection_states), standard_error(s.intersection_states)), pairs);
  claims.add("states visited, double label biasing", "2.104 +- 0.122", mean_pm_se(mean(s.double_states), standard_error(s.double_states)), pairs);
  claims.add("U test: intersection visits more states than single label (one-sided)", "p = 6.703e-5", p_value(s.intersection_states_test),
        pairs + " vs 10 labels");
  claims.add("U test: double label biasing visits more states than single label (one-sided)", "p = 0.139", p_value(s.double_states_test),
        pairs + " vs 10 labels");
  claims.add("non-digit time, single-label biasing", "(76.099 +- 4.213 for labels 1-9)",
        mean_pm_se(mean(s.single_nondigit), standard_error(s.single_nondigit)), "10 labels");
  claims.add("non-digit time, intersection chimeras", "12.156 +- 2.272",
        mean_pm_se(mean(s.intersection_nondigit), standard_error(s.intersection_nondigit)), pairs);
  claims.add("U test: intersection less non-digit time (one-sided)", "p = 2.338e-5", p_value(s.intersection_nondigit_test), pairs + " vs 10 labels");
  claims.add("non-digit time, double label biasing", "25.032 +- 4.215", mean_pm_se(mean(s.double_nondigit), standard_error(s.double_nondigit)), pairs);
  claims.add("U test: double label biasing less non-digit time (one-sided)", "p = 5.054e-4", p_value(s.double_nondigit_test), pairs + " vs 10 labels");
  claims.add("correlation of states visited, intersection vs double (Pearson; Spearman)", "rho = 0.334",
        mean_pm_se(s.methods_pearson, 0) + "; " + mean_pm_se(s.methods_spearman, 0), pairs);
  claims.write(dir);
  content.tables.push_back({OutputFolder::kClaims, "Seed 004 sec. 3 (chimera states): the paper's numbers beside ours"});
  content.summary_html = "<p>" + std::to_string(settings.lab.runs()) + " run(s); " + pairs + " x " +
                         std::to_string(settings.lab.samples()) + " chains x " + std::to_string(settings.lab.steps()) +
                         " steps per method; k = " + format_number(s.k) +
                         ". U tests compare per-pair means against per-label means of single-label biasing.</p>\n";
  return content;
}

ChimeraSummary summarize_chimeras(const RowTable& table, int64_t classes) {
  ChimeraSummary s;
  s.k = mean(table.values("chimera", "k"));
  s.pairs = class_pairs(classes);
  for (int64_t c = 0; c < classes; ++c) {
    s.single_states.push_back(pooled_mean(table, label_condition(c), "states_visited"));
    s.single_nondigit.push_back(pooled_mean(table, label_condition(c), "state_time/" + std::to_string(classes)));
  }
  const std::string nondigit = "state_time/" + std::to_string(classes);
  for (const auto& [a, b] : s.pairs) {
    const auto intersection = pair_condition(ChimeraMethod::intersection, a, b);
    const auto double_biasing = pair_condition(ChimeraMethod::double_biasing, a, b);
    s.intersection_states.push_back(pooled_mean(table, intersection, "states_visited"));
    s.double_states.push_back(pooled_mean(table, double_biasing, "states_visited"));
    s.intersection_nondigit.push_back(pooled_mean(table, intersection, nondigit));
    s.double_nondigit.push_back(pooled_mean(table, double_biasing, nondigit));
  }
  s.intersection_states_test = mann_whitney_u(s.intersection_states, s.single_states, "greater");
  s.double_states_test = mann_whitney_u(s.double_states, s.single_states, "greater");
  s.intersection_nondigit_test = mann_whitney_u(s.intersection_nondigit, s.single_nondigit, "less");
  s.double_nondigit_test = mann_whitney_u(s.double_nondigit, s.single_nondigit, "less");
  s.methods_pearson = pearson_correlation(s.intersection_states, s.double_states);
  s.methods_spearman = spearman_correlation(s.intersection_states, s.double_states);
  return s;
}


}  // namespace reverie
