#pragma once
#include <torch/types.h>

#include <string>
#include <vector>

#include "reverie/core/tidy_csv.h"
#include "reverie/experiments/rbm/lab.h"

namespace reverie {

// One tidy row per element of `values` (flattened), step = its index.
void append_tensor_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const std::string& metric,
                        const torch::Tensor& values);

// Images a run keeps for its report's grids, as tidy rows: metric "pixel", step = flat index.
void append_image_rows(std::vector<TidyRow>& rows, int run, const std::string& condition, const torch::Tensor& images);

// The first run's images of `condition` as [N x channels x side x side]; undefined when absent.
torch::Tensor stored_image_rows(const RowTable& table, const std::string& condition, int64_t channels, int64_t side);

}  // namespace reverie
