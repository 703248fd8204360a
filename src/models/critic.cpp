#include "reverie/models/critic.h"

#include <torch/torch.h>

namespace reverie {

MlpCritic::MlpCritic(const MlpCriticOptions& o) : options(o) {
  layers = register_module("layers", torch::nn::ModuleList());
  int64_t width = o.inputs();
  for (int64_t i = 0; i < o.layers(); ++i) {
    layers->push_back(torch::nn::Linear(width, o.hidden()));
    width = o.hidden();
  }
  output = register_module("output", torch::nn::Linear(width, 1));
}

CriticOutput MlpCritic::evaluate(const torch::Tensor& states) {
  CriticOutput out;
  auto h = states.flatten(1);
  for (const auto& layer : *layers) {
    h = torch::leaky_relu(layer->as<torch::nn::Linear>()->forward(h), options.negative_slope());
    out.hidden.push_back(h);
  }
  out.score = output->forward(h).squeeze(1);
  return out;
}

}  // namespace reverie
