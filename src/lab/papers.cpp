#include "reverie/lab/papers.h"

#include <algorithm>
#include <regex>

namespace reverie {

const std::vector<Paper>& papers() {
  static const std::vector<Paper> all{
      {"000", "Brain-Inspired Architectures for Efficient and Meaningful Learning from Temporally Smooth Data",
       "anonymous (workshop paper under review)"},
      {"001", "Learning Representations from Temporally Smooth Data", "anonymous (under double-blind review)"},
      {"002", "Learning by Dreaming: Noise-induced replay in shallow autoencoders", "Jelmar Gerritsen (BSc thesis, Radboud University, 2021)"},
      {"003", "Learning to infer in recurrent biological networks", "Ari S. Benjamin, Konrad P. Kording"},
      {"004", "Investigating the generative dynamics of energy-based neural networks", "Lorenzo Tausani, Alberto Testolin, Marco Zorzi"}};
  return all;
}

const Paper* find_paper(const std::string& seed) {
  for (const auto& p : papers())
    if (p.seed == seed) return &p;
  return nullptr;
}

std::vector<std::string> seeds_named(const std::string& description) {
  static const std::regex seed(R"(\bseed (\d{3})\b)");
  std::vector<std::string> seeds;
  for (std::sregex_iterator it(description.begin(), description.end(), seed), end; it != end; ++it)
    if (std::find(seeds.begin(), seeds.end(), (*it)[1].str()) == seeds.end()) seeds.push_back((*it)[1].str());
  return seeds;
}

std::string primary_seed(const std::string& description) {
  const auto seeds = seeds_named(description);
  return seeds.empty() ? "" : seeds.front();
}

}  // namespace reverie
