// Child programs (gnuplot) run with a time limit and end with reverie.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "reverie/core/child_process.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(ChildProcess, ReportsTheExitStatus) {
  const auto dir = testing::fresh_dir("child");
  EXPECT_TRUE(run_child_process({"true"}, dir, 60));
  EXPECT_FALSE(run_child_process({"false"}, dir, 60));
  EXPECT_FALSE(run_child_process({"reverie-no-such-program"}, dir, 60));
}

TEST(ChildProcess, IsKilledAtItsTimeLimit) {
  // `sleep 600` would exit 0; killed at the limit it counts as failed.
  EXPECT_FALSE(run_child_process({"sleep", "600"}, testing::fresh_dir("child-limit"), 0.2));
}

TEST(ChildProcess, IsEndedWithReverie) {
  std::atomic<bool> done{false}, ok{true};
  std::thread waiting([&] {
    ok = run_child_process({"sleep", "600"}, testing::fresh_dir("child-kill"), 3600);
    done = true;
  });
  while (!done) {  // until the child has started and been ended (as the CLI does on SIGINT)
    kill_child_processes();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  waiting.join();
  EXPECT_FALSE(ok);
}

}  // namespace
}  // namespace reverie
