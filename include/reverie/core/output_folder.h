#pragma once
#include <filesystem>
#include <string>

namespace reverie {

// The layout of an output folder (`reverie run --out DIR`, and each point of a sweep): every name
// in it is spelled here, once. What the files hold is the runner's and the report's business.
class OutputFolder {
 public:
  static constexpr const char* kManifest = "manifest.json";  // what ran, with what, and whether it is complete
  static constexpr const char* kConfig = "config.toml";      // the resolved config, as TOML
  static constexpr const char* kResults = "results.csv";     // every kept run's tidy rows
  static constexpr const char* kClaims = "claims.csv";       // the paper's claims beside our numbers
  static constexpr const char* kPage = "index.html";         // the report page
  static constexpr const char* kRuns = "runs";               // one file per finished run
  static constexpr const char* kTasks = ".tasks";            // claims and records of runs in progress
  static constexpr const char* kCheckpoints = ".checkpoints";  // each run's training checkpoint

  explicit OutputFolder(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path manifest() const { return root_ / kManifest; }
  std::filesystem::path config() const { return root_ / kConfig; }
  std::filesystem::path results() const { return root_ / kResults; }
  std::filesystem::path claims() const { return root_ / kClaims; }
  std::filesystem::path page() const { return root_ / kPage; }
  std::filesystem::path runs() const { return root_ / kRuns; }
  std::filesystem::path tasks() const { return root_ / kTasks; }
  std::filesystem::path checkpoints() const { return root_ / kCheckpoints; }
  std::filesystem::path run_file(int run) const { return runs() / numbered("run", run, "csv"); }
  // .tasks/run-NNNN.EXTENSION: a run's claim (lock) and its record (json).
  std::filesystem::path task_file(int run, const std::string& extension) const { return tasks() / numbered("run", run, extension); }

  // "run-0007.csv": the name of run 7's file of that kind, wherever such files are kept.
  static std::string numbered(const std::string& prefix, int run, const std::string& extension);
  // A name reverie keeps beside the results for its own bookkeeping (the folder's lock, the
  // runs' claims and checkpoints): a folder holding only these is still empty.
  static bool is_bookkeeping(const std::filesystem::path& name);

 private:
  std::filesystem::path root_;
};

}  // namespace reverie
