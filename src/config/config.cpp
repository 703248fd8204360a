#include "reverie/config/config.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <toml++/toml.h>

#include "reverie/core/error.h"

namespace reverie {

namespace {

const char* type_name(ValueType t) {
  switch (t) {
    case ValueType::Integer: return "an integer";
    case ValueType::Float: return "a number";
    case ValueType::Boolean: return "true or false";
    case ValueType::String: return "a string";
    case ValueType::IntegerList: return "a list of integers";
    case ValueType::StringList: return "a list of strings";
    case ValueType::FloatList: return "a list of numbers";
  }
  return "?";
}

// Converts a TOML node to the schema's type; nullopt when the type does not fit.
std::optional<Value> convert(const toml::node& node, ValueType type) {
  switch (type) {
    case ValueType::Integer:
      if (auto v = node.value_exact<int64_t>()) return Value{*v};
      return std::nullopt;
    case ValueType::Float:
      if (node.is_integer()) {
        // 0x10, 0o20 and 0b10000 are TOML integers, but nobody writes a rate or a noise level so.
        if (node.as_integer()->flags() != toml::value_flags::none) return std::nullopt;
        return Value{static_cast<double>(*node.value<int64_t>())};
      }
      if (auto v = node.value_exact<double>()) return Value{*v};
      return std::nullopt;
    case ValueType::Boolean:
      if (auto v = node.value_exact<bool>()) return Value{*v};
      return std::nullopt;
    case ValueType::String:
      if (auto v = node.value_exact<std::string>()) return Value{*v};
      return std::nullopt;
    case ValueType::IntegerList: {
      const auto* arr = node.as_array();
      if (!arr) return std::nullopt;
      std::vector<int64_t> out;
      for (const auto& item : *arr) {
        auto v = item.value_exact<int64_t>();
        if (!v) return std::nullopt;
        out.push_back(*v);
      }
      return Value{out};
    }
    case ValueType::FloatList: {
      const auto* arr = node.as_array();
      if (!arr) return std::nullopt;
      std::vector<double> out;
      for (const auto& item : *arr) {
        auto v = convert(item, ValueType::Float);
        if (!v) return std::nullopt;
        out.push_back(std::get<double>(*v));
      }
      return Value{out};
    }
    case ValueType::StringList: {
      const auto* arr = node.as_array();
      if (!arr) return std::nullopt;
      std::vector<std::string> out;
      for (const auto& item : *arr) {
        auto v = item.value_exact<std::string>();
        if (!v) return std::nullopt;
        out.push_back(*v);
      }
      return Value{out};
    }
  }
  return std::nullopt;
}

// Flattens nested tables into dotted keys, skipping the top-level [quick] table.
void flatten(const toml::table& table, const std::string& prefix, std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (prefix.empty() && key == "quick") continue;
    if (const auto* sub = node.as_table()) flatten(*sub, key, out);
    else out.emplace_back(key, &node);
  }
}

toml::table parse_toml(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << name << ":" << e.source().begin.line << ": invalid TOML: " << e.description();
    throw InputError(msg.str());
  }
}

// The shortest text that reads back as the same double ("-0.1", not "-0.10000000000000001"),
// with ".0" on whole numbers so that it stays a TOML float ("-1.0").
std::string number_text(double x) {
  char buf[32];
  std::string text(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
  if (text.find_first_of(".en") == std::string::npos) text += ".0";  // 'n': inf and nan
  return text;
}

// Bounds as people write them: 100000, not 1e+05.
std::string bound_text(double x) {
  if (x == std::floor(x) && std::abs(x) < 1e15) return std::to_string(static_cast<int64_t>(x));
  return number_text(x);
}

size_t entries_of(const Value& v) {
  return std::visit(
      [](const auto& x) -> size_t {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string> || std::is_arithmetic_v<T>) return 0;
        else return x.size();
      },
      v);
}

bool all_finite(const Value& v) {
  if (auto d = std::get_if<double>(&v)) return std::isfinite(*d);
  if (auto l = std::get_if<std::vector<double>>(&v))
    return std::all_of(l->begin(), l->end(), [](double x) { return std::isfinite(x); });
  return true;
}

std::string value_to_toml(const Value& v) {
  std::ostringstream out;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string>) out << toml::value<std::string>(x);
        else if constexpr (std::is_same_v<T, bool>) out << (x ? "true" : "false");
        else if constexpr (std::is_same_v<T, double>) out << number_text(x);
        else if constexpr (std::is_same_v<T, int64_t>) out << x;
        else {
          out << "[";
          for (size_t i = 0; i < x.size(); ++i) {
            if (i) out << ", ";
            if constexpr (std::is_same_v<T, std::vector<std::string>>) out << toml::value<std::string>(x[i]);
            else if constexpr (std::is_same_v<T, std::vector<double>>) out << number_text(x[i]);
            else out << x[i];
          }
          out << "]";
        }
      },
      v);
  return out.str();
}

}  // namespace

Schema& Schema::add(std::string key, ValueType type, std::string help, ValueCheck check, size_t max_entries) {
  keys_.push_back({std::move(key), type, std::move(help), std::move(check), max_entries});
  return *this;
}

const KeySpec* Schema::find(const std::string& key) const {
  for (const auto& k : keys_)
    if (k.key == key) return &k;
  return nullptr;
}

ValueCheck positive() {
  return [](const Value& v) -> std::string {
    if (auto i = std::get_if<int64_t>(&v)) return *i > 0 ? "" : "a value > 0";
    if (auto d = std::get_if<double>(&v)) return *d > 0 && std::isfinite(*d) ? "" : "a finite value > 0";
    return "";
  };
}

ValueCheck non_negative() {
  return [](const Value& v) -> std::string {
    if (auto i = std::get_if<int64_t>(&v)) return *i >= 0 ? "" : "a value >= 0";
    if (auto d = std::get_if<double>(&v)) return *d >= 0 && std::isfinite(*d) ? "" : "a finite value >= 0";
    return "";
  };
}

namespace {

// The numbers of a number or a list of numbers.
std::vector<double> numbers_of(const Value& v) {
  if (auto l = std::get_if<std::vector<double>>(&v)) return *l;
  if (auto l = std::get_if<std::vector<int64_t>>(&v)) return {l->begin(), l->end()};
  return {std::holds_alternative<int64_t>(v) ? static_cast<double>(std::get<int64_t>(v)) : std::get<double>(v)};
}

}  // namespace

ValueCheck in_range(double low, double high) {
  return [low, high](const Value& v) -> std::string {
    const auto xs = numbers_of(v);
    if (std::all_of(xs.begin(), xs.end(), [&](double x) { return x >= low && x <= high; })) return "";
    return "a value in [" + bound_text(low) + ", " + bound_text(high) + "]";
  };
}

ValueCheck in_range_below(double low, double high) {
  return [low, high](const Value& v) -> std::string {
    const auto xs = numbers_of(v);
    if (std::all_of(xs.begin(), xs.end(), [&](double x) { return x >= low && x < high; })) return "";
    return "a value in [" + bound_text(low) + ", " + bound_text(high) + ")";
  };
}

ValueCheck distinct() {
  return [](const Value& v) -> std::string {
    const auto has_repeat = [](auto list) {
      std::sort(list.begin(), list.end());
      return std::adjacent_find(list.begin(), list.end()) != list.end();
    };
    if (auto l = std::get_if<std::vector<int64_t>>(&v)) return has_repeat(*l) ? "a list without repeated entries" : "";
    if (auto l = std::get_if<std::vector<std::string>>(&v)) return has_repeat(*l) ? "a list without repeated entries" : "";
    return "";
  };
}

ValueCheck all_of(std::vector<ValueCheck> checks) {
  return [checks](const Value& v) -> std::string {
    for (const auto& check : checks)
      if (auto expected = check(v); !expected.empty()) return expected;
    return "";
  };
}

ValueCheck in_unit_interval() {
  return [](const Value& v) -> std::string {
    const double d = std::get<double>(v);
    return d >= 0 && d <= 1 ? "" : "a value in [0, 1]";
  };
}

ValueCheck one_of(std::vector<std::string> allowed) {
  return [allowed](const Value& v) -> std::string {
    std::vector<std::string> given;
    if (auto s = std::get_if<std::string>(&v)) given = {*s};
    if (auto l = std::get_if<std::vector<std::string>>(&v)) given = *l;
    for (const auto& g : given) {
      if (std::find(allowed.begin(), allowed.end(), g) == allowed.end()) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        return "one of: " + list;
      }
    }
    return "";
  };
}

ValueCheck all_positive() {
  return [](const Value& v) -> std::string {
    const auto& l = std::get<std::vector<int64_t>>(v);
    if (l.empty()) return "a non-empty list of integers > 0";
    for (auto x : l)
      if (x <= 0) return "a non-empty list of integers > 0";
    return "";
  };
}

void Config::assign(const std::string& key, const Value& value, const std::string& source) {
  const KeySpec* spec = schema_->find(key);
  if (!spec) throw InputError(source + ": unknown config key '" + key + "'");
  // Before the checks, which would otherwise walk (and print) a list of any length.
  if (const size_t n = entries_of(value); n > spec->max_entries)
    throw InputError(source + ": config key '" + key + "': at most " + std::to_string(spec->max_entries) + " entries, got " +
                     std::to_string(n));
  // inf and nan are TOML floats, but no key means them.
  if (!all_finite(value))
    throw InputError(source + ": config key '" + key + "' = " + value_to_toml(value) + " is impossible: expected a finite number");
  if (spec->check) {
    const std::string expected = spec->check(value);
    if (!expected.empty())
      throw InputError(source + ": config key '" + key + "' = " + value_to_toml(value) + " is impossible: expected " + expected);
  }
  values_[key] = value;
}

Config Config::resolve(const Schema& schema, const Sources& sources) {
  Config config;
  config.schema_ = &schema;
  auto apply_table = [&](Config& target, const toml::table& table, const std::string& name) {
    std::vector<std::pair<std::string, const toml::node*>> entries;
    flatten(table, "", entries);
    for (const auto& [key, node] : entries) {
      const KeySpec* spec = schema.find(key);
      if (!spec) throw InputError(name + ": unknown config key '" + key + "'");
      auto value = convert(*node, spec->type);
      if (!value) throw InputError(name + ": config key '" + key + "' has the wrong type: expected " + type_name(spec->type));
      target.assign(key, *value, name);
    }
  };
  // A file's top level, then its [quick] table: checked as strictly always, applied with --quick only
  // (a mistyped key there would otherwise wait, silently, for the day it is used).
  auto apply_file = [&](const toml::table& file, const std::string& name) {
    apply_table(config, file, name);
    if (!file.contains("quick")) return;
    const auto* quick = file["quick"].as_table();
    if (!quick) throw InputError(name + ": 'quick' must be a table ([quick]) of config keys");
    if (quick->contains("quick")) throw InputError(name + " [quick]: a [quick] table inside [quick] (write its keys in [quick] itself)");
    Config checked_only = config;
    apply_table(sources.quick ? config : checked_only, *quick, name + " [quick]");
  };
  const toml::table base = parse_toml(sources.base_toml, sources.base_name);
  apply_file(base, sources.base_name);
  if (sources.user_file) {
    std::ifstream probe(*sources.user_file);
    if (!probe || !std::filesystem::is_regular_file(*sources.user_file))
      throw InputError(sources.user_file->string() + ": cannot open config file");
    std::stringstream text;
    text << probe.rdbuf();
    const toml::table user = parse_toml(text.str(), sources.user_file->string());
    apply_file(user, sources.user_file->string());
  }
  for (const auto& a : sources.assignments) {
    // Without '=', "--set learning_rate" would read as an empty value for learning_rate.
    const auto eq = a.find('=');
    if (eq == std::string::npos) throw InputError("--set " + a + ": expected key=value");
    config.set(a.substr(0, eq), a.substr(eq + 1));
  }
  for (const auto& spec : schema.keys())
    if (!config.values_.count(spec.key))
      throw InputError(sources.base_name + ": config key '" + spec.key + "' is missing (expected " + type_name(spec.type) + ")");
  return config;
}

void Config::set(const std::string& key, const std::string& value_text) {
  // A long list is cut short here, so that its error stays a readable line.
  std::string source = "--set " + key + "=" + value_text.substr(0, 40);
  if (value_text.size() > 40) source += "...";
  const KeySpec* spec = schema_->find(key);
  if (!spec) throw InputError(source + ": unknown config key '" + key + "'");
  std::string text = value_text;
  // Lists may be given bare ("1,3,5" or "mnist,synthetic"); strings may be given unquoted.
  const bool is_list =
      spec->type == ValueType::IntegerList || spec->type == ValueType::StringList || spec->type == ValueType::FloatList;
  if (is_list && (text.empty() || text.front() != '[')) {
    std::string items, item;
    std::stringstream ss(text);
    while (std::getline(ss, item, ','))
      items += (items.empty() ? "" : ",") + (spec->type == ValueType::StringList ? "\"" + item + "\"" : item);
    text = "[" + items + "]";
  }
  if (spec->type == ValueType::String && (text.empty() || text.front() != '"')) text = "\"" + text + "\"";
  toml::table parsed;
  try {
    parsed = toml::parse("v = " + text);
  } catch (const toml::parse_error&) {
    throw InputError(source + ": config key '" + key + "' has the wrong type: expected " + type_name(spec->type));
  }
  auto value = convert(*parsed.get("v"), spec->type);
  if (!value) throw InputError(source + ": config key '" + key + "' has the wrong type: expected " + type_name(spec->type));
  assign(key, *value, source);
}

const Value& Config::get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw std::logic_error("config key not in schema: " + key);
  return it->second;
}

int64_t Config::integer(const std::string& key) const { return std::get<int64_t>(get(key)); }
double Config::real(const std::string& key) const { return std::get<double>(get(key)); }
bool Config::boolean(const std::string& key) const { return std::get<bool>(get(key)); }
const std::string& Config::text(const std::string& key) const { return std::get<std::string>(get(key)); }
const std::vector<int64_t>& Config::integers(const std::string& key) const { return std::get<std::vector<int64_t>>(get(key)); }
const std::vector<double>& Config::reals(const std::string& key) const { return std::get<std::vector<double>>(get(key)); }
const std::vector<std::string>& Config::strings(const std::string& key) const {
  return std::get<std::vector<std::string>>(get(key));
}

nlohmann::json Config::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : values_) std::visit([&](const auto& x) { j[k] = x; }, v);
  return j;
}

std::string Config::to_toml() const {
  std::string out;
  for (const auto& spec : schema_->keys()) {
    out += "# " + spec.help + "\n";
    out += spec.key + " = " + value_to_toml(values_.at(spec.key)) + "\n";
  }
  return out;
}

}  // namespace reverie
