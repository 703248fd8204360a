#pragma once
#include <torch/types.h>

#include "reverie/dynamics/generative_map.h"

namespace reverie {

// Principal components of rows of `data` [n x h]: the first `count` directions.
struct PrincipalComponents {
  torch::Tensor mean;                 // [h]
  torch::Tensor components;           // [count x h], orthonormal rows
  torch::Tensor explained_variance;   // [count], fraction of the total variance
  torch::Tensor project(const torch::Tensor& x) const;      // [n x h] -> [n x count]
  torch::Tensor reconstruct(const torch::Tensor& z) const;  // [n x count] -> [n x h]
};
PrincipalComponents principal_components(const torch::Tensor& data, int64_t count);

// Seed 002 Fig. 7 and 10: a regular grid in the hidden space (its own axes when it has at most
// 3 units, else the first 3 principal components of the items' encodings), each point decoded
// and coloured by the nearest item of the prediction; arrows from `arrow_steps` iterations of the
// decoded point, as the change of its (projected) hidden state; the items' encodings as stars.
struct LatentMapOptions {
  int64_t points_per_axis = 100;
  int64_t arrow_steps = 25;
  double margin = 0.25;  // the grid spans the items' encodings plus this fraction of their range on each side
};

struct LatentMap {
  torch::Tensor grid;              // [g x k] map coordinates
  torch::Tensor classes;           // [g] nearest item of the decoded point
  torch::Tensor arrows;            // [g x k] end - start after arrow_steps iterations
  torch::Tensor item_positions;    // [items x k] encodings of the items
  torch::Tensor explained_variance;  // [k] when mapped by PCA, else undefined
};

LatentMap latent_map(const StepMap& encode, const StepMap& decode, const StepMap& step, const torch::Tensor& items,
                     const LatentMapOptions& options);

// All points of a regular grid over the box [low_i, high_i] with `points_per_axis` per axis: [points^k x k].
torch::Tensor regular_grid(const torch::Tensor& low, const torch::Tensor& high, int64_t points_per_axis);

}  // namespace reverie
