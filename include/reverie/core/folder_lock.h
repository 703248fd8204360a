#pragma once
#include <filesystem>

namespace reverie {

// One writer owns an output folder: an advisory lock (flock) on DIR/.reverie-lock, held while
// this object lives and released by the kernel if the process dies, so a kill never leaves a
// stale lock. The owner's pid is written inside, so a refused writer can name it.
class FolderLock {
 public:
  static constexpr const char* kFileName = ".reverie-lock";

  // `dir` must exist. Throws InputError naming the folder and the owner's pid when
  // another process (or another FolderLock in this one) holds it.
  explicit FolderLock(const std::filesystem::path& dir);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace reverie
