// The item x attribute tables of the replay lab (seed 002 section 5.1) and their structure.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/analysis/item_structure.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/data/item_table.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(ItemTable, HierarchicalItemsHaveTheThesisAttributes) {
  const auto t = text_items();
  ASSERT_EQ(t.size(), 8);
  ASSERT_EQ(t.features(), 15);
  EXPECT_EQ(t.items.front(), "Oak");
  EXPECT_EQ(t.attributes[6], "Petals");
  EXPECT_EQ(t.attributes[14], "Robin");
  EXPECT_TRUE(torch::equal(t.values.narrow(1, 7, 8), torch::eye(8)));  // the identity block
  EXPECT_EQ(t.values.select(1, 0).sum().item<float>(), 8.0f);           // everything grows
  EXPECT_EQ(t.values[0][5].item<float>(), 1.0f);                        // Oak has bark
  EXPECT_EQ(t.values[7][3].item<float>(), 1.0f);                        // Robin flies
  EXPECT_EQ(t.values.sum().item<float>(), 8.0f * 4.0f);                 // Grow, branch, leaf attribute, identity
}

TEST(ItemTable, TheDefaultTableIsTheAuthorsCodeOfShapeEightByNineAndRankSix) {
  const auto t = builtin_items("thesis-code-9", "items");
  ASSERT_EQ(t.size(), 8);
  ASSERT_EQ(t.features(), 9);  // Fig. 3: "a shape of (8, 9)"
  EXPECT_EQ(t.items, text_items().items);
  EXPECT_EQ(t.attributes, (std::vector<std::string>{"Fly", "Grow", "Leaves", "Move", "Petals", "Red", "Roots", "Swim", "Yellow"}));
  // Section 9: six nonzero singular values; the text's table has eight.
  EXPECT_EQ(at::linalg_matrix_rank(t.values.to(torch::kFloat64)).item<int64_t>(), 6);
  EXPECT_EQ(at::linalg_matrix_rank(text_items().values.to(torch::kFloat64)).item<int64_t>(), 8);
  // Fig. 7's "red-yellow mode": Salmon and Robin are red, Canary and Sunfish yellow.
  const auto red = t.values.select(1, 5), yellow = t.values.select(1, 8);
  EXPECT_EQ(red[4].item<float>() + red[7].item<float>() + yellow[5].item<float>() + yellow[6].item<float>(), 4.0f);
  EXPECT_EQ(t.values.sum().item<float>(), 30.0f);
  EXPECT_TRUE(torch::equal(builtin_items("text-15", "items").values, text_items().values));
  try {
    builtin_items("text-9", "items");
    FAIL() << "an unknown name was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("config key 'items' = 'text-9' is not a built-in item table"), std::string::npos) << e.what();
  }
}

TEST(ItemTable, ParsesACsvTable) {
  const auto t = parse_item_table("item, a, b\nx,1,0\r\n\ny,0,1\n", "t.csv");
  EXPECT_EQ(t.items, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(parse_item_table("\xEF\xBB\xBFitem,a,b\nx,1,0\ny,0,1\n", "t.csv").attributes, t.attributes);  // a spreadsheet's BOM
  EXPECT_EQ(t.attributes, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(torch::equal(t.values, torch::eye(2)));
}

// Each table text must be refused with one line holding its expected fragment.
void expect_refused(const std::vector<std::pair<std::string, std::string>>& cases) {
  for (const auto& [text, expected] : cases) {
    try {
      parse_item_table(text, "t.csv");
      ADD_FAILURE() << "accepted: " << text;
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(expected), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(ItemTable, RefusesMalformedTablesWithOneLineNamingThePlace) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "t.csv: empty"},
      {"item\n", "t.csv:1: expected a header row"},
      {"item,a,b\nx,1,0\n", "expected at least two items, found 1"},
      {"item,a,b\nx,1,0\ny,1\n", "t.csv:3: expected 3 fields"},
      {"item,a,b\nx,1,0\ny,1,0,1\n", "t.csv:3: expected 3 fields"},
      {"item,a,b\nx,1,0\ny,1,0.5\n", "t.csv:3: attribute 'b' of item 'y' is '0.5'; expected 0 or 1"},
      {"item,a,b\nx,1,0\nx,0,1\n", "t.csv:3: item 'x' appears twice"},
      {"item,a,\nx,1,0\n", "t.csv:1: expected a name for every attribute"},
      {"item,a,b\n,1,0\n", "t.csv:2: expected an item name"},
  };
  expect_refused(cases);
  EXPECT_THROW(read_item_table(testing::fresh_dir("items") / "absent.csv"), InputError);
}

TEST(ItemTable, RefusesARepeatedAttributeAndAHeaderNotStartingWithItem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"item,a,b,a\nx,1,0,1\ny,0,1,0\n", "t.csv:1: attribute 'a' appears twice in the header"},
      {"name,a,b\nx,1,0\ny,0,1\n", "t.csv:1: expected a header row starting with 'item', found 'name'"},
      {"\nx,1,0\ny,0,1\nz,1,1\n", "t.csv:2: expected a header row starting with 'item', found 'x'"},
  };
  expect_refused(cases);
}

TEST(ItemTable, ReadsAFile) {
  const auto path = testing::fresh_dir("items") / "t.csv";
  write_file_atomic(path, "item,a,b,c\np,1,1,0\nq,0,1,1\nr,1,0,1\n");
  const auto t = read_item_table(path);
  EXPECT_EQ(t.size(), 3);
  EXPECT_EQ(t.values[2][2].item<float>(), 1.0f);
}

TEST(ItemStructure, SvdReconstructsAndCorrelationIsPearson) {
  const auto t = text_items();
  const auto m = item_modes(t.values);
  ASSERT_EQ(m.singular_values.size(0), 8);
  const auto rebuilt = m.feature_synthesizer.matmul(torch::diag(m.singular_values)).matmul(m.object_analyzer);
  EXPECT_TRUE(torch::allclose(rebuilt, t.values.t().to(torch::kFloat64), 1e-9, 1e-9));
  // Grow, shared by every item, carries the largest mode (the thesis's reading of Fig. 4).
  EXPECT_GT(m.singular_values[0].item<double>(), m.singular_values[1].item<double>());
  const auto c = item_correlation(t.values);
  EXPECT_TRUE(torch::allclose(c.diagonal(), torch::ones({8}, torch::kFloat64)));
  // Oak and Pine share 3 of 4 attributes (Grow, Roots, Bark) of 15: Pearson by hand.
  const double mean = 4.0 / 15.0, cov = 3.0 / 15.0 - mean * mean, var = 4.0 / 15.0 - mean * mean;
  EXPECT_NEAR(c[0][1].item<double>(), cov / var, 1e-12);
  EXPECT_GT(c[0][1].item<double>(), c[0][2].item<double>());  // tree-tree above tree-flower
  EXPECT_GT(c[0][2].item<double>(), c[0][4].item<double>());  // plant-plant above plant-animal
  const auto s = min_max_scaled(c);
  EXPECT_DOUBLE_EQ(s.min().item<double>(), 0.0);
  EXPECT_DOUBLE_EQ(s.max().item<double>(), 1.0);
}

// The thesis's code's S: 1 - each row of correlation distances (1 - r) scaled to unit length.
TEST(ItemStructure, TheCodesSimilarityIsOneMinusUnitRowsOfCorrelationDistances) {
  const auto items = torch::tensor({1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0}, torch::kFloat64).view({3, 3});
  const auto r = item_correlation(items);  // r01 = -1, r02 = -0.5, r12 = 0.5
  EXPECT_NEAR(r[0][1].item<double>(), -1.0, 1e-12);
  const auto s = normalized_correlation_similarity(items);
  EXPECT_NEAR(r[0][2].item<double>(), -0.5, 1e-12);
  // Row 0's distances (0, 2, 1.5) have length 2.5.
  EXPECT_NEAR(s[0][0].item<double>(), 1.0, 1e-12);
  EXPECT_NEAR(s[0][1].item<double>(), 1.0 - 2.0 / 2.5, 1e-12);
  EXPECT_NEAR(s[0][2].item<double>(), 1.0 - 1.5 / 2.5, 1e-12);
  EXPECT_TRUE(torch::allclose((1.0 - s).norm(2, 1), torch::ones({3}, torch::kFloat64)));
}

}  // namespace
}  // namespace reverie
