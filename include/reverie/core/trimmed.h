#pragma once
#include <string>

namespace reverie {

// `text` without its leading and trailing blanks (spaces, tabs, carriage returns): what a user
// typed around a value ("0.3, 0.5", "A , 1") is not part of it.
std::string trimmed(const std::string& text);

}  // namespace reverie
