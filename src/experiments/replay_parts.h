#pragma once
// What the three parts of the replay lab (seed 002) share beyond replay_experiments.h.
#include <vector>

#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/experiments/replay_experiments.h"

namespace reverie {

// Replay options (Algorithm 1) from the replay.* settings, with the given noise.
ReplayOptions replay_options(const ReplaySettings& settings, const ItemTable& items, double noise_mean, double noise_sd);

// The U(0, 1) starts of a teacher's fixed-point search (fixed_point.random_starts of them), seeded
// by run and condition.
torch::Tensor fixed_point_starts(const ReplaySettings& settings, int64_t features, int run, const std::string& condition);

// The item table's SVD and correlation as .npy arrays and heatmaps (Fig. 3, 4).
void write_item_structure(const ItemTable& items, const std::filesystem::path& dir, ReportContent& content);

std::string format_fixed(double value, int decimals);
std::string mean_sd(const std::vector<double>& values, int decimals);  // "m +- sd", "n/a" when empty

}  // namespace reverie
