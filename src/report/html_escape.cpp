#include "reverie/report/html_escape.h"

namespace reverie {

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;  // attributes are quoted with ' (alt='caption')
      default: out += c;
    }
  }
  return out;
}

}  // namespace reverie
