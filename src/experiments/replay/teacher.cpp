// replay-teacher: seed 002 sections 5.1, 5.2 and 6: the teachers' training, fixed points and
// latent maps, one run at a time (teacher_report.cpp draws them, teacher_claims.cpp states them).
#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/item_structure.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/tensor_values.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/latent_map.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

void append_latent_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const LatentMap& map) {
  const int64_t dims = map.grid.size(1);
  const auto grid_t = map.grid.to(torch::kFloat64).contiguous(), arrows_t = map.arrows.to(torch::kFloat64).contiguous();
  const auto classes_t = map.classes.contiguous();
  const auto grid = grid_t.accessor<double, 2>(), arrows = arrows_t.accessor<double, 2>();
  const auto classes = classes_t.accessor<int64_t, 1>();
  for (int64_t g = 0; g < grid.size(0); ++g) {
    for (int64_t k = 0; k < dims; ++k) {
      rows.push_back({run, condition + "/latent", g, kLatentAxes[k], grid[g][k]});
      rows.push_back({run, condition + "/latent", g, std::string("d") + kLatentAxes[k], arrows[g][k]});
    }
    rows.push_back({run, condition + "/latent", g, "class", static_cast<double>(classes[g])});
  }
  for (int64_t i = 0; i < map.item_positions.size(0); ++i)
    for (int64_t k = 0; k < dims; ++k)
      rows.push_back({run, condition + "/latent-items", i, kLatentAxes[k], map.item_positions[i][k].item<double>()});
  if (map.explained_variance.defined())
    for (int64_t k = 0; k < map.explained_variance.size(0); ++k)
      rows.push_back({run, condition + "/latent-items", 0, "explained/" + std::to_string(k + 1), map.explained_variance[k].item<double>()});
}

// How training went: the history, why it stopped, and the rank of the prediction.
void append_training_rows(std::vector<TidyRow>& rows, const ReplaySettings& settings, const ItemTable& items, int run,
                          const std::string& c, const TrainingHistory& history) {
  append_history_rows(rows, run, c, history, items);
  const auto& last = history.records.back();
  int64_t nonzero = 0;
  for (double s : last.singular_values) nonzero += s > settings.singular_value_threshold();
  rows.push_back({run, c, 0, "epochs_trained", static_cast<double>(history.epochs)});
  rows.push_back({run, c, 0, "stopped_by_loss", history.stop_reason == "loss" ? 1.0 : 0.0});
  rows.push_back({run, c, 0, "stopped_by_change", history.stop_reason == "change" ? 1.0 : 0.0});
  rows.push_back({run, c, 0, "nonzero_singular_values", static_cast<double>(nonzero)});
}

// Per item: is it an iterative fixed point, an attractor, where does its iteration end.
void append_item_fixed_point_rows(std::vector<TidyRow>& rows, const ItemTable& items, int run, const std::string& c,
                                  const std::vector<ItemFixedPoint>& fixed) {
  int64_t stored = 0, stored_attractors = 0;
  for (int64_t i = 0; i < items.size(); ++i) {
    const auto& f = fixed[i];
    const std::string& item = items.items[i];
    stored += f.stored;
    stored_attractors += f.stored && f.attractor;
    rows.push_back({run, c, 0, "stored/" + item, f.stored ? 1.0 : 0.0});
    rows.push_back({run, c, 0, "converged/" + item, f.converged ? 1.0 : 0.0});
    rows.push_back({run, c, 0, "attractor/" + item, f.attractor ? 1.0 : 0.0});
    rows.push_back({run, c, 0, "radius/" + item, f.spectral_radius});
    rows.push_back({run, c, 0, "limit_item/" + item, static_cast<double>(f.limit_item)});
    rows.push_back({run, c, 0, "deviation/" + item, f.max_deviation});
  }
  rows.push_back({run, c, 0, "items_stored", static_cast<double>(stored)});
  rows.push_back({run, c, 0, "items_stored_as_attractors", static_cast<double>(stored_attractors)});
}

// Fig. 7, 10: which items share an attractor (the same limit), and how far each item's
// encoding lies from its attractor's in the hidden space; with more than 3 hidden units, the
// PCA of the items' encodings (Fig. 10), every run.
void append_attractor_rows(std::vector<TidyRow>& rows, const ReplaySettings& settings, const ItemTable& items, int run,
                           const TeacherScenario& scenario, DenoisingAutoencoderImpl& model,
                           const std::vector<ItemFixedPoint>& fixed) {
  const std::string c = scenario.name();
  std::vector<torch::Tensor> limit_states;
  std::vector<uint8_t> limit_converged;
  for (const auto& f : fixed) {
    limit_states.push_back(f.limit);
    limit_converged.push_back(f.converged);
  }
  const auto limits = torch::stack(limit_states);
  const auto groups = limit_groups(limits, torch::tensor(std::vector<int64_t>(limit_converged.begin(), limit_converged.end())).to(torch::kBool),
                                   settings.fixed_point_merge_distance());
  torch::Tensor codes, attractor_distance;
  {
    torch::NoGradGuard no_grad;
    codes = model.encode(items.values);
    attractor_distance = (codes - model.encode(limits)).norm(2, 1).to(torch::kFloat64);
  }
  for (int64_t i = 0; i < items.size(); ++i) {
    rows.push_back({run, c, 0, "attractor_group/" + items.items[i], static_cast<double>(groups[i])});
    rows.push_back({run, c, 0, "attractor_distance/" + items.items[i], attractor_distance[i].item<double>()});
  }
  if (scenario.hidden > 3) {
    const auto explained = principal_components(codes, 3).explained_variance;
    for (int64_t k = 0; k < explained.size(0); ++k)
      rows.push_back({run, c, 0, "pca_explained/" + std::to_string(k + 1), explained[k].item<double>()});
  }
}

// Fig. 2: the distance of every iterate to each item, iterating from each item.
void append_trajectory_rows(std::vector<TidyRow>& rows, const ReplaySettings& settings, const ItemTable& items, int run,
                            const std::string& c, const StepMap& step) {
  const auto distances = iteration_distances(step, items.values, items.values, settings.trajectory_steps()).contiguous();
  const auto d = distances.accessor<double, 3>();
  for (int64_t i = 0; i < items.size(); ++i)
    for (int64_t k = 0; k < d.size(1); ++k)
      for (int64_t j = 0; j < items.size(); ++j)
        rows.push_back({run, c + "/trajectory", k, "distance/" + items.items[i] + "/" + items.items[j], d[i][k][j]});
}

// Fixed points reachable from uniform noise, as replay would find them; the largest spectral
// radius also counts the items' converged limits.
void append_random_start_rows(std::vector<TidyRow>& rows, const ReplaySettings& settings, const ItemTable& items, int run,
                              const std::string& c, const StepMap& step, const std::vector<ItemFixedPoint>& fixed) {
  const auto starts = fixed_point_starts(settings, items.features(), run, c);
  const auto found = distinct_fixed_points(step, starts, items.values, settings.fixed_point_max_steps(),
                                           settings.fixed_point_tolerance(), settings.fixed_point_merge_distance());
  int64_t attractors = 0, spurious = 0;
  double max_radius = 0;
  for (const auto& f : found) {
    attractors += f.stability.attractor;
    spurious += f.item_distance >= settings.fixed_point_item_tolerance();
    max_radius = std::max(max_radius, f.stability.spectral_radius);
  }
  for (const auto& f : fixed) max_radius = std::max(max_radius, f.converged ? f.spectral_radius : 0.0);
  rows.push_back({run, c, 0, "fixed_points_found", static_cast<double>(found.size())});
  rows.push_back({run, c, 0, "fixed_points_attractors", static_cast<double>(attractors)});
  rows.push_back({run, c, 0, "fixed_points_spurious", static_cast<double>(spurious)});
  rows.push_back({run, c, 0, "max_fixed_point_radius", max_radius});
}

// The latent map of one teacher: over its hidden units, or over the principal components of
// the items' encodings when it has more than 3.
LatentMap teacher_latent_map(const ReplaySettings& settings, const ItemTable& items, const TeacherScenario& scenario,
                             const std::shared_ptr<DenoisingAutoencoderImpl>& model, const StepMap& step) {
  LatentMapOptions o;
  o.points_per_axis = scenario.hidden <= 3 ? settings.latent_map_points_per_axis() : settings.latent_map_points_per_axis_pca();
  o.arrow_steps = settings.latent_map_arrow_steps();
  o.margin = settings.latent_map_margin();
  const StepMap encode = [model](const torch::Tensor& x) { return model->encode(x); };
  const StepMap decode = [model](const torch::Tensor& h) { return model->decode(h); };
  return latent_map(encode, decode, step, items.values, o);
}

}  // namespace

int64_t ReplayTeacherExperiment::part_work(const ReplaySettings& settings) const {
  int64_t epochs = 0;
  for (const auto& s : teacher_scenarios(settings)) epochs += s.max_epochs;
  return epochs;
}

std::vector<TidyRow> ReplayTeacherExperiment::run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const {
  std::vector<TidyRow> rows;
  // One section of rows after another: their order is the recorded rows' order.
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    auto teacher = train_teacher(settings, items, scenario, run, [&] { progress.advance(1); });
    progress.advance(scenario.max_epochs - teacher.history.epochs);
    append_training_rows(rows, settings, items, run, c, teacher.history);

    const auto model = teacher.model.ptr();  // shared_ptr: the encode/decode maps call non-const methods
    const StepMap step = teacher.step();
    const auto fixed = item_fixed_points(step, items.values, settings.fixed_point_max_steps(),
                                         settings.fixed_point_tolerance(), settings.fixed_point_item_tolerance());
    append_item_fixed_point_rows(rows, items, run, c, fixed);
    append_attractor_rows(rows, settings, items, run, scenario, *model, fixed);
    if (run < settings.trajectory_runs()) append_trajectory_rows(rows, settings, items, run, c, step);
    append_random_start_rows(rows, settings, items, run, c, step, fixed);
    // A map needs 2 axes: hidden units themselves, or 2+ principal components (3+ items).
    if (run < settings.latent_map_runs() && (scenario.hidden <= 3 ? scenario.hidden >= 2 : items.size() >= 3))
      append_latent_rows(rows, run, c, teacher_latent_map(settings, items, scenario, model, step));
  }
  return rows;
}

}  // namespace reverie
