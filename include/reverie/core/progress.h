#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>

namespace reverie {

// Progress of long work, safe to advance from many threads. On a terminal it redraws
// one bar line; otherwise it prints a plain line at every 10% (logs stay readable).
class Progress {
 public:
  Progress(std::string label, int64_t total, std::ostream& out, bool terminal);
  // Uses stderr and detects whether it is a terminal.
  Progress(std::string label, int64_t total);

  void advance(int64_t units = 1);
  // Work counted in the total that needs no time after all (a model loaded from its cache): it
  // leaves the total, so the bar and the time left measure the work still to do.
  void skip(int64_t units);
  void note(const std::string& line);  // a message that does not break the bar
  void finish();

 private:
  void draw(int64_t done, bool force);

  std::string label_;
  std::atomic<int64_t> total_;
  std::ostream& out_;
  bool terminal_;
  std::atomic<int64_t> done_{0};
  std::mutex draw_mutex_;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace reverie
