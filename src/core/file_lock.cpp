#include "reverie/core/file_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "reverie/core/error.h"

namespace reverie {

namespace {

// The pid a holder wrote into the lock file; closes fd.
std::string holder_pid(int fd) {
  char owner[32] = {0};
  const ssize_t n = ::pread(fd, owner, sizeof owner - 1, 0);
  ::close(fd);
  std::string pid = n > 0 ? std::string(owner, static_cast<size_t>(n)) : "unknown";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

}  // namespace

std::unique_ptr<FileLock> FileLock::try_acquire(const std::filesystem::path& file, std::string* holder) {
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError(file.parent_path().string() + ": cannot write into this folder (" + std::strerror(errno) + ")");
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const std::string pid = holder_pid(fd);
    if (holder) *holder = pid;
    return nullptr;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    const int error = errno;
    ::close(fd);
    throw InputError(file.string() + ": cannot write this lock file (" + std::strerror(error) + ")");
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

bool FileLock::is_held(const std::filesystem::path& file, std::string* holder) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {  // a shared lock is refused only while someone holds it exclusively
    const std::string pid = holder_pid(fd);
    if (holder) *holder = pid;
    return true;
  }
  ::close(fd);  // releases the shared lock at once
  return false;
}

FileLock::~FileLock() { ::close(fd_); }  // closing releases the flock

}  // namespace reverie
