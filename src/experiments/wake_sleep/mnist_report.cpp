#include <torch/torch.h>

#include <cmath>
#include <map>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/analysis/rank_statistics.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/random.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/experiments/rbm/lab.h"
#include "reverie/experiments/wake_sleep/mnist.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/figures.h"
#include "reverie/report/report_figures.h"
#include "reverie/report/image_grid.h"
#include "report_parts.h"

namespace reverie {

namespace {

constexpr int64_t kResamples = 10000;  // bootstrap resamples of each paired check

const std::map<std::string, std::string>& algorithm_labels() {
  static const std::map<std::string, std::string> labels{{"wake-sleep", "Algorithm 1 (global wake/sleep critic)"},
                                                         {"oscillation", "Algorithm 2 (local oscillation critics)"},
                                                         {"combined", "Eq. 8 (local critics, wake/sleep + oscillation)"}};
  return labels;
}

// Fig. 3D and the other training measures, one figure each with one line per algorithm (mean +- SE over runs).
void add_training_curves(const ReportFigures& add, const RowTable& table, const std::vector<std::string>& algorithms) {
  static const MetricFigure figures[] = {
      {"kl_wake_sleep", "divergence_over_training",
       "Fig. 3D: KL(wake || sleep) of 16-unit pattern histograms (8 x, 8 z, rounded)", "KL divergence (nats)",
       "Berkes et al. (2011) measure on the held-out digits and as many prior samples; mean over unit subsets, mean +- SE over "
       "runs. Epoch 0 is before training."},
      {"overlap", "overlap_over_training", "Wake/sleep pattern-histogram overlap (sum of minima)", "overlap (1 = identical)",
       "Mean +- SE over runs."},
      {"class_kept", "class_kept_over_training", "Fig. 3B/C: reconstructions classified as the input's digit",
       "fraction of held-out digits",
       "G(E(x)) of held-out digits, clamped to [0, 1], judged by an MLP trained on the training digits; chance is 0.1."},
      {"reconstruction_mse", "reconstruction_mse_over_training", "Pixel MSE of reconstructions", "mean squared error",
       "Mean +- SE over runs."},
      {"critic_value", "critic_value_over_training",
       "Critic value V = mean D(self-generated) - mean D(wake), summed over critics", "V (epoch mean)",
       "What the critics maximize and the networks minimize, before the gradient penalty."}};
  for (const auto& f : figures) {
    LinePlot plot{f.name, f.title, "epoch", f.ylabel, {}};
    for (const auto& a : algorithms)
      if (table.has(a, f.metric)) plot.series.push_back(condition_band(table, algorithm_labels().at(a), a, f.metric));
    add(plot, f.caption);
  }
}

// Fig. 3B/C (run 0): held-out digits above each algorithm's reconstructions; samples from the prior.
void add_image_grids(const ReportFigures& add, const RowTable& table, const std::vector<std::string>& algorithms) {
  const auto inputs = stored_image_rows(table, "input", 1, 28);
  if (!inputs.defined()) return;
  std::vector<torch::Tensor> reconstruction_rows{inputs}, sample_rows;
  std::vector<std::string> row_labels{"input"}, sample_labels;
  for (const auto& a : algorithms) {
    reconstruction_rows.push_back(stored_image_rows(table, a + "/reconstruction", 1, 28));
    row_labels.push_back(a);
    sample_rows.push_back(stored_image_rows(table, a + "/sample", 1, 28));
    sample_labels.push_back(a);
  }
  const int64_t columns = inputs.size(0);
  add(make_image_grid("reconstructions", "Fig. 3B/C: held-out digits (top) and their reconstructions G(E(x))",
                      torch::cat(reconstruction_rows), columns, row_labels),
      "Run 0. Each reconstruction is a sample of the stochastic networks (pixels clamped to [0, 1] for display).");
  add(make_image_grid("samples", "Generated digits: x = G(z), z ~ N(0, I)", torch::cat(sample_rows), columns, sample_labels),
      "Run 0, one row per algorithm.");
}

// Training as paired claims over runs: each algorithm's divergence shrinks (Fig. 3D); Algorithm 2 keeps the class more
// often than Algorithm 1 (Fig. 3B/C).
std::vector<CheckedClaim> training_claims(const RowTable& table, const std::vector<std::string>& algorithms,
                                          uint64_t stats_seed) {
  std::vector<CheckedClaim> claims;
  for (const auto& a : algorithms) {
    if (!table.has(a, "kl_wake_sleep")) continue;
    claims.push_back({"divergence shrinks (" + a + "): training aligns the wake and sleep joint distributions (Fig. 3D)",
                      check_pairs({{"after training", table.last_per_run(a, "kl_wake_sleep")},
                                   {"before training", table.first_per_run(a, "kl_wake_sleep")}},
                                  {{"after training", "before training"}}, kResamples, derive_seed(stats_seed, a))});
  }
  const auto has = [&](const std::string& a) { return std::find(algorithms.begin(), algorithms.end(), a) != algorithms.end(); };
  if (has("wake-sleep") && has("oscillation")) {
    const auto lost = [&](const std::string& a) {
      auto kept = table.last_per_run(a, "class_kept");
      for (auto& v : kept) v = 1 - v;
      return kept;
    };
    claims.push_back({"class kept: Algorithm 2's reconstructions keep the input's digit more often than Algorithm 1's (sec. 5.1, "
                      "Fig. 3B/C); compared as the fraction of classes lost",
                      check_pairs({{"oscillation", lost("oscillation")}, {"wake-sleep", lost("wake-sleep")}},
                                  {{"oscillation", "wake-sleep"}}, kResamples, derive_seed(stats_seed, "class"))});
  }
  return claims;
}

std::vector<double> per_run_means(const RowTable& table, const std::string& condition, const std::string& metric) {
  std::vector<double> out;
  for (const auto& run : table.by_run(condition, metric)) out.push_back(mean(run));
  return out;
}

std::string surprise_metric(const RowTable& table, const std::string& algorithm) {
  return table.has(surprise_condition(algorithm, "familiar"), "separation/total") ? "separation/total" : "separation/joint";
}

// Novel against familiar stimuli (sec. 4.1 and 4.2): per stimulus with all runs pooled (a row of surprise.csv or
// oscillation.csv, a bar), and over runs (a claim on each run's mean over its stimuli).
class NoveltyComparisons {
 public:
  NoveltyComparisons(const RowTable& table, int64_t runs, uint64_t stats_seed)
      : table_(table), runs_(runs), stats_seed_(stats_seed) {
    const std::string comparison_columns = "familiar_mean,novel_mean,cohens_d,mann_whitney_u,p_novel_greater,stimuli_each,runs\n";
    surprise_csv_ << "algorithm,critic," << comparison_columns;
    oscillation_csv_ << "algorithm,layer," << comparison_columns;
  }

  // Sec. 4.2: the critics' phase separation D(self-generated) - D(wake) of one algorithm, where its runs measured it.
  void add_surprise(const std::string& a, const std::string& surprise_dataset, std::vector<CheckedClaim>& claims) {
    const auto familiar = surprise_condition(a, "familiar"), novel = surprise_condition(a, "novel");
    if (!table_.has(familiar, surprise_metric(table_, a))) return;
    for (const std::string metric : {"separation/joint", "separation/x", "separation/z", "separation/total"})
      if (table_.has(familiar, metric)) surprise_csv_ << stimulus_row(a, metric.substr(11), familiar, novel, metric);
    const auto metric = surprise_metric(table_, a);
    claims.push_back({"surprise (" + a + "): the critics separate the phases more for novel stimuli (" + surprise_dataset +
                          ") than for held-out familiar ones (sec. 4.2); per-run mean of " + metric,
                      novel_above_familiar(a, metric, "surprise/" + a)});
    add_bars(separation_bars_, a, metric);
  }

  // Sec. 4.1: the oscillation strength of each of one algorithm's layers.
  void add_oscillations(const std::string& a, std::vector<CheckedClaim>& claims) {
    const auto familiar = surprise_condition(a, "familiar"), novel = surprise_condition(a, "novel");
    for (const std::string layer : {"x", "z"}) {
      const std::string metric = "oscillation/" + layer;
      if (!table_.has(familiar, metric)) continue;  // runs of a build before it was measured
      oscillation_csv_ << stimulus_row(a, layer, familiar, novel, metric);
      claims.push_back({"oscillation (" + a + ", layer " + layer +
                            "): stronger oscillations in activity for unexpected stimuli (sec. 4.1); per-run mean of the "
                            "squared bottom-up - top-down difference",
                        novel_above_familiar(a, metric, "oscillation/" + a + "/" + layer)});
      const std::string title = layer == "x"
                                    ? "Sec. 4.1: oscillation strength at the input, |x - G(E(x))|^2 per pixel"
                                    : "Sec. 4.1: oscillation strength at the latents, |E(x) - z|^2 per unit, z ~ N(0, I)";
      auto& chart = oscillation_bars_.try_emplace(layer, BarChart{"oscillation_strength_" + layer, title,
                                                                  "mean squared bottom-up - top-down", {}, {}, {}}).first->second;
      add_bars(chart, a, metric);
    }
  }

  // The tables and bar charts of what was measured.
  void write(const ReportFigures& add, ReportContent& content, const std::filesystem::path& dir) const {
    if (!separation_bars_.labels.empty()) {
      write_file_atomic(dir / "surprise.csv", surprise_csv_.str());
      content.tables.push_back({"surprise.csv",
                                "Sec. 4.2: phase separation D(self-generated) - D(wake) per stimulus, novel vs familiar "
                                "(Cohen's d of novel against familiar; one-sided Mann-Whitney U, all runs pooled)"});
      add(separation_bars_, "Mean over stimuli of all runs +- SD over stimuli.");
    }
    if (!oscillation_bars_.empty()) {
      write_file_atomic(dir / "oscillation.csv", oscillation_csv_.str());
      content.tables.push_back({"oscillation.csv",
                                "Sec. 4.1: oscillation strength per stimulus (mean squared difference between the bottom-up and "
                                "the top-down phase of each layer), novel vs familiar (Cohen's d of novel against familiar; "
                                "one-sided Mann-Whitney U, all runs pooled)"});
      for (const auto& [layer, chart] : oscillation_bars_) add(chart, "Mean over stimuli of all runs +- SD over stimuli.");
    }
  }

 private:
  // Novel against familiar stimuli, per stimulus with all runs pooled: one row of surprise.csv or oscillation.csv.
  std::string stimulus_row(const std::string& a, const std::string& measure, const std::string& familiar,
                           const std::string& novel, const std::string& metric) const {
    const auto f = table_.values(familiar, metric), n = table_.values(novel, metric);
    const auto u = mann_whitney_u(n, f, "greater");
    return a + "," + measure + "," + format_number(mean(f)) + "," + format_number(mean(n)) + "," + format_number(cohens_d(f, n)) +
           "," + format_number(u.u) + "," + format_number(u.p_value) + "," +
           std::to_string(f.size() / static_cast<size_t>(runs_)) + "," + std::to_string(runs_) + "\n";
  }
  // Over runs: each run's mean over its stimuli, novel against familiar.
  std::vector<OrderingStep> novel_above_familiar(const std::string& a, const std::string& metric,
                                                 const std::string& stream) const {
    return check_pairs({{"familiar", per_run_means(table_, surprise_condition(a, "familiar"), metric)},
                        {"novel", per_run_means(table_, surprise_condition(a, "novel"), metric)}},
                       {{"familiar", "novel"}}, kResamples, derive_seed(stats_seed_, stream));
  }
  // One bar per stimulus kind (familiar, novel): the mean over stimuli +- their SD.
  void add_bars(BarChart& chart, const std::string& a, const std::string& metric) const {
    for (const auto& stimuli : {"familiar", "novel"}) {
      const auto v = table_.values(surprise_condition(a, stimuli), metric);
      chart.labels.push_back(a + " " + stimuli);
      chart.values.push_back(mean(v));
      chart.errors.push_back(standard_deviation(v));
    }
  }

  const RowTable& table_;
  const int64_t runs_;
  const uint64_t stats_seed_;
  std::ostringstream surprise_csv_, oscillation_csv_;
  BarChart separation_bars_{"surprise_separation", "Sec. 4.2: critic phase separation, familiar vs novel stimuli",
                            "D(self-generated) - D(wake)", {}, {}, {}};
  std::map<std::string, BarChart> oscillation_bars_;  // per layer: x's pixels and z's latents differ in scale
};

// claims.csv, and the summary: what ran, each claim, and how well the judging classifier judges.
std::string write_claims(const WakeSleepMnistSettings& settings, const RowTable& table, const std::vector<CheckedClaim>& claims,
                         const std::filesystem::path& dir) {
  ClaimsTable claims_table;
  std::string html = "<p>" + std::to_string(settings.runs()) + " run(s), " + std::to_string(settings.epochs()) +
                     " epochs, batch " + std::to_string(settings.batch_size()) + ". A claim holds when the 95% t interval of "
                     "the mean paired difference (worse - better) lies above zero (needs 2+ runs).</p>\n<ul>\n";
  for (const auto& c : claims) {
    claims_table.add("", c);
    html += claim_summary_html(c);
  }
  const auto accuracy = table.values("classifier", "test_accuracy");
  html += "</ul>\n<p>Judging classifier: test accuracy " + format_number(mean(accuracy)) + " (mean over runs).</p>\n";
  claims_table.write(dir);
  return html;
}

}  // namespace

ReportContent WakeSleepMnistExperiment::summarize_runs(const WakeSleepMnistSettings& settings, const std::vector<TidyRow>& rows,
                                                       const std::filesystem::path& dir) const {
  const RowTable table(rows);
  const auto& algorithms = settings.algorithms();
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  add_training_curves(add, table, algorithms);
  add_image_grids(add, table, algorithms);

  const uint64_t stats_seed = derive_seed(settings.seed(), "statistics");
  auto claims = training_claims(table, algorithms, stats_seed);
  NoveltyComparisons novelty(table, settings.runs(), stats_seed);
  for (const auto& a : algorithms) {
    novelty.add_surprise(a, settings.surprise_dataset(), claims);
    novelty.add_oscillations(a, claims);
  }
  novelty.write(add, content, dir);
  content.summary_html = write_claims(settings, table, claims, dir);
  content.tables.push_back({OutputFolder::kClaims, "The paper's claims as paired comparisons over runs"});
  return content;
}

}  // namespace reverie
