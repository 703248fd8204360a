#pragma once
#include <ATen/core/Generator.h>
#include <torch/types.h>

#include <functional>

namespace reverie {

using CriticFunction = std::function<torch::Tensor(const torch::Tensor&)>;  // states -> one score per row

// The Wasserstein critic's Lipschitz penalty (Gulrajani et al. 2017), unweighted:
// mean over rows of (||grad_x D(x_hat)||_2 - 1)^2 at x_hat = e * wake + (1 - e) * sleep,
// e ~ U(0, 1) per row (drawn from `generator`). Differentiable in the critic's parameters.
// Any shape with rows first: the norm is over everything but the first dimension.
torch::Tensor gradient_penalty(const CriticFunction& critic, const torch::Tensor& wake, const torch::Tensor& sleep,
                               at::Generator& generator);

// The same at given points x_hat (what the random interpolation is tested through).
torch::Tensor gradient_penalty_at(const CriticFunction& critic, const torch::Tensor& points);

}  // namespace reverie
