#include "reverie/train/contrastive_divergence.h"

#include <torch/torch.h>

#include <cmath>

#include "reverie/core/random.h"
#include "reverie/core/training_divergence.h"

namespace reverie {

CdGradient cd_gradient(const RbmImpl& rbm, const torch::Tensor& batch, int64_t k, bool sample_visible,
                       at::Generator& generator) {
  const double n = static_cast<double>(batch.size(0));
  const auto positive_hidden = rbm.hidden_probabilities(batch);
  auto hidden = positive_hidden;
  torch::Tensor visible, reconstruction;
  for (int64_t step = 0; step < k; ++step) {
    visible = rbm.visible_probabilities(bernoulli_sample(hidden, generator));
    if (step == 0) reconstruction = visible;
    if (sample_visible) visible = bernoulli_sample(visible, generator);
    hidden = rbm.hidden_probabilities(visible);
  }
  CdGradient g;
  // <v h>_data - <v h>_model, the model term from the chain's last visible state and p(h | v).
  g.weight = torch::mm(batch.t(), positive_hidden).addmm_(visible.t(), hidden, 1.0, -1.0).div_(n);
  g.visible_bias = (batch - visible).mean(0);
  g.hidden_bias = (positive_hidden - hidden).mean(0);
  g.reconstruction = reconstruction;
  return g;
}

std::vector<double> train_rbm(RbmImpl& rbm, const torch::Tensor& data, const CdOptions& o, at::Generator& generator,
                              const std::function<void(int64_t, double)>& on_epoch, const TrainingCheckpoint& checkpoint) {
  torch::NoGradGuard no_grad;
  auto weight_step = torch::zeros_like(rbm.weight);
  auto visible_step = torch::zeros_like(rbm.visible_bias);
  auto hidden_step = torch::zeros_like(rbm.hidden_bias);
  CheckpointPieces pieces;
  pieces.modules = {{"rbm", &rbm}};
  pieces.tensors = {{"weight_step", &weight_step}, {"visible_step", &visible_step}, {"hidden_step", &hidden_step}};
  pieces.generators = {{"cd", &generator}};
  std::vector<double> rmse;
  int64_t first_epoch = 0;
  if (const auto saved = checkpoint.position()) {
    checkpoint.restore(pieces);
    for (const auto& row : saved->rows) rmse.push_back(row.value);
    first_epoch = saved->epoch;
    for (int64_t e = 0; e < first_epoch && on_epoch; ++e) on_epoch(e, rmse[static_cast<size_t>(e)]);
  }
  const int64_t n = data.size(0);
  for (int64_t epoch = first_epoch; epoch < o.epochs; ++epoch) {
    const double momentum = epoch < o.momentum_epochs ? o.initial_momentum : o.final_momentum;
    const auto order = (o.shuffle ? torch::randperm(n, generator, torch::kInt64) : torch::arange(n, torch::kInt64)).to(data.device());
    double squared_error = 0.0;
    for (int64_t start = 0; start < n; start += o.batch_size) {
      const auto batch = data.index_select(0, order.slice(0, start, std::min(n, start + o.batch_size)));
      CdGradient g;
      try {
        g = cd_gradient(rbm, batch, o.k, o.sample_visible, generator);
      } catch (const c10::Error&) {
        // Non-finite weights make non-finite probabilities, which LibTorch refuses to sample from.
        if (!torch::isfinite(rbm.weight).all().item<bool>()) throw TrainingDiverged("weights", epoch + 1, "rbm");
        throw;
      }
      squared_error += (batch - g.reconstruction).square().sum().item<double>();
      // Momentum, then weight decay inside the learning-rate step (Hinton 2010; Testolin et al. 2013).
      weight_step.mul_(momentum).add_(g.weight.sub_(rbm.weight, o.weight_decay), o.learning_rate);
      if (o.decay_biases) {
        g.visible_bias.sub_(rbm.visible_bias, o.weight_decay);
        g.hidden_bias.sub_(rbm.hidden_bias, o.weight_decay);
      }
      visible_step.mul_(momentum).add_(g.visible_bias, o.learning_rate);
      hidden_step.mul_(momentum).add_(g.hidden_bias, o.learning_rate);
      rbm.weight.add_(weight_step);
      rbm.visible_bias.add_(visible_step);
      rbm.hidden_bias.add_(hidden_step);
    }
    rmse.push_back(std::sqrt(squared_error / static_cast<double>(data.numel())));
    stop_if_diverged(rmse.back(), "reconstruction_rmse", epoch + 1, "rbm");
    if (on_epoch) on_epoch(epoch, rmse.back());
    if (checkpoint.due(epoch + 1, o.epochs)) {
      CheckpointPosition position{0, epoch + 1, {}};
      for (size_t e = 0; e < rmse.size(); ++e) position.rows.push_back({0, "rbm", static_cast<int64_t>(e + 1), "reconstruction_rmse", rmse[e]});
      checkpoint.save(position, pieces);
    }
  }
  return rmse;
}

}  // namespace reverie
