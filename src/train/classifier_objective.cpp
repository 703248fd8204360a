#include "reverie/train/classifier_objective.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

ClassifierObjective ClassifierObjective::from_names(const std::string& output, const std::string& loss, int64_t classes,
                                                   const std::string& mse_reduction) {
  ClassifierObjective o;
  o.classes = classes;
  if (output == "sigmoid") o.output = Output::Sigmoid;
  else if (output == "softmax") o.output = Output::Softmax;
  else throw InputError("config key 'output': expected sigmoid or softmax, got '" + output + "'");
  if (loss == "mse") o.loss = Loss::MeanSquaredError;
  else if (loss == "ce") o.loss = Loss::CrossEntropy;
  else throw InputError("config key 'loss': expected mse or ce, got '" + loss + "'");
  if (mse_reduction == "sum") o.sum_over_outputs = true;
  else if (mse_reduction != "mean") throw InputError("config key 'mse_reduction': expected mean or sum, got '" + mse_reduction + "'");
  if (o.loss == Loss::CrossEntropy && o.output != Output::Softmax)
    throw InputError("config key 'output' = sigmoid is impossible with loss = ce: cross-entropy needs softmax outputs");
  return o;
}

torch::Tensor ClassifierObjective::activate(const torch::Tensor& logits) const {
  return output == Output::Sigmoid ? torch::sigmoid(logits) : torch::softmax(logits, 1);
}

torch::Tensor ClassifierObjective::error(const torch::Tensor& logits, const torch::Tensor& labels) const {
  if (loss == Loss::CrossEntropy) return torch::nn::functional::cross_entropy(logits, labels);
  const auto target = torch::one_hot(labels, classes).to(logits.dtype());
  const auto squared = (activate(logits) - target).pow(2);
  return sum_over_outputs ? squared.sum(1).mean() : squared.mean();
}

}  // namespace reverie
