#include "reverie/train/optimizer_settings.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const std::vector<torch::Tensor>& parameters,
                                                        const OptimizerSettings& o) {
  if (o.optimizer == "sgd") return std::make_unique<torch::optim::SGD>(parameters, torch::optim::SGDOptions(o.learning_rate));
  if (o.optimizer == "rmsprop")
    return std::make_unique<torch::optim::RMSprop>(
        parameters, torch::optim::RMSpropOptions(o.learning_rate).alpha(o.rmsprop_alpha).momentum(o.rmsprop_momentum));
  throw InputError("config key 'optimizer': expected sgd or rmsprop, got '" + o.optimizer + "'");
}

}  // namespace reverie
