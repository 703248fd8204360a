#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// Runs a program (no shell) inside `dir` with stdout and stderr discarded, and waits for it at
// most `time_limit_seconds`, then kills it. True when it exited with status 0.
bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds);

// The same, with stdout and stderr appended to `log_file`.
bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds,
                       const std::filesystem::path& log_file);

struct ChildOutput {
  int exit_status = -1;  // -1: could not start, killed at the time limit, or ended by a signal
  std::string out;       // stdout
  std::string err;       // stderr
};
// Runs a program (no shell) in the current folder and returns what it printed (a scheduler's
// client: sbatch, squeue, scancel).
ChildOutput capture_child_process(const std::vector<std::string>& argv, double time_limit_seconds);

// Whether `name` is an executable file in one of PATH's folders (what execvp would find).
bool program_on_path(const std::string& name);

// Kills every child started here that is still running (on SIGINT/SIGTERM, so no gnuplot or
// sweep task outlives reverie). Async-signal-safe.
void kill_child_processes();

}  // namespace reverie
