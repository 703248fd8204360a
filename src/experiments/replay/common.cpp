#include <torch/torch.h>

#include <algorithm>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/item_structure.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/tensor_values.h"
#include "reverie/core/training_divergence.h"
#include "reverie/experiments/replay/experiments.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

std::vector<std::vector<double>> to_rows(const torch::Tensor& t) {
  std::vector<std::vector<double>> rows;
  for (int64_t i = 0; i < t.size(0); ++i) rows.push_back(tensor_values(t[i]));
  return rows;
}

std::vector<std::string> numbered(const std::string& prefix, int64_t n) {
  std::vector<std::string> v;
  for (int64_t i = 1; i <= n; ++i) v.push_back(prefix + std::to_string(i));
  return v;
}

}  // namespace

std::string format_fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string mean_sd(const std::vector<double>& values, int decimals) {
  if (values.empty()) return "n/a";
  return format_fixed(mean(values), decimals) + " +- " +
         format_fixed(values.size() > 1 ? standard_deviation(values) : 0.0, decimals);
}

void write_item_structure(const ItemTable& items, const std::filesystem::path& dir, ReportContent& content) {
  const auto modes = item_modes(items.values);
  const auto correlation = item_correlation(items.values);
  const auto scaled = min_max_scaled(correlation);
  const NpyAxis item{"item", items.items}, attribute{"attribute", items.attributes}, mode{"mode", {}};
  write_npy(dir / "items.npy", tensor_npy(items.values, {item, attribute}));
  write_npy(dir / "item_correlation.npy", tensor_npy(correlation, {item, item}));
  write_npy(dir / "item_correlation_scaled.npy", tensor_npy(scaled, {item, item}));
  write_npy(dir / "svd_feature_synthesizer_U.npy", tensor_npy(modes.feature_synthesizer, {attribute, mode}));
  write_npy(dir / "svd_singular_values.npy", tensor_npy(modes.singular_values, {mode}));
  write_npy(dir / "svd_object_analyzer_Vt.npy", tensor_npy(modes.object_analyzer, {mode, item}));
  const int64_t k = modes.singular_values.size(0);
  const std::vector<Heatmap> maps = {
      {"data-items", "Items x attributes (Fig. 3a)", "attribute", "item", items.attributes, items.items, to_rows(items.values)},
      {"data-correlation", "Pearson correlation between items (Fig. 3b)", "item", "item", items.items, items.items, to_rows(correlation)},
      {"data-correlation_scaled", "Correlation min-max scaled to [0, 1]: the target S of section 5.3", "item", "item", items.items,
       items.items, to_rows(scaled)},
      {"data-svd_U", "Feature synthesizer U: attributes x modes (Fig. 4)", "mode", "attribute", numbered("", k), items.attributes,
       to_rows(modes.feature_synthesizer)},
      {"data-svd_Vt", "Object analyzer V^T: modes x items (Fig. 4)", "item", "mode", items.items, numbered("", k),
       to_rows(modes.object_analyzer)},
  };
  for (const auto& m : maps) {
    draw(m, dir);
    content.figures.push_back({m.name, m.title + ". Arrays: .npy beside the figure."});
  }
  BarChart sv{"data-svd_singular_values", "Singular values of the attribute x item matrix (Fig. 4, Sigma)", "singular value",
              numbered("sigma ", k), tensor_values(modes.singular_values), std::vector<double>(k, 0.0)};
  draw(sv, dir);
  content.figures.push_back({sv.name, sv.title});
}

ItemTable replay_items(const ReplaySettings& settings) {
  const auto& path = settings.items_csv();
  return path.empty() ? builtin_items(settings.items(), "items") : read_item_table(path);
}

std::vector<TeacherScenario> teacher_scenarios(const ReplaySettings& settings) {
  const auto& hidden = settings.teacher_hidden();
  const auto& epochs = settings.teacher_max_epochs();
  std::vector<TeacherScenario> out;
  for (size_t i = 0; i < hidden.size(); ++i) out.push_back({hidden[i], epochs[i]});
  return out;
}

torch::Tensor fixed_point_starts(const ReplaySettings& settings, int64_t features, int run, const std::string& condition) {
  auto generator = make_generator(derive_seed(settings.seed(), "fixed-point-starts/" + std::to_string(run) + "/" + condition));
  return torch::rand({settings.fixed_point_random_starts(), features}, generator);
}

AutoencoderTrainingOptions training_options(const ReplaySettings& settings, int64_t max_epochs) {
  AutoencoderTrainingOptions o = settings.training();
  o.max_epochs = max_epochs;
  return o;
}

DenoisingAutoencoder replay_autoencoder(const ReplaySettings& settings, int64_t features, int64_t hidden, at::Generator& generator) {
  DenoisingAutoencoder model(
      DenoisingAutoencoderOptions(features, hidden).dropout(settings.dropout()).input_noise_sd(settings.input_noise_sd()));
  if (settings.init() == AutoencoderInit::pytorch_default) model->pytorch_default_init(generator);
  else model->xavier_init(generator);
  return model;
}

TrainedTeacher train_teacher(const ReplaySettings& settings, const ItemTable& items, const TeacherScenario& scenario, int run,
                             const std::function<void()>& on_epoch) {
  const uint64_t seed = derive_seed(derived_run_seed(settings.seed(), run), scenario.name());
  auto generator = make_generator(seed);
  auto model = replay_autoencoder(settings, items.features(), scenario.hidden, generator);
  auto history = training_condition(scenario.name(), [&] {
    return train_autoencoder(model, shuffled_items(items.values), items.values, training_options(settings, scenario.max_epochs),
                             generator, on_epoch);
  });
  return {model, std::move(history)};
}

void append_history_rows(std::vector<TidyRow>& rows, int run, const std::string& condition,
                         const TrainingHistory& history, const ItemTable& items) {
  for (const auto& r : history.records) {
    double sum = 0;
    for (int64_t i = 0; i < items.size(); ++i) {
      rows.push_back({run, condition, r.epoch, "loss/" + items.items[i], r.item_loss[i]});
      sum += r.item_loss[i];
    }
    rows.push_back({run, condition, r.epoch, "mean_loss", sum / static_cast<double>(items.size())});
    for (size_t k = 0; k < r.singular_values.size(); ++k)
      rows.push_back({run, condition, r.epoch, "sv/" + std::to_string(k + 1), r.singular_values[k]});
  }
}

RunCurves curves_over_runs(const RowTable& rows, const std::string& condition, const std::string& metric,
                           int64_t record_every, int64_t max_epochs) {
  RunCurves c;
  c.epochs.push_back(1);
  for (int64_t e = record_every; e <= max_epochs; e += record_every)
    if (e > 1) c.epochs.push_back(static_cast<double>(e));
  if (c.epochs.back() != static_cast<double>(max_epochs)) c.epochs.push_back(static_cast<double>(max_epochs));
  std::map<int, std::vector<std::pair<int64_t, double>>> by_run;
  for (const auto* r : rows.rows(condition, metric))
    if (r->step > 0) by_run[r->run].emplace_back(r->step, r->value);
  for (auto& [run, points] : by_run) {
    std::sort(points.begin(), points.end());
    std::vector<double> curve;
    size_t next = 0;
    double value = points.front().second;
    for (double e : c.epochs) {
      while (next < points.size() && static_cast<double>(points[next].first) <= e) value = points[next++].second;
      curve.push_back(value);
    }
    c.runs.push_back(std::move(curve));
  }
  return c;
}

Claim thesis_claim(const std::string& figure, const std::string& statement, const std::string& ours,
                   const std::string& verdict) {
  return Claim{"", figure, statement, "", ours, "", verdict, std::nullopt};
}

void plot_training(const ReplaySettings& settings, const RowTable& rows, const std::string& condition,
                   const std::string& label, const ItemTable& items, int64_t max_epochs, bool singular_values,
                   const std::filesystem::path& dir, ReportContent& content) {
  const int64_t every = settings.training().record_every;
  std::string stem = condition;
  std::replace(stem.begin(), stem.end(), '/', '-');
  LinePlot loss{stem + "-item_loss", label + ": loss of each item (summed squared error, dropout off)", "epoch",
                "item loss", {}};
  for (const auto& item : items.items) {
    const auto c = curves_over_runs(rows, condition, "loss/" + item, every, max_epochs);
    if (!c.runs.empty()) loss.series.push_back(band_over_runs(item, c.epochs, c.runs));
  }
  if (const auto c = curves_over_runs(rows, condition, "mean_loss", every, max_epochs); !c.runs.empty())
    loss.series.push_back(band_over_runs("mean", c.epochs, c.runs));
  draw(loss, dir);
  content.figures.push_back({loss.name, loss.title + ". Mean +- standard error over runs; a run that stopped early keeps its last value. Recorded every " +
                                            std::to_string(every) + " epochs."});
  if (!singular_values) return;
  LinePlot sv{stem + "-singular_values", label + ": singular values of the prediction matrix (items x attributes)",
              "epoch", "singular value", {}};
  for (int64_t k = 1; k <= std::min(items.size(), items.features()); ++k) {
    const auto c = curves_over_runs(rows, condition, "sv/" + std::to_string(k), every, max_epochs);
    if (!c.runs.empty()) sv.series.push_back(band_over_runs("sigma " + std::to_string(k), c.epochs, c.runs));
  }
  draw(sv, dir);
  content.figures.push_back({sv.name, sv.title + " (Fig. 6c, 9c). Mean +- standard error over runs."});
}

}  // namespace reverie
