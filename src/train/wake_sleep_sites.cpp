#include "reverie/train/wake_sleep_sites.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

const std::vector<std::string>& wake_sleep_algorithm_names() {
  static const std::vector<std::string> names{"wake-sleep", "oscillation", "combined"};
  return names;
}

WakeSleepAlgorithm parse_wake_sleep_algorithm(const std::string& name) {
  if (name == "wake-sleep") return WakeSleepAlgorithm::WakeSleep;
  if (name == "oscillation") return WakeSleepAlgorithm::Oscillation;
  if (name == "combined") return WakeSleepAlgorithm::Combined;
  throw InputError("unknown algorithm '" + name + "' (expected wake-sleep, oscillation or combined)");
}

std::vector<std::shared_ptr<LayerCritic>> make_wake_sleep_critics(WakeSleepAlgorithm algorithm, const WakeSleepMlpOptions& model,
                                                                  const MlpCriticOptions& critic) {
  const auto with_inputs = [&](int64_t inputs) {
    auto o = critic;
    o.inputs(inputs);
    return std::make_shared<MlpCritic>(o);
  };
  if (algorithm == WakeSleepAlgorithm::WakeSleep) return {with_inputs(model.inputs() + model.latents())};
  return {with_inputs(model.inputs()), with_inputs(model.latents())};
}

std::vector<CriticSite> wake_sleep_sites(WakeSleepAlgorithm algorithm, WakeSleepMlpImpl& model, const torch::Tensor& x,
                                         at::Generator& generator) {
  const auto z = model.infer(x, generator);
  const auto prior = model.prior_sample(x.size(0), x, generator);
  if (algorithm == WakeSleepAlgorithm::WakeSleep) {
    CriticSite joint;
    joint.wake = torch::cat({x, z}, 1);
    joint.sleep = torch::cat({model.generate(prior, generator), prior}, 1);
    return {joint};
  }
  CriticSite input, latent;
  input.wake = x;
  input.prediction = model.generate(z, generator);
  input.reconstruct = true;
  latent.wake = z;
  if (algorithm == WakeSleepAlgorithm::Combined) {
    input.sleep = model.generate(prior, generator);
    latent.sleep = prior;
  } else {
    latent.prediction = prior;
  }
  return {input, latent};
}

}  // namespace reverie
