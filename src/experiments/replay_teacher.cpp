// replay-teacher: seed 002 sections 5.1, 5.2 and 6 (Fig. 3, 4, 6, 7, 9, 10).
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
#include "replay_parts.h"

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

const char* kAxes[] = {"x", "y", "z"};

void append_latent_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const LatentMap& map) {
  const int64_t dims = map.grid.size(1);
  const auto grid_t = map.grid.to(torch::kFloat64).contiguous(), arrows_t = map.arrows.to(torch::kFloat64).contiguous();
  const auto classes_t = map.classes.contiguous();
  const auto grid = grid_t.accessor<double, 2>(), arrows = arrows_t.accessor<double, 2>();
  const auto classes = classes_t.accessor<int64_t, 1>();
  for (int64_t g = 0; g < grid.size(0); ++g) {
    for (int64_t k = 0; k < dims; ++k) {
      rows.push_back({run, condition + "/latent", g, kAxes[k], grid[g][k]});
      rows.push_back({run, condition + "/latent", g, std::string("d") + kAxes[k], arrows[g][k]});
    }
    rows.push_back({run, condition + "/latent", g, "class", static_cast<double>(classes[g])});
  }
  for (int64_t i = 0; i < map.item_positions.size(0); ++i)
    for (int64_t k = 0; k < dims; ++k)
      rows.push_back({run, condition + "/latent-items", i, kAxes[k], map.item_positions[i][k].item<double>()});
  if (map.explained_variance.defined())
    for (int64_t k = 0; k < map.explained_variance.size(0); ++k)
      rows.push_back({run, condition + "/latent-items", 0, "explained/" + std::to_string(k + 1), map.explained_variance[k].item<double>()});
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

int64_t ReplayTeacherExperiment::part_work(const ReplaySettings& settings) const {
  int64_t epochs = 0;
  for (const auto& s : teacher_scenarios(settings)) epochs += s.max_epochs;
  return epochs;
}

std::vector<TidyRow> ReplayTeacherExperiment::run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const {
  std::vector<TidyRow> rows;
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    auto teacher = train_teacher(settings, items, scenario, run, [&] { progress.advance(1); });
    progress.advance(scenario.max_epochs - teacher.history.epochs);
    append_history_rows(rows, run, c, teacher.history, items);
    const auto& last = teacher.history.records.back();
    int64_t nonzero = 0;
    for (double s : last.singular_values) nonzero += s > settings.singular_value_threshold();
    rows.push_back({run, c, 0, "epochs_trained", static_cast<double>(teacher.history.epochs)});
    rows.push_back({run, c, 0, "stopped_by_loss", teacher.history.stop_reason == "loss" ? 1.0 : 0.0});
    rows.push_back({run, c, 0, "stopped_by_change", teacher.history.stop_reason == "change" ? 1.0 : 0.0});
    rows.push_back({run, c, 0, "nonzero_singular_values", static_cast<double>(nonzero)});

    const auto model = teacher.model.ptr();  // shared_ptr: the encode/decode maps call non-const methods
    const StepMap step = teacher.step();
    const auto fixed = item_fixed_points(step, items.values, settings.fixed_point_max_steps(),
                                         settings.fixed_point_tolerance(), settings.fixed_point_item_tolerance());
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

    // Fig. 7, 10: which items share an attractor (the same limit), and how far each item's
    // encoding lies from its attractor's in the hidden space.
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
      codes = model->encode(items.values);
      attractor_distance = (codes - model->encode(limits)).norm(2, 1).to(torch::kFloat64);
    }
    for (int64_t i = 0; i < items.size(); ++i) {
      rows.push_back({run, c, 0, "attractor_group/" + items.items[i], static_cast<double>(groups[i])});
      rows.push_back({run, c, 0, "attractor_distance/" + items.items[i], attractor_distance[i].item<double>()});
    }
    if (scenario.hidden > 3) {  // Fig. 10's PCA of the items' encodings, every run
      const auto explained = principal_components(codes, 3).explained_variance;
      for (int64_t k = 0; k < explained.size(0); ++k)
        rows.push_back({run, c, 0, "pca_explained/" + std::to_string(k + 1), explained[k].item<double>()});
    }
    // Fig. 2: the distance of every iterate to each item, iterating from each item.
    if (run < settings.trajectory_runs()) {
      const auto distances = iteration_distances(step, items.values, items.values, settings.trajectory_steps()).contiguous();
      const auto d = distances.accessor<double, 3>();
      for (int64_t i = 0; i < items.size(); ++i)
        for (int64_t k = 0; k < d.size(1); ++k)
          for (int64_t j = 0; j < items.size(); ++j)
            rows.push_back({run, c + "/trajectory", k, "distance/" + items.items[i] + "/" + items.items[j], d[i][k][j]});
    }

    // Fixed points reachable from uniform noise, as replay would find them.
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

    // A map needs 2 axes: hidden units themselves, or 2+ principal components (3+ items).
    if (run < settings.latent_map_runs() && (scenario.hidden <= 3 ? scenario.hidden >= 2 : items.size() >= 3)) {
      LatentMapOptions o;
      o.points_per_axis = scenario.hidden <= 3 ? settings.latent_map_points_per_axis() : settings.latent_map_points_per_axis_pca();
      o.arrow_steps = settings.latent_map_arrow_steps();
      o.margin = settings.latent_map_margin();
      const StepMap encode = [model](const torch::Tensor& x) { return model->encode(x); };
      const StepMap decode = [model](const torch::Tensor& h) { return model->decode(h); };
      append_latent_rows(rows, run, c, latent_map(encode, decode, step, items.values, o));
    }
  }
  return rows;
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

namespace {

// The first run's latent map of one scenario as a ClassMap (Fig. 7 or 10).
void plot_latent_map(const ReplaySettings& settings, const RowTable& rows, const std::string& condition,
                     const ItemTable& items, const std::filesystem::path& dir, ReportContent& content) {
  std::map<int64_t, std::map<std::string, double>> grid;
  std::map<int64_t, std::map<std::string, double>> item_rows;
  for (const char* metric : {"x", "y", "z", "dx", "dy", "dz", "class"})
    for (const auto* r : rows.rows(condition + "/latent", metric))
      if (r->run == 0) grid[r->step][metric] = r->value;
  for (const char* metric : {"x", "y", "z", "explained/1", "explained/2", "explained/3"})
    for (const auto* r : rows.rows(condition + "/latent-items", metric))
      if (r->run == 0) item_rows[r->step][metric] = r->value;
  if (grid.empty()) return;
  const bool three_d = grid.begin()->second.count("z") > 0;
  const int dims = three_d ? 3 : 2;
  const bool pca = item_rows[0].count("explained/1") > 0;
  ClassMap map;
  map.name = condition + "-latent_map";
  std::string axis = pca ? "PC " : "hidden unit ";
  map.xlabel = axis + "1";
  map.ylabel = axis + "2";
  if (three_d) map.zlabel = axis + "3";
  map.class_labels = items.items;
  std::string explained;
  if (pca) {
    double total = 0;
    for (int k = 1; k <= 3; ++k) {
      const double e = item_rows[0]["explained/" + std::to_string(k)];
      total += e;
      explained += (k > 1 ? ", " : "") + format_fixed(e, 2);
    }
    explained = " Explained variance of the items' encodings: " + explained + " (total " + format_fixed(total, 2) +
                "; thesis: 0.58, 0.21, 0.12, total 0.91).";
  }
  map.title = condition + ": latent space, grid decoded and coloured by nearest item (run 0)";
  const int64_t per_axis = three_d ? settings.latent_map_points_per_axis_pca() : settings.latent_map_points_per_axis();
  const int64_t stride = settings.latent_map_arrow_stride();
  for (const auto& [g, m] : grid) {
    std::vector<double> p;
    for (int k = 0; k < dims; ++k) p.push_back(m.at(kAxes[k]));
    map.points.push_back(p);
    map.point_class.push_back(static_cast<int64_t>(m.at("class")));
    // Grid index g = i * per_axis^(dims-1) + ...; keep every stride-th point along each axis.
    bool keep = true;
    for (int64_t rest = g, k = 0; k < dims; ++k, rest /= per_axis) keep = keep && (rest % per_axis) % stride == 0;
    if (!keep) continue;
    std::vector<double> a = p;
    for (int k = 0; k < dims; ++k) a.push_back(m.at(std::string("d") + kAxes[k]));
    map.arrows.push_back(a);
  }
  for (const auto& [i, m] : item_rows) {
    std::vector<double> p;
    for (int k = 0; k < dims; ++k) p.push_back(m.at(kAxes[k]));
    map.markers.push_back(p);
    map.marker_class.push_back(i);
  }
  draw(map, dir);
  content.figures.push_back({map.name, map.title + (three_d ? " (Fig. 10)" : " (Fig. 7)") + ". Arrows: change of the " +
                                           (pca ? "projected " : "") + "hidden state after " +
                                           std::to_string(settings.latent_map_arrow_steps()) +
                                           " iterations of the decoded point (every " + std::to_string(stride) +
                                           "th grid point per axis). Stars: the items' encodings, coloured by item." + explained});
}

// Run 0's iteration from a stored and from a non-stored item: distance to each item over the
// steps (Fig. 2; the thesis shows Canary stored and Pine not), and every item's as .npy.
void plot_trajectories(const RowTable& rows, const std::string& condition, const std::string& label, const ItemTable& items,
                       const std::filesystem::path& dir, ReportContent& content) {
  const std::string t = condition + "/trajectory";
  const int64_t k = items.size();
  std::vector<std::vector<std::vector<double>>> d(k, std::vector<std::vector<double>>(k));  // [from][to][step]
  for (int64_t i = 0; i < k; ++i)
    for (int64_t j = 0; j < k; ++j) {
      const auto runs = rows.by_run(t, "distance/" + items.items[i] + "/" + items.items[j]);
      if (runs.empty()) return;
      d[i][j] = runs.front();
    }
  const int64_t steps = static_cast<int64_t>(d[0][0].size());
  std::vector<double> flat;  // [from x step x to]
  for (int64_t i = 0; i < k; ++i)
    for (int64_t s = 0; s < steps; ++s)
      for (int64_t j = 0; j < k; ++j) flat.push_back(d[i][j][s]);
  write_npy(dir / (condition + "-trajectory_distances.npy"),
            {{k, steps, k}, flat, {{"start item", items.items}, {"iteration", {}}, {"distance to item", items.items}}});
  // Run 0's stored flags pick the two items shown; the thesis's pair where it fits.
  std::vector<bool> stored(k);
  for (int64_t i = 0; i < k; ++i) {
    const auto v = rows.at_step(condition, "stored/" + items.items[i]);
    stored[i] = !v.empty() && v.front() == 1.0;
  }
  const auto pick = [&](const std::string& preferred, bool want) -> int64_t {
    for (int64_t i = 0; i < k; ++i)
      if (items.items[i] == preferred && stored[i] == want) return i;
    for (int64_t i = 0; i < k; ++i)
      if (stored[i] == want) return i;
    return -1;
  };
  std::vector<double> x;
  for (int64_t s = 0; s < steps; ++s) x.push_back(static_cast<double>(s));
  for (const auto& [preferred, want] : {std::pair<std::string, bool>{"Canary", true}, {"Pine", false}}) {
    const int64_t i = pick(preferred, want);
    if (i < 0) continue;
    const std::string& from = items.items[i];
    LinePlot plot{condition + "-trajectory-" + from,
                  "Fig. 2: " + label + ", iterating from " + from + (want ? " (stored)" : " (not stored)") + ", run 0",
                  "iteration", "Euclidean distance to item", {}};
    for (int64_t j = 0; j < k; ++j) plot.series.push_back({items.items[j], x, d[i][j], d[i][j], d[i][j]});
    draw(plot, dir);
    content.figures.push_back({plot.name, plot.title + ": distance of each iterate to every item (step 0: the item itself; items at equal distances overlap). " +
                                              "All items' trajectories of run 0: " + condition + "-trajectory_distances.npy."});
  }
}

// "Oak 0.40, Pine 0.00, ...": the mean over runs of a per-item 0/1 metric.
std::string per_item_means(const RowTable& rows, const std::string& condition, const std::string& prefix, const ItemTable& items) {
  std::string out;
  for (const auto& item : items.items)
    out += (out.empty() ? "" : ", ") + item + " " + format_fixed(mean(rows.at_step(condition, prefix + item)), 2);
  return out;
}

// Per run, the attractor group of each item (items with the same limit share an attractor).
std::vector<std::vector<double>> attractor_groups(const RowTable& rows, const std::string& condition, const ItemTable& items) {
  std::vector<std::vector<double>> groups;  // [item][run]
  for (const auto& item : items.items) groups.push_back(rows.at_step(condition, "attractor_group/" + item));
  return groups;
}

// Runs in which all `members` share one attractor.
int runs_sharing(const std::vector<std::vector<double>>& groups, const std::vector<int64_t>& members) {
  int shared = 0;
  for (size_t r = 0; r < groups.front().size(); ++r) {
    bool same = true;
    for (int64_t m : members) same = same && groups[m][r] == groups[members.front()][r];
    shared += same;
  }
  return shared;
}

// The item pairs sharing an attractor in the most runs: "Oak+Pine 21, Salmon+Robin 9" (at most 5).
std::string most_shared_pairs(const std::vector<std::vector<double>>& groups, const ItemTable& items) {
  std::vector<std::pair<int, std::string>> pairs;
  for (int64_t a = 0; a < items.size(); ++a)
    for (int64_t b = a + 1; b < items.size(); ++b)
      if (const int n = runs_sharing(groups, {a, b}); n > 0) pairs.push_back({-n, items.items[a] + "+" + items.items[b]});
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (size_t p = 0; p < pairs.size() && p < 5; ++p)
    out += (p ? ", " : "") + pairs[p].second + " " + std::to_string(-pairs[p].first);
  return out.empty() ? "none" : out;
}

// Distinct attractors the items iterate to, per run (converged items only).
std::vector<double> distinct_item_attractors(const RowTable& rows, const std::string& condition, const ItemTable& items,
                                             const std::vector<std::vector<double>>& groups) {
  std::vector<double> out;
  for (size_t r = 0; r < groups.front().size(); ++r) {
    std::set<double> distinct;
    for (int64_t i = 0; i < items.size(); ++i)
      if (rows.at_step(condition, "converged/" + items.items[i])[r] == 1.0) distinct.insert(groups[i][r]);
    out.push_back(static_cast<double>(distinct.size()));
  }
  return out;
}

// Fig. 2 and Fig. 7 / 10 in words: which items are iterative fixed points, which share an
// attractor, how far each lies from its attractor, and the PCA's explained variance.
void add_attractor_claims(const TeacherScenario& scenario, const RowTable& rows, const ItemTable& items, ClaimsTable& claims) {
  const std::string c = scenario.name();
  const auto index_of = [&](const std::string& name) {
    return static_cast<int64_t>(std::find(items.items.begin(), items.items.end(), name) - items.items.begin());
  };
  const auto stored = rows.at_step(c, "items_stored");
  const auto groups = attractor_groups(rows, c, items);
  const int n_runs = static_cast<int>(groups.front().size());
  const std::string of_runs = " of " + std::to_string(n_runs);
  const auto has = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (index_of(n) >= items.size()) return false;
    return true;
  };
  if (scenario.hidden > 3 && has({"Oak", "Pine"})) {
    const auto oak = rows.at_step(c, "limit_item/Oak"), pine = rows.at_step(c, "limit_item/Pine");
    const auto oak_stored = rows.at_step(c, "stored/Oak"), pine_stored = rows.at_step(c, "stored/Pine");
    int same_item = 0, pine_only_missing = 0;
    for (size_t r = 0; r < oak.size(); ++r) {
      same_item += oak[r] == pine[r];
      pine_only_missing += pine_stored[r] == 0 && oak_stored[r] == 1;
    }
    const int shared = runs_sharing(groups, {index_of("Oak"), index_of("Pine")});
    claims.add(thesis_claim("10", "Overparameterized: Pine is never stored on its own; Oak and Pine always share one attractor",
                      "Oak and Pine share one attractor (the same limit) in " + std::to_string(shared) + of_runs +
                          " runs, iterate to the same nearest item in " + std::to_string(same_item) + "; Pine not stored while Oak is in " +
                          std::to_string(pine_only_missing) + "; pairs sharing an attractor (runs): " + most_shared_pairs(groups, items),
                      shared == n_runs ? "holds" : (shared > 0 ? "partly" : "does not hold")));
  }
  if (scenario.hidden <= 3 && has({"Oak", "Pine", "Daisy", "Salmon", "Robin", "Canary", "Sunfish"})) {
    const int red = runs_sharing(groups, {index_of("Salmon"), index_of("Robin")});
    const int yellow = runs_sharing(groups, {index_of("Canary"), index_of("Sunfish")});
    const int trees = runs_sharing(groups, {index_of("Oak"), index_of("Pine"), index_of("Daisy")});
    const int least = std::min({red, yellow, trees});
    // The thesis's picture: the three groups, each its own attractor (not all items in one).
    const auto g = [&](const char* item, int r) { return groups[index_of(item)][r]; };
    int separate = 0;
    for (int r = 0; r < n_runs; ++r)
      separate += g("Oak", r) == g("Pine", r) && g("Oak", r) == g("Daisy", r) && g("Salmon", r) == g("Robin", r) &&
                  g("Canary", r) == g("Sunfish", r) && g("Oak", r) != g("Salmon", r) && g("Oak", r) != g("Canary", r) &&
                  g("Salmon", r) != g("Canary", r);
    claims.add(thesis_claim("7", "Underparameterized: Oak, Pine and Daisy share one attractor; Salmon and Robin share one, as do Canary and Sunfish",
                      "Salmon+Robin share in " + std::to_string(red) + of_runs + " runs, Canary+Sunfish in " + std::to_string(yellow) +
                          ", Oak+Pine+Daisy in " + std::to_string(trees) + "; as three separate attractors in " +
                          std::to_string(separate) + "; distinct attractors of the 8 items " +
                          mean_sd(distinct_item_attractors(rows, c, items, groups), 2) + " per run; pairs sharing (runs): " +
                          most_shared_pairs(groups, items),
                      2 * separate >= n_runs ? "holds"
                      : 2 * least >= n_runs  ? "partly (shared, but in fewer than three separate attractors)"
                      : separate > 0         ? "partly"
                                             : "does not hold"));
  }
  if (scenario.hidden <= 3 && has({"Rose"})) {
    std::vector<int> farthest(items.size(), 0);
    std::vector<std::vector<double>> distance;
    for (const auto& item : items.items) distance.push_back(rows.at_step(c, "attractor_distance/" + item));
    for (int r = 0; r < n_runs; ++r) {
      int64_t best = 0;
      for (int64_t i = 1; i < items.size(); ++i)
        if (distance[i][r] > distance[best][r]) best = i;
      ++farthest[best];
    }
    const int64_t rose = index_of("Rose");
    const int64_t most = std::max_element(farthest.begin(), farthest.end()) - farthest.begin();
    std::string means;
    for (int64_t i = 0; i < items.size(); ++i)
      means += (i ? ", " : "") + items.items[i] + " " + format_fixed(mean(distance[i]), 2);
    claims.add(thesis_claim("7", "Underparameterized: Rose's encoding lies farthest from its attractor (despite its low loss)",
                      "Rose farthest in " + std::to_string(farthest[rose]) + of_runs + " runs (most often: " + items.items[most] + ", " +
                          std::to_string(farthest[most]) + "); mean hidden-space distance from each item's encoding to its limit's: " + means,
                      2 * farthest[rose] >= n_runs ? "holds" : (most == rose ? "partly (farthest most often, not in most runs)" : "does not hold")));
  }
  if (scenario.hidden > 3) {
    const double thesis[] = {0.58, 0.21, 0.12};
    std::string ours;
    bool close = true;
    std::vector<double> total(static_cast<size_t>(n_runs), 0.0);
    for (int k = 1; k <= 3; ++k) {
      const auto e = rows.at_step(c, "pca_explained/" + std::to_string(k));
      if (e.empty()) continue;
      ours += (k > 1 ? ", " : "") + mean_sd(e, 2);
      close = close && std::abs(mean(e) - thesis[k - 1]) < 0.05;
      for (size_t r = 0; r < e.size() && r < total.size(); ++r) total[r] += e[r];
    }
    claims.add(thesis_claim("10", "Overparameterized: the first 3 principal components of the items' encodings explain 0.58, 0.21, 0.12 (total 0.91)",
                      ours + " (total " + mean_sd(total, 2) + ") over " + std::to_string(n_runs) + " runs",
                      close ? "holds" : (std::abs(mean(total) - 0.91) < 0.05 ? "partly (total matches)" : "does not hold")));
  }
  // Fig. 2 / section 4.1: which items are iterative fixed points.
  const std::string stored_items = "fraction of runs storing each item: " + per_item_means(rows, c, "stored/", items);
  if (scenario.hidden <= 3 && has({"Canary", "Pine"})) {
    const auto canary = rows.at_step(c, "stored/Canary"), pine = rows.at_step(c, "stored/Pine");
    int instance = 0;
    for (size_t r = 0; r < canary.size(); ++r) instance += canary[r] == 1.0 && pine[r] == 0.0;
    claims.add(thesis_claim("2", "Underparameterized: in one model Canary is stored as an iterative fixed point, Pine is not",
                      "Canary stored and Pine not in " + std::to_string(instance) + of_runs + " runs; " + stored_items,
                      instance > 0 ? "holds" : "does not hold"));
  } else if (scenario.hidden > 3) {
    int all = 0;
    for (double v : stored) all += v == static_cast<double>(items.size());
    claims.add(thesis_claim("2", "Overparameterized, trained to a small loss: every item is an iterative fixed point (sec. 4.1: \"trivially holds\")",
                      "all " + std::to_string(items.size()) + " stored in " + std::to_string(all) + of_runs + " runs; " + stored_items,
                      all == n_runs ? "holds" : (mean(stored) >= 0.75 * static_cast<double>(items.size()) ? "partly" : "does not hold")));
  }
}

}  // namespace

void ReplayTeacherExperiment::summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                            const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const {
  write_item_structure(items, dir, content);
  std::ostringstream table, summary;
  table << "teacher,item,runs,stored_fraction,attractor_fraction,spectral_radius_mean,final_loss_mean,final_loss_sd,"
           "attractor_distance_mean\n";
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    const std::string label = "teacher, " + std::to_string(scenario.hidden) + " hidden";
    plot_training(settings, rows, c, label, items, scenario.max_epochs, true, dir, content);
    plot_latent_map(settings, rows, c, items, dir, content);
    plot_trajectories(rows, c, label, items, dir, content);

    BarChart stored_bar{c + "-stored_items", label + ": fraction of runs storing each item as an iterative fixed point",
                        "fraction of runs", items.items, {}, {}};
    std::vector<double> final_mean;
    for (int64_t i = 0; i < items.size(); ++i) {
      const auto& item = items.items[i];
      const auto stored = rows.at_step(c, "stored/" + item), attractor = rows.at_step(c, "attractor/" + item);
      const auto radius = rows.at_step(c, "radius/" + item);
      const auto loss = curves_over_runs(rows, c, "loss/" + item, settings.record_every(), scenario.max_epochs);
      std::vector<double> final_loss;
      for (const auto& r : loss.runs) final_loss.push_back(r.back());
      table << c << "," << item << "," << stored.size() << "," << format_number(mean(stored)) << ","
            << format_number(mean(attractor)) << "," << format_number(mean(radius)) << "," << format_number(mean(final_loss))
            << "," << format_number(final_loss.size() > 1 ? standard_deviation(final_loss) : 0.0) << ","
            << format_number(mean(rows.at_step(c, "attractor_distance/" + item))) << "\n";
      stored_bar.values.push_back(mean(stored));
      stored_bar.errors.push_back(stored.size() > 1 ? standard_error(stored) : 0.0);
    }
    draw(stored_bar, dir);
    content.figures.push_back({stored_bar.name, stored_bar.title + ". Error bars: standard error over runs."});

    const auto epochs = rows.at_step(c, "epochs_trained");
    const auto by_loss = rows.at_step(c, "stopped_by_loss");
    const auto by_change = rows.at_step(c, "stopped_by_change");
    const auto final_loss = curves_over_runs(rows, c, "mean_loss", settings.record_every(), scenario.max_epochs);
    for (const auto& r : final_loss.runs) final_mean.push_back(r.back());
    const auto nonzero = rows.at_step(c, "nonzero_singular_values");
    const auto stored = rows.at_step(c, "items_stored");
    const auto found = rows.at_step(c, "fixed_points_found");
    const auto found_attractors = rows.at_step(c, "fixed_points_attractors");
    const auto spurious = rows.at_step(c, "fixed_points_spurious");
    const auto max_radius = rows.at_step(c, "max_fixed_point_radius");
    double found_total = 0, attractor_total = 0, stored_total = 0, stored_attractor_total = 0;
    for (size_t r = 0; r < found.size(); ++r) {
      found_total += found[r];
      attractor_total += found_attractors[r];
    }
    for (double s : stored) stored_total += s;
    for (double s : rows.at_step(c, "items_stored_as_attractors")) stored_attractor_total += s;
    const std::string ours_training = "stopped by loss < " + format_number(settings.stop_loss()) + " in " +
                                      format_fixed(100 * mean(by_loss), 0) + "% of " + std::to_string(by_loss.size()) +
                                      " runs, by change in " + format_fixed(100 * mean(by_change), 0) + "%; epochs " +
                                      mean_sd(epochs, 0) + "; final mean item loss " + mean_sd(final_mean, 4);
    int reached = 0;  // runs whose final mean item loss is below stop_loss, stopped early or not
    for (double v : final_mean) reached += v < settings.stop_loss();
    const std::string threshold = format_number(settings.singular_value_threshold());
    const std::string ours_fixed = format_fixed(stored_total, 0) + " of " + std::to_string(items.size() * static_cast<int64_t>(stored.size())) +
                                   " items stored (" + mean_sd(stored, 2) + " per run)";
    const std::string ours_attractors = format_fixed(attractor_total + stored_attractor_total, 0) + " of " +
                                        format_fixed(found_total + stored_total, 0) +
                                        " fixed points are attractors (from items and from " +
                                        std::to_string(settings.fixed_point_random_starts()) +
                                        " random starts); largest spectral radius " + format_fixed(max_radius.empty() ? 0 : *std::max_element(max_radius.begin(), max_radius.end()), 3);
    const bool all_attractors = attractor_total + stored_attractor_total == found_total + stored_total;
    if (scenario.hidden <= 3) {
      claims.add(thesis_claim("6.1", "Underparameterized teacher (" + std::to_string(scenario.hidden) +
                                   " hidden) never reaches mean loss 1e-3 and stops on the change criterion; item loss about 0.5 at the end",
                        ours_training,
                        reached > 0                            ? "does not hold"
                        : std::abs(mean(final_mean) - 0.5) < 0.25 ? "holds"
                                                                  : "partly: never below 1e-3, but the loss is not about 0.5"));
      claims.add(thesis_claim("6c", "Underparameterized: 5 of 8 prediction singular values nonzero after training",
                        mean_sd(nonzero, 2) + " singular values above " + threshold,
                        std::abs(mean(nonzero) - 5) < 0.5 ? "holds" : "does not hold"));
      claims.add(thesis_claim("7", "Underparameterized: not every item is stored as an attractor (about 3 attractors, none exactly an item)",
                        ours_fixed + "; distinct fixed points from random starts " + mean_sd(found, 2) + ", of them not near any item " +
                            mean_sd(spurious, 2),
                        mean(stored) < static_cast<double>(items.size()) ? "holds" : "does not hold"));
    } else {
      claims.add(thesis_claim("6.2", "Overparameterized teacher (" + std::to_string(scenario.hidden) +
                                   " hidden) reaches mean item loss < 1e-3 (the loss criterion stops it)",
                        ours_training + "; final mean item loss < " + format_number(settings.stop_loss()) + " in " +
                            std::to_string(reached) + " of " + std::to_string(final_mean.size()) + " runs",
                        2 * reached > static_cast<int>(final_mean.size()) ? "holds" : "does not hold"));
      claims.add(thesis_claim("9c", "Overparameterized: 6 of 8 prediction singular values nonzero after training",
                        mean_sd(nonzero, 2) + " singular values above " + threshold,
                        std::abs(mean(nonzero) - 6) < 0.5 ? "holds" : "does not hold"));
      claims.add(thesis_claim("10", "Overparameterized: all items except Pine stored as attractors (7 of 8); Oak and Pine share one",
                        ours_fixed + "; spurious fixed points (not near any item) " + mean_sd(spurious, 2),
                        mean(stored) >= 0.75 * static_cast<double>(items.size()) ? "holds (most items)" : "does not hold"));
    }
    // Named-item claims of the discussion, when the table has those items.
    const auto index_of = [&](const std::string& name) {
      return static_cast<int64_t>(std::find(items.items.begin(), items.items.end(), name) - items.items.begin());
    };
    if (scenario.hidden <= 3 && index_of("Rose") < items.size()) {
      const auto rose = curves_over_runs(rows, c, "loss/Rose", settings.record_every(), scenario.max_epochs);
      int lower = 0;
      for (size_t r = 0; r < rose.runs.size() && r < final_loss.runs.size(); ++r) lower += rose.runs[r].back() < final_loss.runs[r].back();
      claims.add(thesis_claim("6b", "Underparameterized: Rose consistently reaches a much lower than average loss",
                        "Rose's final loss below the mean item loss in " + std::to_string(lower) + " of " + std::to_string(rose.runs.size()) + " runs",
                        lower * 4 >= 3 * static_cast<int>(rose.runs.size()) ? "holds" : "does not hold"));
    }
    add_attractor_claims(scenario, rows, items, claims);
    claims.add(thesis_claim("7", std::to_string(scenario.hidden) + " hidden: every iterative fixed point found is an attractor (Jacobian spectral radius < 1)",
                      ours_attractors, all_attractors ? "holds" : "does not hold"));
    summary << "<p>" << html_escape(label) << ": " << html_escape(ours_training) << ". " << html_escape(ours_fixed) << ".</p>\n";
  }
  write_file_atomic(dir / "fixed_points.csv", table.str());
  content.tables.push_back({"fixed_points.csv", "Per item: fraction of runs where it is stored as an iterative fixed point, as an attractor, "
                                                "mean spectral radius at its limit, final loss, hidden-space distance from its encoding to its limit's"});
  content.summary_html += summary.str();
}

}  // namespace reverie
