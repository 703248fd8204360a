#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <functional>
#include <string>
#include <vector>

#include "reverie/models/denoising_autoencoder.h"

namespace reverie {

// Seed 002 section 5.2's training: AdamW, summed squared error plus an L2 penalty, batches of 4,
// early stopping on the mean item loss.
struct AutoencoderTrainingOptions {
  double learning_rate = 1e-2;
  double l2_lambda = 0.005;     // lambda * sum(theta^2) added to the loss (eq. 3, 4)
  double l1_lambda = 0;         // lambda * sum(|theta|) added to the loss (the thesis's code: 5e-4)
  double weight_decay = 0.01;   // AdamW's decoupled weight decay (torch.optim.AdamW's default)
  int64_t batch_size = 4;
  int64_t max_epochs = 1500;
  bool early_stopping = true;
  double stop_loss = 1e-3;      // stop when the mean item loss falls below this ...
  double stop_change = 1e-4;    // ... or changes by less than this between epochs
  int64_t record_every = 1;     // epochs between records; the last epoch is always recorded
};

// End-of-epoch measurements on the true items, with dropout off.
struct EpochRecord {
  int64_t epoch = 0;                   // 1-based
  std::vector<double> item_loss;       // summed squared error of each item
  std::vector<double> singular_values; // of the [items x attributes] prediction matrix, descending
};

struct TrainingHistory {
  std::vector<EpochRecord> records;
  int64_t epochs = 0;          // epochs trained
  std::string stop_reason;     // "loss", "change" or "max_epochs"
};

// The patterns one epoch trains on, in order: [n x attributes].
using EpochPatterns = std::function<torch::Tensor(int64_t epoch, at::Generator& generator)>;

// Trains `model` epoch by epoch on `patterns` (minibatches of batch_size in the given order),
// measuring the loss on `items` after each epoch. `on_epoch` is called once per epoch trained.
TrainingHistory train_autoencoder(DenoisingAutoencoder& model, const EpochPatterns& patterns, const torch::Tensor& items,
                                  const AutoencoderTrainingOptions& options, at::Generator& generator,
                                  const std::function<void()>& on_epoch = {});

// Summed squared error of each item's reconstruction (dropout off): [items] float64.
torch::Tensor item_losses(DenoisingAutoencoder& model, const torch::Tensor& items);

// The items in a fresh random order every epoch (the teacher's epochs).
EpochPatterns shuffled_items(torch::Tensor items);

// `count` patterns drawn uniformly with replacement from `pool` every epoch (the student's epochs).
EpochPatterns drawn_from(torch::Tensor pool, int64_t count);

}  // namespace reverie
