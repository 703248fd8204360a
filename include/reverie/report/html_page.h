#pragma once
#include <string>

namespace reverie {

// An HTML page in the reports' one style: doctype, title, stylesheet and `body`.
std::string html_page(const std::string& title, const std::string& body);

}  // namespace reverie
