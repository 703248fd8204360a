// replay-noise-optimum: seed 002 section 5.3 (Fig. 5), the (mu, sigma) grid search.
#include <torch/torch.h>

#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/item_structure.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/dynamics/noise_optimum.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

const Choices<NoiseTarget>& noise_target_choices() {
  static const Choices<NoiseTarget> choices{{"pearson-min-max", NoiseTarget::pearson_min_max},
                                            {"correlation-distance-l2", NoiseTarget::correlation_distance_l2}};
  return choices;
}

ReplayOptions replay_options(const ReplaySettings& settings, const ItemTable& items, double noise_mean, double noise_sd) {
  ReplayOptions o;
  o.chains = settings.replay_chains();
  o.steps = settings.replay_steps();
  o.init_low = settings.replay_init_low();
  o.init_high = settings.replay_init_high();
  o.start = settings.replay_init();
  o.items = items.values;
  o.init_mean = settings.replay_init_mean();
  o.init_sd = settings.replay_init_sd();
  o.noise_on_last_step = settings.replay_noise_on_last_step();
  o.noise_on_start = settings.replay_noise_on_start();
  o.noise_mean = noise_mean;
  o.noise_sd = noise_sd;
  return o;
}

namespace {

std::vector<double> grid_means(const ReplaySettings& s) {
  return linear_grid(s.noise_grid_mean_min(), s.noise_grid_mean_max(), s.noise_grid_mean_points());
}
std::vector<double> grid_sds(const ReplaySettings& s) {
  return linear_grid(s.noise_grid_sd_min(), s.noise_grid_sd_max(), s.noise_grid_sd_points());
}

// S, the category structure A should reflect (noise_grid.target).
torch::Tensor noise_target(const ReplaySettings& s, const ItemTable& items) {
  if (s.noise_grid_target() == NoiseTarget::correlation_distance_l2) return normalized_correlation_similarity(items.values);
  return min_max_scaled(item_correlation(items.values));
}

TransitionCounting transition_counting(const ReplaySettings& s) {
  TransitionCounting counting;
  counting.from = s.replay_transitions_from();
  counting.nearest_by = s.replay_nearest_by();
  return counting;
}

}  // namespace

int64_t ReplayNoiseOptimumExperiment::part_work(const ReplaySettings& settings) const {
  int64_t epochs = 0;
  for (const auto& s : teacher_scenarios(settings)) epochs += s.max_epochs;
  return epochs + static_cast<int64_t>(teacher_scenarios(settings).size() * grid_means(settings).size() * grid_sds(settings).size());
}

std::vector<TidyRow> ReplayNoiseOptimumExperiment::run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const {
  std::vector<TidyRow> rows;
  const auto target = noise_target(settings, items);
  const auto means = grid_means(settings), sds = grid_sds(settings);
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    auto teacher = train_teacher(settings, items, scenario, run, [&] { progress.advance(1); });
    progress.advance(scenario.max_epochs - teacher.history.epochs);
    const StepMap step = teacher.step();
    auto generator = make_generator(derive_seed(settings.seed(), "noise-grid/" + std::to_string(run) + "/" + c));
    ReplayOptions base = replay_options(settings, items, 0.0, 0.0);
    base.trajectory_of = settings.replay_transitions_of();
    const auto counting = transition_counting(settings);
    const auto result = search_noise_optimum(step, items.values, target, means, sds, base,
                                             generator, counting, [&] { progress.advance(1); });
    for (size_t m = 0; m < means.size(); ++m)
      for (size_t s = 0; s < sds.size(); ++s)
        rows.push_back({run, c, static_cast<int64_t>(m * sds.size() + s), "objective", result.objective[m][s].item<double>()});
    const double best = result.objective[result.best_mean][result.best_sd].item<double>();
    const auto noise_free = replay_transition_matrix(step, items.values, base, generator, counting);
    rows.push_back({run, c, 0, "best_mean", means[result.best_mean]});
    rows.push_back({run, c, 0, "best_sd", sds[result.best_sd]});
    rows.push_back({run, c, 0, "best_objective", best});
    rows.push_back({run, c, 0, "noise_free_objective", transition_mismatch(noise_free, target)});
    const int64_t k = items.size();
    for (int64_t i = 0; i < k; ++i)
      for (int64_t j = 0; j < k; ++j) {
        rows.push_back({run, c, i * k + j, "best_transition", result.best_transitions[i][j].item<double>()});
        rows.push_back({run, c, i * k + j, "noise_free_transition", noise_free[i][j].item<double>()});
      }
  }
  return rows;
}

namespace {

// Fig. 5a: the objective at each grid point, mean over runs, as a heatmap and .npy; returns its values [mu][sigma].
std::vector<std::vector<double>> plot_objective(const ReplaySettings& settings, const RowTable& rows, const std::string& c,
                                                const std::string& label, const std::filesystem::path& dir, ReportContent& content) {
  const auto means = grid_means(settings), sds = grid_sds(settings);
  std::vector<std::string> mean_labels, sd_labels;
  for (double m : means) mean_labels.push_back(format_fixed(m, 2));
  for (double s : sds) sd_labels.push_back(format_fixed(s, 2));
  Heatmap objective{c + "-noise_objective", label + ": sum((A - S) o (A - S)), mean over runs (Fig. 5a)", "sigma", "mu",
                    sd_labels, mean_labels, {}};
  NpyArray npy{{static_cast<int64_t>(means.size()), static_cast<int64_t>(sds.size())}, {}, {{"noise_mu", mean_labels}, {"noise_sigma", sd_labels}}};
  for (size_t m = 0; m < means.size(); ++m) {
    std::vector<double> row;
    for (size_t s = 0; s < sds.size(); ++s) {
      row.push_back(mean(rows.at_step(c, "objective", static_cast<int64_t>(m * sds.size() + s))));
      npy.data.push_back(row.back());
    }
    objective.values.push_back(row);
  }
  write_npy(dir / (c + "-noise_objective.npy"), npy);
  draw(objective, dir);
  content.figures.push_back({objective.name, objective.title + ". " + std::to_string(settings.replay_chains()) +
                                                 " chains of " + std::to_string(settings.replay_steps()) +
                                                 " steps per grid point and run; A from consecutive nearest-item classes."});
  return objective.values;
}

// Fig. 5c: the transition matrix A, mean over runs, at each run's optimum and without noise (heatmap and .npy each).
void plot_transitions(const RowTable& rows, const std::string& c, const std::string& label, const ItemTable& items,
                      const std::filesystem::path& dir, ReportContent& content) {
  struct Spec {
    const char* metric;
    const char* title;
  };
  const Spec specs[] = {{"best_transition", ": A at each run's optimum, mean over runs (Fig. 5c)"},
                        {"noise_free_transition", ": A without noise, mean over runs"}};
  const int64_t k = items.size();
  for (const auto& spec : specs) {
    Heatmap a{c + "-" + spec.metric, label + spec.title, "to item", "from item", items.items, items.items, {}};
    for (int64_t i = 0; i < k; ++i) {
      std::vector<double> row;
      for (int64_t j = 0; j < k; ++j) row.push_back(mean(rows.at_step(c, spec.metric, i * k + j)));
      a.values.push_back(row);
    }
    draw(a, dir);
    content.figures.push_back({a.name, a.title});
    NpyArray matrix{{k, k}, {}, {{"from_item", items.items}, {"to_item", items.items}}};
    for (const auto& row : a.values) matrix.data.insert(matrix.data.end(), row.begin(), row.end());
    write_npy(dir / (a.name + "_matrix.npy"), matrix);
  }
}

// Fig. 5: is the optimum near the thesis's (mu 0, sigma 0.5), and does noise beat no noise?
// `objective`: the mean objective over the grid [mu][sigma]. Returns our optimum in words.
std::string add_optimum_claims(const ReplaySettings& settings, const RowTable& rows, const std::string& c, const std::string& label,
                               const std::vector<std::vector<double>>& objective, ClaimsTable& claims) {
  const auto means = grid_means(settings), sds = grid_sds(settings);
  const auto best_mean = rows.at_step(c, "best_mean"), best_sd = rows.at_step(c, "best_sd");
  const auto best_objective = rows.at_step(c, "best_objective");
  const auto noise_free = rows.at_step(c, "noise_free_objective");
  // The grid's resolution decides what "close to" can mean.
  const double mean_step = means.size() > 1 ? means[1] - means[0] : 0.0, sd_step = sds.size() > 1 ? sds[1] - sds[0] : 0.0;
  const double mu = mean(best_mean), sigma = mean(best_sd);
  const bool mu_near = std::abs(mu) <= std::max(0.1, 1.5 * mean_step);
  const bool sigma_near = std::abs(sigma - 0.5) <= std::max(0.1, 1.5 * sd_step);
  // The objective at the grid point closest to the thesis's (0, 0.5), for comparison.
  const auto closest = [](const std::vector<double>& grid, double value) {
    size_t best = 0;
    for (size_t i = 1; i < grid.size(); ++i)
      if (std::abs(grid[i] - value) < std::abs(grid[best] - value)) best = i;
    return best;
  };
  const size_t m0 = closest(means, 0.0), s0 = closest(sds, 0.5);
  char ours[640];
  std::snprintf(ours, sizeof ours,
                "mu %.3f +- %.3f, sigma %.3f +- %.3f (mean +- sd of each run's optimum over %zu runs; grid steps %.3g, %.3g); "
                "objective %.3f at the optimum, %.3f at (mu %.2g, sigma %.2g), %.3f without noise",
                mu, best_mean.size() > 1 ? standard_deviation(best_mean) : 0.0, sigma,
                best_sd.size() > 1 ? standard_deviation(best_sd) : 0.0, best_mean.size(), mean_step, sd_step,
                mean(best_objective), objective[m0][s0], means[m0], sds[s0], mean(noise_free));
  claims.add(thesis_claim("5", label + ": the (A - S) mismatch has a minimum near mu = 0, sigma = 0.5 (within 1.5 grid steps, at least 0.1)", ours,
                    mu_near && sigma_near ? "holds"
                    : mu_near             ? "partly: mu near 0, sigma not near 0.5"
                    : sigma_near          ? "partly: sigma near 0.5, mu not near 0"
                                          : "does not hold"));
  claims.add(thesis_claim("5", label + ": noise brings the transitions closer to the category structure than no noise",
                    "objective " + format_fixed(mean(best_objective), 3) + " at the optimum vs " + format_fixed(mean(noise_free), 3) +
                        " without noise",
                    mean(best_objective) < mean(noise_free) ? "holds" : "does not hold"));
  return ours;
}

}  // namespace

void ReplayNoiseOptimumExperiment::summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                          const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const {
  std::ostringstream summary;
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    const std::string label = "teacher, " + std::to_string(scenario.hidden) + " hidden";
    const auto objective = plot_objective(settings, rows, c, label, dir, content);
    plot_transitions(rows, c, label, items, dir, content);
    const std::string ours = add_optimum_claims(settings, rows, c, label, objective, claims);
    summary << "<p>" << html_escape(label) << ": optimum " << html_escape(ours) << ".</p>\n";
  }
  const auto target = noise_target(settings, items);
  const int64_t k = items.size();
  write_npy(dir / "target_S.npy", {{k, k},
                                   std::vector<double>(target.data_ptr<double>(), target.data_ptr<double>() + k * k),
                                   {{"item", items.items}, {"item", items.items}}});
  content.summary_html += summary.str();
}

}  // namespace reverie
