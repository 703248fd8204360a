#pragma once
#include <stdexcept>

namespace reverie {

// Bad user input (missing or corrupt file, unknown config key, wrong type, impossible value).
// The CLI prints its message as one line and exits with status 2.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace reverie
