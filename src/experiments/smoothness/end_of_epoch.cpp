// The smoothness experiments' end-of-epoch statistics: per-condition table rows and arrays,
// A.1's bars against random, the pairwise win rates, and Fig. 2's model x ordering panel.
#include <map>
#include <ostream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/report/figures.h"
#include "reverie/report/html_report.h"
#include "parts.h"

namespace reverie {

// Values of one model, keyed by ordering ("rep1"), from values keyed "model/ordering".
std::map<std::string, std::vector<double>> values_of_model(const std::map<std::string, std::vector<double>>& values,
                                                           const std::string& model) {
  std::map<std::string, std::vector<double>> out;
  for (const auto& [key, v] : values)
    if (key.rfind(model + "/", 0) == 0) out[key.substr(model.size() + 1)] = v;
  return out;
}

// End of epoch for one model: per-condition table rows, the runs x conditions array, A.1's
// bar chart of Error(random) - Error(condition), and the pairwise win-rate heatmap.
void end_of_epoch_statistics(const SmoothnessSettings& s, const std::map<std::string, std::vector<double>>& dataset_error,
                             const std::map<std::string, std::vector<double>>& dataset_accuracy, const std::string& dataset,
                             const std::string& model, const std::string& caption_prefix, const std::filesystem::path& dir,
                             std::ostream& table, ReportContent& content) {
  const auto conditions = smoothness_conditions(s);
  const int64_t resamples = s.bootstrap_resamples();
  const uint64_t stats_seed = derive_seed(s.seed(), "bootstrap/" + dataset + "/" + model);
  const auto final_error = values_of_model(dataset_error, model);
  const auto final_accuracy = values_of_model(dataset_accuracy, model);
  const size_t runs = final_error.begin()->second.size();
  const std::string stem = dataset + "-" + model + "-";
  std::vector<std::string> names, labels;
  for (const auto& c : conditions) {
    names.push_back(c.name());
    labels.push_back(c.label());
  }

  NpyArray matrix{{static_cast<int64_t>(runs), static_cast<int64_t>(conditions.size())}, {}, {{"run", {}}, {"condition", names}}};
  for (size_t r = 0; r < runs; ++r)
    for (const auto& name : names) matrix.data.push_back(final_error.at(name)[r]);
  write_npy(dir / (stem + "final_test_error.npy"), matrix);

  BarChart bars{stem + "random_minus_condition", caption_prefix + "end-of-epoch Error(random) - Error(condition)",
                "test error difference", {}, {}, {}};
  for (const auto& c : conditions) {
    const auto& e = final_error.at(c.name());
    std::vector<double> diff;
    if (final_error.count("random"))
      for (size_t r = 0; r < runs; ++r) diff.push_back(final_error.at("random")[r] - e[r]);
    const BootstrapSummary b = diff.empty() ? BootstrapSummary{} : bootstrap_mean(diff, resamples, derive_seed(stats_seed, c.name()));
    table << dataset << "," << model << "," << c.name() << "," << runs << "," << format_number(mean(e)) << ","
          << format_number(standard_deviation(e)) << ","
          << (final_accuracy.count(c.name()) ? format_number(mean(final_accuracy.at(c.name()))) : "");
    if (diff.empty()) table << ",,,,\n";  // no random condition to compare with: not computed
    else table << "," << format_number(b.mean) << "," << format_number(b.sd) << "," << format_number(b.ci_low) << ","
               << format_number(b.ci_high) << "\n";
    if (!c.is_random() && !diff.empty()) {
      bars.labels.push_back(c.label());
      bars.values.push_back(b.mean);
      bars.errors.push_back(b.sd);
    }
  }
  if (!bars.labels.empty()) {
    draw(bars, dir);
    content.figures.push_back({bars.name, bars.title + " (A.1 left, A.4). Bars: bootstrap mean; error bars: bootstrap sd (" +
                                              std::to_string(resamples) + " resamples). Above zero: better than random."});
  }

  const Heatmap wins{stem + "pairwise_wins", caption_prefix + "fraction of runs where row beats column (lower end-of-epoch error)",
                     "condition", "condition", labels, labels, pairwise_win_rates(final_error, names)};
  draw(wins, dir);
  content.figures.push_back({wins.name, wins.title});
}

// Mean end-of-epoch error of every model x ordering: the three panels of Fig. 2 side by side.
void model_comparison_heatmap(const SmoothnessSettings& s, const std::map<std::string, std::vector<double>>& final_error,
                              const std::string& dataset,
                              const std::string& caption_prefix, const std::filesystem::path& dir, ReportContent& content) {
  Heatmap map{dataset + "-models-final_test_error", caption_prefix + "mean end-of-epoch test error, model x ordering",
              "ordering", "model", {}, {}, {}};
  for (const auto& c : smoothness_conditions(s)) map.column_labels.push_back(c.label());
  for (const auto& model : s.models()) {
    map.row_labels.push_back(SmoothnessModel::of(model).label());
    std::vector<double> row;
    for (const auto& c : smoothness_conditions(s)) row.push_back(mean(final_error.at(model + "/" + c.name())));
    map.values.push_back(row);
  }
  draw(map, dir);
  content.figures.push_back({map.name, map.title});
}

}  // namespace reverie
