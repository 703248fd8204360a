#include "reverie/experiments/wake_sleep/adversarial_epochs.h"

#include <chrono>

#include "reverie/experiments/wake_sleep/adversarial_config.h"
#include "reverie/lab/run_checkpoint.h"

namespace reverie {

void train_adversarial_epochs(AdversarialTrainer& trainer, at::Generator& generator, const AdversarialEpochsOptions& options,
                              const AdversarialEpochHooks& hooks, const AdversarialCheckpointing& checkpointing,
                              std::vector<TidyRow>& rows, Progress& progress) {
  const int64_t epochs = options.epochs();
  const int64_t done = continue_from(checkpointing.checkpoint, checkpointing.resume, checkpointing.pieces, options.run(),
                                     options.label(), epochs, options.batches(), progress);
  if (!checkpointing.resume) hooks.measure(0, rows);
  for (int64_t epoch = done + 1; epoch <= epochs; ++epoch) {
    const auto epoch_start = std::chrono::steady_clock::now();
    trainer.start_epoch(epoch - 1);
    hooks.shuffle(epoch - 1);
    AdversarialStepRecord sum;
    for (int64_t b = 0; b < options.batches(); ++b) {
      sum += trainer.step(hooks.batch(b), generator);
      progress.advance();
    }
    stop_if_epoch_diverged(sum, options.condition(), epoch);
    append_epoch_rows(rows, options.run(), options.condition(), epoch, sum, options.batches());
    hooks.measure(epoch, rows);
    if (checkpointing.checkpoint.due(epoch, epochs)) checkpointing.checkpoint.save({options.stage(), epoch, rows}, checkpointing.pieces);
    // Long trainings say how they go (the paper's runs are hundreds of epochs).
    if (options.note_from_epochs() > 0 && epochs >= options.note_from_epochs()) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count();
      progress.note("run " + std::to_string(options.run()) + (options.label().empty() ? "" : " " + options.label()) + " epoch " +
                    std::to_string(epoch) + "/" + std::to_string(epochs) + ": " + format_number(seconds) +
                    " s (training, measures, checkpoint)" + (hooks.note_detail ? hooks.note_detail(epoch) : ""));
    }
  }
}

}  // namespace reverie
