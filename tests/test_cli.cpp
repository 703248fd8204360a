// The command line as a user meets it: exit codes, one-line errors, kill and resume.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "reverie/core/atomic_file.h"
#include "reverie/data/dataset.h"
#include "cli_helpers.h"
#include "test_helpers.h"

namespace reverie {
namespace {

using testing::cli;
using testing::Result;
using testing::shell;
using testing::start_cli;
using testing::wait_for_file;
using testing::wait_status;

const std::string kSmall = "run smoothness-feedforward --quick --set datasets=synthetic --runs 2 ";

TEST(Cli, ListAndHelpSucceed) {
  EXPECT_EQ(cli("list").status, 0);
  EXPECT_NE(cli("list").output.find("smoothness-feedforward"), std::string::npos);
  for (const char* help : {"--help", "run --help", "report --help", "list --help"}) EXPECT_EQ(cli(help).status, 0) << help;
}

TEST(Cli, BadInputExitsWithStatus2AndOneLine) {
  const auto dir = testing::fresh_dir("cli-bad");
  write_file_atomic(dir / "bad.toml", "learning_rate = \"fast\"\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run no-such-experiment", "unknown experiment 'no-such-experiment'"},
      {kSmall + "--set lerning_rate=0.1", "unknown config key 'lerning_rate'"},
      {kSmall + "--set learning_rate=fast", "'learning_rate'"},
      {kSmall + "--set learning_rate=-1", "'learning_rate' = -1.0 is impossible"},
      {kSmall + "--set loss=ce", "'output'"},
      {kSmall + "--config " + (dir / "bad.toml").string(), "bad.toml: config key 'learning_rate' has the wrong type"},
      {kSmall + "--config " + (dir / "absent.toml").string(), "absent.toml: cannot open"},
      {"run smoothness-feedforward --quick --set datasets=mnist --runs 1 --data-dir " + (dir / "empty").string() +
           " --out " + (dir / "o").string(),
       "no train-images-idx3-ubyte"},
      {"report " + (dir / "nothing").string(), "nothing: not a folder"},
      {kSmall + "--set repeats=1,1", "without repeated entries"},
      {kSmall + "--set models=memoryless,memoryless", "without repeated entries"},
      {kSmall + "--set runs=3000000000", "'runs'"},
      {kSmall + "--set learning_rate=inf", "'learning_rate'"},
      {kSmall + "--set hidden_fraction=1e300", "'hidden_fraction'"},
      {kSmall + "--config " + dir.string(), "cannot open config file"},
      {"run", "name is required"},
      {"frobnicate", "unknown command 'frobnicate'"},
      {kSmall + "--runs 0", "--runs: expected a positive integer"},
      {kSmall + "--runs abc", "--runs: expected a positive integer"},
      {kSmall + "--threads 0", "--threads: expected a positive integer"},
      {kSmall + "--out ''", "--out: expected a folder"},
      {kSmall + "--out /proc/reverie-cannot-write-here", "/proc/reverie-cannot-write-here"},
  };
  for (const auto& [args, fragment] : cases) {
    const Result r = cli(args);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(fragment), std::string::npos) << args << "\n" << r.output;
  }
  // An unknown key: exactly one line, naming the key.
  const Result r = cli(kSmall + "--set colour=red");
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "o" / "results.csv"));
}

TEST(Cli, VersionNamesTheBuild) {
  const Result r = cli("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.output.find("reverie 0.1.0, sources "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(", git "), std::string::npos) << r.output;
}

TEST(Cli, ShortMessagesForBadCounts) {
  const Result r = cli(kSmall + "--runs 0");
  EXPECT_LT(r.output.size(), 120u) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

// A size the data cannot give is refused, naming the key and the largest possible value (it used
// to be clamped: 60,000 items trained while config.toml said 999999).
TEST(Cli, ItemCountsLargerThanTheDataAreRefusedNamingTheKey) {
  const auto dir = testing::fresh_dir("cli-item-counts");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"run wake-sleep-mnist --quick --runs 1 --set train_items=999999",
       "config key 'train_items' = 999999 is impossible: there are 60000 mnist training items (at most 60000"},
      {"run leaky-memory-smoothness --quick --runs 1 --set datasets=mnist --set test_items=20000",
       "config key 'test_items' = 20000 is impossible: there are 10000 mnist test items"},
      {"run smoothness-feedforward --quick --runs 1 --set datasets=mnist --set balance_classes=true --set train_items=60000",
       "config key 'train_items' = 60000 is impossible: there are 54210 mnist training items in equal classes"},
      {"run rbm-generation --quick --runs 1 --set rbm.train_items=70000",
       "config key 'rbm.train_items' = 70000 is impossible: there are 60000 mnist training images"}};
  int i = 0;
  for (const auto& [command, message] : cases) {
    const Result r = cli(command + " --out " + (dir / std::to_string(i++)).string());
    EXPECT_EQ(r.status, 2) << command << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << command << "\n" << r.output;
  }
}

TEST(Cli, EnvironmentProblemsAreOneLineAndExitStatus2) {
  const auto dir = testing::fresh_dir("cli-env");
  write_file_atomic(dir / "a-file", "x");
  const Result file = cli(kSmall + "--out " + (dir / "a-file").string());
  EXPECT_EQ(file.status, 2) << file.output;
  EXPECT_NE(file.output.find("exists and is not a folder"), std::string::npos) << file.output;

  std::filesystem::create_directories(dir / "data");
  std::filesystem::create_directory_symlink(dir / "data/loop-b", dir / "data/mnist");
  std::filesystem::create_directory_symlink(dir / "data/mnist", dir / "data/loop-b");
  const Result loop = cli("run smoothness-feedforward --quick --runs 1 --set datasets=mnist --data-dir " + (dir / "data").string() +
                          " --out " + (dir / "loop-out").string());
  EXPECT_EQ(loop.status, 2) << loop.output;
  EXPECT_EQ(std::count(loop.output.begin(), loop.output.end(), '\n'), 1) << loop.output;
  EXPECT_EQ(loop.output.find("internal error"), std::string::npos) << loop.output;
}

TEST(Cli, AFolderThatCannotBeWrittenIsNamed) {
  if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "needs root and setpriv to run the CLI as an unprivileged user";
  const auto dir = testing::fresh_dir("cli-readonly");
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                        std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                        std::filesystem::perms::others_exec);
  const Result r = shell("setpriv --reuid=65534 --regid=65534 --clear-groups " + std::string(REVERIE_CLI_PATH) + " " + kSmall +
                         "--out " + (dir / "out").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find((dir / "out").string() + ": cannot create the output folder (Permission denied)"), std::string::npos) << r.output;
}

TEST(Cli, AFullDiskIsNamedAndLeavesNoTemporaryFile) {
  const auto dir = testing::fresh_dir("cli-enospc") / "small";
  std::filesystem::create_directories(dir);
  if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=48k") != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root and mount rights): " << std::strerror(errno);
  const Result r = cli(kSmall + "--out " + (dir / "out").string());
  std::vector<std::string> leftovers;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos) leftovers.push_back(e.path().string());
  ::umount(dir.c_str());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("disk full"), std::string::npos) << r.output;
  EXPECT_TRUE(leftovers.empty()) << leftovers.front();
}

// Two writers started at once into one new folder, with different configs: one owns it, the
// other is refused (by the lock, naming the owner's pid, or by the config check if it came
// second), so the folder never holds runs of two configs.
TEST(Cli, ConcurrentRunsIntoOneFolderNeverMixConfigs) {
  const auto dir = testing::fresh_dir("cli-race");
  const std::string base = "run leaky-memory-smoothness --quick --runs 12 --threads 1 --set datasets=synthetic ";
  for (int trial = 0; trial < 4; ++trial) {
    const auto out = dir / ("r" + std::to_string(trial));
    const pid_t a = start_cli(base + "--set learning_rate=0.01 --out " + out.string(), dir / "a.log");
    const pid_t b = start_cli(base + "--set learning_rate=0.05 --out " + out.string(), dir / "b.log");
    const int status_a = wait_status(a), status_b = wait_status(b);
    const std::string log_a = read_file(dir / "a.log"), log_b = read_file(dir / "b.log");
    ASSERT_EQ((status_a == 0) + (status_b == 0), 1) << "both or neither finished:\n" << log_a << "\n" << log_b;
    const std::string& refused = status_a == 0 ? log_b : log_a;
    EXPECT_EQ(status_a == 0 ? status_b : status_a, 2) << refused;
    EXPECT_TRUE(refused.find("(pid ") != std::string::npos || refused.find("different config") != std::string::npos) << refused;
    const auto manifest = nlohmann::json::parse(read_file(out / "manifest.json"));
    EXPECT_EQ(manifest["config"]["learning_rate"].get<double>(), status_a == 0 ? 0.01 : 0.05);
  }
}

TEST(Cli, ManifestNamesTheDataFilesEachDatasetWasReadFrom) {
  const auto dir = testing::fresh_dir("cli-data");
  const auto fashion = image_dataset_dir("fashion-mnist", "");
  const auto mnist = image_dataset_dir("mnist", "");
  if (!std::filesystem::exists(fashion) || !std::filesystem::exists(mnist)) GTEST_SKIP() << "the setup's datasets are missing";
  // The layout: loose MNIST files beside a fashion-mnist/ folder.
  std::filesystem::create_directories(dir / "data/fashion-mnist");
  for (const auto& e : std::filesystem::directory_iterator(mnist)) std::filesystem::copy(e.path(), dir / "data");
  for (const auto& e : std::filesystem::directory_iterator(fashion)) std::filesystem::copy(e.path(), dir / "data/fashion-mnist");
  const Result r = cli("run smoothness-feedforward --quick --runs 1 --set datasets=fashion-mnist --set train_items=200 "
                       "--set test_items=100 --set evaluations=2 --data-dir " + (dir / "data").string() +
                       " --out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto manifest = nlohmann::json::parse(read_file(dir / "out/manifest.json"));
  ASSERT_EQ(manifest["data_files"].size(), 4u) << manifest["data_files"].dump(2);
  for (const auto& f : manifest["data_files"]) {
    EXPECT_EQ(f["dataset"], "fashion-mnist");
    EXPECT_EQ(f["path"].get<std::string>().rfind(std::filesystem::canonical(dir / "data/fashion-mnist").string(), 0), 0u) << f.dump();
    EXPECT_GT(f["bytes"].get<int64_t>(), 0);
  }
}

// OpenBLAS falls back to its SSE3 (Prescott) kernels on CPUs it does not recognise, as on the
// development VM (~4x slower products); the CLI then picks the kernels of the CPU's instruction
// sets itself, and the manifest names the kernels that ran.
TEST(Cli, RunsOpenBlasKernelsForTheCpusInstructionSets) {
  const auto dir = testing::fresh_dir("cli-blas-kernels");
  const Result r = shell("env -u OPENBLAS_CORETYPE " + std::string(REVERIE_CLI_PATH) + " " + kSmall + "--out " + (dir / "out").string());
  ASSERT_EQ(r.status, 0) << r.output;
  const auto machine = nlohmann::json::parse(read_file(dir / "out/manifest.json"))["machine"];
  const std::string kernels = machine["blas_kernels"].get<std::string>();
  if (kernels.empty()) GTEST_SKIP() << "the BLAS is not OpenBLAS";
  if (__builtin_cpu_supports("avx2")) EXPECT_NE(kernels, "Prescott") << machine.dump();
  // A choice the user made stays theirs.
  const Result chosen = shell("env OPENBLAS_CORETYPE=Prescott " + std::string(REVERIE_CLI_PATH) + " " + kSmall + "--out " +
                              (dir / "chosen").string());
  ASSERT_EQ(chosen.status, 0) << chosen.output;
  EXPECT_EQ(nlohmann::json::parse(read_file(dir / "chosen/manifest.json"))["machine"]["blas_kernels"], "Prescott");
}

TEST(Cli, TheDefaultDataFolderNamedExplicitlyResumesTheSameRuns) {
  const auto dir = testing::fresh_dir("cli-default-data");
  const std::string args = kSmall + "--out " + (dir / "out").string();
  ASSERT_EQ(cli(args).status, 0);
  std::filesystem::remove(dir / "out/runs/run-0001.csv");
  const Result r = cli(args + " --data-dir " + default_data_dir().string());
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("reused: 1"), std::string::npos) << r.output;
}

TEST(Cli, AHugeLearningRateIsReportedAsDivergedNotAsResults) {
  const auto dir = testing::fresh_dir("cli-nan");
  const Result r = cli(kSmall + "--set learning_rate=1e308 --out " + (dir / "out").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("every run diverged"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("run 0 diverged: non-finite"), std::string::npos) << r.output;
  EXPECT_NE(read_file(dir / "out/manifest.json").find("\"complete\": false"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "out/results.csv"));
}

TEST(Cli, OtherLabsStopADivergedTrainingAndNameItsCondition) {
  const auto dir = testing::fresh_dir("cli-nan-replay");
  const Result r = cli("run replay-teacher --quick --runs 2 --set learning_rate=1e308 --out " + (dir / "out").string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("run 1 diverged: non-finite mean_loss (nan) in condition teacher-h"), std::string::npos) << r.output;
  // A value no 32-bit float holds is the user's to fix, not an internal error.
  const Result rbm = cli("run rbm-generation --quick --runs 1 --set rbm.learning_rate=1e308 --set checkpoint_dir=" +
                         (dir / "ck").string() + " --out " + (dir / "rbm").string());
  EXPECT_EQ(rbm.status, 2) << rbm.output;
  EXPECT_EQ(rbm.output.find("internal error"), std::string::npos) << rbm.output;
}

TEST(Cli, InterruptSaysWhatFinishedAndHowToResume) {
  const auto dir = testing::fresh_dir("cli-sigint");
  const std::string out = (dir / "out").string();
  const pid_t child = start_cli("run smoothness-feedforward --quick --set datasets=synthetic --runs 24 --threads 1 --out " + out,
                                dir / "log");
  wait_for_file(dir / "out/runs/run-0001.csv");
  ::kill(child, SIGINT);
  EXPECT_EQ(wait_status(child), 128 + SIGINT);
  const std::string log = read_file(dir / "log");
  ASSERT_FALSE(std::filesystem::exists(dir / "out/results.csv")) << "the sweep ended before it could be interrupted";
  EXPECT_NE(log.find("interrupted (SIGINT): "), std::string::npos) << log;
  EXPECT_NE(log.find(" of 24 runs finished and saved in " + out), std::string::npos) << log;
  const std::string resume = log.substr(log.find("resume with: ") + 13);
  EXPECT_NE(resume.find("--out " + out), std::string::npos) << log;
  const Result resumed = cli(resume.substr(resume.find(' ') + 1, resume.find('\n') - resume.find(' ') - 1));
  EXPECT_EQ(resumed.status, 0) << resumed.output;
}

TEST(Cli, UnavailableDeviceIsRefused) {
  EXPECT_EQ(cli(kSmall + "--device tpu").status, 2);
  if (torch::cuda::is_available()) GTEST_SKIP() << "CUDA is available here";
  const Result r = cli(kSmall + "--device cuda");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("no CUDA device"), std::string::npos) << r.output;
}

TEST(Cli, KilledSweepResumesAndMatchesAnUninterruptedOne) {
  const auto dir = testing::fresh_dir("cli-kill");
  const std::string args = "run smoothness-feedforward --quick --set datasets=synthetic --runs 24 --threads 1 --out ";
  ASSERT_EQ(cli(args + (dir / "reference").string()).status, 0);

  const std::string out = (dir / "killed").string();
  const pid_t child = start_cli(args + out, "/dev/null");
  // Kill it once a few runs have finished but before the sweep ends.
  wait_for_file(dir / "killed/runs/run-0002.csv");
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  ASSERT_FALSE(std::filesystem::exists(dir / "killed/results.csv")) << "the sweep ended before it could be killed";
  EXPECT_NE(read_file(dir / "killed/manifest.json").find("\"complete\": false"), std::string::npos);

  const Result resumed = cli(args + out);
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming"), std::string::npos) << resumed.output;
  EXPECT_EQ(read_file(dir / "killed/results.csv"), read_file(dir / "reference/results.csv"));
  EXPECT_EQ(cli("report " + out).status, 0);
}

// Replay lab (seed 002): a user's own item table runs end to end; a malformed one is refused in one line.
TEST(Cli, ReplayLabTakesAnItemTableAndRefusesABadOne) {
  const auto dir = testing::fresh_dir("cli-replay");
  write_file_atomic(dir / "items.csv", "item,big,small,red,blue\nA,1,0,1,0\nB,1,0,0,1\nC,0,1,1,0\nD,0,1,0,1\n");
  write_file_atomic(dir / "bad.csv", "item,big,small\nA,1,0\nB,1,2\n");
  const std::string quick = "run replay-student --quick --runs 1 --set teacher.max_epochs=50,50 --set student.max_epochs=50 ";
  const Result ok = cli(quick + "--set items_csv=" + (dir / "items.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(ok.status, 0) << ok.output;
  EXPECT_NE(read_file(dir / "out/claims.csv").find("injected noise raises"), std::string::npos);
  const Result bad = cli(quick + "--set items_csv=" + (dir / "bad.csv").string() + " --out " + (dir / "bad").string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.output.find("bad.csv:3: attribute 'small' of item 'B' is '2'; expected 0 or 1"), std::string::npos) << bad.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "bad/manifest.json"));

  // A constant row has no correlation with the others: the noise optimum's target cannot be made
  // (it used to end in "Expected a proper Tensor but got None"); the other replay experiments accept it.
  write_file_atomic(dir / "constant.csv", "item,big,small,red,blue\nA,1,0,1,0\nB,1,1,1,1\nC,0,1,1,0\nD,0,1,0,1\n");
  const Result constant = cli("run replay-noise-optimum --quick --runs 1 --set items_csv=" + (dir / "constant.csv").string() +
                              " --out " + (dir / "constant").string());
  EXPECT_EQ(constant.status, 2) << constant.output;
  EXPECT_NE(constant.output.find("config key 'items_csv': item 'B' has every attribute equal"), std::string::npos) << constant.output;
}

}  // namespace
}  // namespace reverie
