#pragma once
// The epoch loop the seed 003 experiments share: the learning-rate schedule, an epoch's
// adversarial steps, its training rows, the divergence check, the experiment's own measures, the
// run's checkpoint and resuming from it, and progress. What differs between experiments (their
// data, batches and measures) comes in as hooks.
#include <torch/arg.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reverie/core/progress.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/core/training_checkpoint.h"
#include "reverie/train/adversarial_training.h"

namespace reverie {

struct AdversarialEpochsOptions {
  AdversarialEpochsOptions(int run, std::string condition, int64_t epochs, int64_t batches)
      : run_(run), condition_(std::move(condition)), epochs_(epochs), batches_(batches) {}
  TORCH_ARG(int, run);
  TORCH_ARG(std::string, condition);  // of the training rows, and named when an epoch diverges
  TORCH_ARG(int64_t, epochs);
  TORCH_ARG(int64_t, batches);        // steps per epoch (the means of the training rows divide by it)
  TORCH_ARG(int64_t, stage) = 0;      // where the checkpoint says the run stands (e.g. the algorithm's index)
  TORCH_ARG(std::string, label) = ""; // names the stage in progress notes (empty: a run with one stage)
  // Says how each epoch went when the training has at least this many epochs (0: never).
  TORCH_ARG(int64_t, note_from_epochs) = 0;
};

struct AdversarialEpochHooks {
  // Draws the epoch's batch order (0-based epoch), after the learning-rate schedule.
  std::function<void(int64_t epoch)> shuffle;
  // Batch b of the epoch: its data, and the forward pass that the step calls (once per critic step).
  std::function<AdversarialTrainer::Phases(int64_t batch)> batch;
  // The experiment's own rows after `epoch` epochs; epoch 0 (untrained) only on a fresh start.
  std::function<void(int64_t epoch, std::vector<TidyRow>& rows)> measure;
  // Appended to an epoch's progress note (e.g. ", held-out reconstruction MSE 0.01"); may be empty.
  std::function<std::string(int64_t epoch)> note_detail;
};

// A stage's checkpointing: where `resume` (the saved position, when this stage resumes) restores
// `pieces` from, and every `checkpoint_every` epochs saves them with the rows.
struct AdversarialCheckpointing {
  const TrainingCheckpoint& checkpoint;
  std::optional<CheckpointPosition> resume;
  const CheckpointPieces& pieces;
};

// Trains `trainer` for options.epochs() epochs (from the resumed epoch on), the steps drawing
// their noise from `generator`, and appends every epoch's rows to `rows`.
void train_adversarial_epochs(AdversarialTrainer& trainer, at::Generator& generator, const AdversarialEpochsOptions& options,
                              const AdversarialEpochHooks& hooks, const AdversarialCheckpointing& checkpointing,
                              std::vector<TidyRow>& rows, Progress& progress);

}  // namespace reverie
