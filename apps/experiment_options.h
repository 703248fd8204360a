#pragma once
// The options `reverie run` and `reverie sweep` share, declared once.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

struct ExperimentOptions {
  std::string name, config_file, data_dir, device = "cpu";
  std::vector<std::string> assignments;
  int runs = 0;
  int threads = 1;
  bool quick = false;
};

// Adds NAME, --config, --set, --runs, --threads, --quick, --device, --data-dir; returns NAME's option.
CLI::Option* add_experiment_options(CLI::App* command, ExperimentOptions& options);

// CLI11's range message is long and generic; a user reads "--runs: expected a positive integer, got 0".
CLI::Validator positive_integer();
