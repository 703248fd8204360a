#include "reverie/core/folder_lock.h"

#include <chrono>
#include <string>
#include <thread>

#include "reverie/core/error.h"

namespace reverie {

FolderLock::FolderLock(const std::filesystem::path& dir, double wait_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  std::string holder;
  while (!(lock_ = FileLock::try_acquire(dir / kFileName, &holder))) {
    if (std::chrono::steady_clock::now() >= deadline)
      throw InputError(dir.string() + ": another reverie process (pid " + holder +
                       ") is writing into this folder; wait for it to end or choose another --out");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace reverie
