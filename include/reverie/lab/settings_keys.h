#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/core/choices.h"

namespace reverie {

// The config type of a settings field: int64_t, double, bool, std::string and their vectors.
template <class T>
constexpr ValueType value_type_of() {
  if constexpr (std::is_same_v<T, int64_t>) return ValueType::Integer;
  else if constexpr (std::is_same_v<T, double>) return ValueType::Float;
  else if constexpr (std::is_same_v<T, bool>) return ValueType::Boolean;
  else if constexpr (std::is_same_v<T, std::string>) return ValueType::String;
  else if constexpr (std::is_same_v<T, std::vector<int64_t>>) return ValueType::IntegerList;
  else if constexpr (std::is_same_v<T, std::vector<double>>) return ValueType::FloatList;
  else if constexpr (std::is_same_v<T, std::vector<std::string>>) return ValueType::StringList;
  else static_assert(sizeof(T) == 0, "a settings field is int64_t, double, bool, std::string or a vector of one");
}

// The value of `key` in `config` as the field's type.
template <class T>
T config_value(const Config& config, const std::string& key) {
  if constexpr (std::is_same_v<T, int64_t>) return config.integer(key);
  else if constexpr (std::is_same_v<T, double>) return config.real(key);
  else if constexpr (std::is_same_v<T, bool>) return config.boolean(key);
  else if constexpr (std::is_same_v<T, std::string>) return config.text(key);
  else if constexpr (std::is_same_v<T, std::vector<int64_t>>) return config.integers(key);
  else if constexpr (std::is_same_v<T, std::vector<double>>) return config.reals(key);
  else return config.strings(key);
}

// The config keys of a settings struct, each declared once: its name, the field it fills, what it
// means and the values it may take (its default is the shipped TOML's). The one declaration fills
// the experiment's schema and reads a resolved config into the struct, so a new key is written in
// the TOML and here, nowhere else. Fields are LibTorch-style TORCH_ARG fields (the declaration
// names the setter, `&Settings::batch_size`) or plain data members (`&Settings::beta1`).
//
//   SettingsKeys<SmoothnessSettings> keys;
//   keys.add("batch_size", &SmoothnessSettings::batch_size, "items per update", in_range(1, 100000));
template <class Settings>
class SettingsKeys {
 public:
  // A TORCH_ARG field, by its setter.
  template <class T>
  SettingsKeys& add(std::string key, Settings& (Settings::*setter)(const T&), std::string help, ValueCheck check = {},
                    size_t max_entries = kDefaultMaxEntries) {
    return declare<T>(std::move(key), std::move(help), std::move(check), max_entries,
                      [setter](Settings& s, T value) { (s.*setter)(std::move(value)); });
  }
  // A plain data member.
  template <class T>
    requires(!std::is_function_v<T>)
  SettingsKeys& add(std::string key, T Settings::*field, std::string help, ValueCheck check = {},
                    size_t max_entries = kDefaultMaxEntries) {
    return declare<T>(std::move(key), std::move(help), std::move(check), max_entries,
                      [field](Settings& s, T value) { s.*field = std::move(value); });
  }
  // A field of a TORCH_ARG part (`&Settings::cd, &CdOptions::k`): an options struct of a lower layer.
  template <class Part, class T>
    requires(!std::is_function_v<T>)
  SettingsKeys& add(std::string key, Part& (Settings::*part)() noexcept, T Part::*field, std::string help, ValueCheck check = {},
                    size_t max_entries = kDefaultMaxEntries) {
    return declare<T>(std::move(key), std::move(help), std::move(check), max_entries,
                      [part, field](Settings& s, T value) { (s.*part)().*field = std::move(value); });
  }
  // A TORCH_ARG field of a TORCH_ARG part (`&Settings::model, &ModelOptions::hidden`).
  template <class Part, class T>
  SettingsKeys& add(std::string key, Part& (Settings::*part)() noexcept, Part& (Part::*setter)(const T&), std::string help,
                    ValueCheck check = {}, size_t max_entries = kDefaultMaxEntries) {
    return declare<T>(std::move(key), std::move(help), std::move(check), max_entries,
                      [part, setter](Settings& s, T value) { ((s.*part)().*setter)(std::move(value)); });
  }
  // A key whose value `store` puts where it belongs (several fields at once): `add<int64_t>(...)`.
  template <class T>
  SettingsKeys& add(std::string key, std::function<void(Settings&, const T&)> store, std::string help, ValueCheck check = {},
                    size_t max_entries = kDefaultMaxEntries) {
    return declare<T>(std::move(key), std::move(help), std::move(check), max_entries,
                      [store = std::move(store)](Settings& s, const T& value) { store(s, value); });
  }
  // A string key whose names stand for values (an enum) of a TORCH_ARG field, or of a part's field.
  template <class E>
  SettingsKeys& add(std::string key, Settings& (Settings::*setter)(const E&), std::string help, Choices<E> choices) {
    return choose(std::move(key), std::move(help), std::move(choices), [setter](Settings& s, E value) { (s.*setter)(value); });
  }
  template <class E>
  SettingsKeys& add(std::string key, E Settings::*field, std::string help, Choices<E> choices) {
    return choose(std::move(key), std::move(help), std::move(choices), [field](Settings& s, E value) { s.*field = value; });
  }
  template <class Part, class E>
  SettingsKeys& add(std::string key, Part& (Settings::*part)() noexcept, E Part::*field, std::string help, Choices<E> choices) {
    return choose(std::move(key), std::move(help), std::move(choices),
                  [part, field](Settings& s, E value) { (s.*part)().*field = value; });
  }
  // A string key whose value `store` puts where it belongs (several fields at once).
  template <class E>
  SettingsKeys& add(std::string key, std::function<void(Settings&, const E&)> store, std::string help, Choices<E> choices) {
    return choose(std::move(key), std::move(help), std::move(choices), [store = std::move(store)](Settings& s, E value) { store(s, value); });
  }
  // A key declared elsewhere (the runner's `seed` and `runs`: add_runner_keys), only read here.
  template <class T>
  SettingsKeys& read(std::string key, Settings& (Settings::*setter)(const T&)) {
    keys_.push_back({KeySpec{key, value_type_of<T>(), "", {}, kDefaultMaxEntries}, [key, setter](Settings& s, const Config& c) {
                       (s.*setter)(config_value<T>(c, key));
                     }, false});
    return *this;
  }
  // A group of keys of the same struct, declared once for several experiments.
  SettingsKeys& add(const SettingsKeys& group) {
    keys_.insert(keys_.end(), group.keys_.begin(), group.keys_.end());
    derived_.insert(derived_.end(), group.derived_.begin(), group.derived_.end());
    return *this;
  }
  // A group of keys declared once for another struct, filling the member `part` (plain data member).
  template <class Part>
  SettingsKeys& add(const SettingsKeys<Part>& group, Part Settings::*part) {
    for (const auto& k : group.keys_)
      keys_.push_back({k.spec, [read = k.read, part](Settings& s, const Config& c) { read(s.*part, c); }, k.in_schema});
    for (const auto& compute : group.derived_)
      derived_.push_back([compute, part](Settings& s, const Config& c) { compute(s.*part, c); });
    return *this;
  }

  // A group of keys declared once for another struct, filling the TORCH_ARG field `part` (by its
  // getter, `&Settings::optimization`).
  template <class Part>
  SettingsKeys& add(const SettingsKeys<Part>& group, Part& (Settings::*part)() noexcept) {
    for (const auto& k : group.keys_)
      keys_.push_back({k.spec, [read = k.read, part](Settings& s, const Config& c) { read((s.*part)(), c); }, k.in_schema});
    for (const auto& compute : group.derived_)
      derived_.push_back([compute, part](Settings& s, const Config& c) { compute((s.*part)(), c); });
    return *this;
  }

  // Fields computed from the whole config once every key is read (e.g. a cache's name from a
  // group of keys); declares no key.
  SettingsKeys& derive(std::function<void(Settings&, const Config&)> compute) {
    derived_.push_back(std::move(compute));
    return *this;
  }

  // Adds every declared key to `schema` (after what it holds: the runner's keys).
  void add_to(Schema& schema) const {
    for (const auto& k : keys_)
      if (k.in_schema) schema.add(k.spec.key, k.spec.type, k.spec.help, k.spec.check, k.spec.max_entries);
  }
  // The settings of a resolved config: every declared key read once.
  Settings read(const Config& config) const {
    Settings s;
    for (const auto& k : keys_) k.read(s, config);
    for (const auto& compute : derived_) compute(s, config);
    return s;
  }

 private:
  template <class>
  friend class SettingsKeys;

  struct Key {
    KeySpec spec;
    std::function<void(Settings&, const Config&)> read;
    bool in_schema = true;  // false: declared elsewhere, only read
  };

  template <class T, class Store>
  SettingsKeys& declare(std::string key, std::string help, ValueCheck check, size_t max_entries, Store store) {
    const std::string name = key;
    keys_.push_back({KeySpec{std::move(key), value_type_of<T>(), std::move(help), std::move(check), max_entries},
                     [name, store](Settings& s, const Config& c) { store(s, config_value<T>(c, name)); }, true});
    return *this;
  }

  template <class E, class Store>
  SettingsKeys& choose(std::string key, std::string help, Choices<E> choices, Store store) {
    std::vector<std::string> names;
    for (const auto& [name, value] : choices) names.push_back(name);
    const std::string what = "config key '" + key + "'";
    return declare<std::string>(std::move(key), std::move(help), one_of(names), kDefaultMaxEntries,
                                [choices = std::move(choices), store, what](Settings& s, const std::string& word) {
                                  store(s, value_of(choices, word, what));  // the schema has accepted the word
                                });
  }

  std::vector<Key> keys_;
  std::vector<std::function<void(Settings&, const Config&)>> derived_;
};

// The keys of a settings struct that has the runner's `seed` and `runs` fields: those two are in
// every experiment's schema already (add_runner_keys), so they are read here, not declared again.
template <class Settings>
SettingsKeys<Settings> settings_keys_with_runner() {
  SettingsKeys<Settings> keys;
  keys.read("seed", &Settings::seed).read("runs", &Settings::runs);
  return keys;
}

}  // namespace reverie
