#pragma once
#include <string>

namespace reverie {

// What built this binary (generated at build time by cmake/BuildIdentity.cmake).
const char* build_sources_sha256();  // SHA-256 over every source compiled in: decides resumability
const char* build_git_commit();      // "unknown" outside a git checkout
const char* build_git_dirty();       // "true", "false" or "unknown": uncommitted changes to the sources

// "0.1.0, sources 1a2b3c4d5e6f, git 0123abcd (dirty)": one line for --version and messages.
std::string build_identity_line();

}  // namespace reverie
