// reverie: the command-line lab. A thin binding over the library: list, run, report.
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "reverie/core/device.h"
#include "reverie/core/error.h"
#include "reverie/experiments/experiment.h"
#include "reverie/experiments/runner.h"

namespace {

int list_experiments() {
  for (const auto& e : reverie::all_experiments()) std::cout << e->name() << "\t" << e->description() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"reverie: brain-inspired learning experiments (leaky memory, replay, wake/sleep, RBM dynamics)"};
  app.require_subcommand(1);

  auto* list = app.add_subcommand("list", "List the experiments, with the paper figures each reproduces");

  auto* run = app.add_subcommand("run", "Run an experiment (all its runs), then write its statistics, figures and report");
  std::string name, config_file, out_dir, data_dir, device = "cpu";
  std::vector<std::string> assignments;
  int runs = 0;
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  bool quick = false;
  run->add_option("name", name, "Experiment name (see `reverie list`)")->required();
  run->add_option("--config", config_file, "TOML file overriding the experiment's config (its [quick] table applies with --quick)");
  run->add_option("--set", assignments, "Override one config key: key=value (lists: a,b,c); repeatable")->take_all();
  run->add_option("--runs", runs, "Number of runs (seeds); overrides the config's `runs`")->check(CLI::PositiveNumber);
  run->add_option("--threads", threads, "Runs trained in parallel (each single-threaded)")->check(CLI::PositiveNumber);
  run->add_flag("--quick", quick, "Use the config's [quick] table: a small version that finishes in minutes");
  run->add_option("--out", out_dir, "Output folder (default: results/NAME, or results/NAME-quick); an interrupted run resumes there");
  run->add_option("--device", device, "cpu, cuda or cuda:N (bit-reproducibility is promised on the CPU)");
  run->add_option("--data-dir", data_dir, "Folder with IDX datasets (itself, or with mnist/ and fashion-mnist/ inside)");

  auto* report = app.add_subcommand("report", "Redraw statistics, figures and index.html of an output folder");
  std::string report_dir;
  report->add_option("dir", report_dir, "Output folder of `reverie run`")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    if (*list) return list_experiments();
    if (*report) {
      reverie::rebuild_report(report_dir);
      std::cout << "report: " << (std::filesystem::path(report_dir) / "index.html").string() << "\n";
      return 0;
    }
    const auto& experiment = reverie::find_experiment(name);
    reverie::Config::Sources sources;
    sources.quick = quick;
    if (!config_file.empty()) sources.user_file = config_file;
    sources.assignments = assignments;
    if (runs > 0) sources.assignments.push_back("runs=" + std::to_string(runs));
    const auto config = reverie::resolve_experiment_config(experiment, sources);

    reverie::RunnerOptions options;
    options.out_dir = out_dir.empty() ? std::filesystem::path("results") / (name + (quick ? "-quick" : "")) : std::filesystem::path(out_dir);
    options.threads = threads;
    options.quick = quick;
    options.environment.data_dir = data_dir;
    options.environment.device = reverie::parse_device(device);
    const auto outcome = reverie::run_experiment(experiment, config, options);
    std::cout << "runs computed: " << outcome.runs_computed << ", reused: " << outcome.runs_reused << "\n"
              << "report: " << (options.out_dir / "index.html").string() << "\n";
    return 0;
  } catch (const reverie::InputError& e) {
    std::cerr << "reverie: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "reverie: internal error: " << e.what() << "\n";
    return 1;
  }
}
