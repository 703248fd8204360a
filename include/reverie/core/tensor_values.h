#pragma once
// A tensor's values as the report files hold them: float64, in C order, on the CPU.
#include <torch/types.h>

#include <vector>

#include "reverie/core/npy.h"

namespace reverie {

std::vector<double> tensor_values(const torch::Tensor& t);

// `t` as an .npy array of its shape, one named axis per dimension.
NpyArray tensor_npy(const torch::Tensor& t, std::vector<NpyAxis> axes);

}  // namespace reverie
