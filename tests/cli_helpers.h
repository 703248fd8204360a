#pragma once
// The CLI as a user runs it, for tests: a command line with its output and exit status, or a
// background process to interrupt. REVERIE_CLI_PATH is set by tests/CMakeLists.txt.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>

namespace reverie::testing {

struct Result {
  int status;
  std::string output;  // stdout and stderr
};

// A shell command line with its stdout and stderr.
inline Result shell(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string output;
  std::array<char, 4096> buf;
  while (size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

inline Result cli(const std::string& args) { return shell(std::string(REVERIE_CLI_PATH) + " " + args); }

// Starts the CLI in the background (stdout and stderr into `log`); returns its pid.
inline pid_t start_cli(const std::string& args, const std::filesystem::path& log) {
  const pid_t child = ::fork();
  if (child == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + std::string(REVERIE_CLI_PATH) + " " + args + " >" + log.string() + " 2>&1").c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return child;
}

// Waits until `path` exists (a run has finished), at most two minutes.
inline void wait_for_file(const std::filesystem::path& path) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!std::filesystem::exists(path) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

inline int wait_status(pid_t child) {
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace reverie::testing
