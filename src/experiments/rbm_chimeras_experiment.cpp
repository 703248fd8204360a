#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/dynamics/label_biasing.h"
#include "reverie/experiments/rbm_experiments.h"
#include "reverie/report/figures.h"
#include "reverie/report/report_figures.h"

namespace reverie {

namespace {

constexpr int64_t kHistogramBins = 20;

std::string pair_condition(const std::string& method, int64_t a, int64_t b) {
  return method + "/" + std::to_string(a) + "-" + std::to_string(b);
}

// The lab's settings and chimera.k (0: the rounded-down mean number of active hidden units at step 1).
struct RbmChimerasSettings {
  explicit RbmChimerasSettings(const Config& config) : lab(rbm_lab_settings(config)), k(config.integer("chimera.k")) {}
  RbmLabSettings lab;
  int64_t k;
};

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
    rows.push_back({run, pair_condition("intersection", a, b), 0, "active_units", intersection.sum().item<double>()});
    for (const auto& [method, start] : {std::pair{"intersection", intersection.unsqueeze(0)}, std::pair{"double", double_biasing}}) {
      const auto g = generate_and_classify(settings.lab, models, repeated_rows(start, samples), gen);
      append_trajectory_rows(pair_condition(method, a, b), g, classes, -1, run, rows);
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

}  // namespace

RbmChimerasExperiment::RbmChimerasExperiment(std::string name, std::string description)
    : RbmLabExperiment(std::move(name), std::move(description)) {
  schema_.add("chimera.k", ValueType::Integer,
              "top-k units of the chimera states; 0 = the rounded-down mean number of active hidden units at step 1",
              in_range(0, 100000));
}

void RbmChimerasExperiment::validate(const Config& config) const {
  RbmLabExperiment::validate(config);
  const RbmChimerasSettings settings(config);
  if (settings.k > settings.lab.rbm_hidden()) throw InputError("config key 'chimera.k' is impossible: more than rbm.hidden units");
}

std::unique_ptr<PreparedExperiment> RbmChimerasExperiment::prepare(const Config& config, const ExperimentEnvironment& env) const {
  const RbmChimerasSettings settings(config);
  const int64_t chains = (10 + 90) * settings.lab.samples();  // 10 labels, 45 pairs x 2 methods
  return std::make_unique<PreparedRbmLab>(settings.lab, env, chains, [settings](RbmLabModels& models, uint64_t run_seed, int run,
                                                                                 std::vector<TidyRow>& rows, Progress& progress) {
    run_chimeras(settings, models, run_seed, run, rows, progress);
  });
}

ReportContent RbmChimerasExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
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
  content.tables.push_back({"claims.csv", "Seed 004 sec. 3 (chimera states): the paper's numbers beside ours"});
  const auto settings = rbm_lab_settings(config);
  content.summary_html = "<p>" + std::to_string(settings.runs()) + " run(s); " + pairs + " x " +
                         std::to_string(settings.samples()) + " chains x " + std::to_string(settings.steps()) +
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
    s.intersection_states.push_back(pooled_mean(table, pair_condition("intersection", a, b), "states_visited"));
    s.double_states.push_back(pooled_mean(table, pair_condition("double", a, b), "states_visited"));
    s.intersection_nondigit.push_back(pooled_mean(table, pair_condition("intersection", a, b), nondigit));
    s.double_nondigit.push_back(pooled_mean(table, pair_condition("double", a, b), nondigit));
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
