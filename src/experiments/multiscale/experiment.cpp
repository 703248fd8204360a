#include "reverie/experiments/multiscale/experiment.h"

#include <torch/torch.h>

#include <algorithm>

#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/core/training_divergence.h"
#include "reverie/data/multiscale_stream.h"
#include "reverie/train/stream_autoencoder.h"
#include "parts.h"

namespace reverie {

namespace {

bool has_reset(const std::string& model) { return model.size() > 6 && model.substr(model.size() - 6) == "-reset"; }

// One run: every model trained from the same initial weights on the training stream, then
// measured on the held-out one.
class PreparedMultiscale : public PreparedExperiment {
 public:
  PreparedMultiscale(const MultiscaleSettings& settings, MultiscaleStream train, MultiscaleStream test)
      : settings_(settings),
        train_(std::move(train)),
        test_(std::move(test)),
        groups_(group_names(settings_)) {}

  int64_t work_per_run() const override {
    return train_.inputs.size(0) * static_cast<int64_t>(settings_.models().size());
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override {
    const uint64_t run_seed = derived_run_seed(settings_.seed(), run);
    const int64_t features = train_.inputs.size(1), hidden = settings_.hidden(), rows = train_.rows;
    // Every model of a run starts from the same weights (only the init differs between runs).
    auto init_generator = make_generator(derive_seed(run_seed, "init"));
    MLP initial(MLPOptions(features, hidden, features));
    initial->xavier_init(init_generator);
    const auto& traced = settings_.trace_runs();
    const bool traces = std::find(traced.begin(), traced.end(), run) != traced.end();
    const int64_t trace_items = traces ? std::min(settings_.trace_items(), test_.inputs.size(0)) : 0;

    std::vector<TidyRow> out;
    for (int64_t t = 0; t < trace_items; ++t)
      for (int64_t g = 0; g < rows; ++g)
        out.push_back({run, "stream", t, "trace/" + groups_[g], test_.inputs[t][g * train_.elements].item<double>()});
    for (const auto& model_name : settings_.models()) {
      auto o = with_optimizer<StreamAutoencoderOptions>(settings_.optimization());
      o.eval_every = std::max<int64_t>(1, train_.inputs.size(0) / settings_.evaluations());
      o.groups = rows;
      if (model_name != "memoryless") {
        const bool multiscale = model_name.rfind("multiscale", 0) == 0;
        o.memory = LeakyMemory::from_values(multiscale ? settings_.multiscale_alpha() : std::vector<double>{settings_.leak_alpha()},
                                            hidden, settings_.leak_gradient(), settings_.gradient_window());
      }
      const auto rule = has_reset(model_name) ? settings_.reset_rule() : BoundaryDetector::Rule::None;
      const auto train_keep = unit_resets(train_.inputs, hidden, rule, rows, settings_.reset_period());
      const auto test_keep = unit_resets(test_.inputs, hidden, rule, rows, settings_.reset_period());

      MLP model(MLPOptions(features, hidden, features));
      model->copy_parameters_from(*initial);
      const auto curve = training_condition(model_name, [&] {
        return train_stream_autoencoder(model, train_.inputs, train_keep, test_.inputs, test_keep, o,
                                        [&](int64_t n) { progress.advance(n); });
      });
      for (const auto& e : curve) {
        out.push_back({run, model_name, e.step, kMultiscaleError, e.error});
        for (int64_t g = 0; g < rows; ++g) out.push_back({run, model_name, e.step, "error/" + groups_[g], e.group_error[g]});
      }
      // Un-mixing on the held-out stream, memory on, after training.
      const auto pass = run_stream(model, test_.inputs, o.memory, test_keep);
      const auto r2 = unit_group_r2(pass.hidden, test_.inputs, rows);
      const int64_t last = curve.back().step;
      // Units that never vary on the held-out stream (dead ReLUs) carry no timescale at all.
      const auto varies = (std::get<0>(pass.hidden.max(0)) - std::get<0>(pass.hidden.min(0))) > 0;
      out.push_back({run, model_name, last, "active_units", varies.to(torch::kFloat64).mean().item<double>()});
      for (int64_t j = 0; j < hidden; ++j) {
        for (int64_t g = 0; g < rows; ++g) out.push_back({run, model_name, last, r2_metric(j, groups_[g]), r2[j][g]});
        const double resets = 1.0 - test_keep.select(1, j).mean().item<double>();
        out.push_back({run, model_name, last, "reset_rate/unit" + std::to_string(j), resets});
      }
      for (int64_t t = 0; t < trace_items; ++t)
        for (int64_t j = 0; j < hidden; ++j)
          out.push_back({run, model_name, t, "trace/unit" + std::to_string(j), pass.hidden[t][j].item<double>()});
    }
    return out;
  }

 private:
  MultiscaleSettings settings_;
  MultiscaleStream train_, test_;
  std::vector<std::string> groups_;
};

}  // namespace

std::string multiscale_model_label(const std::string& model) {
  if (model == "leaky") return "leaky";
  if (model == "multiscale") return "multi-scale leaky";
  if (model == "leaky-reset") return "leaky + reset";
  if (model == "multiscale-reset") return "multi-scale leaky + reset";
  return "no memory";
}

std::vector<std::string> group_names(const MultiscaleSettings& s) {
  std::vector<std::string> names;
  for (int64_t k : s.stream().change_every) names.push_back("every" + std::to_string(k));
  return names;
}

std::string r2_metric(int64_t unit, const std::string& group) { return "r2/unit" + std::to_string(unit) + "/" + group; }

std::vector<std::string> unit_names(const MultiscaleSettings& s) {
  const auto& alpha = s.multiscale_alpha();
  const bool papers = alpha.size() == 3 && alpha[0] == 0 && alpha[0] < alpha[1] && alpha[1] < alpha[2];
  std::vector<std::string> names;
  for (size_t j = 0; j < alpha.size(); ++j)
    names.push_back(papers ? std::vector<std::string>{"no-memory unit", "short-memory unit", "long-memory unit"}[j]
                           : "unit " + std::to_string(j) + " (alpha " + format_number(alpha[j]) + ")");
  return names;
}


MultiscaleExperiment::MultiscaleExperiment(std::string name, std::string description)
    : ExperimentWithSettings(std::move(name), std::move(description), multiscale_keys()) {}

void MultiscaleExperiment::validate_settings(const MultiscaleSettings& s) const {
  if (s.models().empty()) throw InputError("config key 'models': expected at least one model");
  const auto rows = static_cast<int64_t>(s.stream().change_every.size());
  if (s.hidden() != rows)
    throw InputError("config key 'hidden' is impossible: un-mixing pairs one hidden unit with each row (" + std::to_string(rows) + ")");
  if (static_cast<int64_t>(s.multiscale_alpha().size()) != s.hidden())
    throw InputError("config key 'multiscale_alpha': expected one alpha per hidden unit");
  if (s.reset_rule() == BoundaryDetector::Rule::Period && s.reset_period() < 1)
    throw InputError("config key 'reset_period' is impossible: reset_rule = period needs a period >= 1");
  if (s.stream().pattern == RowPattern::complementary && s.stream().elements != 2)
    throw InputError("config key 'stream.elements' is impossible: the complementary pattern has 2 elements per row");
  if (s.evaluations() > s.train_items())
    throw InputError("config key 'evaluations' is impossible: more evaluations than training items");
}

std::unique_ptr<PreparedExperiment> MultiscaleExperiment::prepare_runs(const MultiscaleSettings& s, const Config&,
                                                                       const ExperimentEnvironment&) const {
  const auto options = s.stream();
  const uint64_t data_seed = s.data_seed();
  return std::make_unique<PreparedMultiscale>(s,
                                              make_multiscale_stream(options, s.train_items(), derive_seed(data_seed, "train")),
                                              make_multiscale_stream(options, s.test_items(), derive_seed(data_seed, "test")));
}

}  // namespace reverie
