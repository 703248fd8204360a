#include "reverie/train/autoencoder_trainer.h"

#include <torch/torch.h>

#include <cmath>

#include "reverie/core/tensor_values.h"
#include "reverie/core/training_divergence.h"

namespace reverie {

torch::Tensor item_losses(DenoisingAutoencoder& model, const torch::Tensor& items) {
  torch::NoGradGuard no_grad;
  return (model->forward(items) - items).pow(2).sum(1).to(torch::kFloat64);
}

namespace {

EpochRecord measure(DenoisingAutoencoder& model, const torch::Tensor& items, int64_t epoch, const torch::Tensor& losses) {
  torch::NoGradGuard no_grad;
  return {epoch, tensor_values(losses), tensor_values(at::linalg_svdvals(model->forward(items).to(torch::kFloat64)))};
}

}  // namespace

TrainingHistory train_autoencoder(DenoisingAutoencoder& model, const EpochPatterns& patterns, const torch::Tensor& items,
                                  const AutoencoderTrainingOptions& options, at::Generator& generator,
                                  const std::function<void()>& on_epoch) {
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(options.learning_rate).weight_decay(options.weight_decay));
  TrainingHistory history;
  history.stop_reason = "max_epochs";
  double previous_mean = std::nan("");
  for (int64_t epoch = 1; epoch <= options.max_epochs; ++epoch) {
    const auto epoch_patterns = patterns(epoch, generator);
    for (int64_t start = 0; start < epoch_patterns.size(0); start += options.batch_size) {
      const auto batch = epoch_patterns.narrow(0, start, std::min(options.batch_size, epoch_patterns.size(0) - start));
      auto loss = (model->corrupted_forward(batch, generator) - batch).pow(2).sum();
      if (options.l2_lambda > 0)
        for (const auto& p : model->parameters()) loss = loss + options.l2_lambda * p.pow(2).sum();
      if (options.l1_lambda > 0)
        for (const auto& p : model->parameters()) loss = loss + options.l1_lambda * p.abs().sum();
      optimizer.zero_grad();
      loss.backward();
      optimizer.step();
    }
    history.epochs = epoch;
    if (on_epoch) on_epoch();
    const auto losses = item_losses(model, items);
    const double mean_loss = losses.mean().item<double>();
    stop_if_diverged(mean_loss, "mean_loss", epoch);
    if (options.early_stopping) {
      if (mean_loss < options.stop_loss) history.stop_reason = "loss";
      else if (std::abs(mean_loss - previous_mean) < options.stop_change) history.stop_reason = "change";
    }
    previous_mean = mean_loss;
    const bool last = history.stop_reason != "max_epochs" || epoch == options.max_epochs;
    if (last || epoch % options.record_every == 0 || epoch == 1) history.records.push_back(measure(model, items, epoch, losses));
    if (last) break;
  }
  return history;
}

EpochPatterns shuffled_items(torch::Tensor items) {
  return [items](int64_t, at::Generator& generator) {
    return items.index_select(0, torch::randperm(items.size(0), generator, torch::kInt64));
  };
}

EpochPatterns drawn_from(torch::Tensor pool, int64_t count) {
  return [pool, count](int64_t, at::Generator& generator) {
    return pool.index_select(0, torch::randint(pool.size(0), {count}, generator, torch::kInt64));
  };
}

}  // namespace reverie
