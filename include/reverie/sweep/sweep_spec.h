#pragma once
// What a sweep is: one experiment, its common settings (those of `reverie run`) and a grid.
// Kept as DIR/sweep.toml, from which every executor, task and report reads it back.
#include <filesystem>
#include <string>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/run_tasks.h"
#include "reverie/sweep/sweep_grid.h"

namespace reverie {

struct SweepSpec {
  std::string experiment;
  std::vector<GridAxis> grid;
  std::string config_file;               // --config, absolute; empty: none
  std::vector<std::string> assignments;  // --set, common to every point
  int runs = 0;                          // --runs; 0: the config's own
  bool quick = false;
  std::string data_dir;                  // --data-dir, absolute; empty: the setup's
  std::string device = "cpu";
  std::string metric;                    // drawn against each grid key; empty: the experiment's main metric

  std::vector<SweepPoint> points() const { return grid_points(grid); }
  // The point's config: shipped TOML, --config, --set, the point's values, --runs. InputError
  // naming the point when its values are refused (unknown key, wrong type, impossible value).
  Config point_config(const SweepPoint& point) const;
  // Every point's config, checked before anything starts.
  std::vector<Config> point_configs() const;
  const Experiment& find() const { return find_experiment(experiment); }
  ExperimentEnvironment environment() const;
  // The `reverie sweep` command that starts this sweep in `dir` (and resumes it).
  std::string command(const std::filesystem::path& dir) const;

  std::string to_toml() const;
  static SweepSpec parse(const std::string& toml_text, const std::string& source);
  bool operator==(const SweepSpec& other) const { return to_toml() == other.to_toml(); }
};

// DIR/sweep.toml, or InputError saying DIR is not a sweep folder.
SweepSpec read_sweep_spec(const std::filesystem::path& dir);
// A new sweep folder gets sweep.toml; an existing one must hold the same sweep (InputError
// naming the first difference otherwise).
void open_sweep_folder(const std::filesystem::path& dir, const SweepSpec& spec);

// One run of one point: the unit an executor hands out.
struct SweepTask {
  int point = 0;
  int run = 0;
  std::string text() const { return std::to_string(point) + ":" + std::to_string(run); }  // `reverie sweep task` argument
};
SweepTask parse_sweep_task(const std::string& text);

struct PointState {
  SweepPoint point;
  std::filesystem::path dir;
  std::vector<RunState> runs;  // one per run of the point's config
  int count(RunState state) const;
};
std::vector<PointState> sweep_state(const std::filesystem::path& dir, const SweepSpec& spec);
// The tasks not finished and not running now.
std::vector<SweepTask> unfinished_tasks(const std::vector<PointState>& states);

}  // namespace reverie
