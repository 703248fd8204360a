#include "reverie/train/image_classifier_training.h"

#include <torch/torch.h>

namespace reverie {

ImageClassifierHistory train_image_classifier(VggClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                                              const torch::Tensor& validation_images, const torch::Tensor& validation_labels,
                                              const ImageClassifierTraining& o, at::Generator& generator,
                                              const std::function<void()>& on_batch, const TrainingCheckpoint& checkpoint) {
  torch::optim::SGD optimizer(model.parameters(), torch::optim::SGDOptions(o.learning_rate));
  ImageClassifierHistory history;
  // Parameters, then buffers (BatchNorm's running statistics): the state the best epoch leaves.
  const auto model_state = [&model] {
    auto state = model.parameters();
    for (const auto& buffer : model.buffers()) state.push_back(buffer);
    return state;
  };
  std::vector<torch::Tensor> best;
  for (const auto& p : model_state()) best.push_back(torch::zeros_like(p));
  const int64_t n = images.size(0);
  const int64_t batches = (n + o.batch_size - 1) / o.batch_size;
  CheckpointPieces pieces;
  pieces.modules = {{"classifier", &model}};
  pieces.optimizers = {{"sgd", &optimizer}};
  pieces.generators = {{"training", &generator}};
  for (size_t i = 0; i < best.size(); ++i) pieces.tensors.push_back({"best/" + std::to_string(i), &best[i]});
  int64_t first_epoch = 0;
  if (const auto saved = checkpoint.position()) {
    checkpoint.restore(pieces);
    for (const auto& row : saved->rows) {
      if (row.metric == "best_epoch") history.best_epoch = static_cast<int64_t>(row.value);
      else history.validation_accuracy.push_back(row.value);
    }
    first_epoch = saved->epoch;
    for (int64_t b = 0; b < first_epoch * batches && on_batch; ++b) on_batch();
  }
  for (int64_t epoch = first_epoch; epoch < o.epochs; ++epoch) {
    model.train();
    const auto order = torch::randperm(n, generator, torch::kInt64).to(images.device());
    for (int64_t start = 0; start < n; start += o.batch_size) {
      const auto index = order.slice(0, start, std::min(n, start + o.batch_size));
      optimizer.zero_grad();
      auto outputs = model.forward(images.index_select(0, index), &generator);
      if (o.softmax_before_loss) outputs = torch::softmax(outputs, 1);
      torch::nn::functional::cross_entropy(outputs, labels.index_select(0, index)).backward();
      optimizer.step();
      if (on_batch) on_batch();
    }
    const double acc = accuracy(classifier_probabilities(model, validation_images), validation_labels);
    history.validation_accuracy.push_back(acc);
    if (history.best_epoch < 0 || acc > history.validation_accuracy[history.best_epoch]) {
      history.best_epoch = epoch;
      const auto state = model_state();
      for (size_t i = 0; i < best.size(); ++i) best[i] = state[i].detach().clone();
    }
    if (checkpoint.due(epoch + 1, o.epochs)) {
      CheckpointPosition position{0, epoch + 1, {}};
      for (size_t e = 0; e < history.validation_accuracy.size(); ++e)
        position.rows.push_back({0, "validation", static_cast<int64_t>(e + 1), "accuracy", history.validation_accuracy[e]});
      position.rows.push_back({0, "validation", 0, "best_epoch", static_cast<double>(history.best_epoch)});
      checkpoint.save(position, pieces);
    }
  }
  torch::NoGradGuard no_grad;
  auto state = model_state();
  if (history.best_epoch >= 0)
    for (size_t i = 0; i < best.size(); ++i) state[i].copy_(best[i]);
  model.eval();
  return history;
}

torch::Tensor classifier_probabilities(VggClassifierImpl& model, const torch::Tensor& images) {
  torch::NoGradGuard no_grad;
  const bool was_training = model.is_training();
  model.eval();
  std::vector<torch::Tensor> chunks;
  constexpr int64_t kChunk = 1000;
  // The model may live on another device (a GPU) than the images: each chunk goes there and back.
  const auto device = model.parameters().front().device();
  for (int64_t start = 0; start < images.size(0); start += kChunk)
    chunks.push_back(torch::softmax(model.forward(images.slice(0, start, start + kChunk).to(device)), 1).to(images.device()));
  model.train(was_training);
  return chunks.empty() ? torch::empty({0, model.options.classes}, images.options()) : torch::cat(chunks);
}

torch::Tensor softmax_entropy(const torch::Tensor& probabilities) {
  return -(probabilities * probabilities.clamp_min(1e-30).log()).sum(1);
}

torch::Tensor renormalised_entropy(const torch::Tensor& probabilities, int64_t classes) {
  const auto kept = probabilities.narrow(1, 0, classes);
  return softmax_entropy(kept / kept.sum(1, true).clamp_min(1e-30));
}

double accuracy(const torch::Tensor& probabilities, const torch::Tensor& labels) {
  return probabilities.argmax(1).eq(labels).to(torch::kFloat64).mean().item<double>();
}

}  // namespace reverie
