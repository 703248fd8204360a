// replay-student: seed 002 sections 5.2 and 6 (Fig. 8, 11): a student trained only on replay.
#include <torch/torch.h>

#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/core/random.h"
#include "reverie/core/training_divergence.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/dynamics/state_statistics.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

struct ReplayCondition {
  std::string name;
  double mean, sd;
};

std::vector<ReplayCondition> replay_conditions(const ReplaySettings& settings) {
  return {{"noise-free", 0.0, 0.0}, {"noisy", settings.replay_noise_mean(), settings.replay_noise_sd()}};
}

}  // namespace

int64_t ReplayStudentExperiment::part_work(const ReplaySettings& settings) const {
  int64_t epochs = 0;
  for (const auto& s : teacher_scenarios(settings)) epochs += s.max_epochs + 2 * settings.student_max_epochs();
  return epochs;
}

std::vector<TidyRow> ReplayStudentExperiment::run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const {
  std::vector<TidyRow> rows;
  const uint64_t run_seed = derived_run_seed(settings.seed(), run);
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    auto teacher = train_teacher(settings, items, scenario, run, [&] { progress.advance(1); });
    progress.advance(scenario.max_epochs - teacher.history.epochs);
    rows.push_back({run, c, 0, "teacher_final_mean_loss", item_losses(teacher.model, items.values).mean().item<double>()});
    const StepMap step = teacher.step();
    // One student init per run and scenario, shared by both replay conditions: the comparison is paired.
    auto init_generator = make_generator(derive_seed(run_seed, "student-init/" + c));
    auto initial = replay_autoencoder(settings, items.features(), settings.student_hidden(), init_generator);
    for (const auto& condition : replay_conditions(settings)) {
      const std::string cc = c + "/" + condition.name;
      auto generator = make_generator(derive_seed(run_seed, "replay/" + cc));
      const auto replay = sample_replay(step, items.features(), replay_options(settings, items, condition.mean, condition.sd), generator);
      const auto nearest = nearest_item(replay.patterns, items.values);
      const auto counts = state_counts(nearest.unsqueeze(0), items.size());
      for (int64_t i = 0; i < items.size(); ++i)
        rows.push_back({run, cc, 0, "frequency/" + items.items[i], counts[i].item<double>() / static_cast<double>(replay.patterns.size(0))});
      const auto distance = (replay.patterns - items.values.index_select(0, nearest)).pow(2).sum(1);
      rows.push_back({run, cc, 0, "replay_squared_distance_to_item", distance.mean().item<double>()});

      DenoisingAutoencoder student(initial->options);
      {
        torch::NoGradGuard no_grad;
        auto mine = student->parameters(), theirs = initial->parameters();
        for (size_t p = 0; p < mine.size(); ++p) mine[p].copy_(theirs[p]);
      }
      auto options = training_options(settings, settings.student_max_epochs());
      options.early_stopping = settings.student_early_stopping();
      const auto history = training_condition(cc, [&] {
        return train_autoencoder(student, drawn_from(replay.patterns, settings.student_patterns_per_epoch()),
                                 items.values, options, generator, [&] { progress.advance(1); });
      });
      progress.advance(options.max_epochs - history.epochs);
      append_history_rows(rows, run, cc, history, items);
      const auto final_loss = item_losses(student, items.values);
      torch::Tensor recalled;
      {
        torch::NoGradGuard no_grad;
        recalled = (student->forward(items.values).round() == items.values).all(1);
      }
      for (int64_t i = 0; i < items.size(); ++i) {
        rows.push_back({run, cc, 0, "final_loss/" + items.items[i], final_loss[i].item<double>()});
        rows.push_back({run, cc, 0, "recalled/" + items.items[i], recalled[i].item<bool>() ? 1.0 : 0.0});
      }
      rows.push_back({run, cc, 0, "final_mean_loss", final_loss.mean().item<double>()});
      rows.push_back({run, cc, 0, "items_recalled", recalled.sum().item<double>()});
      rows.push_back({run, cc, 0, "epochs_trained", static_cast<double>(history.epochs)});
    }
  }
  return rows;
}

namespace {

// Paired over runs: does `higher` exceed `lower`? (95% Student-t interval of the mean difference above zero)
std::string paired_outcome(const std::vector<double>& lower, const std::vector<double>& higher, uint64_t seed, std::string& detail) {
  if (lower.empty()) {
    detail = "no runs to pair";
    return "n.s.";
  }
  const auto steps = check_pairs({{"lower", lower}, {"higher", higher}}, {{"lower", "higher"}}, 2000, seed);
  const auto& s = steps.front();
  char buf[160];
  std::snprintf(buf, sizeof buf, "difference %+.3g, 95%% t interval %s, %zu run%s", s.difference.mean,
                t_interval_text(s).c_str(), lower.size(), lower.size() == 1 ? "" : "s");
  detail = buf;
  if (!s.has_interval()) return "n/a (one run)";
  if (s.holds) return "holds";
  return s.t_high < 0 ? "reversed" : "n.s.";
}

// Fig. 8, 11: the student's training under each replay condition, and per condition the share of
// replay patterns nearest to each item and each item's final loss (two heatmaps).
void plot_student(const ReplaySettings& settings, const RowTable& rows, const ItemTable& items, const std::string& c,
                  const std::string& label, const std::string& noise, const std::filesystem::path& dir, ReportContent& content) {
  Heatmap frequency{c + "-replay_frequency", label + ": share of replay patterns nearest to each item (mean over runs)",
                    "item", "replay", items.items, {}, {}};
  Heatmap final_loss{c + "-student_final_loss", label + ": final loss of each true item (mean over runs)", "item",
                     "replay", items.items, {}, {}};
  for (const auto& condition : replay_conditions(settings)) {
    const std::string cc = c + "/" + condition.name;
    const std::string condition_label = condition.name == "noisy" ? "noise " + noise : "no noise";
    plot_training(settings, rows, cc, label + ", " + condition_label, items, settings.student_max_epochs(), false, dir, content);
    frequency.row_labels.push_back(condition_label);
    final_loss.row_labels.push_back(condition_label);
    std::vector<double> f, l;
    for (const auto& item : items.items) {
      f.push_back(mean(rows.at_step(cc, "frequency/" + item)));
      l.push_back(mean(rows.at_step(cc, "final_loss/" + item)));
    }
    frequency.values.push_back(f);
    final_loss.values.push_back(l);
  }
  for (const auto* map : {&frequency, &final_loss}) {
    draw(*map, dir);
    content.figures.push_back({map->name, map->title + " (Fig. 8, 11)."});
  }
}

// Per run (of those with any), the items rare in noise-free replay (share below half the uniform
// 1/k): their share and loss with and without noise, and the other items' loss.
struct RareItems {
  double below = 0;  // the share under which an item is rare
  std::vector<double> share_free, share_noisy, loss_free, loss_noisy, other_loss_free, other_loss_noisy;
  std::string names;  // "Pine (3), Rose (1)": each item rare in some run, and in how many
  size_t runs = 0;    // all runs, with rare items or not
};

RareItems rare_items(const RowTable& rows, const ItemTable& items, const std::string& c) {
  const int64_t k = items.size();
  const std::string free = c + "/noise-free", noisy = c + "/noisy";
  RareItems out;
  out.below = 0.5 / static_cast<double>(k);
  std::map<std::string, int> rare_count;
  out.runs = rows.at_step(free, "final_mean_loss").size();
  for (size_t r = 0; r < out.runs; ++r) {
    double ff = 0, fn = 0, lf = 0, ln = 0, of = 0, on = 0;
    int rare = 0;
    for (const auto& item : items.items) {
      const double share = rows.at_step(free, "frequency/" + item)[r];
      const double loss_free = rows.at_step(free, "final_loss/" + item)[r];
      const double loss_noisy = rows.at_step(noisy, "final_loss/" + item)[r];
      if (share < out.below) {
        ++rare;
        ++rare_count[item];
        ff += share;
        fn += rows.at_step(noisy, "frequency/" + item)[r];
        lf += loss_free;
        ln += loss_noisy;
      } else {
        of += loss_free;
        on += loss_noisy;
      }
    }
    if (rare == 0) continue;
    out.share_free.push_back(ff);
    out.share_noisy.push_back(fn);
    out.loss_free.push_back(lf / rare);
    out.loss_noisy.push_back(ln / rare);
    if (rare < k) {
      out.other_loss_free.push_back(of / (k - rare));
      out.other_loss_noisy.push_back(on / (k - rare));
    }
  }
  for (const auto& [item, n] : rare_count) out.names += (out.names.empty() ? "" : ", ") + item + " (" + std::to_string(n) + ")";
  return out;
}

// Fig. 8, 11: noise raises the replay of items rare without it, and their loss falls, at the others' expense.
void add_rare_item_claims(const TeacherScenario& scenario, const RareItems& rare, uint64_t seed, ClaimsTable& claims) {
  const std::string figure = scenario.hidden <= 3 ? "8" : "11", teacher = std::to_string(scenario.hidden) + "-hidden teacher";
  std::string detail;
  const std::string share_outcome = paired_outcome(rare.share_free, rare.share_noisy, seed, detail);
  claims.add(thesis_claim(figure, teacher + ": injected noise raises the replay share of items rare without it",
                    "rare (share < " + format_fixed(rare.below, 4) + " without noise) in " +
                        std::to_string(rare.share_free.size()) + " of " + std::to_string(rare.runs) + " runs: " +
                        (rare.names.empty() ? "none" : rare.names) + "; their share " + mean_sd(rare.share_free, 4) + " -> " +
                        mean_sd(rare.share_noisy, 4) + " with noise; " + detail,
                    rare.share_free.empty() ? "n/a (no rare items)" : share_outcome));
  const std::string rare_loss_outcome = paired_outcome(rare.loss_noisy, rare.loss_free, seed + 1, detail);
  claims.add(thesis_claim(figure, teacher + ": noise improves the student's loss on those rare items",
                    "rare items' loss " + mean_sd(rare.loss_free, 3) + " -> " + mean_sd(rare.loss_noisy, 3) + "; " + detail,
                    rare.loss_free.empty() ? "n/a (no rare items)" : rare_loss_outcome));
  const std::string other_outcome = paired_outcome(rare.other_loss_free, rare.other_loss_noisy, seed + 2, detail);
  claims.add(thesis_claim(figure, teacher + ": ... at the expense of the other items (their loss rises)",
                    "other items' loss " + mean_sd(rare.other_loss_free, 3) + " -> " + mean_sd(rare.other_loss_noisy, 3) + "; " +
                        detail,
                    rare.other_loss_free.empty() ? "n/a" : other_outcome));
}

// Section 5.3: noise moves the replay patterns away from the items.
void add_replay_quality_claim(const TeacherScenario& scenario, const RowTable& rows, uint64_t seed, ClaimsTable& claims) {
  const std::string c = scenario.name();
  const auto distance_free = rows.at_step(c + "/noise-free", "replay_squared_distance_to_item");
  const auto distance_noisy = rows.at_step(c + "/noisy", "replay_squared_distance_to_item");
  std::string detail;
  const std::string quality = paired_outcome(distance_free, distance_noisy, seed + 4, detail);
  claims.add(thesis_claim("5.3", std::to_string(scenario.hidden) + "-hidden teacher: noise degrades the quality of the replay patterns",
                    "squared distance of a pattern to its nearest item " + mean_sd(distance_free, 3) + " -> " +
                        mean_sd(distance_noisy, 3) + " with noise; " + detail,
                    quality));
}

// Fig. 8, 11: how well a student of replay alone learns the items, with and without noise;
// returns the summary's paragraph on it.
std::string add_learning_claims(const TeacherScenario& scenario, const RowTable& rows, int64_t k, uint64_t seed,
                                const std::string& label, const std::string& noise, ClaimsTable& claims) {
  const std::string c = scenario.name(), free = c + "/noise-free", noisy = c + "/noisy";
  const auto loss_free = rows.at_step(free, "final_mean_loss"), loss_noisy = rows.at_step(noisy, "final_mean_loss");
  const auto recalled_free = rows.at_step(free, "items_recalled"), recalled_noisy = rows.at_step(noisy, "items_recalled");
  const auto teacher_loss = rows.at_step(c, "teacher_final_mean_loss");
  const std::string ours = "student's mean item loss " + mean_sd(loss_free, 3) + " (teacher " + mean_sd(teacher_loss, 4) +
                           "); items recalled exactly after rounding " + mean_sd(recalled_free, 2) + " of " + std::to_string(k);
  if (scenario.hidden > 3) {
    claims.add(thesis_claim("11", "A student trained only on noise-free replay of the overparameterized teacher learns the items it never saw",
                      ours, mean(recalled_free) >= 0.75 * static_cast<double>(k) ? "holds" : "does not hold"));
    std::string detail;
    const std::string general = paired_outcome(loss_noisy, loss_free, seed + 3, detail);
    claims.add(thesis_claim("11", "Overparameterized teacher: noise can improve the student's general performance (mean item loss)",
                      "mean item loss " + mean_sd(loss_free, 3) + " -> " + mean_sd(loss_noisy, 3) + " with noise; recalled " +
                          mean_sd(recalled_free, 2) + " -> " + mean_sd(recalled_noisy, 2) + "; " + detail,
                      general));
  } else {
    claims.add(thesis_claim("8", "Underparameterized teacher: the student learns from its replay, worse than from the overparameterized one",
                      ours + "; with noise " + mean_sd(loss_noisy, 3), "reported"));
  }
  std::ostringstream paragraph;
  paragraph << "<p>" << html_escape(label) << ": " << html_escape(ours) << "; with noise " << html_escape(noise) << ": "
            << html_escape(mean_sd(loss_noisy, 3)) << ", recalled " << html_escape(mean_sd(recalled_noisy, 2)) << ".</p>\n";
  return paragraph.str();
}

}  // namespace

void ReplayStudentExperiment::summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                            const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const {
  const auto noisy = replay_conditions(settings)[1];
  const std::string noise = "N(" + format_number(noisy.mean) + ", " + format_number(noisy.sd) + "^2)";
  std::ostringstream summary;
  for (const auto& scenario : teacher_scenarios(settings)) {
    const std::string c = scenario.name();
    const std::string label = "student of the " + std::to_string(scenario.hidden) + "-hidden teacher";
    plot_student(settings, rows, items, c, label, noise, dir, content);
    const uint64_t seed = derive_seed(settings.seed(), "claims/" + c);
    add_rare_item_claims(scenario, rare_items(rows, items, c), seed, claims);
    add_replay_quality_claim(scenario, rows, seed, claims);
    summary << add_learning_claims(scenario, rows, items.size(), seed, label, noise, claims);
  }
  content.summary_html += summary.str();
}

}  // namespace reverie
