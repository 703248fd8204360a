#pragma once
#include <torch/types.h>

#include <string>

namespace reverie {

// What a classifier's outputs mean and how they are scored (seed 001 section 4.1.2):
// sigmoid or softmax outputs; MSE against one-hot targets, or cross-entropy.
struct ClassifierObjective {
  enum class Output { Sigmoid, Softmax };
  enum class Loss { MeanSquaredError, CrossEntropy };

  Output output = Output::Sigmoid;
  Loss loss = Loss::MeanSquaredError;
  bool sum_over_outputs = false;  // MSE summed over outputs (mean over the batch) instead of averaged
  int64_t classes = 0;

  // Parses config values ("sigmoid"/"softmax", "mse"/"ce", "mean"/"sum"); cross-entropy needs softmax.
  static ClassifierObjective from_names(const std::string& output, const std::string& loss, int64_t classes,
                                        const std::string& mse_reduction = "mean");

  torch::Tensor activate(const torch::Tensor& logits) const;
  // Mean loss over the batch; MSE also averages over outputs (torch.nn.MSELoss) unless summed.
  torch::Tensor error(const torch::Tensor& logits, const torch::Tensor& labels) const;
};

}  // namespace reverie
