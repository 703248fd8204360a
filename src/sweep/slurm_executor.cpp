#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <chrono>
#include <iostream>
#include <thread>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/child_process.h"
#include "reverie/core/error.h"
#include "reverie/core/output_folder.h"
#include "reverie/core/shell_quote.h"
#include "reverie/sweep/sweep_execution.h"
#include "reverie/sweep/sweep_manifest.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr double kClientSeconds = 120;  // sbatch, squeue: the controller answers in well under this

ChildOutput slurm_client(const std::vector<std::string>& argv) {
  ChildOutput out = capture_child_process(argv, kClientSeconds);
  // -1: it did not start or hung; 127 with nothing said: the child's exec found no such program.
  if ((out.exit_status == -1 || out.exit_status == 127) && out.out.empty() && out.err.empty())
    throw InputError(argv[0] + " did not run: --executor slurm needs the SLURM client commands on PATH "
                     "(Debian: apt-get install slurm-client) and a reachable controller");
  return out;
}

std::string sbatch_reply_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text.substr(0, text.find('\n'));
}

// "12345" or "12345;cluster" from sbatch --parsable.
std::string submit(std::vector<std::string> argv) {
  const ChildOutput out = slurm_client(argv);
  const std::string id = sbatch_reply_line(out.out).substr(0, sbatch_reply_line(out.out).find(';'));
  if (out.exit_status != 0)
    throw InputError("sbatch refused the sweep's job: " + sbatch_reply_line(out.err.empty() ? out.out : out.err));
  if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos)
    throw InputError("sbatch answered '" + sbatch_reply_line(out.out) + "', expected a job id");
  return id;
}

// Jobs of earlier submissions that SLURM still holds (pending or running).
std::vector<std::string> live_jobs(const Json& submissions) {
  std::vector<std::string> live;
  for (const auto& s : submissions)
    for (const char* key : {"array_job", "report_job"}) {
      const std::string id = s.value(key, "");
      if (id.empty()) continue;
      const ChildOutput out = slurm_client({"squeue", "--noheader", "--jobs", id, "--format", "%i"});
      if (out.exit_status == 0 && !sbatch_reply_line(out.out).empty()) live.push_back(id);
    }
  return live;
}

void write_script(const fs::path& path, const std::string& text) {
  write_file_atomic(path, text);
  ::chmod(path.c_str(), 0755);
}

}  // namespace

int submit_sweep_to_slurm(const fs::path& dir, const SweepSpec& spec, const SlurmSettings& settings) {
  // Kept apart from manifest.json, which the report job rewrites while this process may wait.
  const fs::path submissions_file = dir / "slurm" / "submissions.json";
  fs::create_directories(dir / "slurm");
  Json submissions = fs::exists(submissions_file) ? Json::parse(read_file(submissions_file)) : Json::array();
  if (const auto live = live_jobs(submissions); !live.empty()) {
    std::string ids;
    for (const auto& id : live) ids += (ids.empty() ? "" : ", ") + id;
    throw InputError(dir.string() + ": jobs of this sweep are still queued or running (" + ids +
                     "); wait for them (`reverie sweep status " + dir.string() + "`) or cancel them with scancel " + ids);
  }
  const auto tasks = unfinished_tasks(sweep_state(dir, spec));
  const std::string executable = shell_quoted(reverie_executable().string());
  const fs::path folder = dir / "slurm" / ("submission-" + std::to_string(submissions.size()));
  fs::create_directories(folder);

  std::ostringstream list;  // line i: the tasks of array element i
  const size_t per_job = static_cast<size_t>(std::max(1, settings.tasks_per_job));
  size_t elements = 0;
  for (size_t i = 0; i < tasks.size(); i += per_job, ++elements) {
    for (size_t j = i; j < std::min(tasks.size(), i + per_job); ++j) list << (j > i ? " " : "") << tasks[j].text();
    list << "\n";
  }
  write_file_atomic(folder / "tasks.txt", list.str());
  const std::string absolute_dir = shell_quoted(fs::absolute(dir).string());
  // One core per task: each run's math is single-threaded, so SLURM may pack tasks on a node.
  write_script(folder / "array.sh",
               "#!/bin/bash\n# One element of the sweep's job array: the (point, run) tasks on its line of tasks.txt.\n"
               "set -euo pipefail\n"
               "tasks=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" " + shell_quoted(fs::absolute(folder / "tasks.txt").string()) + ")\n"
               "exec " + executable + " sweep task " + absolute_dir + " $tasks\n");
  write_script(folder / "report.sh",
               "#!/bin/bash\n# After every array element (afterany): each point's report and the sweep's summary.\n"
               "exec " + executable + " sweep report " + absolute_dir + "\n");

  std::string array_id;
  if (elements > 0) {
    std::vector<std::string> argv{"sbatch", "--parsable", "--array=0-" + std::to_string(elements - 1),
                                  "--job-name=reverie-" + spec.experiment, "--cpus-per-task=1",
                                  "--output=" + fs::absolute(folder / "task-%a.log").string()};
    argv.insert(argv.end(), settings.sbatch_options.begin(), settings.sbatch_options.end());
    argv.push_back(fs::absolute(folder / "array.sh").string());
    array_id = submit(argv);
  }
  std::vector<std::string> argv{"sbatch", "--parsable", "--job-name=reverie-" + spec.experiment + "-report",
                                "--cpus-per-task=1", "--output=" + fs::absolute(folder / "report.log").string()};
  if (!array_id.empty()) argv.push_back("--dependency=afterany:" + array_id);
  argv.insert(argv.end(), settings.sbatch_options.begin(), settings.sbatch_options.end());
  argv.push_back(fs::absolute(folder / "report.sh").string());

  // Recorded before the report job is submitted: a rerun meanwhile sees the array as live.
  submissions.push_back({{"array_job", array_id}, {"tasks", tasks.size()}, {"array_elements", elements}, {"folder", folder.string()}});
  write_file_atomic(submissions_file, submissions.dump(2) + "\n");
  const std::string report_id = submit(argv);
  submissions.back()["report_job"] = report_id;
  write_file_atomic(submissions_file, submissions.dump(2) + "\n");
  std::cout << "sweep: " << tasks.size() << " task(s) in " << elements << " array element(s)"
            << (array_id.empty() ? "" : ": job array " + array_id) << ", then report job " << report_id << "\n";
  if (!settings.wait) {
    std::cout << "sweep: `reverie sweep status " << dir.string() << "` shows its progress; the report lands in "
              << OutputFolder(dir).page().string() << "\n";
    return 0;
  }
  // The report job is the last: once SLURM no longer holds it, the folder says how the sweep went.
  while (!live_jobs(Json::array({{{"report_job", report_id}}})).empty()) std::this_thread::sleep_for(std::chrono::seconds(2));
  for (const auto& point : sweep_state(dir, spec))
    if (point.count(RunState::Finished) != static_cast<int>(point.runs.size())) return 1;
  return read_sweep_manifest(dir).value("complete", false) ? 0 : 1;
}

}  // namespace reverie
