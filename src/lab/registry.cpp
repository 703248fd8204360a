#include "reverie/lab/registry.h"

#include <map>
#include <stdexcept>

#include "reverie/core/error.h"

namespace reverie {

const std::map<std::string, std::string>& embedded_configs();  // generated from experiments/*.toml

const Experiment& find_experiment(const std::string& name) {
  std::string known;
  for (const auto& e : all_experiments()) {
    if (e->name() == name) return *e;
    known += (known.empty() ? "" : ", ") + e->name();
  }
  throw InputError("unknown experiment '" + name + "' (known: " + known + "; see `reverie list`)");
}

const std::string& experiment_config_text(const std::string& name) {
  const auto& configs = embedded_configs();
  auto it = configs.find(name);
  if (it == configs.end()) throw std::logic_error("experiments/" + name + ".toml was not compiled in");
  return it->second;
}

Config resolve_experiment_config(const Experiment& experiment, Config::Sources sources) {
  sources.base_toml = experiment_config_text(experiment.name());
  sources.base_name = "experiments/" + experiment.name() + ".toml";
  Config config = Config::resolve(experiment.schema(), sources);
  experiment.validate(config);
  return config;
}

}  // namespace reverie
