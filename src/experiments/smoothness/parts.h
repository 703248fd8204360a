#pragma once
// What the smoothness experiment's files share beyond experiment.h: its metric names,
// its model kinds, and the datasets prepare() loads for the runs.
#include <filesystem>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reverie/data/dataset.h"
#include "reverie/experiments/smoothness/experiment.h"

namespace reverie {

constexpr const char* kError = "test_error";
constexpr const char* kAccuracy = "test_accuracy";
// A.10: the same models tested also on a stream of their training smoothness (also_test_in_domain).
constexpr const char* kInDomainError = "in_domain_test_error";
constexpr const char* kInDomainAccuracy = "in_domain_test_accuracy";

std::string display_name(const std::string& dataset);  // "MNIST", "Fashion-MNIST", "synthetic"

// A model of the `models` key, parsed from its name once.
struct SmoothnessModel {
  enum class Kind { Memoryless, Leaky, LeakyReset, LeakyEvery, Minibatch, Lstm };
  Kind kind = Kind::Memoryless;
  int64_t reset_every = 0;  // LeakyEvery: leaky memory reset every N items (A.7)

  static std::optional<SmoothnessModel> parse(const std::string& name);  // nullopt: not a model
  static SmoothnessModel of(const std::string& name);                    // a validated name
  bool leaky() const { return kind == Kind::Leaky || kind == Kind::LeakyReset || kind == Kind::LeakyEvery; }
  std::string label() const;  // "leaky memory + reset"
};

struct PreparedDataset {
  std::string name;
  Dataset train, test;
  std::vector<int64_t> train_labels, test_labels;
  std::vector<int64_t> train_parts, test_parts;  // A.7: template piece of each item (empty: one piece)
  int64_t parts = 1;
  int64_t hidden = 0;
  int64_t eval_every = 1;
};

// Every key of the smoothness experiments, declared once (settings.cpp).
SettingsKeys<SmoothnessSettings> smoothness_keys();

// The runs over the loaded datasets (run.cpp).
std::unique_ptr<PreparedExperiment> make_prepared_smoothness(const SmoothnessSettings& settings, const Config& config,
                                                             std::vector<PreparedDataset> datasets,
                                                             const ExperimentEnvironment& env);

// Values of one model, keyed by ordering ("rep1"), from values keyed "model/ordering".
std::map<std::string, std::vector<double>> values_of_model(const std::map<std::string, std::vector<double>>& values,
                                                           const std::string& model);

// End of epoch for one model (end_of_epoch.cpp): per-condition rows of `table`, the runs x
// conditions array, A.1's bar chart of Error(random) - Error(condition), the pairwise win rates.
void end_of_epoch_statistics(const SmoothnessSettings& s, const std::map<std::string, std::vector<double>>& dataset_error,
                             const std::map<std::string, std::vector<double>>& dataset_accuracy, const std::string& dataset,
                             const std::string& model, const std::string& caption_prefix, const std::filesystem::path& dir,
                             std::ostream& table, ReportContent& content);

// Mean end-of-epoch error of every model x ordering: the three panels of Fig. 2 side by side.
void model_comparison_heatmap(const SmoothnessSettings& s, const std::map<std::string, std::vector<double>>& final_error,
                              const std::string& dataset, const std::string& caption_prefix, const std::filesystem::path& dir,
                              ReportContent& content);

}  // namespace reverie
