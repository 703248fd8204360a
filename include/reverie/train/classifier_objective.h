#pragma once
#include <torch/types.h>

#include <string>

#include "reverie/core/choices.h"

namespace reverie {

// What a classifier's outputs mean and how they are scored (seed 001 section 4.1.2):
// sigmoid or softmax outputs; MSE against one-hot targets, or cross-entropy.
struct ClassifierObjective {
  enum class Output { Sigmoid, Softmax };
  enum class Loss { MeanSquaredError, CrossEntropy };
  enum class Reduction { Mean, Sum };  // MSE over the outputs: averaged (torch.nn.MSELoss) or summed

  Output output = Output::Sigmoid;
  Loss loss = Loss::MeanSquaredError;
  bool sum_over_outputs = false;  // MSE summed over outputs (mean over the batch) instead of averaged
  int64_t classes = 0;

  // The objective of `classes` outputs; cross-entropy needs softmax outputs.
  static ClassifierObjective make(Output output, Loss loss, int64_t classes, Reduction mse_reduction = Reduction::Mean);
  // The same from the config's words (output_choices, loss_choices, mse_reduction_choices).
  static ClassifierObjective from_names(const std::string& output, const std::string& loss, int64_t classes,
                                        const std::string& mse_reduction = "mean");

  torch::Tensor activate(const torch::Tensor& logits) const;
  // Mean loss over the batch; MSE also averages over outputs (torch.nn.MSELoss) unless summed.
  torch::Tensor error(const torch::Tensor& logits, const torch::Tensor& labels) const;
};

// The config's words: "sigmoid", "softmax"; "mse", "ce"; "mean", "sum".
const Choices<ClassifierObjective::Output>& output_choices();
const Choices<ClassifierObjective::Loss>& loss_choices();
const Choices<ClassifierObjective::Reduction>& mse_reduction_choices();

}  // namespace reverie
