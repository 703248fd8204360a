#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "reverie/lab/experiment.h"
#include "reverie/lab/settings_keys.h"

namespace reverie {

// An experiment whose keys are declared once, in a SettingsKeys<Settings>: the declaration fills
// the schema, and validate, prepare and summarize receive the config already read into Settings
// (the Config itself too, for what is keyed by the whole config: run checkpoints).
template <class Settings>
class ExperimentWithSettings : public NamedExperiment {
 public:
  ExperimentWithSettings(std::string name, std::string description, SettingsKeys<Settings> keys)
      : NamedExperiment(std::move(name), std::move(description)), keys_(std::move(keys)) {
    keys_.add_to(schema_);
  }

  Settings settings(const Config& config) const { return keys_.read(config); }

  void validate(const Config& config) const final { validate_settings(settings(config)); }
  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const final {
    return prepare_runs(settings(config), config, env);
  }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows, const std::filesystem::path& dir) const final {
    return summarize_runs(settings(config), rows, dir);
  }

 protected:
  // Cross-key checks beyond the schema's (throws InputError naming the key).
  virtual void validate_settings(const Settings& settings) const { (void)settings; }
  // The runs' shared, read-only state (data loaded onto env.device).
  virtual std::unique_ptr<PreparedExperiment> prepare_runs(const Settings& settings, const Config& config,
                                                           const ExperimentEnvironment& env) const = 0;
  // Statistics, arrays and figures from all runs' rows, written into `dir`.
  virtual ReportContent summarize_runs(const Settings& settings, const std::vector<TidyRow>& rows,
                                       const std::filesystem::path& dir) const = 0;

 private:
  SettingsKeys<Settings> keys_;
};

// The settings `experiment` reads from `config` (tests, tools); std::bad_cast for an experiment of
// another settings type.
template <class Settings>
Settings settings_of(const Experiment& experiment, const Config& config) {
  return dynamic_cast<const ExperimentWithSettings<Settings>&>(experiment).settings(config);
}

}  // namespace reverie
