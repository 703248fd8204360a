#pragma once
#include <filesystem>
#include <functional>
#include <random>
#include <string>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/config/config.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/data/synthetic_categories.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/registry.h"
#include "reverie/models/mlp.h"
#include "reverie/train/classifier_objective.h"

namespace reverie::testing {

// A fresh, empty folder under the system temp dir, unique per call.
inline std::filesystem::path fresh_dir(const std::string& name) {
  static std::mt19937_64 engine(std::random_device{}());
  auto dir = std::filesystem::temp_directory_path() / ("reverie-test-" + name + "-" + std::to_string(engine()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The message of the InputError that `action` throws; empty when it throws none.
inline std::string thrown_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// The shipped quick config of an experiment with extra --set assignments.
inline Config quick_config(const std::string& experiment, std::vector<std::string> assignments) {
  Config::Sources sources;
  sources.quick = true;
  sources.assignments = std::move(assignments);
  return resolve_experiment_config(find_experiment(experiment), sources);
}

// The synthetic category set of Appendix A.2 with its default sizes.
inline DatasetSplit synthetic_split(uint64_t seed) {
  SyntheticCategoriesOptions o;
  o.seed = seed;
  return make_synthetic_categories(o);
}

// Two networks with one seeded Xavier init: one to train, one to compare against.
inline std::pair<MLP, MLP> twin_networks(uint64_t seed, const MLPOptions& shape = MLPOptions(16, 8, 4)) {
  auto gen = make_generator(seed);
  MLP trained(shape), reference(shape);
  trained->xavier_init(gen);
  reference->copy_parameters_from(*trained);
  return {trained, reference};
}

// `trained` must equal `reference` after one plain SGD step on (x, y), computed by hand.
inline void expect_one_sgd_step(MLP& trained, MLP& reference, const torch::Tensor& x, const torch::Tensor& y,
                                const ClassifierObjective& objective, double learning_rate) {
  objective.error(reference->forward(x), y).backward();
  auto after = trained->parameters(), before = reference->parameters();
  for (size_t i = 0; i < after.size(); ++i)
    EXPECT_TRUE(torch::allclose(after[i], before[i] - learning_rate * before[i].grad(), 1e-6, 1e-7)) << "parameter " << i;
}

}  // namespace reverie::testing
