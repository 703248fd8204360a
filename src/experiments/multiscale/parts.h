#pragma once
// What the multi-scale experiment's run and report share beyond experiment.h.
#include <string>
#include <vector>

#include "reverie/experiments/multiscale/experiment.h"

namespace reverie {

constexpr const char* kMultiscaleError = "test_error";

// Every key of the multi-scale experiments, declared once (settings.cpp).
SettingsKeys<MultiscaleSettings> multiscale_keys();

std::string multiscale_model_label(const std::string& model);  // "multi-scale leaky + reset"
// Feature group (row) names by their timescale: "every1", "every3", "every5".
std::vector<std::string> group_names(const MultiscaleSettings& settings);
std::string r2_metric(int64_t unit, const std::string& group);  // "r2/unit0/every1"
// Hidden unit j by its memory (A.15's legend): "no-memory unit", "short-memory unit",
// "long-memory unit" for the papers' three alphas (0 < a < b); else "unit j (alpha a)".
// In the uniform models the unit in the same position is meant (seed 000 Fig. 2 caption).
std::vector<std::string> unit_names(const MultiscaleSettings& settings);

}  // namespace reverie
