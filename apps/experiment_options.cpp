#include "experiment_options.h"

#include <algorithm>
#include <thread>

CLI::Validator positive_integer() {
  // (CLI11 puts the option's name in front of the text returned here.)
  return CLI::Validator(
      [](std::string& text) -> std::string {
        size_t used = 0;
        long long value = 0;
        try {
          value = std::stoll(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != text.size() || text.empty() || value < 1 || value > 1000000)
          return "expected a positive integer (at most 1000000), got '" + text + "'";
        return "";
      },
      "POSITIVE");
}

CLI::Option* add_experiment_options(CLI::App* command, ExperimentOptions& options) {
  options.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto* name = command->add_option("name", options.name, "Experiment name (see `reverie list`)");
  command->add_option("--config", options.config_file, "TOML file overriding the experiment's config (its [quick] table applies with --quick)");
  command->add_option("--set", options.assignments, "Override one config key: key=value (lists: a,b,c); repeatable")->take_all();
  command->add_option("--runs", options.runs, "Number of runs (seeds); overrides the config's `runs`")->check(positive_integer());
  command->add_option("--threads", options.threads, "Runs trained in parallel (each single-threaded)")->check(positive_integer());
  command->add_flag("--quick", options.quick, "Use the config's [quick] table: a small version that finishes in minutes");
  command->add_option("--device", options.device, "cpu, cuda or cuda:N (bit-reproducibility is promised on the CPU)");
  command->add_option("--data-dir", options.data_dir, "Folder with IDX datasets (itself, or with mnist/ and fashion-mnist/ inside)");
  return name;
}
