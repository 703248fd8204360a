#pragma once
#include <string>

namespace reverie {

// The paper figure a report figure reproduces, read from its caption: the tag the caption starts
// with ("Fig. 2a: ...", "A.14: ...", "Sec. 4.1: ...", "Figs. 3B/C: ..."), else the first one it
// cites in parentheses ("... (A.1 left, A.4)" -> "A.1 left"); "" when it names none.
std::string paper_figure_of(const std::string& caption);

}  // namespace reverie
