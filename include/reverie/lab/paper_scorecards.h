#pragma once
// One page per paper among a folder of outputs: the paper's claims, each with our result at the
// largest scale found, the output it comes from, a thumbnail of the figure that reproduces it, and
// links to the other outputs that measured it. Generated from claims.csv, never typed by hand.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "reverie/lab/results_index.h"

namespace reverie {

struct Scorecard {
  std::string seed;                // "001"
  std::filesystem::path file;      // DIR/seed-001.html
  std::map<std::string, int64_t> rows_by_verdict;  // "holds", "does not hold", "n.s.", "mixed", "other"
};

// What `other` was run with that `ours` was not, for a scorecard row whose verdict turns between the
// two outputs of one experiment: "quick scale; replay.nearest_by=cosine, epochs as shipped" (keys
// set in `other` only, or to another value; keys set in `ours` only, as shipped). "" when none.
std::string setting_difference(const IndexedOutput& ours, const IndexedOutput& other);

// Writes DIR/seed-NNN.html for each paper whose experiments have a complete, intact output under
// DIR (`outputs` as find_outputs gives them); the seeds in order.
std::vector<Scorecard> write_paper_scorecards(const std::filesystem::path& dir, const std::vector<IndexedOutput>& outputs);

}  // namespace reverie
