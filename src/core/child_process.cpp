#include "reverie/core/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

namespace reverie {

namespace {

// A fixed table of running children, so kill_child_processes needs no lock or allocation.
std::array<std::atomic<pid_t>, 64> running{};

void track(pid_t pid) {
  for (auto& slot : running) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void untrack(pid_t pid) {
  for (auto& slot : running) {
    pid_t expected = pid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

}  // namespace

bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) return false;
  if (child == 0) {
    // The CLI's handlers do not survive exec; gnuplot gets the default signal actions back.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      ::dup2(devnull, STDOUT_FILENO);
      ::dup2(devnull, STDERR_FILENO);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  track(child);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(time_limit_seconds);
  int status = 0;
  auto pause = std::chrono::microseconds(200);
  while (true) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) {  // the child is lost to us: never count that as success
      status = -1;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      status = -1;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
  untrack(child);
  return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void kill_child_processes() {
  for (auto& slot : running)
    if (const pid_t pid = slot.load(); pid > 0) ::kill(pid, SIGKILL);
}

}  // namespace reverie
