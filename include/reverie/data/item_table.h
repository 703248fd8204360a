#pragma once
#include <torch/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace reverie {

// A binary item x attribute table (seed 002 section 5.1): one row per item, entries 0 or 1.
struct ItemTable {
  std::vector<std::string> items;       // row names, e.g. "Oak"
  std::vector<std::string> attributes;  // column names, e.g. "Grow"
  torch::Tensor values;                 // [items x attributes] float32, entries 0 or 1

  int64_t size() const { return static_cast<int64_t>(items.size()); }
  int64_t features() const { return static_cast<int64_t>(attributes.size()); }
};

// The 8-item hierarchical dataset adapted from Rogers & McClelland (2004): Oak, Pine, Daisy,
// Rose, Salmon, Sunfish, Canary, Robin with the attributes Grow, Move, Roots, Fly, Swim, Bark,
// Petals and one identity attribute per item (the 8x8 identity block), 15 columns in all.
ItemTable hierarchical_items();

// Parses CSV text: a header row "item,<attribute>,..." then one row "<name>,0,1,..." per item.
// Anything malformed throws InputError with one line naming `source`, the line and what was expected.
ItemTable parse_item_table(const std::string& text, const std::string& source);

// Reads a CSV file in parse_item_table's format (InputError when it cannot be opened).
ItemTable read_item_table(const std::filesystem::path& path);

}  // namespace reverie
