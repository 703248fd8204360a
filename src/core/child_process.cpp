#include "reverie/core/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
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

// Forks and execs argv in `dir` with the given stdout and stderr (-1: /dev/null); -1 on failure.
pid_t start_child(const std::vector<std::string>& argv, const std::filesystem::path& dir, int out_fd, int err_fd) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    // The CLI's handlers do not survive exec; the child gets the default signal actions back.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a parent killed with SIGKILL takes its children along (the forking thread waits for them)
    if (!dir.empty() && ::chdir(dir.c_str()) != 0) ::_exit(127);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(out_fd >= 0 ? out_fd : devnull, STDOUT_FILENO);
    ::dup2(err_fd >= 0 ? err_fd : devnull, STDERR_FILENO);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  track(child);
  return child;
}

// Waits for `child` until the deadline (then kills it); its exit status, or -1.
int wait_for_child(pid_t child, std::chrono::steady_clock::time_point deadline) {
  int status = 0;
  auto pause = std::chrono::microseconds(200);
  while (true) {
    const pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) break;
    if (done < 0 && errno != EINTR) {  // the child is lost to us: never count that as success
      untrack(child);
      return -1;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(child, SIGKILL);
      ::waitpid(child, &status, 0);
      untrack(child);
      return -1;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
  untrack(child);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::chrono::steady_clock::time_point deadline_after(double seconds) {
  seconds = std::min(seconds, 1e9);  // "no limit" (infinity) would overflow the clock's integer ticks into the past
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace

bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds) {
  const pid_t child = start_child(argv, dir, -1, -1);
  return child > 0 && wait_for_child(child, deadline_after(time_limit_seconds)) == 0;
}

bool run_child_process(const std::vector<std::string>& argv, const std::filesystem::path& dir, double time_limit_seconds,
                       const std::filesystem::path& log_file) {
  const int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return false;
  const pid_t child = start_child(argv, dir, log, log);
  ::close(log);
  return child > 0 && wait_for_child(child, deadline_after(time_limit_seconds)) == 0;
}

ChildOutput capture_child_process(const std::vector<std::string>& argv, double time_limit_seconds) {
  ChildOutput result;
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    return result;
  }
  const pid_t child = start_child(argv, {}, out_pipe[1], err_pipe[1]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  const auto deadline = deadline_after(time_limit_seconds);
  // Read both pipes until the child closes them, so a chatty child never blocks on a full pipe.
  std::array<pollfd, 2> fds{{{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&result.out, &result.err};
  int open_pipes = child > 0 ? 2 : 0;
  while (open_pipes > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) break;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) ::close(f.fd);
  if (child > 0) result.exit_status = wait_for_child(child, deadline);
  return result;
}

void kill_child_processes() {
  for (auto& slot : running)
    if (const pid_t pid = slot.load(); pid > 0) ::kill(pid, SIGKILL);
}

bool program_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string folders = path ? path : "";
  for (size_t start = 0; start <= folders.size();) {
    size_t end = folders.find(':', start);
    if (end == std::string::npos) end = folders.size();
    const std::filesystem::path file = std::filesystem::path(end > start ? folders.substr(start, end - start) : ".") / name;
    if (::access(file.c_str(), X_OK) == 0 && !std::filesystem::is_directory(file)) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace reverie
