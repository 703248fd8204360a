#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/experiments/replay/experiments.h"
#include "parts.h"

namespace reverie {

ReplayExperiment::ReplayExperiment(std::string name, std::string description, SettingsKeys<ReplaySettings> keys)
    : ExperimentWithSettings(std::move(name), std::move(description), std::move(keys)) {}

void ReplayExperiment::validate_settings(const ReplaySettings& s) const {
  if (s.teacher_hidden().empty()) throw InputError("config key 'teacher.hidden': expected at least one scenario");
  if (s.teacher_max_epochs().size() != s.teacher_hidden().size())
    throw InputError("config key 'teacher.max_epochs': expected one entry per teacher.hidden entry");
  if (schema_.find("replay.init_high") && s.replay_init_high() < s.replay_init_low())
    throw InputError("config key 'replay.init_high' is impossible: expected >= replay.init_low");
  replay_items(s);  // a bad items_csv is refused before any run starts
}

ReplayTeacherExperiment::ReplayTeacherExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description), replay_teacher_keys()) {}

ReplayHiddenSizesExperiment::ReplayHiddenSizesExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description), replay_hidden_sizes_keys()) {}

ReplayNoiseOptimumExperiment::ReplayNoiseOptimumExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description), replay_noise_optimum_keys()) {}

void ReplayNoiseOptimumExperiment::validate_settings(const ReplaySettings& s) const {
  ReplayExperiment::validate_settings(s);
  if (s.noise_grid_mean_max() < s.noise_grid_mean_min())
    throw InputError("config key 'noise_grid.mean_max' is impossible: expected >= noise_grid.mean_min");
  if (s.noise_grid_sd_max() < s.noise_grid_sd_min())
    throw InputError("config key 'noise_grid.sd_max' is impossible: expected >= noise_grid.sd_min");
  if (s.replay_transitions_from() == TransitionsFrom::start && s.replay_init() != ReplayStart::items)
    throw InputError("config key 'replay.transitions_from' = 'start' needs chains that start from the items: replay.init = \"items\"");
  // Its target S is the items' Pearson correlation, which an item with all attributes equal does not have.
  const ItemTable items = replay_items(s);
  for (int64_t i = 0; i < items.size(); ++i)
    if (items.values[i].min().item<float>() == items.values[i].max().item<float>())
      throw InputError("config key 'items_csv': item '" + items.items[i] + "' has every attribute equal, so its correlation with " +
                       "the other items (the noise optimum's target S, Fig. 5) is undefined; give it both values");
}

ReplayStudentExperiment::ReplayStudentExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description), replay_student_keys()) {}

void ReplayStudentExperiment::validate_settings(const ReplaySettings& s) const {
  ReplayExperiment::validate_settings(s);
  if (s.replay_noise_sd() == 0 && s.replay_noise_mean() == 0)
    throw InputError("config key 'replay.noise_sd': the noisy condition needs noise (sd or mean not 0)");
}

namespace {

// A run of any part: the item table is read once, the part does the rest.
class PreparedReplay : public PreparedExperiment {
 public:
  PreparedReplay(const ReplayExperiment& part, ReplaySettings settings)
      : part_(part), settings_(std::move(settings)), items_(replay_items(settings_)) {}
  int64_t work_per_run() const override { return part_.part_work(settings_); }
  std::vector<TidyRow> run(int run, Progress& progress) const override { return part_.run_part(settings_, items_, run, progress); }

 private:
  const ReplayExperiment& part_;  // registered experiments live as long as the program
  ReplaySettings settings_;
  ItemTable items_;
};

}  // namespace

std::unique_ptr<PreparedExperiment> ReplayExperiment::prepare_runs(const ReplaySettings& settings, const Config&,
                                                                   const ExperimentEnvironment&) const {
  return std::make_unique<PreparedReplay>(*this, settings);
}

ReportContent ReplayExperiment::summarize_runs(const ReplaySettings& settings, const std::vector<TidyRow>& rows,
                                               const std::filesystem::path& dir) const {
  const ItemTable items = replay_items(settings);
  ReportContent content;
  content.title = name() + ": " + description();
  ClaimsTable claims;
  summarize_part(settings, items, RowTable(rows), dir, content, claims);
  claims.write(dir);
  content.tables.insert(content.tables.begin(), {OutputFolder::kClaims, "Claims: the thesis's statement, our number, and whether it holds"});
  return content;
}

}  // namespace reverie
