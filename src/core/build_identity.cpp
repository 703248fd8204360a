#include "reverie/core/build_identity.h"

namespace reverie {

std::string build_identity_line() {
  const std::string commit = build_git_commit();
  const std::string dirty = build_git_dirty();
  return std::string(REVERIE_VERSION) + ", sources " + std::string(build_sources_sha256()).substr(0, 12) + ", git " +
         (commit == "unknown" ? commit : commit.substr(0, 12)) + (dirty == "true" ? " (dirty)" : "");
}

}  // namespace reverie
