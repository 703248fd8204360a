#pragma once
// A multi-epoch training's checkpoint: everything the rest of its run depends on (modules'
// parameters and buffers, optimizers' state, random generators' state, the rows measured so far,
// and where it stood), so that a killed run continues where it stopped and ends byte-identical
// to an uninterrupted one on the CPU. One file per run, replaced atomically at each save.
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>

#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "reverie/core/tidy_csv.h"

namespace reverie {

// The pieces of state a training stage saves and restores, by stable names.
struct CheckpointPieces {
  std::vector<std::pair<std::string, torch::nn::Module*>> modules;
  std::vector<std::pair<std::string, torch::optim::Optimizer*>> optimizers;
  std::vector<std::pair<std::string, at::Generator*>> generators;
  std::vector<std::pair<std::string, std::mt19937_64*>> engines;  // standard-library generators (orders, unit subsets)
  std::vector<std::pair<std::string, torch::Tensor*>> tensors;    // loose state (momentum steps, a best epoch's weights)
};

// Where a saved run stood: in which stage of its training (e.g. the index of an algorithm) and
// after which epoch, with its rows up to there.
struct CheckpointPosition {
  int64_t stage = 0;
  int64_t epoch = 0;
  std::vector<TidyRow> rows;
};

class TrainingCheckpoint {
 public:
  // Disabled: saves nothing, finds nothing (a training outside the runner, e.g. in a test).
  TrainingCheckpoint() = default;
  // `fingerprint` names what the checkpoint belongs to (run, config, build, device): another's is refused.
  TrainingCheckpoint(std::filesystem::path file, std::string fingerprint, int64_t every);

  bool enabled() const { return !file_.empty(); }
  const std::filesystem::path& file() const { return file_; }
  // Every `every` epochs, and at the last.
  bool due(int64_t epoch, int64_t last_epoch) const { return enabled() && (epoch % every_ == 0 || epoch == last_epoch); }

  // Atomic (temporary file, fsync, rename): a kill or a full disk leaves the previous one intact;
  // sealed with a checksum of its content, checked before position() or restore() trusts it.
  void save(const CheckpointPosition& position, const CheckpointPieces& pieces) const;
  // The saved position, or nothing when no checkpoint exists. InputError naming the file when it is
  // damaged (its checksum), unreadable or belongs to another run, config, build or device.
  std::optional<CheckpointPosition> position() const;
  // Loads the saved state into `pieces` (the same names and shapes as saved; InputError otherwise).
  void restore(const CheckpointPieces& pieces) const;

 private:
  std::filesystem::path file_;
  std::string fingerprint_;
  int64_t every_ = 1;
};

}  // namespace reverie
