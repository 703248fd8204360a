#include "reverie/train/adversarial_objective.h"

#include <torch/torch.h>

#include <stdexcept>

#include "reverie/train/gradient_penalty.h"

namespace reverie {

namespace {

// The weights of the wake/sleep and the oscillation terms at a site (a lone term gets 1).
std::pair<double, double> term_weights(const CriticSite& site, double gamma) {
  const bool sleep = site.sleep.defined(), prediction = site.prediction.defined();
  if (!sleep && !prediction) throw std::invalid_argument("critic site has neither a sleep nor a prediction phase");
  if (sleep && prediction) return {gamma, 1.0 - gamma};
  return {sleep ? 1.0 : 0.0, prediction ? 1.0 : 0.0};
}

CriticSite detached(const CriticSite& site) {
  CriticSite d = site;
  d.wake = site.wake.detach();
  if (site.sleep.defined()) d.sleep = site.sleep.detach();
  if (site.prediction.defined()) d.prediction = site.prediction.detach();
  return d;
}

void check_sizes(const std::vector<std::shared_ptr<LayerCritic>>& critics, const std::vector<CriticSite>& sites) {
  if (critics.size() != sites.size()) throw std::invalid_argument("one critic per site expected");
}

}  // namespace

namespace {

// V from the critic's scores of each phase (a phase without a term may be undefined).
torch::Tensor value_of_scores(const CriticSite& site, double gamma, const torch::Tensor& wake, const torch::Tensor& sleep,
                              const torch::Tensor& prediction) {
  const auto [sleep_weight, prediction_weight] = term_weights(site, gamma);
  auto value = -wake.mean();
  if (sleep_weight > 0) value = value + sleep_weight * sleep.mean();
  if (prediction_weight > 0) value = value + prediction_weight * prediction.mean();
  // The wake score enters with weight 1 = sleep_weight + prediction_weight: V mixes two differences.
  return site.weight == 1.0 ? value : site.weight * value;
}

torch::Tensor hidden_distance(const CriticOutput& a, const CriticOutput& b) {
  auto distance = torch::zeros({}, a.score.options());
  for (size_t l = 0; l < a.hidden.size(); ++l) distance = distance + (a.hidden[l] - b.hidden[l]).pow(2).mean();
  return distance;
}

}  // namespace

torch::Tensor critic_value(LayerCritic& critic, const CriticSite& site, double gamma) {
  const auto [sleep_weight, prediction_weight] = term_weights(site, gamma);
  return value_of_scores(site, gamma, critic.score(site.wake), sleep_weight > 0 ? critic.score(site.sleep) : torch::Tensor(),
                         prediction_weight > 0 ? critic.score(site.prediction) : torch::Tensor());
}

CriticLoss critic_loss(const std::vector<std::shared_ptr<LayerCritic>>& critics, const std::vector<CriticSite>& sites,
                       const AdversarialWeights& weights, at::Generator& generator) {
  check_sizes(critics, sites);
  CriticLoss out;
  torch::Tensor loss;
  for (size_t i = 0; i < sites.size(); ++i) {
    const auto site = detached(sites[i]);
    auto& critic = *critics[i];
    const auto [sleep_weight, prediction_weight] = term_weights(site, weights.gamma);
    const CriticFunction d = [&critic](const torch::Tensor& x) { return critic.score(x); };
    const auto value = critic_value(critic, site, weights.gamma);
    out.value += value.item<double>();
    auto term = -value;
    if (weights.penalty > 0) {
      auto penalty = torch::zeros({}, value.options());
      if (sleep_weight > 0) penalty = penalty + sleep_weight * gradient_penalty(d, site.wake, site.sleep, generator);
      if (prediction_weight > 0) penalty = penalty + prediction_weight * gradient_penalty(d, site.wake, site.prediction, generator);
      penalty = (weights.penalty * site.weight) * penalty;
      out.penalty += penalty.item<double>();
      term = term + penalty;
    }
    loss = loss.defined() ? loss + term : term;
  }
  out.total = loss;
  return out;
}

torch::Tensor feature_distance(LayerCritic& critic, const torch::Tensor& a, const torch::Tensor& b) {
  return hidden_distance(critic.evaluate(a), critic.evaluate(b));
}

NetworkLoss network_loss(const std::vector<std::shared_ptr<LayerCritic>>& critics, const std::vector<CriticSite>& sites,
                         const AdversarialWeights& weights) {
  check_sizes(critics, sites);
  NetworkLoss out;
  auto total = torch::zeros({}, sites.front().wake.options());
  for (size_t i = 0; i < sites.size(); ++i) {
    const auto& site = sites[i];
    auto& critic = *critics[i];
    if (site.reconstruct && site.prediction.defined() && weights.reconstruction > 0) {
      // One critic pass per phase serves both V and the feature distance.
      const auto wake = critic.evaluate(site.wake), prediction = critic.evaluate(site.prediction);
      const bool sleep = term_weights(site, weights.gamma).first > 0;
      const auto value = value_of_scores(site, weights.gamma, wake.score, sleep ? critic.score(site.sleep) : torch::Tensor(),
                                         prediction.score);
      const auto distance = hidden_distance(wake, prediction);
      out.adversarial += value.item<double>();
      out.reconstruction += distance.item<double>();
      total = total + value + (weights.reconstruction * site.weight) * distance;
    } else {
      const auto value = critic_value(critic, site, weights.gamma);
      out.adversarial += value.item<double>();
      total = total + value;
    }
  }
  out.total = total;
  return out;
}

}  // namespace reverie
