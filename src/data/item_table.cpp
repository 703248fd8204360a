#include "reverie/data/item_table.h"

#include <torch/torch.h>

#include <set>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/trimmed.h"
#include "reverie/data/data_files.h"

namespace reverie {

namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(trimmed(field));
  if (!line.empty() && line.back() == ',') fields.push_back("");
  return fields;
}

}  // namespace

namespace {

ItemTable eight_items(std::vector<std::string> attributes, const std::vector<std::vector<float>>& rows) {
  ItemTable t;
  t.items = {"Oak", "Pine", "Daisy", "Rose", "Salmon", "Sunfish", "Canary", "Robin"};
  t.attributes = std::move(attributes);
  t.values = torch::zeros({t.size(), t.features()});
  for (int64_t i = 0; i < t.size(); ++i)
    for (int64_t a = 0; a < t.features(); ++a) t.values[i][a] = rows[i][a];
  return t;
}

}  // namespace

ItemTable text_items() {
  // Grow Move Roots Fly Swim Bark Petals: trees and flowers grow roots, fish swim, birds fly; then
  // one identity attribute per item.
  std::vector<std::vector<float>> rows = {
      {1, 0, 1, 0, 0, 1, 0}, {1, 0, 1, 0, 0, 1, 0},  // Oak, Pine
      {1, 0, 1, 0, 0, 0, 1}, {1, 0, 1, 0, 0, 0, 1},  // Daisy, Rose
      {1, 1, 0, 0, 1, 0, 0}, {1, 1, 0, 0, 1, 0, 0},  // Salmon, Sunfish
      {1, 1, 0, 1, 0, 0, 0}, {1, 1, 0, 1, 0, 0, 0},  // Canary, Robin
  };
  std::vector<std::string> attributes = {"Grow", "Move", "Roots", "Fly", "Swim", "Bark", "Petals"};
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = 0; j < rows.size(); ++j) rows[i].push_back(i == j ? 1.0f : 0.0f);
  }
  for (const auto& item : {"Oak", "Pine", "Daisy", "Rose", "Salmon", "Sunfish", "Canary", "Robin"}) attributes.push_back(item);
  return eight_items(attributes, rows);
}

ItemTable thesis_code_items() {
  // The code's rows, reordered as text_items' (trees, flowers, fish, birds); its columns' order.
  //                  Fly Grow Leaves Move Petals Red Roots Swim Yellow
  return eight_items({"Fly", "Grow", "Leaves", "Move", "Petals", "Red", "Roots", "Swim", "Yellow"},
                     {{0, 1, 1, 0, 0, 0, 1, 0, 0},    // Oak
                      {0, 1, 0, 0, 0, 0, 1, 0, 0},    // Pine
                      {0, 1, 1, 0, 1, 0, 1, 0, 1},    // Daisy
                      {0, 1, 0, 0, 1, 1, 1, 0, 0},    // Rose
                      {0, 1, 0, 1, 0, 1, 0, 1, 0},    // Salmon
                      {0, 1, 0, 1, 0, 0, 0, 1, 1},    // Sunfish
                      {1, 1, 0, 1, 0, 0, 0, 0, 1},    // Canary
                      {1, 1, 0, 1, 0, 1, 0, 0, 0}});  // Robin
}

namespace {

struct BuiltinItemTable {
  std::string name, words;
  ItemTable (*make)();
};

// Default first.
const std::vector<BuiltinItemTable>& builtin_item_tables() {
  static const std::vector<BuiltinItemTable> tables = {{"thesis-code-9", "the author's code, 8 x 9", thesis_code_items},
                                                       {"text-15", "section 5.1's sentence, 8 x 15", text_items}};
  return tables;
}

}  // namespace

const std::vector<std::string>& builtin_item_table_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& table : builtin_item_tables()) all.push_back(table.name);
    return all;
  }();
  return names;
}

std::string builtin_item_table_choices() {
  std::string choices;
  for (const auto& table : builtin_item_tables()) choices += (choices.empty() ? "" : " or ") + table.name + " (" + table.words + ")";
  return choices;
}

ItemTable builtin_items(const std::string& name, const std::string& key) {
  for (const auto& table : builtin_item_tables())
    if (table.name == name) return table.make();
  throw InputError("config key '" + key + "' = '" + name + "' is not a built-in item table; expected " + builtin_item_table_choices());
}

ItemTable parse_item_table(const std::string& text, const std::string& source) {
  std::istringstream in(text);
  std::string line;
  int line_number = 0;
  ItemTable t;
  std::vector<float> values;
  std::set<std::string> names;
  const auto fail = [&](const std::string& what) {
    throw InputError(source + ":" + std::to_string(line_number) + ": " + what);
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (trimmed(line).empty()) continue;
    const auto fields = split_fields(line);
    if (t.attributes.empty()) {  // the header row
      if (fields.size() < 2) fail("expected a header row 'item,<attribute>,...' with at least one attribute");
      // A first row of data (no header) would otherwise make its values attribute names. Spreadsheets
      // may put a UTF-8 byte order mark before 'item'.
      const std::string first = fields[0].rfind("\xEF\xBB\xBF", 0) == 0 ? fields[0].substr(3) : fields[0];
      if (first != "item") fail("expected a header row starting with 'item', found '" + first + "'");
      t.attributes.assign(fields.begin() + 1, fields.end());
      std::set<std::string> attribute_names;
      for (const auto& a : t.attributes) {
        if (a.empty()) fail("expected a name for every attribute column in the header");
        if (!attribute_names.insert(a).second) fail("attribute '" + a + "' appears twice in the header");
      }
      continue;
    }
    if (fields.size() != t.attributes.size() + 1)
      fail("expected " + std::to_string(t.attributes.size() + 1) + " fields (item name and " +
           std::to_string(t.attributes.size()) + " attributes), found " + std::to_string(fields.size()));
    if (fields[0].empty()) fail("expected an item name in the first field");
    if (!names.insert(fields[0]).second) fail("item '" + fields[0] + "' appears twice");
    t.items.push_back(fields[0]);
    for (size_t a = 1; a < fields.size(); ++a) {
      if (fields[a] != "0" && fields[a] != "1")
        fail("attribute '" + t.attributes[a - 1] + "' of item '" + fields[0] + "' is '" + fields[a] + "'; expected 0 or 1");
      values.push_back(fields[a] == "1" ? 1.0f : 0.0f);
    }
  }
  if (t.attributes.empty()) throw InputError(source + ": empty; expected a header row and at least two items");
  if (t.items.size() < 2) throw InputError(source + ": expected at least two items, found " + std::to_string(t.items.size()));
  t.values = torch::tensor(values).view({t.size(), t.features()});
  return t;
}

ItemTable read_item_table(const std::filesystem::path& path) {
  if (!std::filesystem::is_regular_file(path)) throw InputError(path.string() + ": cannot open (expected a CSV item table)");
  record_data_file("items_csv", path);
  return parse_item_table(read_file(path), path.string());
}

}  // namespace reverie
