#pragma once
// The three parts of the replay lab (seed 002); see replay_experiments.h.
#include <vector>

#include "reverie/dynamics/replay_sampling.h"
#include "reverie/experiments/replay_experiments.h"

namespace reverie {

int64_t teacher_part_work(const Config& config);
std::vector<TidyRow> run_teacher_part(const Config& config, const ItemTable& items, int run, Progress& progress);
void summarize_teacher_part(const Config& config, const ItemTable& items, const RowIndex& rows,
                            const std::filesystem::path& dir, ReportContent& content, std::vector<ClaimRow>& claims);

int64_t noise_part_work(const Config& config);
std::vector<TidyRow> run_noise_part(const Config& config, const ItemTable& items, int run, Progress& progress);
void summarize_noise_part(const Config& config, const ItemTable& items, const RowIndex& rows,
                          const std::filesystem::path& dir, ReportContent& content, std::vector<ClaimRow>& claims);

int64_t student_part_work(const Config& config);
std::vector<TidyRow> run_student_part(const Config& config, const ItemTable& items, int run, Progress& progress);
void summarize_student_part(const Config& config, const ItemTable& items, const RowIndex& rows,
                            const std::filesystem::path& dir, ReportContent& content, std::vector<ClaimRow>& claims);

// Replay options (Algorithm 1) from the config's replay.* keys, with the given noise.
ReplayOptions replay_options(const Config& config, double noise_mean, double noise_sd);

// The item table's SVD and correlation as .npy arrays and heatmaps (Fig. 3, 4).
void write_item_structure(const ItemTable& items, const std::filesystem::path& dir, ReportContent& content);

std::string format_fixed(double value, int decimals);
std::string mean_sd(const std::vector<double>& values, int decimals);  // "m +- sd", "n/a" when empty

}  // namespace reverie
