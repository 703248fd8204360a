#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <sstream>
#include <utility>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/moving_average.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/random.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"
#include "reverie/report/row_table.h"
#include "parts.h"

// The smoothness experiments' report: learning curves, end-of-epoch statistics and the claims.
namespace reverie {

namespace {

// One group's curves of `metric`, each run smoothed by the figures' moving average, keyed by
// what follows `prefix` in the condition ("rep5"), with the evaluation steps and a caption sentence.
struct SmoothedCurves {
  std::vector<double> steps;
  std::map<std::string, std::vector<std::vector<double>>> runs;
  std::string sentence;
};
SmoothedCurves smoothed_curves(const SmoothnessSettings& s, const RowTable& table, const std::string& prefix, const std::string& metric) {
  SmoothedCurves out;
  const auto measured = table.conditions(prefix, metric);
  if (measured.empty()) return out;  // reconstruction has no accuracy
  out.steps = table.steps(measured.front(), metric);
  const double spacing = out.steps.size() > 1 ? out.steps[1] - out.steps[0] : 1.0;
  const int64_t window = std::max<int64_t>(1, std::llround(s.moving_average_steps() / spacing));
  for (const auto& condition : measured)
    for (const auto& r : table.by_run(condition, metric)) out.runs[condition.substr(prefix.size())].push_back(moving_average(r, window));
  out.sentence = window > 1 ? "Trailing moving average over " + std::to_string(window) + " evaluations (" +
                                  format_number(window * spacing) + " steps). "
                            : "Evaluations every " + format_number(spacing) + " steps, no smoothing needed. ";
  return out;
}

// Learning curves of test error and accuracy, and the error of each condition minus random's.
void plot_learning_curves(const SmoothnessSettings& s, const RowTable& table, const std::string& group,
                          const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  const auto conditions = smoothness_conditions(s);
  const std::string stem = group.substr(0, group.find('/')) + "-" + group.substr(group.find('/') + 1) + "-";
  for (const auto* metric : {kError, kAccuracy}) {
    const bool is_error = metric == std::string(kError);
    const auto curves = smoothed_curves(s, table, group + "/", metric);
    if (curves.steps.empty()) continue;
    const auto& steps = curves.steps;
    const auto& smoothed = curves.runs;
    const std::string& smoothing = curves.sentence;
    LinePlot plot{stem + metric, caption_prefix + (is_error ? "test error" : "test accuracy"),
                  "training steps (items seen)", is_error ? "test error" : "test accuracy", {}};
    for (const auto& c : conditions) plot.series.push_back(band_over_runs(c.label(), steps, smoothed.at(c.name())));
    draw(plot, dir);
    content.figures.push_back({plot.name, plot.title + ". " + smoothing + "Mean +- standard error over runs."});

    // The conditions differ by far less than the curves fall: show each against random, paired by run.
    if (!is_error || !smoothed.count("random")) continue;
    LinePlot diff{stem + "test_error_minus_random", caption_prefix + "Error(condition) - Error(random) along the epoch",
                  "training steps (items seen)", "test error difference", {}};
    for (const auto& c : conditions) {
      if (c.is_random()) continue;
      std::vector<std::vector<double>> runs = smoothed.at(c.name());
      for (size_t r = 0; r < runs.size(); ++r)
        for (size_t i = 0; i < runs[r].size(); ++i) runs[r][i] -= smoothed.at("random")[r][i];
      diff.series.push_back(band_over_runs(c.label(), steps, runs));
    }
    draw(diff, dir);
    content.figures.push_back({diff.name, diff.title + ". Below zero: learns faster than random sampling. " + smoothing +
                                              "Mean +- standard error of the paired difference over runs."});
  }
}

// The A.9/A.10 figures' names of their models.
std::string short_model_name(const std::string& model) {
  return model == "lstm" ? "LSTM" : model == "leaky-reset" ? "leaky + reset" : "memoryless";
}

// A fixed test stream's smoothness in words: "a 1-repeat stream", "a random-order stream".
std::string fixed_test_stream(const SmoothnessSettings& s) {
  return s.test_stream_repeats() == 0 ? std::string("a random-order stream") : "a " + std::to_string(s.test_stream_repeats()) + "-repeat stream";
}

// Those of `wanted` the config trains, in that order.
std::vector<std::string> trained_models(const SmoothnessSettings& s, std::initializer_list<const char*> wanted) {
  std::vector<std::string> shown;
  for (const char* m : wanted)
    if (std::find(s.models().begin(), s.models().end(), m) != s.models().end()) shown.push_back(m);
  return shown;
}

// A.9 / A.10: the LSTM, leaky + reset and memoryless side by side at each smoothness above 1
// repeat, with their 1-repeat curves as the reference, test error and accuracy.
void plot_models_side_by_side(const SmoothnessSettings& s, const RowTable& table, const std::string& dataset,
                              const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  const auto shown = trained_models(s, {"lstm", "leaky-reset", "memoryless"});
  const auto& repeats = s.repeats();
  if (shown.size() < 2 || std::find(shown.begin(), shown.end(), "lstm") == shown.end() ||
      std::find(repeats.begin(), repeats.end(), 1) == repeats.end())
    return;
  const bool stream = s.test_protocol() == TestProtocol::stream;
  const bool out_of_domain = stream && s.test_stream_repeats() >= 0;
  const std::string tag = out_of_domain ? "A.10: " : "A.9: ";
  const std::string tested = !stream          ? "tested on single items, memory off"
                             : out_of_domain ? "tested on " + fixed_test_stream(s) + ", memory on"
                                             : "tested on a stream of the training smoothness, memory on";
  // Each metric's curves of every model and ordering, smoothed once for all the panels.
  std::map<std::string, SmoothedCurves> curves_of;
  for (const auto* metric : {kError, kAccuracy}) curves_of[metric] = smoothed_curves(s, table, dataset + "/", metric);
  for (const int64_t r : repeats) {
    if (r == 1) continue;
    for (const auto* metric : {kError, kAccuracy}) {
      const bool is_error = metric == std::string(kError);
      const auto& curves = curves_of.at(metric);
      if (curves.steps.empty()) continue;
      const std::string measure = is_error ? "test error" : "test accuracy";
      LinePlot plot{dataset + "-models-rep" + std::to_string(r) + "-" + metric,
                    tag + display_name(dataset) + ", " + std::to_string(r) + " repeats vs 1 repeat: " + measure,
                    "training steps (items seen)", measure, {}};
      for (const int64_t k : {r, int64_t{1}})
        for (const auto& m : shown) {
          const std::string key = m + "/rep" + std::to_string(k);
          if (!curves.runs.count(key)) continue;
          plot.series.push_back(band_over_runs(short_model_name(m) + ", " + std::to_string(k) + (k == 1 ? " rep" : " reps"), curves.steps,
                                               curves.runs.at(key)));
        }
      draw(plot, dir);
      content.figures.push_back({plot.name, tag + caption_prefix + "trained on " + std::to_string(r) + " repeats and on 1 repeat, " +
                                                tested + ", " + measure + " of the LSTM (BPTT), leaky memory + reset and memoryless. " +
                                                curves.sentence + "Mean +- standard error over runs."});
    }
  }
}

// A.10's figure: the LSTM and leaky + reset trained on r repeats, each model tested both on a
// stream of its training smoothness (in-domain) and on the fixed test stream, one plot per measure.
void plot_in_domain_vs_fixed_test(const SmoothnessSettings& s, const RowTable& table, const std::string& dataset,
                                  const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  const auto shown = trained_models(s, {"lstm", "leaky-reset"});
  if (!s.also_test_in_domain() || shown.empty()) return;
  const std::string fixed = fixed_test_stream(s);
  const std::string fixed_short = s.test_stream_repeats() == 0 ? std::string("random order") : std::to_string(s.test_stream_repeats()) + " rep";
  // Each metric's curves of every model and ordering, smoothed once for all the panels.
  std::map<std::string, SmoothedCurves> curves_of;
  for (const auto* metric : {kError, kAccuracy, kInDomainError, kInDomainAccuracy})
    curves_of[metric] = smoothed_curves(s, table, dataset + "/", metric);
  for (const int64_t r : s.repeats()) {
    if (r == s.test_stream_repeats()) continue;  // both tests are the same stream
    for (const auto& [metric, in_domain_metric] : {std::pair{kError, kInDomainError}, std::pair{kAccuracy, kInDomainAccuracy}}) {
      const bool is_error = metric == std::string(kError);
      const auto& on_fixed = curves_of.at(metric);
      const auto& on_own = curves_of.at(in_domain_metric);
      if (on_fixed.steps.empty() || on_own.steps.empty()) continue;
      const std::string measure = is_error ? "test error" : "test accuracy";
      const std::string reps = std::to_string(r) + (r == 1 ? " rep" : " reps");
      LinePlot plot{dataset + "-generalization-rep" + std::to_string(r) + "-" + metric,
                    "A.10: " + display_name(dataset) + ", trained on " + reps + ", tested on " + reps + " vs " + fixed_short + ": " + measure,
                    "training steps (items seen)", measure, {}};
      for (const auto& m : shown) {
        const std::string key = m + "/rep" + std::to_string(r);
        if (!on_own.runs.count(key) || !on_fixed.runs.count(key)) continue;
        plot.series.push_back(band_over_runs(short_model_name(m) + ", tested on " + reps + " (as trained)", on_own.steps, on_own.runs.at(key)));
        plot.series.push_back(band_over_runs(short_model_name(m) + ", tested on " + fixed_short, on_fixed.steps, on_fixed.runs.at(key)));
      }
      draw(plot, dir);
      content.figures.push_back({plot.name, "A.10: " + caption_prefix + "the same models, trained on " + reps + ", tested at every point "
                                            "both on a stream of their training smoothness and on " + fixed + " (memory on), " + measure +
                                            " of the LSTM (BPTT) and leaky memory + reset. " + on_fixed.sentence +
                                            "Mean +- standard error over runs."});
    }
  }
}

// Early vs late (A.3, A.6): the test error of each ordering at every claim point, the values the
// claims compare (no moving average), as the difference from the mean over orderings at that point.
void plot_claim_point_snapshot(const SmoothnessSettings& s, const std::vector<TidyRow>& rows, const std::string& dataset,
                               const std::string& model, const std::string& tag, const std::string& caption_prefix,
                               const std::filesystem::path& dir, ReportContent& content) {
  const auto conditions = smoothness_conditions(s);
  auto points = s.claim_points();
  std::sort(points.begin(), points.end());
  std::vector<std::map<std::string, std::vector<double>>> at_point;
  for (const double at : points) at_point.push_back(values_of_model(values_at_fraction(rows, dataset, kError, at), model));
  std::vector<double> x;
  for (const double at : points) x.push_back(100.0 * at);
  LinePlot plot{dataset + "-" + model + "-error_at_claim_points",
                tag + display_name(dataset) + ", " + SmoothnessModel::of(model).label() +
                    ": error at each claim point minus the mean over orderings",
                "point of the training (% of the items)", "Error(ordering) - mean Error", {}};
  NpyArray array{{static_cast<int64_t>(points.size()), static_cast<int64_t>(conditions.size()), 0}, {}, {}};
  std::vector<std::string> names;
  for (const auto& c : conditions) names.push_back(c.name());
  const size_t runs = at_point.front().at(names.front()).size();
  array.shape[2] = static_cast<int64_t>(runs);
  std::vector<std::string> point_labels;
  for (const double at : points) point_labels.push_back(format_number(at));
  array.axes = {{"claim_point", point_labels}, {"condition", names}, {"run", {}}};
  for (const auto& values : at_point)
    for (const auto& name : names)
      for (size_t r = 0; r < runs; ++r) array.data.push_back(values.at(name)[r]);
  write_npy(dir / (dataset + "-" + model + "-error_at_claim_points.npy"), array);
  for (const auto& c : conditions) {
    // runs x points: each run's error minus that run's mean over orderings (paired, as the claims)
    std::vector<std::vector<double>> centred(runs, std::vector<double>(points.size()));
    for (size_t p = 0; p < points.size(); ++p)
      for (size_t r = 0; r < runs; ++r) {
        double mean_over = 0;
        for (const auto& name : names) mean_over += at_point[p].at(name)[r] / static_cast<double>(names.size());
        centred[r][p] = at_point[p].at(c.name())[r] - mean_over;
      }
    plot.series.push_back(band_over_runs(c.label(), x, centred));
  }
  draw(plot, dir);
  content.figures.push_back({plot.name, tag + caption_prefix + "test error at each claim point minus the mean over orderings. "
                                        "Below zero: lower error than the average ordering at that point. The "
                                                     "raw evaluations the claims compare (no moving average); mean +- standard "
                                                     "error over runs of the per-run difference. Error per point, ordering and run: " +
                                                     dataset + "-" + model + "-error_at_claim_points.npy."});
}


std::string percent(double fraction) { return format_number(100.0 * fraction) + "%"; }

// What the curves were measured on: training items per epoch (read from the curves' last step),
// epochs, and the test items.
std::string data_sentence(const SmoothnessSettings& s, const std::vector<TidyRow>& rows, const std::string& dataset) {
  int64_t items_seen = 0;
  for (const auto& r : rows)
    if (r.run == 0 && r.metric == kError && r.condition.rfind(dataset + "/", 0) == 0) items_seen = std::max(items_seen, r.step);
  const int64_t epochs = s.epochs();
  const bool images = dataset != "synthetic";
  const int64_t test_items = s.test_items();
  std::ostringstream p;
  p << "<p>Training: " << items_seen / epochs << " items per epoch"
    << (images && s.balance_classes() ? " (classes balanced to the smallest one's count)" : "") << ", " << epochs
    << (epochs == 1 ? " epoch" : " epochs") << ". Test error on "
    << (!images ? "the synthetic test set"
                : test_items > 0 ? "a fixed subset of " + std::to_string(test_items) + " test items (key test_items)"
                                 : std::string("the whole test set (MNIST, Fashion-MNIST: 10,000 items)"))
    << ", " << s.evaluations() << " evaluations per epoch.</p>\n";
  return p.str();
}

// The comparisons whose verdict is not the same at every point, e.g. "a < b holds after 10%, 25%; not after 100%".
std::string verdict_flips_html(const std::map<std::string, std::vector<std::pair<double, bool>>>& verdicts_of) {
  std::string flips;
  for (const auto& [comparison, by_point] : verdicts_of) {
    std::string held, failed;
    for (const auto& [at, holds] : by_point) {
      std::string& list = holds ? held : failed;
      list += (list.empty() ? "" : ", ") + percent(at);
    }
    if (!held.empty() && !failed.empty()) flips += "<li>" + html_escape(comparison) + " holds after " + held + "; not after " + failed + "</li>";
  }
  return flips;
}

// One claim checked at each of its points (learning speed is read from the curves, sections 4,
// 5.1), added to the claims table; its item of the summary.
std::string claim_at_points_html(const SmoothnessSettings& s, const std::vector<TidyRow>& rows, const std::string& dataset,
                                 const std::map<std::string, std::vector<double>>& final_error, const SmoothnessClaim& claim,
                                 ClaimsTable& claims_table) {
  const std::vector<double> points =
      claim.at_every_point ? s.claim_points() : std::vector<double>{claim.at_fraction / static_cast<double>(s.epochs())};
  std::string verdicts, details;
  std::map<std::string, std::vector<std::pair<double, bool>>> verdicts_of;  // "a < b" -> (point, holds) per point
  for (const double at : points) {
    const auto values = at == 1.0 && claim.metric == kError ? final_error : values_at_fraction(rows, dataset, claim.metric, at);
    CheckedClaim checked{claim.text,
                         check_pairs(values, claim.pairs, s.bootstrap_resamples(), derive_seed(s.seed(), "claims/" + dataset))};
    claims_table.add(dataset + " at " + format_number(at), checked);
    checked.text += " [after " + percent(at) + " of the training]";
    details += claim_summary_html(checked);
    const auto held = std::count_if(checked.steps.begin(), checked.steps.end(), [](const OrderingStep& step) { return step.holds; });
    verdicts += (verdicts.empty() ? "" : ", ") + percent(at) + ": " + std::to_string(held) + " of " + std::to_string(checked.steps.size());
    for (const auto& step : checked.steps) verdicts_of[step.better + " < " + step.worse].emplace_back(at, step.holds);
  }
  const std::string flips = verdict_flips_html(verdicts_of);
  return "<li>" + html_escape(claim.text) + ": comparisons holding after " + verdicts +
         (flips.empty() ? "" : " &mdash; <b>verdicts change along the training:</b><ul>" + flips + "</ul>") + "<ul>\n" + details +
         "</ul></li>\n";
}

}  // namespace

ReportContent SmoothnessExperiment::summarize_runs(const SmoothnessSettings& s, const std::vector<TidyRow>& rows,
                                                   const std::filesystem::path& dir) const {
  const auto& models = s.models();

  const std::string loss_name = s.loss() == ClassifierObjective::Loss::MeanSquaredError
                                    ? "MSE (" + name_of(mse_reduction_choices(), s.mse_reduction()) + ")"
                                    : "cross-entropy";
  const std::string training = s.optimization().optimizer == OptimizerKind::sgd ? "SGD" : "RMSprop";

  ReportContent content;
  content.title = name_ + ": " + description_;
  std::ostringstream summary, end_csv;
  ClaimsTable claims_table;
  end_csv << "dataset,model,condition,runs,error_mean,error_sd,accuracy_mean,random_minus_condition_mean,"
             "random_minus_condition_boot_sd,ci_low,ci_high\n";
  const int64_t epochs = s.epochs();
  summary << "<p>" << s.runs() << " runs; 3-layer network, batch-1 " << training << ", lr "
          << s.optimization().learning_rate << ", " << name_of(output_choices(), s.output()) << " outputs, " << loss_name
          << " loss; leaky alpha " << s.leak_alpha() << ", reset at " << name_of(reset_rule_choices(), s.reset_rule())
          << ". Bands: mean &plusmn; standard error over runs after a moving average of up to "
          << s.moving_average_steps() << " steps (each caption gives the window used). A claim's step \"a &lt; b\" (test error at the claim's point of the training) holds when the 95% Student-t "
             "interval of the mean paired difference over runs lies above zero (bootstrap intervals in claims.csv).</p>\n";

  const RowTable table(rows);
  for (const auto& dataset : s.datasets()) {
    const std::string setting = training + ", " + loss_name + ": ";
    // End-of-epoch values, keyed "model/ordering", read once per dataset for every table and figure.
    const auto final_error = end_of_epoch_values(rows, dataset, kError);
    const auto final_accuracy = end_of_epoch_values(rows, dataset, kAccuracy);
    const ClaimSetting claim_setting{s.batch_size(), dataset == "synthetic" && s.synthetic().parts > 1,
                                     s.test_protocol() == TestProtocol::stream && s.test_stream_repeats() == 1, s.also_test_in_domain()};
    for (const auto& model : models) {
      const std::string prefix = display_name(dataset) + ", " + SmoothnessModel::of(model).label() + ", " + setting;
      plot_learning_curves(s, table, dataset + "/" + model, prefix, dir, content);
      end_of_epoch_statistics(s, final_error, final_accuracy, dataset, model, prefix, dir, end_csv, content);
      if (s.claim_points().size() > 1) {
        // The paper's figure for this setting: mini-batch A.6, CE A.3, the A.7 stream, reconstruction A.1 right, else Fig. 2.
        const std::string tag = model == "minibatch"          ? "A.6: "
                                : s.loss() == ClassifierObjective::Loss::CrossEntropy ? "A.3: "
                                : claim_setting.shares_no_features ? "A.7: "
                                : s.task() == SmoothnessTask::reconstruction ? "A.1: "
                                                               : "Fig. 2: ";
        plot_claim_point_snapshot(s, rows, dataset, model, tag, prefix, dir, content);
      }
    }
    if (models.size() > 1) model_comparison_heatmap(s, final_error, dataset, display_name(dataset) + ", " + setting, dir, content);
    plot_models_side_by_side(s, table, dataset, display_name(dataset) + ", " + setting, dir, content);
    plot_in_domain_vs_fixed_test(s, table, dataset, display_name(dataset) + ", " + setting, dir, content);

    summary << "<h3>" << display_name(dataset) << "</h3>\n" << data_sentence(s, rows, dataset) << "<ul>\n";
    for (const auto& claim : smoothness_claims(models, smoothness_conditions(s), claim_setting))
      summary << claim_at_points_html(s, rows, dataset, final_error, claim, claims_table);
    summary << "</ul>\n";
  }
  write_file_atomic(dir / "end_of_epoch.csv", end_csv.str());
  claims_table.write(dir);
  content.summary_html = summary.str();
  content.tables = {{OutputFolder::kClaims, "Claims at each claim point (at_fraction of the training; 1 = its end): paired differences "
                                   "(worse - better), 95% t and bootstrap intervals"},
                    {"end_of_epoch.csv", "End of epoch: test error per model and condition, and Error(random) - Error(condition)"}};
  return content;
}

}  // namespace reverie
