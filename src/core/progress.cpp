#include "reverie/core/progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace reverie {

Progress::Progress(std::string label, int64_t total, std::ostream& out, bool terminal)
    : label_(std::move(label)), total_(std::max<int64_t>(total, 1)), out_(out), terminal_(terminal),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::Progress(std::string label, int64_t total)
    : Progress(std::move(label), total, std::cerr, ::isatty(STDERR_FILENO) != 0) {}

void Progress::advance(int64_t units) { draw(done_ += units, false); }

void Progress::skip(int64_t units) {
  int64_t total = total_.load();
  while (!total_.compare_exchange_weak(total, std::max<int64_t>(total - units, 1))) {
  }
  draw(done_.load(), false);
}

void Progress::note(const std::string& line) {
  std::lock_guard lock(draw_mutex_);
  if (terminal_) out_ << "\r\033[K";
  out_ << line << "\n";
  out_.flush();
}

void Progress::finish() {
  draw(done_.load(), true);
  if (terminal_) {
    std::lock_guard lock(draw_mutex_);
    out_ << "\n";
  }
}

void Progress::draw(int64_t done, bool force) {
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() && !force) return;  // another thread is drawing; skip, never block the work
  if (!lock.owns_lock()) lock.lock();
  const auto now = std::chrono::steady_clock::now();
  const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_.load()));
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  char tail[96];
  std::snprintf(tail, sizeof tail, "%5.1f%%  %.0fs elapsed, ~%.0fs left", 100 * fraction, elapsed, eta);
  if (terminal_) {
    if (!force && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const int width = 30, filled = static_cast<int>(fraction * width);
    out_ << "\r\033[K" << label_ << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "] "
         << tail;
    out_.flush();
  } else {
    const int decile = static_cast<int>(fraction * 10);
    if (decile == last_decile_) return;  // one line per 10%, and none repeated by finish()
    last_decile_ = decile;
    out_ << label_ << ": " << tail << "\n";
    out_.flush();
  }
}

}  // namespace reverie
