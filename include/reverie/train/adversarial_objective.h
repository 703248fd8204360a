#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <memory>
#include <vector>

#include "reverie/models/critic.h"

namespace reverie {

// Seed 003 sec. 3: Wasserstein critics that tell stimulus-driven activity from self-generated
// activity, and the networks that learn to make them indistinguishable.
//
// A critic watches one "site": a layer (Algorithm 2's local critics) or the whole network state
// (Algorithm 1's global critic). For each site the networks supply the bottom-up (wake)
// activity and up to two self-generated counterparts:
//   sleep      - activity generated top-down from the prior (wake/sleep, sec. 3.1, Eq. 4);
//   prediction - the top-down prediction from the layer above's bottom-up state, the other
//                phase of a fast oscillation (sec. 3.2, Eq. 7).
// With both present they are combined as in Eq. 8: gamma * wake/sleep + (1 - gamma) * oscillation.
struct CriticSite {
  torch::Tensor wake;
  torch::Tensor sleep;       // undefined: no wake/sleep term at this site
  torch::Tensor prediction;  // undefined: no oscillation term at this site
  bool reconstruct = false;  // add the critic-feature distance between wake and prediction (VAE-GAN)
  double weight = 1.0;       // scales this site's V, gradient penalty and reconstruction (e.g. Eq. 8's
                             // gamma when the wake/sleep and oscillation terms live at different sites)
};

struct AdversarialWeights {
  double gamma = 1.0;                  // weight of the wake/sleep term where a site has both terms
  double penalty = 10.0;               // gradient-penalty weight (Gulrajani et al. 2017)
  double reconstruction = 1.0;         // weight of the critic-feature reconstruction distance
};

// The critic's value V = mean D(self-generated) - mean D(wake) at one site (Eq. 4 / 7 / 8 mixed).
torch::Tensor critic_value(LayerCritic& critic, const CriticSite& site, double gamma);

struct CriticLoss {
  torch::Tensor total;   // what the critics minimize
  double value = 0;      // sum over sites of V (what they maximize)
  double penalty = 0;    // the weighted gradient penalties in `total`
};

// What the critics minimize: -V at every site plus penalty * gradient penalty (between wake and
// each self-generated phase, weighted like its term). States are detached: only critics learn.
CriticLoss critic_loss(const std::vector<std::shared_ptr<LayerCritic>>& critics, const std::vector<CriticSite>& sites,
                          const AdversarialWeights& weights, at::Generator& generator);

// Mean squared distance between the critic's hidden activations of `a` and of `b`, summed over its
// hidden layers (Larsen et al. 2016's learned similarity metric).
torch::Tensor feature_distance(LayerCritic& critic, const torch::Tensor& a, const torch::Tensor& b);

struct NetworkLoss {
  torch::Tensor total;           // what the inference and generation networks minimize
  double adversarial = 0;        // sum over sites of V
  double reconstruction = 0;     // sum over reconstructing sites of the feature distance
};

// What the networks minimize: V at every site (they oppose the critics) plus the weighted
// feature reconstruction where a site asks for it. Gradients reach the networks through the
// sites' tensors; the critics' own gradients from this loss are the caller's to discard.
NetworkLoss network_loss(const std::vector<std::shared_ptr<LayerCritic>>& critics, const std::vector<CriticSite>& sites,
                         const AdversarialWeights& weights);

}  // namespace reverie
