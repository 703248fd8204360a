#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/npy.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/random.h"
#include "reverie/core/tensor_values.h"
#include "reverie/experiments/rbm/experiments.h"
#include "reverie/report/figures.h"
#include "reverie/report/image_grid.h"
#include "reverie/report/report_figures.h"

namespace reverie {

namespace {

// Per-step curves (mean +- SE over runs), one series per label.
LinePlot step_curves(const RowTable& table, int64_t classes, const std::string& metric, const std::string& name,
                     const std::string& title, const std::string& ylabel) {
  LinePlot plot{name, title, "generation step", ylabel, {}};
  for (int64_t c = 0; c < classes; ++c)
    plot.series.push_back(band_over_runs("label " + std::to_string(c), table.steps(label_condition(c), metric),
                                         table.by_run(label_condition(c), metric)));
  return plot;
}

// The digit labels "0".."9" (the biasing labels), and the states: the digits, then "non-digit".
std::vector<std::string> label_names(int64_t classes) {
  std::vector<std::string> labels;
  for (int64_t c = 0; c < classes; ++c) labels.push_back(std::to_string(c));
  return labels;
}
std::vector<std::string> state_names(int64_t classes) {
  std::vector<std::string> states;
  for (int64_t c = 0; c <= classes; ++c) states.push_back(state_name(c, classes));
  return states;
}

// The models' training: the RBM's reconstruction error and the classifier's validation accuracy per epoch.
void add_training_figures(const ReportFigures& add, const RowTable& table, const RbmLabSettings& settings) {
  add(LinePlot{"rbm_reconstruction_rmse", "RBM training: reconstruction RMSE per epoch", "epoch", "RMSE",
               {band_over_runs("CD-" + std::to_string(settings.cd().k), table.steps("rbm", "reconstruction_rmse"),
                               table.by_run("rbm", "reconstruction_rmse"))}},
      "Reconstruction RMSE of each training epoch (mean +- SE over runs).");
  add(LinePlot{"classifier_validation_accuracy", "Digit classifier (11 classes): validation accuracy per epoch", "epoch",
               "accuracy", {band_over_runs("validation digits", table.steps("classifier", "validation_accuracy"),
                                           table.by_run("classifier", "validation_accuracy"))}},
      "Validation accuracy of the VGG classifier; the best epoch is kept (mean +- SE over runs).");
}

// Fig. 2a-c: example generations, then per-step curves over the chains of each label.
void add_generation_figures(const ReportFigures& add, const std::filesystem::path& dir, const RowTable& table,
                            const RbmLabSettings& settings, const MeasureDefinition& entropy, int64_t classes) {
  const auto labels = label_names(classes);
  std::vector<std::string> example_conditions;
  for (int64_t c = 0; c < classes; ++c) example_conditions.push_back("example/" + labels[c]);
  add_example_grid(add, dir, table, settings, example_conditions, {"label", labels}, "generation_examples",
                   "Fig. 2a: one generation per biasing label (columns 0-9), rows = generation steps",
                   "Fig. 2a: run 0, the first chain of each label (one of the chains the statistics count), its visible "
                   "probabilities V_s at the steps shown; yellow: the label the classifier gives it (ND = non-digit).");
  add(step_curves(table, classes, "accuracy", "accuracy_per_step", "Fig. 2b: classifier accuracy per generation step",
                  "fraction classified as the biasing label"),
      "Fraction of chains whose sample is classified as the biasing label (mean +- SE over runs).");
  add(step_curves(table, classes, "active_hidden_percent", "active_hidden_per_step",
                  "Fig. 2c: active hidden units per generation step", "% hidden units at 1"),
      "Percentage of hidden units at 1 in H_s (sampled from V_s), mean over chains (+- SE over runs).");
  add(step_curves(table, classes, entropy.metric, "entropy_per_step", "Classifier entropy per generation step", "entropy (nats)"),
      "Mean over chains (+- SE over runs) of the " + entropy.words + ".");
}

// Fig. 2d-f: the states the chains visit, how long they stay, and where they go next (also transition_matrix.npy).
void add_state_figures(const ReportFigures& add, const std::filesystem::path& dir, const LabelBiasingSummary& s,
                       const MeasureDefinition& transitions) {
  const auto labels = label_names(s.classes), states = state_names(s.classes);
  add(BarChart{"states_visited_per_label", "Fig. 2d: digit states visited per generation period", "states visited", labels,
               s.states_visited, s.states_visited_se},
      "Mean over chains (all runs) +- SE over chains.");
  add(BarChart{"transitions_per_label", "Fig. 2d: transitions between states per generation period", "transitions", labels,
               s.transitions, s.transitions_se},
      "Mean over chains (all runs) +- SE over chains; transitions: " + transitions.words + ".");
  add(Heatmap{"state_time", "Fig. 2e: mean state time (steps) per state (columns) for each biasing label (rows)", "state",
              "biasing label", states, labels, s.state_time},
      "Mean number of steps spent in each state, over chains of all runs.");
  add(Heatmap{"transition_matrix", "Fig. 2f: transition probabilities, all labels' chains", "to", "from", states, states,
              s.transition_probabilities},
      "Counts of consecutive-step pairs over all chains and steps, each row normalized.");
  NpyArray matrix{{s.classes + 1, s.classes + 1}, {}, {{"from_state", states}, {"to_state", states}}};
  for (const auto& row : s.transition_probabilities) matrix.data.insert(matrix.data.end(), row.begin(), row.end());
  write_npy(dir / "transition_matrix.npy", matrix);
}

// "mean +- SE" of the values.
std::string mean_se(const std::vector<double>& values) { return mean_pm_se(mean(values), standard_error(values)); }

// The paper's numbers beside ours (sec. 3). "n" as in the paper: labels, matrix entries or chains.
// Fig. 2d/f: states visited, transitions (by both definitions) and the transition probabilities.
void add_transition_claims(ClaimsTable& claims, const LabelBiasingSummary& s, const LabelBiasingSummary& other,
                           const MeasureDefinition& transitions, const MeasureDefinition& other_transitions) {
  const int64_t classes = s.classes;
  std::vector<double> within, across;
  for (int64_t i = 0; i <= classes; ++i)
    for (int64_t j = 0; j <= classes; ++j) {
      if (i == j && i < classes) within.push_back(s.transition_probabilities[i][j]);
      if (i != j) across.push_back(s.transition_probabilities[i][j]);
    }
  claims.add("states visited per generation period (mean +- SE over labels)", "1.779 +- 0.211 (n = 1000)",
             mean_se(s.states_visited),
             "10 labels; pooled chains: " + mean_se(s.all_states_visited) + " (n = " +
                 std::to_string(s.all_states_visited.size()) + ")");
  const auto transitions_claim = [&](const LabelBiasingSummary& summary, const MeasureDefinition& definition,
                                     const std::string& suffix) {
    claims.add("transitions per generation period (mean +- SE over labels)" + suffix, "2.903 +- 0.538 (n = 1000)",
               mean_se(summary.transitions),
               "10 labels; pooled chains: " + mean_se(summary.all_transitions) + "; " + definition.words);
  };
  transitions_claim(s, transitions, "");
  transitions_claim(other, other_transitions, ", other definition");
  claims.add("within-digit transition probability (diagonal)", "0.870 +- 0.021 (n = 10)", mean_se(within), "10");
  claims.add("transition probability to another state (off-diagonal)", "0.012 +- 0.002 (n = 110)", mean_se(across), "110");
  claims.add("non-digit -> non-digit transition probability", "almost 1 (Fig. 2f)",
             mean_pm_se(s.transition_probabilities[classes][classes], 0), "1");
}

// Fig. 2b/c/e: active hidden units, classifier accuracy (overall and per label), its correlation with the entropy (by
// both definitions) and the time spent in the non-digit state.
void add_step_claims(ClaimsTable& claims, const RbmLabSettings& settings, const LabelBiasingSummary& s,
                     const LabelBiasingSummary& other, const MeasureDefinition& entropy, const MeasureDefinition& other_entropy) {
  const std::vector<double> nondigit_without_zero(s.nondigit_time.begin() + 1, s.nondigit_time.end());
  const std::vector<double> last_accuracy_without_zero(s.accuracy_last.begin() + 1, s.accuracy_last.end());
  const std::string last_step = "step " + std::to_string(settings.steps());
  claims.add("% active hidden units at step 1", "14.964 +- 0.079", mean_se(s.active_first), "10 labels");
  claims.add("% active hidden units at the last step", "21.892 +- 0.054 (step 100)", mean_se(s.active_last),
             "10 labels, " + last_step);
  claims.add("classifier accuracy at step 1 (mean over labels)", "near 1 (Fig. 2b)", mean_se(s.accuracy_first), "10 labels");
  claims.add("classifier accuracy at the last step (mean over labels)", "0.112 (step 100)", mean_se(s.accuracy_last),
             "10 labels, " + last_step);
  // Per label: the fraction of its chains classified as the label, +- its binomial SE over chains.
  const int64_t chains = settings.samples() * settings.runs();
  for (int64_t c = 0; c < s.classes; ++c) {
    const double p = s.accuracy_last[c];
    claims.add("classifier accuracy at the last step, label " + std::to_string(c),
               c == 0 ? "0.860 (step 100; \"only a moderate decrease\")" : "(decreases; mean over labels 0.112 at step 100)",
               mean_pm_se(p, std::sqrt(p * (1 - p) / static_cast<double>(chains))),
               std::to_string(chains) + " chains, " + last_step);
  }
  claims.add("classifier accuracy at the last step, labels 1-9", "(most labels low)", mean_se(last_accuracy_without_zero),
             "9 labels");
  claims.add("correlation of accuracy and entropy over steps", "-0.999", mean_pm_se(s.accuracy_entropy_correlation, 0),
             std::to_string(settings.steps()) + " steps; " + entropy.words);
  claims.add("correlation of accuracy and entropy over steps, other definition", "-0.999",
             mean_pm_se(other.accuracy_entropy_correlation, 0),
             std::to_string(settings.steps()) + " steps; " + other_entropy.words);
  claims.add("non-digit state time, labels 1-9", "76.099 +- 4.213 (of 100 steps)", mean_se(nondigit_without_zero),
             "9 labels, of " + std::to_string(settings.steps()) + " steps");
  claims.add("non-digit state time, label 0", "(low, Fig. 2e)", mean_pm_se(s.nondigit_time[0], 0), "1");
}

// The models: the classifier's best validation and its test accuracy, the RBM's final reconstruction error.
void add_model_claims(ClaimsTable& claims, const RowTable& table) {
  std::vector<double> best_validation, final_rmse;
  for (const auto& run : table.by_run("classifier", "validation_accuracy"))
    best_validation.push_back(*std::max_element(run.begin(), run.end()));
  for (const auto& run : table.by_run("rbm", "reconstruction_rmse")) final_rmse.push_back(run.back());
  const auto test_accuracy = table.values("classifier", "test_accuracy");
  claims.add("classifier best validation accuracy", "0.993", mean_se(best_validation),
             std::to_string(best_validation.size()) + " runs");
  claims.add("classifier test accuracy (11 classes, test digits)", "(not reported)", mean_se(test_accuracy),
             std::to_string(test_accuracy.size()) + " runs");
  claims.add("RBM reconstruction RMSE, last epoch", "(not reported)", mean_se(final_rmse),
             std::to_string(final_rmse.size()) + " runs");
}

}  // namespace

RbmGenerationExperiment::RbmGenerationExperiment(std::string name, std::string description)
    : RbmLabExperiment(std::move(name), std::move(description), rbm_lab_keys()) {}

std::unique_ptr<PreparedExperiment> RbmGenerationExperiment::prepare_runs(const RbmLabSettings& settings, const Config&,
                                                                          const ExperimentEnvironment& env) const {
  const int64_t chains = 10 * settings.samples();
  return std::make_unique<PreparedRbmLab>(settings, env, chains, [settings](RbmLabModels& models, uint64_t run_seed, int run,
                                                                             std::vector<TidyRow>& rows, Progress& progress) {
    auto gen = make_generator(derive_seed(run_seed, "label-biasing"));
    run_label_biasing(settings, models, gen, run, rows, progress, /*keep_examples=*/true);
  });
}

ReportContent RbmGenerationExperiment::summarize_runs(const RbmLabSettings& settings, const std::vector<TidyRow>& rows,
                                                      const std::filesystem::path& dir) const {
  const RowTable table(rows);
  const int64_t classes = 10;
  const auto entropy = entropy_definition(settings.entropy_over());
  const auto transitions = transitions_definition(settings.transitions_as());
  if (!table.has(label_condition(0), entropy.metric) || !table.has(label_condition(0), transitions.metric))
    throw InputError("the runs record no " + entropy.metric + " or " + transitions.metric + " (computed by an older build); " +
                     "run them again");
  const auto s = summarize_label_biasing(table, classes, transitions.metric, entropy.metric);
  // The same claims by the other definitions, side by side (both are in every run's rows).
  const auto other_entropy = entropy_definition(other_entropy_over(settings.entropy_over()));
  const auto other_transitions = transitions_definition(other_transitions_as(settings.transitions_as()));
  const auto other = with_definitions(s, table, other_transitions.metric, other_entropy.metric);
  ReportContent content;
  content.title = name() + ": " + description();

  const ReportFigures add(content, dir);
  add_training_figures(add, table, settings);
  add_generation_figures(add, dir, table, settings, entropy, classes);
  add_state_figures(add, dir, s, transitions);

  ClaimsTable claims;
  add_transition_claims(claims, s, other, transitions, other_transitions);
  add_step_claims(claims, settings, s, other, entropy, other_entropy);
  add_model_claims(claims, table);
  claims.write(dir);
  content.tables.push_back({OutputFolder::kClaims, "Seed 004 sec. 3 (label biasing): the paper's numbers beside ours"});
  content.summary_html = "<p>" + std::to_string(settings.runs()) + " run(s); RBM 784x" + std::to_string(settings.rbm_hidden()) +
                         ", CD-" + std::to_string(settings.cd().k) + ", " + std::to_string(settings.cd().epochs) + " epochs; " +
                         std::to_string(settings.samples()) + " chains x " + std::to_string(settings.steps()) +
                         " steps per label at T = " + format_number(settings.temperature()) + ".</p>\n";
  return content;
}

bool add_example_grid(const ReportFigures& add, const std::filesystem::path& dir, const RowTable& table,
                      const RbmLabSettings& settings, const std::vector<std::string>& conditions, const NpyAxis& chains,
                      const std::string& name, const std::string& title, const std::string& caption) {
  const auto& steps = settings.example_steps();
  const auto count = static_cast<int64_t>(steps.size());
  std::vector<torch::Tensor> images, classes;
  for (const auto& condition : conditions) {
    const auto e = stored_examples(table, condition, count);
    if (!e.images.defined()) return false;
    images.push_back(e.images);
    classes.push_back(e.classes);
  }
  const auto all_images = torch::cat(images), all_classes = torch::cat(classes);  // [chains x steps x ...]
  const int64_t columns = all_images.size(0), height = all_images.size(3), width = all_images.size(4);
  const int64_t nondigit = 10;  // the lab's digit classes; the classifier's class 10 is "non-digit"
  std::vector<std::string> step_labels, row_labels, tile_labels;
  for (const int64_t step : steps) {
    step_labels.push_back(std::to_string(step));
    row_labels.push_back("step " + std::to_string(step));
  }
  const auto by_step = all_classes.t().contiguous();  // rows of the grid are steps
  for (int64_t i = 0; i < by_step.numel(); ++i) {
    const int64_t state = by_step.view(-1)[i].item<int64_t>();
    tile_labels.push_back(state == nondigit ? "ND" : std::to_string(state));
  }
  auto grid = make_image_grid(name, title, all_images.transpose(0, 1).reshape({-1, 1, height, width}), columns, row_labels);
  grid.tile_labels = std::move(tile_labels);
  add(grid, caption);
  write_npy(dir / (name + ".npy"), tensor_npy(all_images.reshape({columns, count, height, width}),
                                               {chains, {"step", step_labels}, {"row", {}}, {"column", {}}}));
  write_npy(dir / (name + "_classes.npy"), tensor_npy(all_classes, {chains, {"step", step_labels}}));
  return true;
}

namespace {

// Mean over runs at each step of one condition's per-step metric.
std::vector<double> mean_curve(const RowTable& table, const std::string& condition, const std::string& metric) {
  const auto runs = table.by_run(condition, metric);
  std::vector<double> curve(runs.front().size(), 0.0);
  for (const auto& r : runs)
    for (size_t i = 0; i < curve.size(); ++i) curve[i] += r[i] / static_cast<double>(runs.size());
  return curve;
}

}  // namespace

LabelBiasingSummary with_definitions(LabelBiasingSummary s, const RowTable& table, const std::string& transitions_metric,
                                     const std::string& entropy_metric) {
  s.transitions.clear();
  s.transitions_se.clear();
  s.all_transitions.clear();
  std::vector<double> accuracy_curve, entropy_curve;
  for (int64_t c = 0; c < s.classes; ++c) {
    const std::string condition = label_condition(c);
    const auto transitions = table.values(condition, transitions_metric);
    s.transitions.push_back(mean(transitions));
    s.transitions_se.push_back(standard_error(transitions));
    s.all_transitions.insert(s.all_transitions.end(), transitions.begin(), transitions.end());
    const auto accuracy = mean_curve(table, condition, "accuracy"), entropy = mean_curve(table, condition, entropy_metric);
    accuracy_curve.resize(accuracy.size(), 0.0);
    entropy_curve.resize(entropy.size(), 0.0);
    for (size_t i = 0; i < accuracy.size(); ++i) {
      accuracy_curve[i] += accuracy[i] / static_cast<double>(s.classes);
      entropy_curve[i] += entropy[i] / static_cast<double>(s.classes);
    }
  }
  s.accuracy_entropy_correlation = accuracy_curve.size() > 1 ? pearson_correlation(accuracy_curve, entropy_curve) : std::nan("");
  return s;
}

LabelBiasingSummary summarize_label_biasing(const RowTable& table, int64_t classes, const std::string& transitions_metric,
                                            const std::string& entropy_metric) {
  LabelBiasingSummary s;
  s.classes = classes;
  std::vector<std::string> conditions;
  for (int64_t c = 0; c < classes; ++c) {
    const std::string condition = label_condition(c);
    conditions.push_back(condition);
    const auto visited = table.values(condition, "states_visited");
    s.states_visited.push_back(mean(visited));
    s.states_visited_se.push_back(standard_error(visited));
    s.all_states_visited.insert(s.all_states_visited.end(), visited.begin(), visited.end());
    s.state_time.emplace_back();
    for (int64_t state = 0; state <= classes; ++state)
      s.state_time.back().push_back(pooled_mean(table, condition, "state_time/" + std::to_string(state)));
    s.nondigit_time.push_back(s.state_time.back().back());
    const auto accuracy = mean_curve(table, condition, "accuracy"), active = mean_curve(table, condition, "active_hidden_percent");
    s.accuracy_first.push_back(accuracy.front());
    s.accuracy_last.push_back(accuracy.back());
    s.active_first.push_back(active.front());
    s.active_last.push_back(active.back());
  }
  s.transition_probabilities = transition_matrix(table, conditions, classes + 1);
  return with_definitions(std::move(s), table, transitions_metric, entropy_metric);
}

}  // namespace reverie
