#pragma once
#include <torch/arg.h>

#include <map>
#include <string>
#include <vector>

#include "reverie/core/choices.h"
#include "reverie/data/item_table.h"
#include "reverie/dynamics/generative_map.h"
#include "reverie/dynamics/noise_optimum.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/models/denoising_autoencoder.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/row_table.h"
#include "reverie/train/autoencoder_trainer.h"

namespace reverie {

// S of the noise optimum (noise_grid.target): the items' Pearson correlations min-max scaled (section
// 5.3), or 1 - their correlation distances with rows scaled to unit length (the thesis's code).
enum class NoiseTarget { pearson_min_max, correlation_distance_l2 };
const Choices<NoiseTarget>& noise_target_choices();  // the config's words: "pearson-min-max", "correlation-distance-l2"

// The replay experiments' settings; each field is the key of the same name ('.' written '_'),
// declared once in src/experiments/replay/settings.cpp. One struct for the parts: a part reads
// the keys it declares (a key of another part keeps its default).
struct ReplaySettings {
  TORCH_ARG(int64_t, seed) = 0;  // the runner's keys
  TORCH_ARG(int64_t, runs) = 0;
  TORCH_ARG(std::string, items) = "thesis-code-9";
  TORCH_ARG(std::string, items_csv);
  TORCH_ARG(std::vector<int64_t>, teacher_hidden);
  TORCH_ARG(std::vector<int64_t>, teacher_max_epochs);
  TORCH_ARG(double, dropout) = 0;
  TORCH_ARG(double, input_noise_sd) = 0;
  TORCH_ARG(AutoencoderInit, init) = AutoencoderInit::xavier;
  TORCH_ARG(AutoencoderTrainingOptions, training);  // the teachers' training keys (max_epochs: per scenario)
  TORCH_ARG(int64_t, replay_chains) = 0;
  TORCH_ARG(int64_t, replay_steps) = 0;
  TORCH_ARG(double, replay_init_low) = 0;
  TORCH_ARG(double, replay_init_high) = 0;
  TORCH_ARG(ReplayStart, replay_init) = ReplayStart::uniform;
  TORCH_ARG(double, replay_init_mean) = 0;
  TORCH_ARG(double, replay_init_sd) = 1;
  TORCH_ARG(bool, replay_noise_on_last_step) = false;
  TORCH_ARG(int64_t, fixed_point_max_steps) = 0;
  TORCH_ARG(double, fixed_point_tolerance) = 0;
  TORCH_ARG(double, fixed_point_item_tolerance) = 0;
  TORCH_ARG(int64_t, fixed_point_random_starts) = 0;
  TORCH_ARG(double, fixed_point_merge_distance) = 0;
  TORCH_ARG(int64_t, fixed_point_root_starts) = 0;
  TORCH_ARG(int64_t, fixed_point_root_steps) = 0;
  TORCH_ARG(double, fixed_point_root_tolerance) = 0;
  TORCH_ARG(double, singular_value_threshold) = 0;
  TORCH_ARG(int64_t, trajectory_runs) = 0;
  TORCH_ARG(int64_t, trajectory_steps) = 0;
  TORCH_ARG(int64_t, latent_map_runs) = 0;
  TORCH_ARG(int64_t, latent_map_points_per_axis) = 0;
  TORCH_ARG(int64_t, latent_map_points_per_axis_pca) = 0;
  TORCH_ARG(int64_t, latent_map_arrow_steps) = 0;
  TORCH_ARG(int64_t, latent_map_arrow_stride) = 0;
  TORCH_ARG(double, latent_map_margin) = 0;
  TORCH_ARG(TrajectoryOf, replay_transitions_of) = TrajectoryOf::states;
  TORCH_ARG(bool, replay_noise_on_start) = false;
  TORCH_ARG(TransitionsFrom, replay_transitions_from) = TransitionsFrom::consecutive;
  TORCH_ARG(NearestBy, replay_nearest_by) = NearestBy::euclidean;
  TORCH_ARG(NoiseTarget, noise_grid_target) = NoiseTarget::pearson_min_max;
  TORCH_ARG(double, noise_grid_mean_min) = 0;
  TORCH_ARG(double, noise_grid_mean_max) = 0;
  TORCH_ARG(int64_t, noise_grid_mean_points) = 0;
  TORCH_ARG(double, noise_grid_sd_min) = 0;
  TORCH_ARG(double, noise_grid_sd_max) = 0;
  TORCH_ARG(int64_t, noise_grid_sd_points) = 0;
  TORCH_ARG(double, replay_noise_mean) = 0;
  TORCH_ARG(double, replay_noise_sd) = 0;
  TORCH_ARG(int64_t, student_hidden) = 0;
  TORCH_ARG(int64_t, student_max_epochs) = 0;
  TORCH_ARG(int64_t, student_patterns_per_epoch) = 0;
  TORCH_ARG(bool, student_early_stopping) = false;
};

// Seed 002 (noise-induced replay in shallow autoencoders) as three experiments sharing the
// item table and the teacher's training (section 5.2):
//   replay-teacher        Fig. 3, 4, 6, 7, 9, 10: data structure, training curves, fixed points, latent maps
//   replay-noise-optimum  Fig. 5: the (mu, sigma) grid search of section 5.3
//   replay-student        Fig. 8, 11: a student trained only on the teacher's replay, with and without noise
//   replay-teacher-hidden-sizes  section 7: non-attractor fixed points and spurious attractors against the hidden size
class ReplayExperiment : public ExperimentWithSettings<ReplaySettings> {
 public:
  // `keys`: the item table, the teachers and their training, and the part's own.
  ReplayExperiment(std::string name, std::string description, SettingsKeys<ReplaySettings> keys);
  std::string device_refusal(const c10::Device& device) const override {
    // Not yet measured on a GPU: scripts/gpu-check times PyTorch's replay grid on both (bench/replay_grid.py).
    return cpu_only(device, "runs on the CPU only (8-item denoising autoencoders with 2 to 32 hidden units, iterated one "
                            "step at a time: its code keeps every tensor on the CPU); use --device cpu");
  }
  // "teacher-h2/noisy": the teacher, then what was done with it (replay noise, latent map)
  std::vector<std::string> condition_factors() const override { return {"teacher", "variant"}; }

  // What each part does: its work per run, one run, and its report.
  virtual int64_t part_work(const ReplaySettings& settings) const = 0;
  virtual std::vector<TidyRow> run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const = 0;
  virtual void summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows,
                              const std::filesystem::path& dir, ReportContent& content, ClaimsTable& claims) const = 0;

 protected:
  void validate_settings(const ReplaySettings& s) const override;
  std::unique_ptr<PreparedExperiment> prepare_runs(const ReplaySettings& s, const Config& config,
                                                   const ExperimentEnvironment& env) const override;
  // The part's claims first (claims.csv), then its figures.
  ReportContent summarize_runs(const ReplaySettings& s, const std::vector<TidyRow>& rows,
                               const std::filesystem::path& dir) const override;
};

class ReplayTeacherExperiment : public ReplayExperiment {
 public:
  ReplayTeacherExperiment(std::string name, std::string description);
  // <item>: an item of the table; <k>: a singular value, principal component or latent axis, from 1.
  std::vector<std::string> metrics() const override {
    return {"loss/<item>", "mean_loss", "sv/<k>", "epochs_trained", "stopped_by_loss", "stopped_by_change", "nonzero_singular_values",
            "stored/<item>", "converged/<item>", "attractor/<item>", "radius/<item>", "limit_item/<item>", "deviation/<item>",
            "items_stored", "items_stored_as_attractors", "attractor_group/<item>", "attractor_distance/<item>", "pca_explained/<k>",
            "distance/<item>/<item>", "fixed_points_found", "fixed_points_attractors", "fixed_points_spurious",
            "max_fixed_point_radius", "x", "y", "z", "dx", "dy", "dz", "class", "explained/<k>"};
  }
  int64_t part_work(const ReplaySettings& settings) const override;
  std::vector<TidyRow> run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const override;
  void summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows, const std::filesystem::path& dir,
                      ReportContent& content, ClaimsTable& claims) const override;
};

// Section 7's exploratory analysis as a sweep over teacher.hidden: per size, the distinct fixed
// points reached from the items and from random starts, how many are not attractors, and how
// many attractors are spurious (not an item).
class ReplayHiddenSizesExperiment : public ReplayExperiment {
 public:
  ReplayHiddenSizesExperiment(std::string name, std::string description);
  // "mean_loss" only from a teacher that diverged.
  std::vector<std::string> metrics() const override {
    return {"hidden", "epochs_trained", "final_mean_loss", "items_stored", "fixed_points", "attractors", "non_attractor_fixed_points",
            "spurious_attractors", "max_spectral_radius", "root_fixed_points", "root_attractors", "root_non_attractor_fixed_points",
            "root_spurious_attractors", "root_max_spectral_radius", "mean_loss"};
  }
  int64_t part_work(const ReplaySettings& settings) const override;
  std::vector<TidyRow> run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const override;
  void summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows, const std::filesystem::path& dir,
                      ReportContent& content, ClaimsTable& claims) const override;
};

class ReplayNoiseOptimumExperiment : public ReplayExperiment {
 public:
  ReplayNoiseOptimumExperiment(std::string name, std::string description);
  // "mean_loss" only from a teacher that diverged.
  std::vector<std::string> metrics() const override {
    return {"objective", "best_mean", "best_sd", "best_objective", "noise_free_objective", "best_transition", "noise_free_transition",
            "mean_loss"};
  }
  int64_t part_work(const ReplaySettings& settings) const override;
  std::vector<TidyRow> run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const override;
  void summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows, const std::filesystem::path& dir,
                      ReportContent& content, ClaimsTable& claims) const override;

 protected:
  void validate_settings(const ReplaySettings& s) const override;
};

class ReplayStudentExperiment : public ReplayExperiment {
 public:
  ReplayStudentExperiment(std::string name, std::string description);
  std::vector<std::string> metrics() const override {
    return {"teacher_final_mean_loss", "frequency/<item>", "replay_squared_distance_to_item", "loss/<item>", "mean_loss", "sv/<k>",
            "final_loss/<item>", "recalled/<item>", "final_mean_loss", "items_recalled", "epochs_trained"};
  }
  int64_t part_work(const ReplaySettings& settings) const override;
  std::vector<TidyRow> run_part(const ReplaySettings& settings, const ItemTable& items, int run, Progress& progress) const override;
  void summarize_part(const ReplaySettings& settings, const ItemTable& items, const RowTable& rows, const std::filesystem::path& dir,
                      ReportContent& content, ClaimsTable& claims) const override;

 protected:
  void validate_settings(const ReplaySettings& s) const override;
};

// --- shared by the parts (src/experiments/replay/common.cpp) ---

// The configured item table: `items_csv` where given, else the built-in table named by `items`.
ItemTable replay_items(const ReplaySettings& settings);

// A teacher scenario: hidden units and its epoch limit (teacher.hidden[i], teacher.max_epochs[i]).
struct TeacherScenario {
  int64_t hidden = 0;
  int64_t max_epochs = 0;
  std::string name() const { return "teacher-h" + std::to_string(hidden); }
};
std::vector<TeacherScenario> teacher_scenarios(const ReplaySettings& settings);

// Section 5.2's training settings from the settings, with the given epoch limit.
AutoencoderTrainingOptions training_options(const ReplaySettings& settings, int64_t max_epochs);

// An untrained autoencoder of `hidden` units with the settings' corruption, initialised as `init` says.
DenoisingAutoencoder replay_autoencoder(const ReplaySettings& settings, int64_t features, int64_t hidden, at::Generator& generator);

// A seeded autoencoder (replay_autoencoder) trained on the items (the teacher of one scenario and run).
struct TrainedTeacher {
  DenoisingAutoencoder model{nullptr};
  TrainingHistory history;
  // One iteration x -> f(x) of the trained model, the map every part iterates (replay, fixed points).
  StepMap step() const {
    const auto net = model.ptr();  // shared_ptr: the map calls non-const methods
    return [net](const torch::Tensor& x) { return net->forward(x); };
  }
};
TrainedTeacher train_teacher(const ReplaySettings& settings, const ItemTable& items, const TeacherScenario& scenario, int run,
                             const std::function<void()>& on_epoch);

// Tidy rows of a training history: per recorded epoch "loss/<item>", "mean_loss", "sv/<k>".
void append_history_rows(std::vector<TidyRow>& rows, int run, const std::string& condition,
                         const TrainingHistory& history, const ItemTable& items);

// Curves of `metric` for `condition` over runs on a common epoch axis (1, record_every, 2 record_every, ...,
// max_epochs); a run that stopped early keeps its last value.
struct RunCurves {
  std::vector<double> epochs;
  std::vector<std::vector<double>> runs;
};
RunCurves curves_over_runs(const RowTable& rows, const std::string& condition, const std::string& metric,
                           int64_t record_every, int64_t max_epochs);

// A claims.csv row of the thesis: its figure, its statement, our number and the verdict
// ("holds", "does not hold", "partly", "n.s.").
Claim thesis_claim(const std::string& figure, const std::string& statement, const std::string& ours,
                   const std::string& verdict);

// Per-item loss curves and (optionally) prediction singular values of one trained model kind (Fig. 6, 8, 9, 11).
void plot_training(const ReplaySettings& settings, const RowTable& rows, const std::string& condition,
                   const std::string& label, const ItemTable& items, int64_t max_epochs, bool singular_values,
                   const std::filesystem::path& dir, ReportContent& content);

}  // namespace reverie
