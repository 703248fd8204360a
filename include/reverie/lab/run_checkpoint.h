#pragma once
// The checkpoint of one run of an experiment: OUT/.checkpoints/run-NNNN.pt, saved every
// `checkpoint_every` epochs (the experiment's config key), tied to its run number, config, build and device.
#include <filesystem>

#include "reverie/config/config.h"
#include "reverie/core/progress.h"
#include "reverie/core/training_checkpoint.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/settings_keys.h"

namespace reverie {

std::filesystem::path run_checkpoint_file(const std::filesystem::path& checkpoint_dir, int run);

// Disabled when env.checkpoint_dir is empty. Saved every `every` epochs (the settings'
// checkpoint_every), or every `every` stages where an experiment checkpoints between stages.
TrainingCheckpoint run_checkpoint(const ExperimentEnvironment& env, const Config& config, int run, int64_t every);

// For a run that resumes at `position`: restores `pieces`, says "run R: resuming [what ]from epoch E
// of N" on `progress` and advances it by E epochs of work. Returns E (0 for a fresh start).
int64_t continue_from(const TrainingCheckpoint& checkpoint, const std::optional<CheckpointPosition>& position,
                      const CheckpointPieces& pieces, int run, const std::string& what, int64_t epochs,
                      int64_t work_per_epoch, Progress& progress);

// `checkpoint_every`, declared once for every experiment that checkpoints by epochs: it fills the
// settings' TORCH_ARG field checkpoint_every. `help` says what is saved where it is not a run.
template <class Settings>
SettingsKeys<Settings> checkpoint_every_key(std::string help = "epochs between a run's checkpoints (and one at its end): a "
                                                               "killed run resumes from the last, losing at most this many epochs") {
  SettingsKeys<Settings> keys;
  keys.add("checkpoint_every", &Settings::checkpoint_every, std::move(help), in_range(1, 1000000));
  return keys;
}

}  // namespace reverie
