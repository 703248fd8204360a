#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "reverie/stream/smoothness_order.h"

namespace reverie {
namespace {

// 4 balanced categories of 30 items, like the synthetic set in miniature.
std::vector<int64_t> balanced_labels(int64_t classes, int64_t per_class) {
  std::vector<int64_t> labels;
  for (int64_t c = 0; c < classes; ++c) labels.insert(labels.end(), per_class, c);
  return labels;
}

std::vector<int64_t> categories_of(const std::vector<int64_t>& order, const std::vector<int64_t>& labels) {
  std::vector<int64_t> cats;
  for (auto i : order) cats.push_back(labels[i]);
  return cats;
}

// Lengths of maximal runs of equal consecutive values.
std::vector<int64_t> run_lengths(const std::vector<int64_t>& cats) {
  std::vector<int64_t> lengths;
  for (size_t i = 0; i < cats.size(); ++i) {
    if (i == 0 || cats[i] != cats[i - 1]) lengths.push_back(0);
    ++lengths.back();
  }
  return lengths;
}

class SmoothnessOrder : public ::testing::Test {
 protected:
  std::vector<int64_t> labels = balanced_labels(4, 30);
  std::mt19937_64 engine{7};
  SessionOrders session = make_session_orders(labels, 4, engine);
};

TEST_F(SmoothnessOrder, EveryConditionPresentsEachItemExactlyOnce) {
  for (int64_t repeats : {0, 1, 3, 5, 10}) {
    auto order = condition_order(session, {repeats}, engine);
    ASSERT_EQ(order.size(), labels.size()) << repeats;
    std::sort(order.begin(), order.end());
    for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], static_cast<int64_t>(i));
  }
}

TEST_F(SmoothnessOrder, RepeatsSetRunLengthsAndFollowTheCategoryOrder) {
  for (int64_t repeats : {1, 3, 5, 10}) {
    const auto cats = categories_of(repeated_category_order(session, repeats), labels);
    const auto lengths = run_lengths(cats);
    // 30 items per class: full blocks of `repeats`, plus one shorter block when it does not divide.
    for (size_t b = 0; b < lengths.size(); ++b) EXPECT_LE(lengths[b], repeats);
    const int64_t full_blocks = 4 * (30 / repeats);
    for (int64_t b = 0; b < full_blocks; ++b) EXPECT_EQ(lengths[b], repeats) << "repeats " << repeats << " block " << b;
    // Blocks visit categories cyclically in the session's category order.
    for (int64_t b = 0; b < full_blocks; ++b)
      EXPECT_EQ(cats[b * repeats], session.category_order[b % 4]) << "repeats " << repeats << " block " << b;
  }
  // Minimum smoothness: no two consecutive items share a category.
  const auto cats = categories_of(repeated_category_order(session, 1), labels);
  for (size_t i = 1; i < cats.size(); ++i) EXPECT_NE(cats[i], cats[i - 1]);
}

TEST_F(SmoothnessOrder, WithinCategoryOrderIsSharedByAllConditions) {
  for (int64_t repeats : {0, 1, 3, 5, 10}) {
    const auto order = condition_order(session, {repeats}, engine);
    std::map<int64_t, std::vector<int64_t>> drawn;
    for (auto i : order) drawn[labels[i]].push_back(i);
    for (int64_t c = 0; c < 4; ++c) EXPECT_EQ(drawn[c], session.within_category[c]) << "repeats " << repeats;
  }
}

TEST_F(SmoothnessOrder, SessionOrdersArePermutations) {
  auto cats = session.category_order;
  std::sort(cats.begin(), cats.end());
  EXPECT_EQ(cats, (std::vector<int64_t>{0, 1, 2, 3}));
  for (int64_t c = 0; c < 4; ++c) {
    auto items = session.within_category[c];
    EXPECT_EQ(items.size(), 30u);
    for (auto i : items) EXPECT_EQ(labels[i], c);
  }
}

TEST_F(SmoothnessOrder, RandomSamplingHasShortRunsLikeAShuffle) {
  // For a shuffle of 4 equal categories, P(next item shares the category) = 29/119.
  double same = 0, pairs = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const auto cats = categories_of(random_order(session, engine), labels);
    for (size_t i = 1; i < cats.size(); ++i) same += cats[i] == cats[i - 1];
    pairs += static_cast<double>(cats.size() - 1);
  }
  EXPECT_NEAR(same / pairs, 29.0 / 119.0, 0.01);
}

TEST(SmoothnessConditionNames, AreStable) {
  EXPECT_EQ(SmoothnessCondition{1}.name(), "rep1");
  EXPECT_EQ(SmoothnessCondition{0}.name(), "random");
  EXPECT_EQ(SmoothnessCondition{5}.label(), "5 repeats");
  EXPECT_EQ(SmoothnessCondition{1}.label(), "1 repeat");
}

TEST(UnequalCategories, ExhaustedCategoriesAreSkipped) {
  const std::vector<int64_t> labels = {0, 0, 0, 0, 0, 1, 2};
  std::mt19937_64 engine(3);
  const SessionOrders session = make_session_orders(labels, 3, engine);
  const auto order = repeated_category_order(session, 2);
  EXPECT_EQ(order.size(), labels.size());
  const auto cats = categories_of(order, labels);
  EXPECT_EQ(std::count(cats.begin(), cats.end(), 0), 5);
}

}  // namespace
}  // namespace reverie
