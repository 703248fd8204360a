#pragma once
#include <filesystem>
#include <memory>
#include <string>

namespace reverie {

// An advisory lock (flock) on one file, held while this object lives and released by the kernel
// if the process dies, so a kill never leaves a stale lock. The holder's pid is written inside,
// so a refused process can name it.
class FileLock {
 public:
  // Null when another holder (another process, or another FileLock in this one) has it; `holder`
  // then gets the pid written inside ("unknown" if none). InputError when the file cannot be written.
  static std::unique_ptr<FileLock> try_acquire(const std::filesystem::path& file, std::string* holder = nullptr);
  // Whether another holder has `file` now (its pid in `holder`), without writing to it: a reader's
  // check, e.g. the results index's "running". False when the file does not exist.
  static bool is_held(const std::filesystem::path& file, std::string* holder = nullptr);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace reverie
