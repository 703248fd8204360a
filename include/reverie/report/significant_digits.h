#pragma once
#include <string>

namespace reverie {

// `text` with each decimal number in it ("0.000747681325 [-0.000338, 0.00184]") shown with at most
// `digits` significant digits ("0.000748 [-0.000338, 0.00184]"), for a page a person reads; the CSV
// files keep full precision. Integers ("8 runs", "60000") and words are left as they are.
std::string with_significant_digits(const std::string& text, int digits = 3);

// The same for the text of an HTML fragment, leaving its tags (and so its links and file names) alone.
std::string html_with_significant_digits(const std::string& html, int digits = 3);

}  // namespace reverie
