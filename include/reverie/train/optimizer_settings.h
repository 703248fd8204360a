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
enum class OptimizerKind { sgd, rmsprop };
const char* optimizer_name(OptimizerKind kind);  // "sgd", "rmsprop": the config's words

struct OptimizerSettings {
  double learning_rate = 0.01;
  OptimizerKind optimizer = OptimizerKind::sgd;
  double rmsprop_alpha = 0.99;     // squared-gradient average (beta2)
  double rmsprop_momentum = 0.9;   // momentum (beta1)
};

// A trainer's options (each trainer's derive from OptimizerSettings) with the given optimizer.
template <class Options>
Options with_optimizer(const OptimizerSettings& optimizer) {
  Options options;
  static_cast<OptimizerSettings&>(options) = optimizer;
  return options;
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const std::vector<torch::Tensor>& parameters,
                                                        const OptimizerSettings& settings);

}  // namespace reverie
