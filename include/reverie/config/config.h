#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace reverie {

enum class ValueType { Integer, Float, Boolean, String, IntegerList, StringList, FloatList };
using Value = std::variant<int64_t, double, bool, std::string, std::vector<int64_t>, std::vector<std::string>,
                           std::vector<double>>;

// A check returns an empty string when the value is acceptable, else what was expected ("> 0").
using ValueCheck = std::function<std::string(const Value&)>;

// Entries a list key may hold unless its schema says otherwise: lists are conditions, layers or
// datasets, and each entry costs a run, a plot series or a network layer.
inline constexpr size_t kDefaultMaxEntries = 64;

struct KeySpec {
  std::string key;  // dotted for TOML tables, e.g. "synthetic.noise"
  ValueType type;
  std::string help;
  ValueCheck check;
  size_t max_entries = kDefaultMaxEntries;  // lists only
};

// The keys an experiment accepts, with their types and the values they may take.
class Schema {
 public:
  Schema& add(std::string key, ValueType type, std::string help, ValueCheck check = {},
             size_t max_entries = kDefaultMaxEntries);
  const KeySpec* find(const std::string& key) const;
  const std::vector<KeySpec>& keys() const { return keys_; }

 private:
  std::vector<KeySpec> keys_;
};

// Common checks.
ValueCheck positive();
ValueCheck non_negative();
ValueCheck in_unit_interval();  // [0, 1]
ValueCheck one_of(std::vector<std::string> allowed);  // for strings and string lists
ValueCheck all_positive();  // integer lists
ValueCheck in_range(double low, double high);  // numbers (or every number of a list) in [low, high]
ValueCheck in_range_below(double low, double high);  // numbers (or every number of a list) in [low, high)
ValueCheck distinct();  // lists without repeated entries
ValueCheck all_of(std::vector<ValueCheck> checks);  // the first failing check's expectation

// A fully resolved configuration: every schema key has a value. Built from the experiment's
// TOML (its [quick] table applied with --quick), then a user file, then --set key=value pairs.
class Config {
 public:
  struct Sources {
    std::string base_toml;
    std::string base_name;  // named in error messages
    bool quick = false;
    std::optional<std::filesystem::path> user_file;
    std::vector<std::string> assignments;  // "key=value"
  };
  static Config resolve(const Schema& schema, const Sources& sources);

  int64_t integer(const std::string& key) const;
  double real(const std::string& key) const;
  bool boolean(const std::string& key) const;
  const std::string& text(const std::string& key) const;
  const std::vector<int64_t>& integers(const std::string& key) const;
  const std::vector<std::string>& strings(const std::string& key) const;
  const std::vector<double>& reals(const std::string& key) const;

  // Programmatic override (tests, sweeps); validated like --set.
  void set(const std::string& key, const std::string& value_text);

  nlohmann::json to_json() const;
  std::string to_toml() const;

 private:
  const Value& get(const std::string& key) const;
  void assign(const std::string& key, const Value& value, const std::string& source);

  const Schema* schema_ = nullptr;
  std::map<std::string, Value> values_;
};

}  // namespace reverie
