#include "reverie/train/optimizer_settings.h"

#include <torch/torch.h>

namespace reverie {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const std::vector<torch::Tensor>& parameters,
                                                        const OptimizerSettings& o) {
  if (o.optimizer == OptimizerKind::sgd)
    return std::make_unique<torch::optim::SGD>(parameters, torch::optim::SGDOptions(o.learning_rate));
  return std::make_unique<torch::optim::RMSprop>(
      parameters, torch::optim::RMSpropOptions(o.learning_rate).alpha(o.rmsprop_alpha).momentum(o.rmsprop_momentum));
}

const char* optimizer_name(OptimizerKind kind) { return kind == OptimizerKind::sgd ? "sgd" : "rmsprop"; }

}  // namespace reverie
