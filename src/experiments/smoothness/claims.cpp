#include <algorithm>
#include <cmath>

#include "reverie/experiments/smoothness/experiment.h"
#include "reverie/report/row_table.h"
#include "parts.h"

namespace reverie {

namespace {

bool has_model(const std::vector<std::string>& models, const std::string& m) {
  return std::find(models.begin(), models.end(), m) != models.end();
}

std::string rep(const std::string& model, int64_t repeats) { return model + "/rep" + std::to_string(repeats); }

// A.8-A.10: the LSTM against itself over smoothness, and against leaky + reset in and out of domain.
void add_lstm_claims(const std::vector<std::string>& models, const std::vector<int64_t>& repeats, const ClaimSetting& setting,
                     std::vector<SmoothnessClaim>& claims) {
  const auto has = [&](const std::string& m) { return has_model(models, m); };
  SmoothnessClaim c{"LSTM: more smoothness, better classification (A.8)", {}};
  for (size_t i = repeats.size(); i-- > 1;) c.pairs.emplace_back(rep("lstm", repeats[i]), rep("lstm", repeats[i - 1]));
  claims.push_back(c);
  if (has("leaky-reset") && has("memoryless") && !setting.tested_on_one_repeat) {
    SmoothnessClaim order{"LSTM in-domain: tested on the training stream's smoothness, LSTM best, leaky + reset second (A.9)", {}};
    for (int64_t r : repeats)
      if (r > 1) {
        order.pairs.emplace_back(rep("lstm", r), rep("leaky-reset", r));
        order.pairs.emplace_back(rep("leaky-reset", r), rep("memoryless", r));
      }
    claims.push_back(order);
  }
  if (has("leaky-reset") && setting.tested_on_one_repeat) {
    SmoothnessClaim general{"LSTM out of domain: trained smooth, tested on 1 repeat, leaky + reset beats LSTM (A.10)", {}};
    for (int64_t r : repeats)
      if (r > 1) general.pairs.emplace_back(rep("leaky-reset", r), rep("lstm", r));
    claims.push_back(general);
  }
  if (has("leaky-reset") && setting.also_tested_in_domain) {
    // The other half of A.10, on the same models: their second test, at the training smoothness.
    SmoothnessClaim same{"LSTM in-domain, the same models: tested on the training stream's smoothness, LSTM beats leaky + reset (A.10)", {}};
    same.metric = kInDomainError;
    for (int64_t r : repeats)
      if (r > 1) same.pairs.emplace_back(rep("lstm", r), rep("leaky-reset", r));
    claims.push_back(same);
  }
}

}  // namespace

std::vector<SmoothnessClaim> smoothness_claims(const std::vector<std::string>& models,
                                               const std::vector<SmoothnessCondition>& conditions,
                                               const ClaimSetting& setting) {
  const auto has = [&](const std::string& m) { return has_model(models, m); };
  std::vector<int64_t> repeats;
  bool random = false;
  for (const auto& c : conditions) {
    if (c.is_random()) random = true;
    else repeats.push_back(c.repeats);
  }
  std::sort(repeats.begin(), repeats.end());
  std::vector<SmoothnessClaim> claims;
  if (has("memoryless")) {
    SmoothnessClaim c{"memoryless: smoothness slows learning; 1 repeat < random < more repeats (Fig. 2A)", {}};
    const auto ranking = predicted_smoothness_ranking(conditions);
    for (size_t i = 0; i + 1 < ranking.size(); ++i) c.pairs.emplace_back("memoryless/" + ranking[i], "memoryless/" + ranking[i + 1]);
    claims.push_back(c);
  }
  if (has("leaky")) {
    SmoothnessClaim c{"leaky: smoothness speeds learning; more repeats < fewer repeats (Fig. 2B)", {}};
    for (size_t i = repeats.size(); i-- > 1;) c.pairs.emplace_back(rep("leaky", repeats[i]), rep("leaky", repeats[i - 1]));
    claims.push_back(c);
  }
  if (has("leaky-reset") && !repeats.empty() && repeats.front() == 1) {
    SmoothnessClaim c{"leaky + reset: every smoothness level beats 1 repeat and random sampling (Fig. 2C)", {}};
    for (size_t i = 1; i < repeats.size(); ++i) {
      c.pairs.emplace_back(rep("leaky-reset", repeats[i]), rep("leaky-reset", 1));
      if (random) c.pairs.emplace_back(rep("leaky-reset", repeats[i]), "leaky-reset/random");
    }
    claims.push_back(c);
  }
  if (has("minibatch") && repeats.size() > 1) {
    // A.6: early in the epoch, minimum smoothness learns fastest, more repeats slower.
    SmoothnessClaim c{"mini-batch early (10% of the epoch): fewer repeats < more repeats (A.6 left)", {}, 0.1, false};
    for (size_t i = 0; i + 1 < repeats.size(); ++i) c.pairs.emplace_back(rep("minibatch", repeats[i]), rep("minibatch", repeats[i + 1]));
    claims.push_back(c);
  }
  if (has("minibatch")) {
    // A.6: late in the epoch, repeats equal to the batch size learn best (each batch one category).
    SmoothnessClaim c{"mini-batch late (end of epoch): repeats equal to the batch size beat fewer and more repeats (A.6 right)", {}, 1.0, false};
    const int64_t b = setting.batch_size;
    if (std::find(repeats.begin(), repeats.end(), b) != repeats.end())
      for (int64_t r : repeats)
        if (r != b) c.pairs.emplace_back(rep("minibatch", b), rep("minibatch", r));
    if (!c.pairs.empty()) claims.push_back(c);
  }
  if (has("lstm")) add_lstm_claims(models, repeats, setting, claims);
  if (setting.shares_no_features && has("memoryless")) {
    SmoothnessClaim c{"A.7 no shared features: memoryless beats leaky memory, with or without reset, at every smoothness", {}};
    for (const auto& m : models)
      if (SmoothnessModel::of(m).leaky())
        for (const auto& cond : conditions) c.pairs.emplace_back("memoryless/" + cond.name(), m + "/" + cond.name());
    claims.push_back(c);
  }
  if (has("leaky-reset") && has("memoryless")) {
    SmoothnessClaim c{"leaky + reset beats memoryless at every level of smoothness (section 5.1.3)", {}};
    for (const auto& cond : conditions)
      if (cond.is_random() || cond.repeats > 1) c.pairs.emplace_back("leaky-reset/" + cond.name(), "memoryless/" + cond.name());
    claims.push_back(c);
  }
  return claims;
}

std::map<std::string, std::vector<double>> values_at_fraction(const std::vector<TidyRow>& rows, const std::string& dataset,
                                                              const std::string& metric, double fraction) {
  std::map<std::string, std::vector<double>> out;
  const RowTable table(rows);
  const std::string prefix = dataset + "/";
  for (const auto& condition : table.conditions(prefix, metric))
    for (const auto& curve : table.by_run(condition, metric)) {
      const auto at = static_cast<size_t>(std::llround(fraction * static_cast<double>(curve.size() - 1)));
      out[condition.substr(prefix.size())].push_back(curve[std::min(at, curve.size() - 1)]);
    }
  return out;
}

std::map<std::string, std::vector<double>> end_of_epoch_values(const std::vector<TidyRow>& rows,
                                                               const std::string& dataset, const std::string& metric) {
  return values_at_fraction(rows, dataset, metric, 1.0);
}

}  // namespace reverie
