#pragma once
// `reverie sweep`: the command-line binding of the sweep module (src/sweep/).
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "experiment_options.h"

struct SweepOptions {
  ExperimentOptions experiment;
  std::vector<std::string> grid, slurm_options;
  std::string out_dir, executor = "local", metric, dir;
  std::vector<std::string> tasks;
  int tasks_per_job = 1;
  bool wait = false;
  CLI::App *status = nullptr, *report = nullptr, *task = nullptr;
};

void add_sweep_options(CLI::App* sweep, SweepOptions& options);
// Exit status: 0 when the sweep (or the command on it) is done, 1 when tasks failed or runs are missing.
int run_sweep_command(const CLI::App& sweep, const SweepOptions& options);
