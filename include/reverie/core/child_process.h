#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// Runs a program (no shell) inside `dir` with stdout and stderr discarded, and waits for it at
// most `time_limit_seconds`, then kills it. True when it exited with status 0.
bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds);

// Kills every child started by run_child_process that is still running (on SIGINT/SIGTERM, so
// no gnuplot outlives reverie). Async-signal-safe.
void kill_child_processes();

}  // namespace reverie
