#include "reverie/lab/run_checkpoint.h"

#include <nlohmann/json.hpp>

#include "reverie/core/build_identity.h"
#include "reverie/core/output_folder.h"

namespace reverie {

std::filesystem::path run_checkpoint_file(const std::filesystem::path& checkpoint_dir, int run) {
  return checkpoint_dir / OutputFolder::numbered("run", run, "pt");
}

TrainingCheckpoint run_checkpoint(const ExperimentEnvironment& env, const Config& config, int run, int64_t every) {
  if (env.checkpoint_dir.empty()) return TrainingCheckpoint();
  nlohmann::json identity = config.to_json();
  identity.erase("runs");  // more runs extend a sweep; each run's training is the same
  identity.erase("checkpoint_every");  // how often to save changes nothing of what is saved
  // The run number too: a run's checkpoint copied over another's is refused before it is resumed.
  const std::string fingerprint =
      identity.dump() + " build " + build_sources_sha256() + " device " + env.device.str() + " run " + std::to_string(run);
  return TrainingCheckpoint(run_checkpoint_file(env.checkpoint_dir, run), fingerprint, every);
}

int64_t continue_from(const TrainingCheckpoint& checkpoint, const std::optional<CheckpointPosition>& position,
                      const CheckpointPieces& pieces, int run, const std::string& what, int64_t epochs, int64_t work_per_epoch,
                      Progress& progress) {
  if (!position) return 0;
  checkpoint.restore(pieces);
  progress.note("run " + std::to_string(run) + ": resuming " + (what.empty() ? "" : what + " ") + "from epoch " +
                std::to_string(position->epoch) + " of " + std::to_string(epochs));
  progress.advance(position->epoch * work_per_epoch);
  return position->epoch;
}

}  // namespace reverie
