#include "reverie/core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "reverie/core/error.h"

namespace reverie {

namespace {

// Why a write failed, as a user reads it: the full disk named as such.
InputError write_error(const std::filesystem::path& path, int error) {
  if (error == ENOSPC || error == EDQUOT) return InputError(path.string() + ": disk full (nothing written; free space and resume)");
  return InputError(path.string() + ": cannot write (" + std::strerror(error) + ")");
}

}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  static std::atomic<unsigned> counter{0};
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw InputError(path.parent_path().string() + ": cannot create folder (" + ec.message() + ")");
  }
  const auto tmp = path.string() + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw write_error(path, errno);
  // On any failure the temporary file goes: a failed write leaves nothing behind.
  bool open = true;
  const auto fail = [&](int error) {
    if (open) ::close(fd);
    ::unlink(tmp.c_str());
    return write_error(path, error);
  };
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw fail(n < 0 ? errno : ENOSPC);
    written += static_cast<size_t>(n);
  }
  // The rename must not land before the data does, nor survive a crash without its directory entry.
  if (::fsync(fd) != 0) throw fail(errno);
  open = false;
  if (::close(fd) != 0) throw fail(errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) throw fail(errno);
  const auto parent = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (const int dir = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace reverie
