#pragma once
#include <string>

namespace reverie {

// TEXT with & < > " ' as HTML entities: safe in element text and in quoted attributes.
std::string html_escape(const std::string& text);

}  // namespace reverie
