#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reverie/analysis/rank_statistics.h"
#include "reverie/core/npy.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/experiments/rbm/lab.h"
#include "reverie/experiments/rbm/lab_settings.h"
#include "reverie/report/report_figures.h"

namespace reverie {

// Seed 004's two experiments on the RBM lab (lab.h): label biasing (sec. 2.2-2.4, Figs. 1-2)
// and chimera states (Fig. 3).
template <class Settings>
class RbmLabExperiment : public ExperimentWithSettings<Settings> {
 public:
  using ExperimentWithSettings<Settings>::ExperimentWithSettings;
  // "label/3", "double/3-6", "classifier": the stage (training or a biasing method) and its labels
  std::vector<std::string> condition_factors() const override { return {"stage", "labels"}; }
  // <s>: a state, 0-9 the digits, 10 the non-digit state; "weights" only from a run that diverged.
  std::vector<std::string> metrics() const override {
    return {"reconstruction_rmse", "validation_accuracy", "test_accuracy", "nondigit_fraction", "entropy", "digit_entropy",
            "active_hidden_percent", "accuracy", "states_visited", "transitions", "digit_segments", "state_time/<s>", "transition_count", "pixel", "example_class", "weights"};
  }
};

class RbmGenerationExperiment : public RbmLabExperiment<RbmLabSettings> {
 public:
  RbmGenerationExperiment(std::string name, std::string description);

 protected:
  void validate_settings(const RbmLabSettings& s) const override { validate_rbm_lab(s); }
  std::unique_ptr<PreparedExperiment> prepare_runs(const RbmLabSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const RbmLabSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};

// The lab's settings and chimera.k (0: the rounded-down mean number of active hidden units at step 1);
// the pairs and the number of chains whose samples Figs. 3c and 3e show.
struct RbmChimerasSettings {
  RbmLabSettings lab;
  int64_t k = 0;
  std::vector<int64_t> example_pair_labels;              // chimera.example_pairs as written, flattened
  std::vector<std::pair<int64_t, int64_t>> example_pairs;  // each (smaller, larger)
  int64_t example_chains = 0;
};

class RbmChimerasExperiment : public RbmLabExperiment<RbmChimerasSettings> {
 public:
  RbmChimerasExperiment(std::string name, std::string description);
  std::vector<std::string> metrics() const override {
    auto names = RbmLabExperiment::metrics();
    names.insert(names.end(), {"k", "biasing_histogram", "active_units"});
    return names;
  }

 protected:
  void validate_settings(const RbmChimerasSettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const RbmChimerasSettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  ReportContent summarize_runs(const RbmChimerasSettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};

// Figs. 2a, 3c, 3e: the stored examples (append_example_rows) of `conditions` side by side, one
// column per chain, one row per example step, each tile labelled with its class ("ND": the
// non-digit state); the same as NAME.npy [chain x step x H x W] and NAME_classes.npy [chain x
// step], `chains` naming the first axis. False (nothing drawn) when the rows hold no examples.
bool add_example_grid(const ReportFigures& add, const std::filesystem::path& dir, const RowTable& table,
                      const RbmLabSettings& settings, const std::vector<std::string>& conditions, const NpyAxis& chains,
                      const std::string& name, const std::string& title, const std::string& caption);

// Fig. 2's numbers from the rows of label-biasing runs (all runs pooled).
struct LabelBiasingSummary {
  int64_t classes = 10;
  std::vector<double> states_visited, transitions, nondigit_time;      // per label: mean over chains
  std::vector<double> states_visited_se, transitions_se;               // per label: standard error over chains
  std::vector<double> accuracy_first, accuracy_last;                   // per label: at step 1 and the last step
  std::vector<double> active_first, active_last;                       // per label: % active hidden units
  std::vector<double> all_states_visited, all_transitions;             // every chain
  std::vector<std::vector<double>> state_time;                         // label x state: mean steps
  std::vector<std::vector<double>> transition_probabilities;           // states x states, all labels' chains
  double accuracy_entropy_correlation = 0;                             // over steps, of the label-mean curves
};
// `transitions` and `entropy` name the runs' metrics of the definitions used (transitions_definition, entropy_definition).
LabelBiasingSummary summarize_label_biasing(const RowTable& table, int64_t classes, const std::string& transitions,
                                            const std::string& entropy);
// `summary` with its definition-dependent measures (transitions, the accuracy-entropy correlation)
// recomputed for other definitions: the claims' side-by-side rows, without redoing the rest.
LabelBiasingSummary with_definitions(LabelBiasingSummary summary, const RowTable& table, const std::string& transitions,
                                     const std::string& entropy);

// Fig. 3's numbers from the rows of rbm-chimeras runs.
struct ChimeraSummary {
  double k = 0;  // top-k units (mean over runs)
  std::vector<std::pair<int64_t, int64_t>> pairs;
  std::vector<double> intersection_states, double_states;      // per pair: mean states visited
  std::vector<double> intersection_nondigit, double_nondigit;  // per pair: mean non-digit time
  std::vector<double> single_states, single_nondigit;          // per label (single-label biasing)
  MannWhitneyResult intersection_states_test, double_states_test;      // one-sided: chimeras visit more states
  MannWhitneyResult intersection_nondigit_test, double_nondigit_test;  // one-sided: chimeras spend less time as non-digits
  double methods_pearson = 0, methods_spearman = 0;                    // states visited, intersection vs double, over pairs
};
ChimeraSummary summarize_chimeras(const RowTable& table, int64_t classes);

}  // namespace reverie
