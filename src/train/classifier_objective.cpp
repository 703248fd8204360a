#include "reverie/train/classifier_objective.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

ClassifierObjective ClassifierObjective::make(Output output, Loss loss, int64_t classes, Reduction mse_reduction) {
  if (loss == Loss::CrossEntropy && output != Output::Softmax)
    throw InputError("config key 'output' = sigmoid is impossible with loss = ce: cross-entropy needs softmax outputs");
  ClassifierObjective o;
  o.output = output;
  o.loss = loss;
  o.sum_over_outputs = mse_reduction == Reduction::Sum;
  o.classes = classes;
  return o;
}

ClassifierObjective ClassifierObjective::from_names(const std::string& output, const std::string& loss, int64_t classes,
                                                   const std::string& mse_reduction) {
  return make(value_of(output_choices(), output, "config key 'output'"), value_of(loss_choices(), loss, "config key 'loss'"),
              classes, value_of(mse_reduction_choices(), mse_reduction, "config key 'mse_reduction'"));
}

const Choices<ClassifierObjective::Output>& output_choices() {
  using Output = ClassifierObjective::Output;
  static const Choices<Output> choices{{"sigmoid", Output::Sigmoid}, {"softmax", Output::Softmax}};
  return choices;
}

const Choices<ClassifierObjective::Loss>& loss_choices() {
  using Loss = ClassifierObjective::Loss;
  static const Choices<Loss> choices{{"mse", Loss::MeanSquaredError}, {"ce", Loss::CrossEntropy}};
  return choices;
}

const Choices<ClassifierObjective::Reduction>& mse_reduction_choices() {
  using Reduction = ClassifierObjective::Reduction;
  static const Choices<Reduction> choices{{"mean", Reduction::Mean}, {"sum", Reduction::Sum}};
  return choices;
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
