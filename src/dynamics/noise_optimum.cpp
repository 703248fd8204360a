#include "reverie/dynamics/noise_optimum.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/dynamics/state_statistics.h"

namespace reverie {

const Choices<TransitionsFrom>& transitions_from_choices() {
  static const Choices<TransitionsFrom> choices{{"consecutive", TransitionsFrom::consecutive}, {"start", TransitionsFrom::start}};
  return choices;
}

const Choices<NearestBy>& nearest_by_choices() {
  static const Choices<NearestBy> choices{{"euclidean", NearestBy::euclidean}, {"cosine", NearestBy::cosine}};
  return choices;
}

double transition_mismatch(const torch::Tensor& transitions, const torch::Tensor& target) {
  const auto d = transitions.to(torch::kFloat64) - target.to(torch::kFloat64);
  return (d * d).sum().item<double>();
}

torch::Tensor replay_transition_matrix(const StepMap& step, const torch::Tensor& items, const ReplayOptions& options,
                                       at::Generator& generator, const TransitionCounting& counting) {
  ReplayOptions o = options;
  o.keep_trajectory = true;
  const auto samples = sample_replay(step, items.size(1), o, generator);
  const auto classes = counting.nearest_by == NearestBy::cosine ? nearest_item_by_angle(samples.trajectory, items, generator)
                                                                 : nearest_item(samples.trajectory, items);  // [chains x steps]
  const int64_t k = items.size(0);
  if (counting.from == TransitionsFrom::consecutive) return row_normalized(transition_counts(classes, k));
  if (o.start != ReplayStart::items) throw InputError("A from each chain's start item needs chains that start from the items");
  // Chain i starts from item i mod k (sample_replay).
  const auto starts = torch::arange(classes.size(0), torch::kInt64).remainder(k).unsqueeze(1).expand_as(classes);
  return row_normalized(torch::bincount((starts * k + classes.cpu()).reshape(-1), {}, k * k).view({k, k}));
}

NoiseGridResult search_noise_optimum(const StepMap& step, const torch::Tensor& items, const torch::Tensor& target,
                                     const std::vector<double>& means, const std::vector<double>& sds,
                                     const ReplayOptions& base, at::Generator& generator,
                                     const TransitionCounting& counting, const std::function<void()>& on_point) {
  NoiseGridResult r{means, sds, torch::zeros({static_cast<int64_t>(means.size()), static_cast<int64_t>(sds.size())}, torch::kFloat64), 0, 0, {}};
  double best = std::numeric_limits<double>::infinity();
  for (size_t m = 0; m < means.size(); ++m)
    for (size_t s = 0; s < sds.size(); ++s) {
      ReplayOptions o = base;
      o.noise_mean = means[m];
      o.noise_sd = sds[s];
      const auto a = replay_transition_matrix(step, items, o, generator, counting);
      const double value = transition_mismatch(a, target);
      r.objective[m][s] = value;
      if (value < best) {
        best = value;
        r.best_mean = static_cast<int64_t>(m);
        r.best_sd = static_cast<int64_t>(s);
        r.best_transitions = a;
      }
      if (on_point) on_point();
    }
  return r;
}

std::vector<double> linear_grid(double low, double high, int64_t points) {
  std::vector<double> v;
  for (int64_t i = 0; i < points; ++i) v.push_back(points == 1 ? low : low + (high - low) * i / static_cast<double>(points - 1));
  return v;
}

}  // namespace reverie
