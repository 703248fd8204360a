#include "reverie/lab/registry.h"
#include "reverie/sweep/sweep_spec.h"

#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "reverie/core/atomic_file.h"
#include "reverie/core/device.h"
#include "reverie/core/error.h"
#include "reverie/core/shell_quote.h"
#include "reverie/lab/recorded_metrics.h"

namespace reverie {

namespace fs = std::filesystem;

Config SweepSpec::point_config(const SweepPoint& point) const {
  Config::Sources sources;
  sources.quick = quick;
  if (!config_file.empty()) sources.user_file = config_file;
  sources.assignments = assignments;
  for (const auto& a : point.assignments()) sources.assignments.push_back(a);
  if (runs > 0) sources.assignments.push_back("runs=" + std::to_string(runs));
  try {
    return resolve_experiment_config(find(), sources);
  } catch (const InputError& e) {
    throw InputError("grid point " + point.name() + ": " + e.what());
  }
}

std::vector<Config> SweepSpec::point_configs() const {
  if (const std::string why = find().device_refusal(parse_device(device)); !why.empty())
    throw InputError(experiment + " on " + device + ": " + why);
  std::set<std::string> keys;
  for (const auto& axis : grid)
    if (!keys.insert(axis.key).second) throw InputError("--grid " + axis.key + ": the key is given twice");
  for (const auto& a : assignments)
    for (const auto& axis : grid)
      if (a.rfind(axis.key + "=", 0) == 0)
        throw InputError("--set " + a + ": " + axis.key + " is a grid key (its values come from --grid)");
  // A metric no run records would draw nothing, found only when the sweep ends.
  if (!metric.empty()) check_recorded_metric(find(), metric, "--metric");
  std::vector<Config> configs;
  for (const auto& point : points()) configs.push_back(point_config(point));
  return configs;
}

ExperimentEnvironment SweepSpec::environment() const {
  ExperimentEnvironment env;
  env.data_dir = data_dir;
  env.device = parse_device(device);
  return env;
}

std::string SweepSpec::command(const fs::path& dir) const {
  std::string out = "reverie sweep " + shell_quoted(experiment);
  for (const auto& axis : grid) {
    std::string values;
    for (const auto& v : axis.values) values += (values.empty() ? "" : ",") + v;
    out += " --grid " + shell_quoted(axis.key + "=" + values);
  }
  if (!config_file.empty()) out += " --config " + shell_quoted(config_file);
  for (const auto& a : assignments) out += " --set " + shell_quoted(a);
  if (runs > 0) out += " --runs " + std::to_string(runs);
  if (quick) out += " --quick";
  if (!data_dir.empty()) out += " --data-dir " + shell_quoted(data_dir);
  if (device != "cpu") out += " --device " + shell_quoted(device);
  if (!metric.empty()) out += " --metric " + shell_quoted(metric);
  return out + " --out " + shell_quoted(dir.string());
}

std::string SweepSpec::to_toml() const {
  toml::table grid_table;
  for (const auto& axis : grid) {
    toml::array values;
    for (const auto& v : axis.values) values.push_back(v);
    grid_table.insert(axis.key, values);
  }
  toml::array sets;
  for (const auto& a : assignments) sets.push_back(a);
  toml::array order;  // TOML tables have no order; the grid's is the points' order
  for (const auto& axis : grid) order.push_back(axis.key);
  toml::table table{{"experiment", experiment}, {"config_file", config_file}, {"set", sets},     {"runs", runs},
                    {"quick", quick},           {"data_dir", data_dir},       {"device", device}, {"metric", metric},
                    {"grid_order", order},      {"grid", grid_table}};
  std::ostringstream out;
  out << "# A reverie sweep: `reverie sweep status DIR` says how far it got; the command that started it resumes it.\n"
      << table << "\n";
  return out.str();
}

SweepSpec SweepSpec::parse(const std::string& toml_text, const std::string& source) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(source + ": not a sweep file (" + std::string(e.description()) + ")");
  }
  const auto text = [&](const char* key) {
    const auto value = table[key].value<std::string>();
    if (!value) throw InputError(source + ": key '" + key + "' missing or not a string");
    return *value;
  };
  const auto words = [&](const toml::node* node, const std::string& key) {
    std::vector<std::string> out;
    const auto* array = node ? node->as_array() : nullptr;
    if (!array) throw InputError(source + ": key '" + key + "' missing or not a list");
    for (const auto& item : *array) {
      const auto value = item.value<std::string>();
      if (!value) throw InputError(source + ": key '" + key + "' holds a non-string");
      out.push_back(*value);
    }
    return out;
  };
  SweepSpec spec;
  spec.experiment = text("experiment");
  spec.config_file = text("config_file");
  spec.data_dir = text("data_dir");
  spec.device = text("device");
  spec.metric = text("metric");
  spec.assignments = words(table.get("set"), "set");
  spec.runs = static_cast<int>(table["runs"].value<int64_t>().value_or(0));
  spec.quick = table["quick"].value<bool>().value_or(false);
  const auto* grid = table["grid"].as_table();
  if (!grid) throw InputError(source + ": key 'grid' missing or not a table");
  for (const auto& key : words(table.get("grid_order"), "grid_order"))
    spec.grid.push_back({key, words(grid->get(key), "grid." + key)});
  return spec;
}

SweepSpec read_sweep_spec(const fs::path& dir) {
  const fs::path file = dir / "sweep.toml";
  if (!fs::exists(file)) throw InputError(dir.string() + ": no sweep.toml (not a folder of `reverie sweep`)");
  return SweepSpec::parse(read_file(file), file.string());
}

void open_sweep_folder(const fs::path& dir, const SweepSpec& spec) {
  if (fs::exists(dir) && !fs::is_directory(dir)) throw InputError(dir.string() + ": exists and is not a folder; choose another --out");
  if (fs::is_directory(dir) && !fs::exists(dir / "sweep.toml") && !fs::is_empty(dir))
    throw InputError(dir.string() + ": folder exists and is not a sweep (no sweep.toml); choose another --out");
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw InputError(dir.string() + ": cannot create the sweep folder (" + error.message() + "); choose another --out");
  if (!fs::exists(dir / "sweep.toml")) {
    write_file_atomic(dir / "sweep.toml", spec.to_toml());
    return;
  }
  const SweepSpec previous = read_sweep_spec(dir);
  if (previous == spec) return;
  std::string what = "its settings differ";
  if (previous.experiment != spec.experiment) what = "it sweeps experiment '" + previous.experiment + "'";
  else if (previous.to_toml() != spec.to_toml()) {
    SweepSpec probe = previous;
    probe.grid = spec.grid;
    what = probe == spec ? "its grid differs" : "its common settings (--config, --set, --runs, --quick, --data-dir, --device, --metric) differ";
  }
  throw InputError(dir.string() + " holds another sweep (" + what + "); it was started with: " + previous.command(dir) +
                   " (choose another --out, or run that command to resume it)");
}

SweepTask parse_sweep_task(const std::string& text) {
  const size_t colon = text.find(':');
  try {
    size_t a = 0, b = 0;
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    SweepTask task{std::stoi(text.substr(0, colon), &a), std::stoi(text.substr(colon + 1), &b)};
    if (a != colon || b != text.size() - colon - 1 || task.point < 0 || task.run < 0) throw std::invalid_argument("junk");
    return task;
  } catch (const std::exception&) {
    throw InputError("task '" + text + "': expected POINT:RUN (two non-negative integers)");
  }
}

int PointState::count(RunState state) const {
  int n = 0;
  for (const auto s : runs) n += s == state;
  return n;
}

std::vector<PointState> sweep_state(const fs::path& dir, const SweepSpec& spec) {
  std::vector<PointState> states;
  const auto configs = spec.point_configs();
  const auto points = spec.points();
  for (size_t p = 0; p < points.size(); ++p) {
    PointState state{points[p], dir / points[p].name(), {}};
    for (int r = 0; r < configs[p].integer("runs"); ++r) state.runs.push_back(run_state(state.dir, r));
    states.push_back(std::move(state));
  }
  return states;
}

std::vector<SweepTask> unfinished_tasks(const std::vector<PointState>& states) {
  std::vector<SweepTask> tasks;
  for (size_t p = 0; p < states.size(); ++p)
    for (size_t r = 0; r < states[p].runs.size(); ++r)
      if (states[p].runs[r] != RunState::Finished && states[p].runs[r] != RunState::Running)
        tasks.push_back({static_cast<int>(p), static_cast<int>(r)});
  return tasks;
}

}  // namespace reverie
