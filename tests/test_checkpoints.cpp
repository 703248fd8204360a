// Long trainings that survive a kill: a run SIGKILLed between checkpoints continues from its
// last one and ends byte-identical to an uninterrupted run; a bad checkpoint is refused, named.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include <random>

#include "cli_helpers.h"
#include "reverie/core/atomic_file.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;
using testing::cli;

// Seed 003's MNIST model, small: 2 algorithms x 6 epochs, a checkpoint after every epoch.
const std::string kWakeSleep =
    "run wake-sleep-mnist --quick --runs 1 --set train_items=600 --set test_items=300 --set epochs=6 --set measure.every=2 "
    "--set surprise.items=100 --set checkpoint_every=1 --threads 1 ";

std::vector<std::string> csv_files(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().extension() == ".csv") files.push_back(fs::relative(entry.path(), dir).string());
  std::sort(files.begin(), files.end());
  return files;
}

// Waits (at most two minutes) until `folder` holds a file whose name ends in `suffix`.
void wait_for_file_ending(const fs::path& folder, const std::string& suffix) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
      const std::string file = entry.path().filename().string();
      if (file.size() >= suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// `text` with every "{out}" replaced by `out`.
std::string with_out(std::string text, const fs::path& out) {
  for (size_t at; (at = text.find("{out}")) != std::string::npos;) text.replace(at, 5, out.string());
  return text;
}

// Runs `args` whole, then again killed (SIGKILL) at a random moment up to `max_delay_ms` after its
// first checkpoint appears (a file ending in `checkpoint_suffix` in `checkpoint_folder`; "{out}" in
// either stands for the output folder), resumes it, and compares every CSV of the two outputs.
void expect_killed_run_resumes_byte_identical(const std::string& name, const std::string& args_with_out, int max_delay_ms,
                                              const std::string& checkpoint_folder = "{out}/.checkpoints",
                                              const std::string& checkpoint_suffix = "run-0000.pt") {
  const fs::path dir = testing::fresh_dir("checkpoint-kill-" + name);
  const std::string args = with_out(args_with_out, dir / "whole");
  const auto whole = cli(args + "--out " + (dir / "whole").string());
  ASSERT_EQ(whole.status, 0) << whole.output;
  EXPECT_FALSE(fs::exists(dir / "whole/.checkpoints/run-0000.pt")) << "a finished run's checkpoint is removed";

  const std::string killed_args = with_out(args_with_out, dir / "killed") + "--out " + (dir / "killed").string();
  const pid_t child = testing::start_cli(killed_args, dir / "killed.log");
  wait_for_file_ending(with_out(checkpoint_folder, dir / "killed"), checkpoint_suffix);
  std::mt19937 engine(std::random_device{}());
  std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(0, max_delay_ms)(engine)));
  ::kill(child, SIGKILL);
  testing::wait_status(child);
  ASSERT_FALSE(fs::exists(dir / "killed/runs/run-0000.csv")) << name << ": killed too late, the run had finished";

  const auto resumed = cli(killed_args);
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  if (checkpoint_folder == "{out}/.checkpoints") EXPECT_NE(resumed.output.find("run 0: resuming "), std::string::npos) << resumed.output;
  const auto files = csv_files(dir / "whole");
  EXPECT_EQ(files, csv_files(dir / "killed"));
  EXPECT_GT(files.size(), 3u);
  for (const auto& file : files) EXPECT_EQ(read_file(dir / "whole" / file), read_file(dir / "killed" / file)) << name << ": " << file;
}

TEST(Checkpoints, AKilledWakeSleepMnistRunResumesFromItsCheckpointByteIdentical) {
  expect_killed_run_resumes_byte_identical("mnist", kWakeSleep, 2000);
}

TEST(Checkpoints, AKilledVideoRunResumesFromItsCheckpointByteIdentical) {
  expect_killed_run_resumes_byte_identical(
      "video", "run wake-sleep-video --quick --runs 1 --set train.epochs=4 --set checkpoint_every=1 --threads 1 ", 2500);
}

TEST(Checkpoints, AKilledHierarchicalRunResumesFromItsCheckpointByteIdentical) {
  expect_killed_run_resumes_byte_identical(
      "hierarchy", "run wake-sleep-hierarchical --quick --runs 1 --set train.epochs=6 --set checkpoint_every=1 --threads 1 ", 1500);
}

// Seed 001's smoothness runs checkpoint after every condition (each its own stream of all epochs).
TEST(Checkpoints, AKilledSmoothnessRunResumesAfterItsLastFinishedCondition) {
  expect_killed_run_resumes_byte_identical(
      "smoothness", "run leaky-memory-smoothness --quick --runs 1 --set datasets=mnist --set epochs=2 --threads 1 ", 1500);
}

// The RBM lab's trainings checkpoint beside their cached models (checkpoint_dir, here inside
// each output folder so the two runs share nothing).
TEST(Checkpoints, AKilledRbmTrainingResumesFromItsCheckpointByteIdentical) {
  expect_killed_run_resumes_byte_identical(
      "rbm", "run rbm-generation --quick --runs 1 --set rbm.epochs=12 --set checkpoint_every=1 --set checkpoint_dir={out}-models --threads 1 ",
      2500, "{out}-models", ".partial.pt");
}

TEST(Checkpoints, BadCheckpointsAndSettingsAreRefusedInOneLine) {
  const fs::path dir = testing::fresh_dir("checkpoint-bad");
  for (const char* every : {"0", "-3"}) {
    const auto bad = cli(kWakeSleep + "--set checkpoint_every=" + every + " --out " + (dir / "x").string());
    EXPECT_EQ(bad.status, 2) << bad.output;
    EXPECT_NE(bad.output.find("checkpoint_every"), std::string::npos) << bad.output;
  }
  // --keep-checkpoints leaves one to tamper with.
  const auto kept = cli(kWakeSleep + "--set epochs=2 --keep-checkpoints --out " + (dir / "kept").string());
  ASSERT_EQ(kept.status, 0) << kept.output;
  const fs::path checkpoint = dir / "kept/.checkpoints/run-0000.pt";
  ASSERT_TRUE(fs::exists(checkpoint));

  // As if killed before the run file was written: the run resumes from its checkpoint, here damaged.
  const auto interrupted = [&](const std::string& name, const std::string& sets) {
    const fs::path out = dir / name;
    const auto first = cli(kWakeSleep + "--set epochs=2 " + sets + " --keep-checkpoints --out " + out.string());
    EXPECT_EQ(first.status, 0) << first.output;
    fs::remove(out / "runs/run-0000.csv");
    return out;
  };
  const fs::path damaged = interrupted("damaged", "");
  write_file_atomic(damaged / ".checkpoints/run-0000.pt", read_file(checkpoint).substr(0, 1000));
  auto refused = cli(kWakeSleep + "--set epochs=2 --out " + damaged.string());
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("run-0000.pt: not a readable checkpoint"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(damaged / "runs/run-0000.csv")) << "never silently used, nor silently replaced";

  // One of another config (another learning rate), copied in.
  const fs::path other = interrupted("other", "--set optimizer.network_learning_rate=0.0002");
  fs::copy_file(checkpoint, other / ".checkpoints/run-0000.pt", fs::copy_options::overwrite_existing);
  refused = cli(kWakeSleep + "--set epochs=2 --set optimizer.network_learning_rate=0.0002 --out " + other.string());
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("a checkpoint of another config, build or device"), std::string::npos) << refused.output;
}

// A disk that fills while a checkpoint is written: one line, exit 2, the previous checkpoint
// intact (the run then resumes from it elsewhere).
TEST(Checkpoints, AFullDiskWhileCheckpointingLeavesThePreviousCheckpointIntact) {
  const fs::path dir = testing::fresh_dir("checkpoint-enospc");
  const fs::path out = dir / "out", checkpoints = out / ".checkpoints";
  fs::create_directories(checkpoints);
  // Room for one checkpoint of this model (about 21 MB), not for a second beside it.
  if (::mount("tmpfs", checkpoints.c_str(), "tmpfs", 0, "size=32m") != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root and mount rights): " << std::strerror(errno);
  const auto full = cli(kWakeSleep + "--set epochs=3 --out " + out.string());
  const bool kept = fs::exists(checkpoints / "run-0000.pt");
  if (kept) fs::copy_file(checkpoints / "run-0000.pt", dir / "saved.pt");
  std::vector<std::string> leftovers;
  for (const auto& e : fs::directory_iterator(checkpoints)) leftovers.push_back(e.path().filename().string());
  ::umount(checkpoints.c_str());
  EXPECT_EQ(full.status, 2) << full.output;
  EXPECT_NE(full.output.find("disk full"), std::string::npos) << full.output;
  EXPECT_EQ(std::count(full.output.begin(), full.output.end(), '\n') - std::count(full.output.begin(), full.output.end(), '%'), 1)
      << "one line besides the progress lines:\n" << full.output;
  ASSERT_TRUE(kept) << "the first checkpoint is gone";
  EXPECT_EQ(leftovers, std::vector<std::string>{"run-0000.pt"}) << "no temporary file left";

  fs::copy_file(dir / "saved.pt", checkpoints / "run-0000.pt");
  const auto resumed = cli(kWakeSleep + "--set epochs=3 --out " + out.string());
  EXPECT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming wake-sleep from epoch 1 of 3"), std::string::npos) << resumed.output;
}

}  // namespace
}  // namespace reverie
