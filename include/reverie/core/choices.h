#pragma once
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "reverie/core/error.h"

namespace reverie {

// The words of an enum in a config, each written once: the config boundary turns a word into its
// value (SettingsKeys::add with Choices; the schema accepts exactly these words) and reports print
// a value's word back (name_of). The layer that owns the enum owns its words.
template <class E>
using Choices = std::vector<std::pair<std::string, E>>;

// The word of `value` in `choices`.
template <class E>
const std::string& name_of(const Choices<E>& choices, E value) {
  for (const auto& [name, v] : choices)
    if (v == value) return name;
  throw std::logic_error("name_of: a value without a word in its choices");
}

// The value of `word` in `choices`; an InputError naming `what` and the words otherwise.
template <class E>
E value_of(const Choices<E>& choices, const std::string& word, const std::string& what) {
  std::string words;
  for (const auto& [name, value] : choices) {
    if (name == word) return value;
    words += (words.empty() ? "" : " or ") + name;
  }
  throw InputError(what + ": expected " + words + ", got '" + word + "'");
}

// The entries of `choices` named by `words`, in that order: a config that offers only some of them.
template <class E>
Choices<E> only(const Choices<E>& choices, const std::vector<std::string>& words) {
  Choices<E> chosen;
  for (const auto& word : words)
    for (const auto& entry : choices)
      if (entry.first == word) chosen.push_back(entry);
  if (chosen.size() != words.size()) throw std::logic_error("only: a word that is not among the choices");
  return chosen;
}

}  // namespace reverie
