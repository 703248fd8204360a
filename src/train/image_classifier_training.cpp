#include "reverie/train/image_classifier_training.h"

#include <torch/torch.h>

namespace reverie {

ImageClassifierHistory train_image_classifier(VggClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                                              const torch::Tensor& validation_images, const torch::Tensor& validation_labels,
                                              const ImageClassifierTraining& o, at::Generator& generator,
                                              const std::function<void()>& on_batch) {
  torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(o.learning_rate));
  ImageClassifierHistory history;
  std::vector<torch::Tensor> best;
  const int64_t n = images.size(0);
  for (int64_t epoch = 0; epoch < o.epochs; ++epoch) {
    model.train();
    const auto order = torch::randperm(n, generator, torch::kInt64).to(images.device());
    for (int64_t start = 0; start < n; start += o.batch_size) {
      const auto index = order.slice(0, start, std::min(n, start + o.batch_size));
      optimizer.zero_grad();
      torch::nn::functional::cross_entropy(model.forward(images.index_select(0, index), &generator), labels.index_select(0, index))
          .backward();
      optimizer.step();
      if (on_batch) on_batch();
    }
    const double acc = accuracy(classifier_probabilities(model, validation_images), validation_labels);
    history.validation_accuracy.push_back(acc);
    if (history.best_epoch < 0 || acc > history.validation_accuracy[history.best_epoch]) {
      history.best_epoch = epoch;
      best.clear();
      for (const auto& p : model.parameters()) best.push_back(p.detach().clone());
    }
  }
  torch::NoGradGuard no_grad;
  auto parameters = model.parameters();
  for (size_t i = 0; i < best.size(); ++i) parameters[i].copy_(best[i]);
  model.eval();
  return history;
}

torch::Tensor classifier_probabilities(VggClassifierImpl& model, const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  std::vector<torch::Tensor> chunks;
  constexpr int64_t kChunk = 1000;
  for (int64_t start = 0; start < images.size(0); start += kChunk)
    chunks.push_back(torch::softmax(model.forward(images.slice(0, start, start + kChunk)), 1));
  model.train(was_training);
  return chunks.empty() ? torch::empty({0, model.options.classes}) : torch::cat(chunks);
}

torch::Tensor softmax_entropy(const torch::Tensor& probabilities) {
  return -(probabilities * probabilities.clamp_min(1e-30).log()).sum(1);
}

double accuracy(const torch::Tensor& probabilities, const torch::Tensor& labels) {
  return probabilities.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
}

}  // namespace reverie
