// The command line as a user meets it: exit codes, one-line errors, kill and resume.
#include <gtest/gtest.h>
#include <torch/torch.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <thread>

#include "reverie/core/atomic_file.h"
#include "test_helpers.h"

namespace reverie {
namespace {

struct Result {
  int status;
  std::string output;  // stdout and stderr
};

Result cli(const std::string& args) {
  const std::string command = std::string(REVERIE_CLI_PATH) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

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
      {"report " + (dir / "nothing").string(), "no manifest.json"},
      {kSmall + "--set repeats=1,1", "without repeated entries"},
      {kSmall + "--set models=memoryless,memoryless", "without repeated entries"},
      {kSmall + "--set runs=3000000000", "'runs'"},
      {kSmall + "--set learning_rate=inf", "'learning_rate'"},
      {kSmall + "--set hidden_fraction=1e300", "'hidden_fraction'"},
      {kSmall + "--config " + dir.string(), "cannot open config file"},
      {"run", "name is required"},
      {"frobnicate", ""},
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
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl("/bin/sh", "sh", "-c", (std::string("exec ") + REVERIE_CLI_PATH + " " + args + out + " >/dev/null 2>&1").c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it once a few runs have finished but before the sweep ends.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!std::filesystem::exists(dir / "killed/runs/run-0002.csv") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
}

}  // namespace
}  // namespace reverie
