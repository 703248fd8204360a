#include <atomic>
#include <limits>
#include <thread>

#include "reverie/core/child_process.h"
#include "reverie/core/progress.h"
#include "reverie/sweep/sweep_execution.h"

namespace reverie {

namespace fs = std::filesystem;

int run_sweep_locally(const fs::path& dir, const SweepSpec& spec, int threads) {
  const auto states = sweep_state(dir, spec);
  const auto tasks = unfinished_tasks(states);
  // Each task is a child process running exactly what a SLURM array task runs, so both
  // executors share one code path and the same bytes.
  fs::create_directories(dir / "logs");
  const fs::path executable = reverie_executable();
  Progress progress("sweep " + spec.experiment, static_cast<int64_t>(tasks.size()));
  if (tasks.size() < states.size() * (states.empty() ? 0 : states.front().runs.size()))
    progress.note("resuming: " + std::to_string(tasks.size()) + " tasks left");
  std::atomic<size_t> next{0};
  std::atomic<int> failed{0};
  auto worker = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) {
      const SweepTask& task = tasks[i];
      const std::string point = states[task.point].point.name();
      const fs::path log = dir / "logs" / (point + "-run-" + std::to_string(task.run) + ".log");
      const bool ok = run_child_process({executable.string(), "sweep", "task", dir.string(), task.text()}, fs::current_path(),
                                        std::numeric_limits<double>::infinity(), log);
      if (!ok) {
        ++failed;
        progress.note("task " + point + " run " + std::to_string(task.run) + " failed; its log: " + log.string());
      }
      progress.advance();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, std::min<int>(threads, static_cast<int>(tasks.size()))); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  progress.finish();
  return failed;
}

}  // namespace reverie
