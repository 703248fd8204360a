// replay-teacher's claims: seed 002 Fig. 2 and Fig. 7 / 10 in words.
#include <torch/torch.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/item_structure.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/core/tensor_values.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/latent_map.h"
#include "reverie/report/figures.h"
#include "parts.h"

namespace reverie {

namespace {

// "Oak 0.40, Pine 0.00, ...": the mean over runs of a per-item 0/1 metric.
std::string per_item_means(const RowTable& rows, const std::string& condition, const std::string& prefix, const ItemTable& items) {
  std::string out;
  for (const auto& item : items.items)
    out += (out.empty() ? "" : ", ") + item + " " + format_fixed(mean(rows.at_step(condition, prefix + item)), 2);
  return out;
}

// Per run, the attractor group of each item (items with the same limit share an attractor).
std::vector<std::vector<double>> attractor_groups(const RowTable& rows, const std::string& condition, const ItemTable& items) {
  std::vector<std::vector<double>> groups;  // [item][run]
  for (const auto& item : items.items) groups.push_back(rows.at_step(condition, "attractor_group/" + item));
  return groups;
}

// Runs in which all `members` share one attractor.
int runs_sharing(const std::vector<std::vector<double>>& groups, const std::vector<int64_t>& members) {
  int shared = 0;
  for (size_t r = 0; r < groups.front().size(); ++r) {
    bool same = true;
    for (int64_t m : members) same = same && groups[m][r] == groups[members.front()][r];
    shared += same;
  }
  return shared;
}

// The item pairs sharing an attractor in the most runs: "Oak+Pine 21, Salmon+Robin 9" (at most 5).
std::string most_shared_pairs(const std::vector<std::vector<double>>& groups, const ItemTable& items) {
  std::vector<std::pair<int, std::string>> pairs;
  for (int64_t a = 0; a < items.size(); ++a)
    for (int64_t b = a + 1; b < items.size(); ++b)
      if (const int n = runs_sharing(groups, {a, b}); n > 0) pairs.push_back({-n, items.items[a] + "+" + items.items[b]});
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (size_t p = 0; p < pairs.size() && p < 5; ++p)
    out += (p ? ", " : "") + pairs[p].second + " " + std::to_string(-pairs[p].first);
  return out.empty() ? "none" : out;
}

// Distinct attractors the items iterate to, per run (converged items only).
std::vector<double> distinct_item_attractors(const RowTable& rows, const std::string& condition, const ItemTable& items,
                                             const std::vector<std::vector<double>>& groups) {
  std::vector<double> out;
  for (size_t r = 0; r < groups.front().size(); ++r) {
    std::set<double> distinct;
    for (int64_t i = 0; i < items.size(); ++i)
      if (rows.at_step(condition, "converged/" + items.items[i])[r] == 1.0) distinct.insert(groups[i][r]);
    out.push_back(static_cast<double>(distinct.size()));
  }
  return out;
}

// What every attractor claim of one teacher scenario reads: its rows and the items' attractor groups.
struct AttractorRuns {
  const TeacherScenario& scenario;
  const RowTable& rows;
  const ItemTable& items;
  std::string c = scenario.name();
  std::vector<std::vector<double>> groups = attractor_groups(rows, c, items);
  int n_runs = static_cast<int>(groups.front().size());
  std::string of_runs = " of " + std::to_string(n_runs);

  int64_t index_of(const std::string& name) const {
    return static_cast<int64_t>(std::find(items.items.begin(), items.items.end(), name) - items.items.begin());
  }
  // Does the table have all the named items (the thesis's claims name them)?
  bool has(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      if (index_of(n) >= items.size()) return false;
    return true;
  }
};

// Fig. 10: Oak and Pine share one attractor, and Pine is never stored on its own.
void add_oak_pine_claim(const AttractorRuns& a, ClaimsTable& claims) {
  const auto oak = a.rows.at_step(a.c, "limit_item/Oak"), pine = a.rows.at_step(a.c, "limit_item/Pine");
  const auto oak_stored = a.rows.at_step(a.c, "stored/Oak"), pine_stored = a.rows.at_step(a.c, "stored/Pine");
  int same_item = 0, pine_only_missing = 0;
  for (size_t r = 0; r < oak.size(); ++r) {
    same_item += oak[r] == pine[r];
    pine_only_missing += pine_stored[r] == 0 && oak_stored[r] == 1;
  }
  const int shared = runs_sharing(a.groups, {a.index_of("Oak"), a.index_of("Pine")});
  claims.add(thesis_claim("10", "Overparameterized: Pine is never stored on its own; Oak and Pine always share one attractor",
                    "Oak and Pine share one attractor (the same limit) in " + std::to_string(shared) + a.of_runs +
                        " runs, iterate to the same nearest item in " + std::to_string(same_item) + "; Pine not stored while Oak is in " +
                        std::to_string(pine_only_missing) + "; pairs sharing an attractor (runs): " + most_shared_pairs(a.groups, a.items),
                    shared == a.n_runs ? "holds" : (shared > 0 ? "partly" : "does not hold")));
}

// Fig. 7: the underparameterized teacher's three attractors, one per group of items.
void add_three_groups_claim(const AttractorRuns& a, ClaimsTable& claims) {
  const int red = runs_sharing(a.groups, {a.index_of("Salmon"), a.index_of("Robin")});
  const int yellow = runs_sharing(a.groups, {a.index_of("Canary"), a.index_of("Sunfish")});
  const int trees = runs_sharing(a.groups, {a.index_of("Oak"), a.index_of("Pine"), a.index_of("Daisy")});
  const int least = std::min({red, yellow, trees});
  // The thesis's picture: the three groups, each its own attractor (not all items in one).
  const auto g = [&](const char* item, int r) { return a.groups[a.index_of(item)][r]; };
  int separate = 0;
  for (int r = 0; r < a.n_runs; ++r)
    separate += g("Oak", r) == g("Pine", r) && g("Oak", r) == g("Daisy", r) && g("Salmon", r) == g("Robin", r) &&
                g("Canary", r) == g("Sunfish", r) && g("Oak", r) != g("Salmon", r) && g("Oak", r) != g("Canary", r) &&
                g("Salmon", r) != g("Canary", r);
  claims.add(thesis_claim("7", "Underparameterized: Oak, Pine and Daisy share one attractor; Salmon and Robin share one, as do Canary and Sunfish",
                    "Salmon+Robin share in " + std::to_string(red) + a.of_runs + " runs, Canary+Sunfish in " + std::to_string(yellow) +
                        ", Oak+Pine+Daisy in " + std::to_string(trees) + "; as three separate attractors in " +
                        std::to_string(separate) + "; distinct attractors of the 8 items " +
                        mean_sd(distinct_item_attractors(a.rows, a.c, a.items, a.groups), 2) + " per run; pairs sharing (runs): " +
                        most_shared_pairs(a.groups, a.items),
                    2 * separate >= a.n_runs ? "holds"
                    : 2 * least >= a.n_runs  ? "partly (shared, but in fewer than three separate attractors)"
                    : separate > 0           ? "partly"
                                             : "does not hold"));
}

// Fig. 7: Rose's encoding lies farthest from its attractor.
void add_rose_distance_claim(const AttractorRuns& a, ClaimsTable& claims) {
  const auto& items = a.items;
  std::vector<int> farthest(items.size(), 0);
  std::vector<std::vector<double>> distance;
  for (const auto& item : items.items) distance.push_back(a.rows.at_step(a.c, "attractor_distance/" + item));
  for (int r = 0; r < a.n_runs; ++r) {
    int64_t best = 0;
    for (int64_t i = 1; i < items.size(); ++i)
      if (distance[i][r] > distance[best][r]) best = i;
    ++farthest[best];
  }
  const int64_t rose = a.index_of("Rose");
  const int64_t most = std::max_element(farthest.begin(), farthest.end()) - farthest.begin();
  std::string means;
  for (int64_t i = 0; i < items.size(); ++i)
    means += (i ? ", " : "") + items.items[i] + " " + format_fixed(mean(distance[i]), 2);
  claims.add(thesis_claim("7", "Underparameterized: Rose's encoding lies farthest from its attractor (despite its low loss)",
                    "Rose farthest in " + std::to_string(farthest[rose]) + a.of_runs + " runs (most often: " + items.items[most] + ", " +
                        std::to_string(farthest[most]) + "); mean hidden-space distance from each item's encoding to its limit's: " + means,
                    2 * farthest[rose] >= a.n_runs ? "holds" : (most == rose ? "partly (farthest most often, not in most runs)" : "does not hold")));
}

// Fig. 10: the explained variance of the first 3 principal components of the items' encodings.
void add_pca_claim(const AttractorRuns& a, ClaimsTable& claims) {
  const double thesis[] = {0.58, 0.21, 0.12};
  std::string ours;
  bool close = true;
  std::vector<double> total(static_cast<size_t>(a.n_runs), 0.0);
  for (int k = 1; k <= 3; ++k) {
    const auto e = a.rows.at_step(a.c, "pca_explained/" + std::to_string(k));
    if (e.empty()) continue;
    ours += (k > 1 ? ", " : "") + mean_sd(e, 2);
    close = close && std::abs(mean(e) - thesis[k - 1]) < 0.05;
    for (size_t r = 0; r < e.size() && r < total.size(); ++r) total[r] += e[r];
  }
  claims.add(thesis_claim("10", "Overparameterized: the first 3 principal components of the items' encodings explain 0.58, 0.21, 0.12 (total 0.91)",
                    ours + " (total " + mean_sd(total, 2) + ") over " + std::to_string(a.n_runs) + " runs",
                    close ? "holds" : (std::abs(mean(total) - 0.91) < 0.05 ? "partly (total matches)" : "does not hold")));
}

// Fig. 2 / section 4.1: which items are iterative fixed points.
void add_stored_items_claim(const AttractorRuns& a, ClaimsTable& claims) {
  const auto& items = a.items;
  const std::string stored_items = "fraction of runs storing each item: " + per_item_means(a.rows, a.c, "stored/", items);
  if (a.scenario.hidden <= 3 && a.has({"Canary", "Pine"})) {
    const auto canary = a.rows.at_step(a.c, "stored/Canary"), pine = a.rows.at_step(a.c, "stored/Pine");
    int instance = 0;
    for (size_t r = 0; r < canary.size(); ++r) instance += canary[r] == 1.0 && pine[r] == 0.0;
    claims.add(thesis_claim("2", "Underparameterized: in one model Canary is stored as an iterative fixed point, Pine is not",
                      "Canary stored and Pine not in " + std::to_string(instance) + a.of_runs + " runs; " + stored_items,
                      instance > 0 ? "holds" : "does not hold"));
  } else if (a.scenario.hidden > 3) {
    const auto stored = a.rows.at_step(a.c, "items_stored");
    int all = 0;
    for (double v : stored) all += v == static_cast<double>(items.size());
    claims.add(thesis_claim("2", "Overparameterized, trained to a small loss: every item is an iterative fixed point (sec. 4.1: \"trivially holds\")",
                      "all " + std::to_string(items.size()) + " stored in " + std::to_string(all) + a.of_runs + " runs; " + stored_items,
                      all == a.n_runs ? "holds" : (mean(stored) >= 0.75 * static_cast<double>(items.size()) ? "partly" : "does not hold")));
  }
}

}  // namespace

void add_attractor_claims(const TeacherScenario& scenario, const RowTable& rows, const ItemTable& items, ClaimsTable& claims) {
  const AttractorRuns a{scenario, rows, items};
  const bool under = scenario.hidden <= 3;  // underparameterized: Fig. 7; over: Fig. 10
  if (!under && a.has({"Oak", "Pine"})) add_oak_pine_claim(a, claims);
  if (under && a.has({"Oak", "Pine", "Daisy", "Salmon", "Robin", "Canary", "Sunfish"})) add_three_groups_claim(a, claims);
  if (under && a.has({"Rose"})) add_rose_distance_claim(a, claims);
  if (!under) add_pca_claim(a, claims);
  add_stored_items_claim(a, claims);
}

}  // namespace reverie
