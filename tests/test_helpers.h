#pragma once
#include <filesystem>
#include <random>
#include <string>

#include "reverie/config/config.h"
#include "reverie/experiments/experiment.h"

namespace reverie::testing {

// A fresh, empty folder under the system temp dir, unique per call.
inline std::filesystem::path fresh_dir(const std::string& name) {
  static std::mt19937_64 engine(std::random_device{}());
  auto dir = std::filesystem::temp_directory_path() / ("reverie-test-" + name + "-" + std::to_string(engine()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The shipped quick config of an experiment with extra --set assignments.
inline Config quick_config(const std::string& experiment, std::vector<std::string> assignments) {
  Config::Sources sources;
  sources.quick = true;
  sources.assignments = std::move(assignments);
  return resolve_experiment_config(find_experiment(experiment), sources);
}

}  // namespace reverie::testing
