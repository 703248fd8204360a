#include "reverie/stream/smoothness_order.h"

#include <stdexcept>

#include "reverie/core/random.h"

namespace reverie {

SessionOrders make_session_orders(const std::vector<int64_t>& labels, int64_t classes, std::mt19937_64& engine) {
  SessionOrders s;
  s.category_order = permutation(classes, engine);
  s.within_category.resize(classes);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || labels[i] >= classes) throw std::out_of_range("label outside [0, classes)");
    s.within_category[labels[i]].push_back(static_cast<int64_t>(i));
  }
  for (auto& items : s.within_category) shuffle(items, engine);
  return s;
}

std::string SmoothnessCondition::name() const { return is_random() ? "random" : "rep" + std::to_string(repeats); }

std::string SmoothnessCondition::label() const {
  if (is_random()) return "random";
  return std::to_string(repeats) + (repeats == 1 ? " repeat" : " repeats");
}

std::vector<int64_t> repeated_category_order(const SessionOrders& session, int64_t repeats) {
  if (repeats < 1) throw std::invalid_argument("repeats must be >= 1");
  std::vector<size_t> next(session.within_category.size(), 0);
  size_t total = 0;
  for (const auto& items : session.within_category) total += items.size();
  std::vector<int64_t> order;
  order.reserve(total);
  while (order.size() < total) {
    for (int64_t category : session.category_order) {
      const auto& items = session.within_category[category];
      for (int64_t k = 0; k < repeats && next[category] < items.size(); ++k) order.push_back(items[next[category]++]);
    }
  }
  return order;
}

std::vector<int64_t> random_order(const SessionOrders& session, std::mt19937_64& engine) {
  std::vector<int64_t> categories;
  for (size_t c = 0; c < session.within_category.size(); ++c)
    categories.insert(categories.end(), session.within_category[c].size(), static_cast<int64_t>(c));
  shuffle(categories, engine);
  std::vector<size_t> next(session.within_category.size(), 0);
  std::vector<int64_t> order;
  order.reserve(categories.size());
  for (int64_t c : categories) order.push_back(session.within_category[c][next[c]++]);
  return order;
}

std::vector<int64_t> condition_order(const SessionOrders& session, const SmoothnessCondition& condition,
                                     std::mt19937_64& engine) {
  return condition.is_random() ? random_order(session, engine) : repeated_category_order(session, condition.repeats);
}

void alternate_parts(SessionOrders& session, const std::vector<int64_t>& part_of_item, int64_t parts) {
  for (auto& items : session.within_category) {
    std::vector<std::vector<int64_t>> by_part(parts);
    for (int64_t i : items) by_part[part_of_item[i]].push_back(i);
    items.clear();
    for (size_t round = 0;; ++round) {
      bool any = false;
      for (const auto& p : by_part)
        if (round < p.size()) {
          items.push_back(p[round]);
          any = true;
        }
      if (!any) break;
    }
  }
}

}  // namespace reverie
