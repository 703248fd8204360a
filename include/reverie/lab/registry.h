#pragma once
#include <memory>
#include <string>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/lab/experiment.h"

namespace reverie {

// Every experiment, one per shipped config: the catalogue (src/experiments/catalogue.cpp) lists
// them, so the lab finds an experiment by name without depending on any family.
const std::vector<std::unique_ptr<Experiment>>& all_experiments();
const Experiment& find_experiment(const std::string& name);  // InputError listing the names

// The experiment's TOML as shipped in experiments/NAME.toml (compiled in).
const std::string& experiment_config_text(const std::string& name);

// Resolves NAME's config: shipped TOML, its [quick] table, a user file, --set pairs, --runs.
Config resolve_experiment_config(const Experiment& experiment, Config::Sources sources);

}  // namespace reverie
