#include "reverie/dynamics/label_biasing.h"

#include <torch/torch.h>

#include <stdexcept>

namespace reverie {

torch::Tensor label_biasing_map(const torch::Tensor& hidden_probabilities, const torch::Tensor& labels, int64_t classes) {
  if (hidden_probabilities.dim() != 2 || labels.dim() != 1 || labels.size(0) != hidden_probabilities.size(0))
    throw std::invalid_argument("label_biasing_map needs [N x hidden] probabilities and N labels");
  const auto one_hot = torch::one_hot(labels, classes).to(torch::kFloat64).t();  // classes x N
  const auto p = hidden_probabilities.to(torch::kFloat64).t();                  // hidden x N
  return torch::mm(p, torch::linalg_pinv(one_hot)).to(hidden_probabilities.scalar_type());
}

torch::Tensor label_biasing_vectors(const torch::Tensor& inverse_map, const torch::Tensor& label_codes) {
  return torch::mm(label_codes.to(inverse_map.dtype()), inverse_map.t());
}

torch::Tensor top_k_binary(const torch::Tensor& vectors, int64_t k) {
  const auto rows = vectors.dim() == 1 ? vectors.unsqueeze(0) : vectors;
  const auto top = std::get<1>(rows.topk(k, 1));
  auto binary = torch::zeros_like(rows).scatter_(1, top, 1.0);
  return vectors.dim() == 1 ? binary.squeeze(0) : binary;
}

torch::Tensor intersection_chimera(const torch::Tensor& first, const torch::Tensor& second, int64_t k) {
  return top_k_binary(first, k) * top_k_binary(second, k);
}

std::vector<std::pair<int64_t, int64_t>> class_pairs(int64_t classes) {
  std::vector<std::pair<int64_t, int64_t>> pairs;
  for (int64_t a = 0; a < classes; ++a)
    for (int64_t b = a + 1; b < classes; ++b) pairs.emplace_back(a, b);
  return pairs;
}

}  // namespace reverie
