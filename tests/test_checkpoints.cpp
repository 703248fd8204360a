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
#include "reverie/core/error.h"
#include "reverie/core/module_checkpoint.h"
#include "reverie/core/random.h"
#include "reverie/core/sealed_file.h"
#include "reverie/models/rbm.h"
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

// `bytes` with `count` bytes in the middle inverted.
std::string with_flipped_bytes(std::string bytes, size_t count) {
  for (size_t i = 0; i < count; ++i) bytes[bytes.size() / 2 + i] = static_cast<char>(~bytes[bytes.size() / 2 + i]);
  return bytes;
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
  EXPECT_NE(refused.output.find("run-0000.pt: checkpoint has no checksum (truncated"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(damaged / "runs/run-0000.csv")) << "never silently used, nor silently replaced";

  // 16 bytes flipped in the middle: still a loadable archive, so only the checksum can tell.
  const fs::path flipped = interrupted("flipped", "");
  write_file_atomic(flipped / ".checkpoints/run-0000.pt", with_flipped_bytes(read_file(checkpoint), 16));
  refused = cli(kWakeSleep + "--set epochs=2 --out " + flipped.string());
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("run-0000.pt: checkpoint does not match its checksum (damaged); delete it"), std::string::npos)
      << refused.output;
  EXPECT_FALSE(fs::exists(flipped / "runs/run-0000.csv"));

  // One of another config (another learning rate), copied in.
  const fs::path other = interrupted("other", "--set optimizer.network_learning_rate=0.0002");
  fs::copy_file(checkpoint, other / ".checkpoints/run-0000.pt", fs::copy_options::overwrite_existing);
  refused = cli(kWakeSleep + "--set epochs=2 --set optimizer.network_learning_rate=0.0002 --out " + other.string());
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("a checkpoint of another run, config, build or device"), std::string::npos) << refused.output;

  // Run 0's checkpoint copied over run 1's: refused before anything is resumed, naming run 1's file.
  std::string two_runs = kWakeSleep;
  two_runs.replace(two_runs.find("--runs 1"), 8, "--runs 2");
  const fs::path copied = dir / "copied";
  ASSERT_EQ(cli(two_runs + "--set epochs=2 --keep-checkpoints --out " + copied.string()).status, 0);
  fs::remove(copied / "runs/run-0001.csv");
  fs::copy_file(copied / ".checkpoints/run-0000.pt", copied / ".checkpoints/run-0001.pt", fs::copy_options::overwrite_existing);
  refused = cli(two_runs + "--set epochs=2 --out " + copied.string());
  EXPECT_EQ(refused.status, 2) << refused.output;
  EXPECT_NE(refused.output.find("run-0001.pt: a checkpoint of another run"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("run 1: resuming"), std::string::npos) << refused.output;
}

// A cached model (the RBM lab's RBM and classifier under checkpoint_dir) and its record carry a
// checksum: a flipped byte is refused, naming the file, where it used to be loaded and used.
TEST(Checkpoints, ACachedModelWithAFlippedByteIsRefusedNamingTheFile) {
  const fs::path dir = testing::fresh_dir("checkpoint-cached-model");
  Rbm saved(RbmOptions(784, 50));
  auto generator = make_generator(1);
  saved->reset_parameters(0.01, generator);
  const fs::path model = dir / "rbm.pt";
  save_module_checkpoint(*saved, model);
  Rbm loaded(RbmOptions(784, 50));
  load_module_checkpoint(*loaded, model, "RBM");
  EXPECT_TRUE(torch::equal(loaded->parameters()[0], saved->parameters()[0])) << "an intact model loads as saved";

  write_file_atomic(model, with_flipped_bytes(read_file(model), 1));
  try {
    load_module_checkpoint(*loaded, model, "RBM");
    ADD_FAILURE() << "a model with a flipped byte was loaded";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), model.string() + ": RBM checkpoint does not match its checksum (damaged); delete it to compute it again");
  }

  const fs::path record = dir / "rbm.pt.json";
  write_sealed_file(record, "{\"reconstruction_rmse\": [0.25]}\n");
  EXPECT_EQ(read_sealed_file(record, "cached model record", "retrain"), "{\"reconstruction_rmse\": [0.25]}\n");
  std::string text = read_file(record);
  text[text.find("0.25") + 2] = '7';  // a changed digit: the JSON is still valid, its number wrong
  write_file_atomic(record, text);
  EXPECT_THROW(read_sealed_file(record, "cached model record", "retrain"), InputError);
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
