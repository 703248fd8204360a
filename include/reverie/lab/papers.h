#pragma once
// The papers reverie reproduces, by seed (../shared/seeds/NNN_*.txt), and which one an experiment
// belongs to.
#include <string>
#include <vector>

namespace reverie {

struct Paper {
  std::string seed;     // "001"
  std::string title;
  std::string authors;  // as the paper names them ("anonymous" under double-blind review)
};

// Seeds 000-004.
const std::vector<Paper>& papers();
const Paper* find_paper(const std::string& seed);

// The seed an experiment reproduces first, from its description ("seed 001 sec. 5.1, ...; seed 000
// Fig. 1C-E" -> "001"): its claims are that paper's. "" when it names none.
std::string primary_seed(const std::string& description);

// Every seed an experiment's description names, in its order ("seed 001 ...; seed 000 ..." -> {"001",
// "000"}): its claims appear on each of those papers' scorecards, numbered as in the first.
std::vector<std::string> seeds_named(const std::string& description);

}  // namespace reverie
