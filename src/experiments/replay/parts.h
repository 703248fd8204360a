#pragma once
// What the parts of the replay lab (seed 002) share beyond experiments.h.
#include <vector>

#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/experiments/replay/experiments.h"

namespace reverie {

// Each part's keys, declared once (settings.cpp): the teacher's training keys, then the part's.
SettingsKeys<ReplaySettings> replay_teacher_keys();
SettingsKeys<ReplaySettings> replay_hidden_sizes_keys();
SettingsKeys<ReplaySettings> replay_noise_optimum_keys();
SettingsKeys<ReplaySettings> replay_student_keys();

// Replay options (Algorithm 1) from the replay.* settings, with the given noise.
ReplayOptions replay_options(const ReplaySettings& settings, const ItemTable& items, double noise_mean, double noise_sd);

// The U(0, 1) starts of a teacher's fixed-point search (fixed_point.random_starts of them), seeded
// by run and condition.
torch::Tensor fixed_point_starts(const ReplaySettings& settings, int64_t features, int run, const std::string& condition);

// The item table's SVD and correlation as .npy arrays and heatmaps (Fig. 3, 4).
void write_item_structure(const ItemTable& items, const std::filesystem::path& dir, ReportContent& content);

// The coordinates of a latent map, as row metrics ("x", "dx", ...): written by the runs, drawn by the report.
inline constexpr const char* kLatentAxes[] = {"x", "y", "z"};

// Fig. 2 and Fig. 7 / 10 in words: which items are iterative fixed points, which share an
// attractor, how far each lies from its attractor, and the PCA's explained variance.
void add_attractor_claims(const TeacherScenario& scenario, const RowTable& rows, const ItemTable& items, ClaimsTable& claims);

std::string format_fixed(double value, int decimals);
std::string mean_sd(const std::vector<double>& values, int decimals);  // "m +- sd", "n/a" when empty

}  // namespace reverie
