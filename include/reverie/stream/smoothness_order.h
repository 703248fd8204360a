#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace reverie {

// The orders a training session shares across all its smoothness conditions (seed 001,
// section 4.1.1): one random category order, and one draw order within each category.
struct SessionOrders {
  std::vector<int64_t> category_order;               // a permutation of the classes
  std::vector<std::vector<int64_t>> within_category;  // item indices of each class, in draw order
};

SessionOrders make_session_orders(const std::vector<int64_t>& labels, int64_t classes, std::mt19937_64& engine);

// Reorders each category's draw order so that consecutive draws show different template
// pieces (A.7): the pieces take turns, each piece's items keeping their relative order.
void alternate_parts(SessionOrders& session, const std::vector<int64_t>& part_of_item, int64_t parts);

// A smoothness condition: `repeats` consecutive items per category visit, or random
// sampling without replacement when repeats == 0.
struct SmoothnessCondition {
  int64_t repeats = 1;
  bool is_random() const { return repeats == 0; }
  std::string name() const;   // "rep1", "rep5", "random": stable ids for CSV
  std::string label() const;  // "1 repeat", "5 repeats", "random": for figures
};

// Visits categories cyclically in category_order, taking the next `repeats` items of each
// (fewer when a category runs out; exhausted categories are skipped). repeats == 1 is the
// paper's "minimum smoothness". Every training item appears exactly once.
std::vector<int64_t> repeated_category_order(const SessionOrders& session, int64_t repeats);

// Random sampling without replacement that keeps the session's within-category order: the
// sequence of categories is a uniform shuffle of the labels, and each position takes its
// category's next item. (Equal in distribution to a uniform permutation of the items.)
std::vector<int64_t> random_order(const SessionOrders& session, std::mt19937_64& engine);

std::vector<int64_t> condition_order(const SessionOrders& session, const SmoothnessCondition& condition,
                                     std::mt19937_64& engine);

}  // namespace reverie
