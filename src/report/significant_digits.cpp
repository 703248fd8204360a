#include "reverie/report/significant_digits.h"

#include <cmath>
#include <cstdio>
#include <regex>

namespace reverie {

std::string with_significant_digits(const std::string& text, int digits) {
  // A number with a fraction or an exponent, not glued to a word ("run-0002", "A.14", "v1.2" stay).
  static const std::regex number(R"((^|[^\w.])([-+]?(?:\d+\.\d+|\.\d+|\d+(?:\.\d+)?[eE][-+]?\d+)(?:[eE][-+]?\d+)?)(?![\w.]))");
  std::string out;
  auto begin = text.cbegin();
  for (std::smatch m; std::regex_search(begin, text.cend(), m, number); begin = m[0].second) {
    out.append(begin, m[0].first);
    out += m[1].str();
    const double value = std::stod(m[2].str());
    char buffer[64];
    if (m[2].str()[0] == '+') out += '+';
    // Large values keep their integer digits: 1234.5678 -> 1235, not 1.23e+03.
    if (std::fabs(value) >= std::pow(10.0, digits) && std::fabs(value) < 1e9) std::snprintf(buffer, sizeof buffer, "%.0f", value);
    else std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    out += buffer;
  }
  out.append(begin, text.cend());
  return out;
}

std::string html_with_significant_digits(const std::string& html, int digits) {
  std::string out;
  size_t at = 0;
  while (at < html.size()) {
    const size_t tag = html.find('<', at);
    out += with_significant_digits(html.substr(at, tag == std::string::npos ? std::string::npos : tag - at), digits);
    if (tag == std::string::npos) break;
    const size_t end = html.find('>', tag);
    out += html.substr(tag, end == std::string::npos ? std::string::npos : end + 1 - tag);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

}  // namespace reverie
