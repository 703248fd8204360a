// reverie: the command-line lab. A thin binding over the library: list, run, report, sweep.
#include <CLI/CLI.hpp>
#include <c10/util/Exception.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "reverie/core/blas_kernels.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/child_process.h"
#include "reverie/core/device.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/shell_quote.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/results_index.h"
#include "reverie/lab/runner.h"
#include "experiment_options.h"
#include "sweep_command.h"

namespace {

namespace fs = std::filesystem;

int list_experiments() {
  for (const auto& e : reverie::all_experiments()) std::cout << e->name() << "\t" << e->description() << "\n";
  return 0;
}

// What an interrupted `run` tells its user: how far it got and the command that resumes it.
struct InterruptNote {
  fs::path out_dir;
  int runs = 0;  // 0: a sweep (its folder holds points, each with its runs)
  std::string resume_command;
};
InterruptNote interrupt_note;
std::atomic<bool> note_ready{false};

int finished_runs(const InterruptNote& note) {
  int done = 0;
  for (int r = 0; r < note.runs; ++r) {
    std::error_code ec;
    if (fs::exists(reverie::OutputFolder(note.out_dir).run_file(r), ec)) ++done;
  }
  return done;
}

// SIGINT and SIGTERM reach a handler that only writes the signal's number into a pipe (any
// thread may take a signal, LibTorch's own included); this thread reads it, where printing is
// safe: one line, gnuplot children ended, exit 128 + signal (what a shell reports for a killed job).
int signal_pipe[2] = {-1, -1};

void forward_signal(int signal) {
  const unsigned char number = static_cast<unsigned char>(signal);
  [[maybe_unused]] const ssize_t n = ::write(signal_pipe[1], &number, 1);
}

void watch_signals() {
  unsigned char number = 0;
  while (::read(signal_pipe[0], &number, 1) != 1) {
    if (errno != EINTR) return;
  }
  const int signal = number;
  reverie::kill_child_processes();
  const char* name = signal == SIGINT ? "SIGINT" : "SIGTERM";
  if (note_ready && interrupt_note.runs == 0) {
    std::cerr << "\nreverie: interrupted (" << name << "): the finished runs are saved in " << interrupt_note.out_dir.string()
              << " (`reverie sweep status " << interrupt_note.out_dir.string() << "` lists them); resume with: "
              << interrupt_note.resume_command << std::endl;
  } else if (note_ready) {
    std::cerr << "\nreverie: interrupted (" << name << "): " << finished_runs(interrupt_note) << " of " << interrupt_note.runs
              << " runs finished and saved in " << interrupt_note.out_dir.string()
              << "; resume with: " << interrupt_note.resume_command << std::endl;
  } else {
    std::cerr << "\nreverie: interrupted (" << name << ")" << std::endl;
  }
  std::_Exit(128 + signal);
}

void install_signal_handlers() {
  if (::pipe(signal_pipe) != 0) return;  // without the pipe the default actions stay: still a clean kill
  ::fcntl(signal_pipe[0], F_SETFD, FD_CLOEXEC);
  ::fcntl(signal_pipe[1], F_SETFD, FD_CLOEXEC);
  struct sigaction action {};
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  std::thread(watch_signals).detach();
}

// This invocation as a shell reads it back: the command that resumes it.
std::string command_line(int argc, char** argv) {
  std::string line = reverie::shell_quoted(argv[0]);
  for (int i = 1; i < argc; ++i) line += " " + reverie::shell_quoted(argv[i]);
  return line;
}

// The first line of LibTorch's message: its C++ backtrace is for developers, not for users.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Errors that a user's config causes (LibTorch's allocation and overflow errors, std::bad_alloc)
// are theirs to fix (exit 2); the rest are ours (exit 1).
int report_library_error(const std::string& message) {
  if (message.find("alloc") != std::string::npos) {
    std::cerr << "reverie: out of memory (" << message
              << "): a size in the config (hidden units, features, items, batch) is too large for this machine\n";
    return 2;
  }
  if (message.find("without overflow") != std::string::npos) {  // e.g. --set rbm.learning_rate=1e308
    std::cerr << "reverie: a config value is too large for the 32-bit floats the models compute in (" << message
              << "); check learning rates and other scales\n";
    return 2;
  }
  std::cerr << "reverie: internal error: " << message << "\n";
  return 1;
}

// The options of `reverie run` beyond the experiment's own.
struct RunCommandOptions {
  ExperimentOptions experiment;
  std::string out_dir;
  bool reuse_other_build = false, keep_checkpoints = false;
  CLI::Option* out_option = nullptr;
};

// `reverie report DIR`: an output folder has its manifest; a folder of outputs gets the index over them.
int report_command(const std::string& report_dir) {
  if (fs::exists(fs::path(report_dir) / "sweep.toml"))
    throw reverie::InputError(report_dir + ": a folder of `reverie sweep`; write its report with: reverie sweep report " + report_dir);
  if (fs::exists(reverie::OutputFolder(report_dir).manifest())) {
    reverie::rebuild_report(report_dir);
    std::cout << "report: " << reverie::OutputFolder(report_dir).page().string() << "\n";
  } else {
    const auto index = reverie::write_results_index(report_dir);
    std::cout << "index: " << index.file.string() << "\n";
    for (const auto& card : index.scorecards) std::cout << "scorecard: " << card.string() << "\n";
    // A damaged folder is listed, and said here too: its numbers are not to be read as they stand.
    for (const auto& o : index.outputs)
      if (!o.damage.empty()) std::cerr << "reverie: " << (fs::path(report_dir) / o.folder).string() << ": damaged: " << o.damage << "\n";
    for (const auto& line : index.skipped) std::cerr << "reverie: skipped " << (fs::path(report_dir) / line).string() << "\n";
  }
  return 0;
}

// `reverie run NAME`: the config resolved, the runs computed (resumable on interrupt), the report written.
int run_command(const RunCommandOptions& command, int argc, char** argv) {
  const auto& [run_options, out_dir, reuse_other_build, keep_checkpoints, out_option] = command;
  if (out_option->count() > 0 && out_dir.empty()) throw reverie::InputError("--out: expected a folder, got an empty path");
  const auto& name = run_options.name;
  const auto& experiment = reverie::find_experiment(name);
  reverie::Config::Sources sources;
  sources.quick = run_options.quick;
  if (!run_options.config_file.empty()) sources.user_file = run_options.config_file;
  sources.assignments = run_options.assignments;
  if (run_options.runs > 0) sources.assignments.push_back("runs=" + std::to_string(run_options.runs));
  const auto config = reverie::resolve_experiment_config(experiment, sources);

  reverie::RunnerOptions options;
  options.out_dir = out_dir.empty() ? fs::path("results") / (name + (run_options.quick ? "-quick" : "")) : fs::path(out_dir);
  options.threads = run_options.threads;
  options.quick = run_options.quick;
  options.reuse_runs_from_other_build = reuse_other_build;
  options.keep_checkpoints = keep_checkpoints;
  options.environment.data_dir = run_options.data_dir;
  options.environment.device = reverie::parse_device(run_options.device);

  interrupt_note.out_dir = options.out_dir;
  interrupt_note.runs = static_cast<int>(config.integer("runs"));
  interrupt_note.resume_command = command_line(argc, argv);
  if (out_dir.empty()) interrupt_note.resume_command += " --out " + reverie::shell_quoted(options.out_dir.string());
  note_ready = true;

  const auto outcome = reverie::run_experiment(experiment, config, options);
  std::cout << "runs computed: " << outcome.runs_computed << ", reused: " << outcome.runs_reused;
  if (outcome.runs_diverged > 0) std::cout << ", diverged (left out of the statistics): " << outcome.runs_diverged;
  std::cout << "\nreport: " << reverie::OutputFolder(options.out_dir).page().string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  reverie::restart_with_cpu_blas_kernels(argv);
  install_signal_handlers();

  CLI::App app{"reverie: brain-inspired learning experiments (leaky memory, replay, wake/sleep, RBM dynamics)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "reverie " + reverie::build_identity_line());

  auto* list = app.add_subcommand("list", "List the experiments, with the paper figures each reproduces");

  auto* run = app.add_subcommand("run", "Run an experiment (all its runs), then write its statistics, figures and report");
  RunCommandOptions run_command_options;
  auto& [run_options, out_dir, reuse_other_build, keep_checkpoints, out_option] = run_command_options;
  add_experiment_options(run, run_options)->required();
  run->add_flag("--keep-checkpoints", keep_checkpoints,
                "Keep each run's training checkpoint (OUT/.checkpoints) after it finishes; by default a finished run's is removed");
  out_option = run->add_option("--out", out_dir, "Output folder (default: results/NAME, or results/NAME-quick); an interrupted run resumes there");
  run->add_flag("--reuse-runs-from-other-build", reuse_other_build,
                "Resume an output folder whose finished runs another build of reverie computed (recorded in the manifest)");

  auto* report = app.add_subcommand("report",
                                    "Redraw statistics, figures and index.html of an output folder; on a folder of output "
                                    "folders (e.g. results/), write its index.html: one row per experiment with its claims");
  std::string report_dir;
  report->add_option("dir", report_dir, "Output folder of `reverie run`, or a folder holding several")->required();

  auto* sweep = app.add_subcommand("sweep", "Run an experiment at every point of a grid of settings, here or as a SLURM job array");
  SweepOptions sweep_options;
  add_sweep_options(sweep, sweep_options);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    // One line, ours where CLI11's is long or misleading.
    std::string message = e.what();
    const std::string first = argc > 1 ? argv[1] : "";
    if (!first.empty() && first[0] != '-' && first != "list" && first != "run" && first != "report" &&
        first != "sweep")
      message = std::string("unknown command '") + argv[1] + "' (expected list, run, report or sweep; see reverie --help)";
    std::cerr << "reverie: " << first_line(message) << "\n";
    return 2;
  }

  try {
    if (*list) return list_experiments();
    if (*report) return report_command(report_dir);
    if (*sweep) {
      if (!sweep_options.out_dir.empty() && !*sweep_options.status && !*sweep_options.report && !*sweep_options.task) {
        interrupt_note.out_dir = sweep_options.out_dir;
        interrupt_note.resume_command = command_line(argc, argv);
        note_ready = true;
      }
      return run_sweep_command(*sweep, sweep_options);
    }
    return run_command(run_command_options, argc, argv);
  } catch (const reverie::InputError& e) {
    std::cerr << "reverie: " << e.what() << "\n";
    return 2;
  } catch (const fs::filesystem_error& e) {
    // An environment problem (a file where a folder should be, a permission, a symlink loop): the user's to fix.
    std::cerr << "reverie: " << e.path1().string() << ": " << e.code().message() << "\n";
    return 2;
  } catch (const c10::Error& e) {
    return report_library_error(first_line(e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return report_library_error(first_line(e.what()));
  }
}
