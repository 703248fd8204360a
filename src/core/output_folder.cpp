#include "reverie/core/output_folder.h"

#include <cstdio>

#include "reverie/core/folder_lock.h"

namespace reverie {

std::string OutputFolder::numbered(const std::string& prefix, int run, const std::string& extension) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%04d", run);
  return prefix + "-" + digits + "." + extension;
}

bool OutputFolder::is_bookkeeping(const std::filesystem::path& name) {
  return name == FolderLock::kFileName || name == kTasks || name == kCheckpoints;
}

}  // namespace reverie
