#include "reverie/models/parameter_init.h"

#include <torch/torch.h>

#include <cmath>
#include <map>

namespace reverie {

namespace {

double fan_in(const torch::Tensor& weight) {
  double fan = static_cast<double>(weight.size(1));
  for (int64_t d = 2; d < weight.dim(); ++d) fan *= static_cast<double>(weight.size(d));
  return fan;
}

// "encoder.0.bias" -> "encoder.0.weight"; LSTM biases "bias_ih" pair with "weight_ih".
std::string weight_name_of(const std::string& bias_name) {
  const auto dot = bias_name.rfind('.');
  const std::string prefix = dot == std::string::npos ? "" : bias_name.substr(0, dot + 1);
  const std::string leaf = dot == std::string::npos ? bias_name : bias_name.substr(dot + 1);
  return prefix + "weight" + leaf.substr(4);
}

}  // namespace

void pytorch_default_init(torch::nn::Module& module, at::Generator& generator) {
  torch::NoGradGuard no_grad;
  std::map<std::string, double> bounds;
  const auto named = module.named_parameters();
  for (const auto& p : named) {
    const auto& name = p.key();
    const auto leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
    if (leaf.rfind("weight", 0) == 0 && p.value().dim() >= 2) bounds[name] = 1.0 / std::sqrt(fan_in(p.value()));
  }
  for (const auto& p : named) {
    const auto& name = p.key();
    auto bound = bounds.find(name);
    if (bound == bounds.end()) {
      const auto leaf = name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
      if (leaf.rfind("bias", 0) != 0) continue;
      bound = bounds.find(weight_name_of(name));
      if (bound == bounds.end()) continue;
    }
    p.value().uniform_(-bound->second, bound->second, generator);
  }
}

}  // namespace reverie
