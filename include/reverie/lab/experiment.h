#pragma once
#include <c10/core/Device.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/core/progress.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/report/html_report.h"

namespace reverie {

struct ExperimentEnvironment {
  std::filesystem::path data_dir;  // --data-dir; empty = the setup's locations
  c10::Device device{c10::kCPU};   // where models and data live (--device)
  // Where multi-epoch trainings keep each run's checkpoint (the runner sets OUT/.checkpoints);
  // empty: no checkpoints (a run outside the runner, e.g. in a test).
  std::filesystem::path checkpoint_dir;
};

// An experiment with its data loaded, shared read-only by runs in parallel threads.
class PreparedExperiment {
 public:
  virtual ~PreparedExperiment() = default;
  // Progress units (e.g. training steps) one run performs.
  virtual int64_t work_per_run() const = 0;
  // One run (one seed): all its conditions, as tidy rows. Must depend only on (config, run).
  virtual std::vector<TidyRow> run(int run, Progress& progress) const = 0;
};

// A paper experiment, registered by name: its config schema, its runs, and its report.
class Experiment {
 public:
  virtual ~Experiment() = default;
  virtual std::string name() const = 0;
  virtual std::string description() const = 0;  // one line, with the paper section and figures
  virtual const Schema& schema() const = 0;
  // Why this experiment cannot run on `device`, or "" when it can: checked before anything starts
  // (`reverie run` and `reverie sweep` refuse with it, exit 2).
  virtual std::string device_refusal(const c10::Device& device) const { (void)device; return ""; }
  // Cross-key checks beyond the schema's (throws InputError naming the key).
  virtual void validate(const Config& config) const { (void)config; }
  virtual std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const = 0;
  // Names of the '/'-separated parts of this experiment's conditions, one results.csv column each
  // (e.g. dataset, model, order for "synthetic/memoryless/rep1"); the condition column stays.
  virtual std::vector<std::string> condition_factors() const { return {}; }
  // The metric a sweep draws against each grid key (its last value in each run); "" for none.
  virtual std::string main_metric() const { return ""; }
  // Every metric its runs may record (results.csv's metric column), under any config; a <...> part
  // stands for a name the config decides, e.g. "loss/<item>" (recorded_metrics.h matches them).
  virtual std::vector<std::string> metrics() const = 0;
  // Statistics, arrays and figures from all runs' rows, written into `dir`.
  virtual ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows,
                                  const std::filesystem::path& dir) const = 0;
};

// The keys the runner owns, in every experiment's schema: `seed` and `runs`.
void add_runner_keys(Schema& schema);
// Run r's seed, derived from (seed, r): every random stream of the run derives from it.
uint64_t derived_run_seed(int64_t seed, int run);
uint64_t derived_run_seed(const Config& config, int run);  // from its `seed`

// An experiment registered under a name (one per shipped config): its schema starts with the
// runner's keys, and the subclass adds its own in its constructor.
class NamedExperiment : public Experiment {
 public:
  NamedExperiment(std::string name, std::string description)
      : name_(std::move(name)), description_(std::move(description)) {
    add_runner_keys(schema_);
  }
  std::string name() const override { return name_; }
  std::string description() const override { return description_; }
  const Schema& schema() const override { return schema_; }

 protected:
  std::string name_, description_;
  Schema schema_;
};

// For experiments whose code keeps every tensor on the CPU: `why` on any other device.
inline std::string cpu_only(const c10::Device& device, const std::string& why) { return device.is_cpu() ? "" : why; }


}  // namespace reverie
