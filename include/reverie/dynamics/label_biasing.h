#pragma once
#include <torch/types.h>

#include <utility>
#include <vector>

namespace reverie {

// Label biasing (Zorzi, Testolin & Stoianov 2013; seed 004 sec. 2.2 and Fig. 3).
// With P the hidden probabilities (hidden x N) and L the one-hot labels (classes x N), the
// inverse of the linear read-out L = A P is W_inv = P pinv(L): [hidden x classes].
// `hidden_probabilities` is [N x hidden] (rows = items), `labels` int64 [N].
torch::Tensor label_biasing_map(const torch::Tensor& hidden_probabilities, const torch::Tensor& labels, int64_t classes);

// Hidden vectors W_inv e for label codes e ([codes x classes], one-hot or two-hot): [codes x hidden].
torch::Tensor label_biasing_vectors(const torch::Tensor& inverse_map, const torch::Tensor& label_codes);

// 1 at the `k` largest entries of each row, 0 elsewhere (double label biasing, binarized).
torch::Tensor top_k_binary(const torch::Tensor& vectors, int64_t k);

// Intersection chimera: 1 at the units in both rows' top-k sets, 0 elsewhere. [hidden]
torch::Tensor intersection_chimera(const torch::Tensor& first, const torch::Tensor& second, int64_t k);

// The 45 (for 10 classes) unordered pairs a < b, in order (0,1), (0,2), ..., (8,9).
std::vector<std::pair<int64_t, int64_t>> class_pairs(int64_t classes);

}  // namespace reverie
