#pragma once
#include <string>

namespace reverie {

// A word as a POSIX shell reads it back unchanged: bare when it is safe, else in single quotes.
std::string shell_quoted(const std::string& word);

}  // namespace reverie
