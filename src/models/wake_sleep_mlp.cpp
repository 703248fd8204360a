#include "reverie/models/wake_sleep_mlp.h"

#include <torch/torch.h>

#include "reverie/core/random.h"

namespace reverie {

RecurrentGaussianMapImpl::RecurrentGaussianMapImpl(const RecurrentGaussianMapOptions& o) : options(o) {
  feedforward = register_module(
      "feedforward", GaussianMlp(GaussianMlpOptions(o.inputs(), o.hidden(), o.outputs()).min_std(o.min_std())));
  if (o.recurrence_steps() > 0)
    recurrence = register_module(
        "recurrence", GaussianMlp(GaussianMlpOptions(o.outputs(), o.hidden(), o.outputs()).min_std(o.min_std())));
}

torch::Tensor RecurrentGaussianMapImpl::forward(const torch::Tensor& input, at::Generator& generator) {
  const auto first = feedforward->sample(input, generator);
  auto state = first;
  for (int64_t step = 0; step < options.recurrence_steps(); ++step) state = 0.5 * (first + recurrence->sample(state, generator));
  return state;
}

WakeSleepMlpImpl::WakeSleepMlpImpl(const WakeSleepMlpOptions& o) : options(o) {
  inference = register_module("inference", RecurrentGaussianMap(RecurrentGaussianMapOptions(o.inputs(), o.hidden(), o.latents())
                                                                    .recurrence_steps(o.recurrence_steps())
                                                                    .min_std(o.min_std())));
  generation = register_module("generation", RecurrentGaussianMap(RecurrentGaussianMapOptions(o.latents(), o.hidden(), o.inputs())
                                                                      .recurrence_steps(o.recurrence_steps())
                                                                      .min_std(o.min_std())));
}

torch::Tensor WakeSleepMlpImpl::prior_sample(int64_t rows, const torch::Tensor& like, at::Generator& generator) {
  return standard_normal_like(torch::empty({rows, options.latents()}, like.options()), generator);
}

}  // namespace reverie
