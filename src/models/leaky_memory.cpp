#include "reverie/models/leaky_memory.h"

#include <torch/torch.h>

#include <cstdint>

#include "reverie/core/error.h"

namespace reverie {

const Choices<LeakGradient>& leak_gradient_choices() {
  static const Choices<LeakGradient> choices{
      {"unscaled", LeakGradient::Unscaled}, {"scaled", LeakGradient::Scaled}, {"through-memory", LeakGradient::ThroughMemory}};
  return choices;
}

LeakyMemory LeakyMemory::from_values(const std::vector<double>& alpha, int64_t hidden, LeakGradient gradient,
                                     int64_t gradient_window) {
  LeakyMemory m;
  m.gradient = gradient;
  if (gradient_window < 1) throw InputError("leak gradient window must be >= 1, got " + std::to_string(gradient_window));
  m.gradient_window = gradient_window;
  if (alpha.empty()) return m;
  if (alpha.size() != 1 && static_cast<int64_t>(alpha.size()) != hidden)
    throw InputError("leaky memory: expected 1 or " + std::to_string(hidden) + " alpha values, got " + std::to_string(alpha.size()));
  for (double a : alpha)
    if (a < 0 || a >= 1) throw InputError("leaky memory: alpha must be in [0, 1), got " + std::to_string(a));
  m.alpha.assign(alpha.size() == 1 ? hidden : alpha.size(), 0.0f);
  for (int64_t j = 0; j < hidden; ++j) m.alpha[j] = static_cast<float>(alpha.size() == 1 ? alpha[0] : alpha[j]);
  return m;
}

torch::Tensor leaky_scan(const torch::Tensor& responses, const LeakyMemory& memory, const torch::Tensor& keep) {
  if (!memory.enabled()) return responses;
  torch::NoGradGuard no_grad;
  const auto alpha = torch::tensor(memory.alpha, torch::kFloat32).to(responses.device());
  // Per-item retention a_t = alpha * keep_t: H_t = a_t H_{t-1} + (1 - alpha) R_t, except that a
  // reset item is its own response (eq. 1 with alpha = 0).
  const auto retain = (alpha * keep.to(responses.device())).to(torch::kCPU).contiguous();
  const auto own = torch::where(keep.to(responses.device()) > 0, 1 - alpha, torch::ones_like(alpha)).to(torch::kCPU);
  auto response = responses.to(torch::kCPU).contiguous();
  auto hidden = (own * response).contiguous();
  const int64_t items = hidden.size(0), units = hidden.size(1);
  if (items > 0) hidden[0] = response[0];  // the memory starts empty
  float* h = hidden.data_ptr<float>();
  const float* a = retain.data_ptr<float>();
  for (int64_t t = 1; t < items; ++t)
    for (int64_t j = 0; j < units; ++j) h[t * units + j] += a[t * units + j] * h[(t - 1) * units + j];
  return hidden.to(responses.device());
}

LeakyState::LeakyState(const LeakyMemory& memory)
    : memory_(memory), alpha_(torch::tensor(memory.alpha, torch::kFloat32)) {}

torch::Tensor LeakyState::step(const torch::Tensor& response, const torch::Tensor& keep) {
  if (!memory_.enabled()) return response;
  if (alpha_.device() != response.device()) alpha_ = alpha_.to(response.device());
  torch::Tensor hidden = response;
  if (previous_.defined()) {
    const auto alpha = keep.defined() ? alpha_ * keep.to(response.device()) : alpha_;
    switch (memory_.gradient) {
      case LeakGradient::Unscaled: {
        const auto leaky = alpha * previous_.detach() + (1 - alpha) * response;
        hidden = leaky.detach() + (response - response.detach());  // the value of H, the gradient of a ReLU
        break;
      }
      case LeakGradient::Scaled: hidden = alpha * previous_.detach() + (1 - alpha) * response; break;
      case LeakGradient::ThroughMemory: hidden = alpha * previous_ + (1 - alpha) * response; break;
    }
  }
  // Truncation: every gradient_window items the memory is cut from the graph (its value stays).
  const bool cut = memory_.gradient != LeakGradient::ThroughMemory || ++steps_since_cut_ >= memory_.gradient_window;
  if (cut) steps_since_cut_ = 0;
  previous_ = cut ? hidden.detach() : hidden;
  return hidden;
}

}  // namespace reverie
