#pragma once
#include <ATen/core/Generator.h>

#include <functional>
#include <vector>

#include "reverie/core/training_checkpoint.h"
#include "reverie/models/rbm.h"

namespace reverie {

// CD-k training of seed 004 sec. 2.2, with its defaults.
struct CdOptions {
  int64_t k = 1;                     // Gibbs steps of the negative phase
  double learning_rate = 0.1;        // weights and both biases
  double initial_momentum = 0.5;
  double final_momentum = 0.9;
  int64_t momentum_epochs = 5;       // epochs at initial_momentum
  double weight_decay = 0.0002;      // the update is reduced by learning_rate * decay * parameter
  bool decay_biases = false;         // Hinton's and Testolin's code decay the weights only
  int64_t batch_size = 125;
  int64_t epochs = 100;
  bool sample_visible = false;       // negative-phase visible units sampled, or kept as probabilities (Hinton's code)
  bool shuffle = true;               // a new minibatch order every epoch; false: the data's order every epoch
};

// One estimate of the log-likelihood gradient on a batch (means over the batch), and the
// first reconstruction's visible probabilities (for the RMSE).
struct CdGradient {
  torch::Tensor weight, visible_bias, hidden_bias;
  torch::Tensor reconstruction;
};

CdGradient cd_gradient(const RbmImpl& rbm, const torch::Tensor& batch, int64_t k, bool sample_visible,
                       at::Generator& generator);

// Trains `rbm` on the rows of `data` (values in [0, 1]), reshuffled every epoch, and returns the
// reconstruction RMSE of every epoch. `on_epoch(epoch, rmse)` follows each epoch (also, at once,
// each epoch a resumed training skips). With `checkpoint`, it continues from the saved epoch and
// saves every checkpoint_every epochs: the result is the same as an uninterrupted training.
std::vector<double> train_rbm(RbmImpl& rbm, const torch::Tensor& data, const CdOptions& options, at::Generator& generator,
                              const std::function<void(int64_t, double)>& on_epoch = {},
                              const TrainingCheckpoint& checkpoint = {});

}  // namespace reverie
