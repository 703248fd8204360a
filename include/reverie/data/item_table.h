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

// The thesis's two readings of its 8-item hierarchical dataset (Rogers & McClelland 2004), items
// Oak, Pine, Daisy, Rose, Salmon, Sunfish, Canary, Robin in both:
// "text-15": section 5.1's sentence, the attributes Grow, Move, Roots, Fly, Swim, Bark, Petals and
//   one identity attribute per item (an 8x8 identity block): 8 x 15, rank 8.
ItemTable text_items();
// "thesis-code-9": the author's code (bsc-thesis-ai, datasets.py `small_df`), the attributes Fly,
//   Grow, Leaves, Move, Petals, Red, Roots, Swim, Yellow: 8 x 9, rank 6, as the thesis's Fig. 3
//   ("a shape of (8, 9)") and section 9 (6 nonzero singular values) describe.
ItemTable thesis_code_items();
// The built-in table called `name` ("thesis-code-9" or "text-15"); InputError naming `key` otherwise.
ItemTable builtin_items(const std::string& name, const std::string& key);
// The names builtin_items knows, default first.
const std::vector<std::string>& builtin_item_table_names();
// Those names with a few words each: "thesis-code-9 (the author's code, 8 x 9) or ...".
std::string builtin_item_table_choices();

// Parses CSV text: a header row "item,<attribute>,..." then one row "<name>,0,1,..." per item.
// Anything malformed throws InputError with one line naming `source`, the line and what was expected.
ItemTable parse_item_table(const std::string& text, const std::string& source);

// Reads a CSV file in parse_item_table's format (InputError when it cannot be opened).
ItemTable read_item_table(const std::filesystem::path& path);

}  // namespace reverie
