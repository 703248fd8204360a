#pragma once
#include <torch/types.h>

namespace reverie {

// Singular value decomposition of an item x attribute table in the terms of Saxe et al. (2019),
// used by seed 002 (Fig. 4): the attribute x item matrix X^T = U diag(S) V^T.
struct ItemModes {
  torch::Tensor feature_synthesizer;  // U: [attributes x modes], columns are modes
  torch::Tensor singular_values;      // S: [modes], descending
  torch::Tensor object_analyzer;      // V^T: [modes x items], rows are modes
};

// Thin SVD (modes = min(items, attributes)), float64.
ItemModes item_modes(const torch::Tensor& items);

// Pearson correlation between items (rows) across attributes: [items x items], float64 (Fig. 3b).
torch::Tensor item_correlation(const torch::Tensor& items);

// A matrix min-max scaled to [0, 1] (section 5.3's S); a constant matrix becomes all zeros.
torch::Tensor min_max_scaled(const torch::Tensor& matrix);

// The thesis's code's S (notebooks/runs.ipynb): 1 - the items' correlation distances (1 - Pearson r)
// with each row scaled to unit Euclidean length (scikit-learn's Normalizer). [items x items], float64.
torch::Tensor normalized_correlation_similarity(const torch::Tensor& items);

}  // namespace reverie
