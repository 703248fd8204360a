#pragma once
#include <torch/types.h>

#include <memory>
#include <string>
#include <vector>

namespace torch::optim {
class Optimizer;
}

namespace reverie {

// The papers' two optimizers: plain SGD, or RMSprop with seed 001's beta1/beta2 read as
// momentum 0.9 and squared-gradient decay 0.99.
struct OptimizerSettings {
  double learning_rate = 0.01;
  std::string optimizer = "sgd";  // "sgd" or "rmsprop"
  double rmsprop_alpha = 0.99;     // squared-gradient average (beta2)
  double rmsprop_momentum = 0.9;   // momentum (beta1)
};

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const std::vector<torch::Tensor>& parameters,
                                                        const OptimizerSettings& settings);

}  // namespace reverie
