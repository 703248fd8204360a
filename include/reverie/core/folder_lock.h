#pragma once
#include <filesystem>
#include <memory>

#include "reverie/core/file_lock.h"

namespace reverie {

// One writer owns an output folder at a time: a FileLock on DIR/.reverie-lock. `reverie run`
// holds it for the whole call; a sweep task holds it only while it reads and writes the folder's
// manifest (its runs are claimed one by one instead: run_tasks.h).
class FolderLock {
 public:
  static constexpr const char* kFileName = ".reverie-lock";

  // `dir` must exist. Waits up to `wait_seconds` for another holder to let go, then throws
  // InputError naming the folder and the holder's pid.
  explicit FolderLock(const std::filesystem::path& dir, double wait_seconds = 0);

 private:
  std::unique_ptr<FileLock> lock_;
};

}  // namespace reverie
