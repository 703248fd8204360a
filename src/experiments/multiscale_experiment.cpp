#include "reverie/experiments/multiscale_experiment.h"

#include <torch/torch.h>

#include <sstream>

#include "reverie/analysis/bootstrap.h"
#include "reverie/analysis/descriptive.h"
#include "reverie/analysis/paired_ordering.h"
#include "reverie/analysis/rank_statistics.h"
#include "reverie/analysis/timescale_unmixing.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/training_divergence.h"
#include "reverie/core/npy.h"
#include "reverie/core/random.h"
#include "reverie/data/multiscale_stream.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/figures.h"
#include "reverie/report/row_table.h"
#include "reverie/train/stream_autoencoder.h"

namespace reverie {

namespace {

constexpr const char* kError = "test_error";
const std::vector<std::string> kModels = {"memoryless", "leaky", "multiscale", "leaky-reset", "multiscale-reset"};

std::string model_label(const std::string& model) {
  if (model == "leaky") return "leaky";
  if (model == "multiscale") return "multi-scale leaky";
  if (model == "leaky-reset") return "leaky + reset";
  if (model == "multiscale-reset") return "multi-scale leaky + reset";
  return "no memory";
}

bool has_reset(const std::string& model) { return model.size() > 6 && model.substr(model.size() - 6) == "-reset"; }

// Feature group (row) names by their timescale: "every1", "every3", "every5".
std::vector<std::string> group_names(const Config& config) {
  std::vector<std::string> names;
  for (int64_t k : config.integers("stream.change_every")) names.push_back("every" + std::to_string(k));
  return names;
}

MultiscaleStreamOptions stream_options(const Config& config) {
  MultiscaleStreamOptions o;
  o.change_every = config.integers("stream.change_every");
  o.elements = config.integer("stream.elements");
  o.noise = config.real("stream.noise");
  o.pattern = config.text("stream.pattern");
  o.switching = config.text("stream.switching");
  return o;
}

std::string r2_metric(int64_t unit, const std::string& group) { return "r2/unit" + std::to_string(unit) + "/" + group; }

class PreparedMultiscale : public PreparedExperiment {
 public:
  PreparedMultiscale(const Config& config, MultiscaleStream train, MultiscaleStream test)
      : config_(config), train_(std::move(train)), test_(std::move(test)), groups_(group_names(config)) {}

  int64_t work_per_run() const override {
    return train_.inputs.size(0) * static_cast<int64_t>(config_.strings("models").size());
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override {
    const uint64_t run_seed = derived_run_seed(config_, run);
    const int64_t features = train_.inputs.size(1), hidden = config_.integer("hidden"), rows = train_.rows;
    // Every model of a run starts from the same weights (only the init differs between runs).
    auto init_generator = make_generator(derive_seed(run_seed, "init"));
    MLP initial(MLPOptions(features, hidden, features));
    initial->xavier_init(init_generator);
    const int64_t trace_items = run == 0 ? std::min(config_.integer("trace_items"), test_.inputs.size(0)) : 0;

    std::vector<TidyRow> out;
    for (int64_t t = 0; t < trace_items; ++t)
      for (int64_t g = 0; g < rows; ++g)
        out.push_back({run, "stream", t, "trace/" + groups_[g], test_.inputs[t][g * train_.elements].item<double>()});
    for (const auto& model_name : config_.strings("models")) {
      StreamAutoencoderOptions o;
      o.learning_rate = config_.real("learning_rate");
      o.optimizer = config_.text("optimizer");
      o.rmsprop_alpha = config_.real("rmsprop_alpha");
      o.rmsprop_momentum = config_.real("rmsprop_momentum");
      o.eval_every = std::max<int64_t>(1, train_.inputs.size(0) / config_.integer("evaluations"));
      o.groups = rows;
      if (model_name != "memoryless") {
        const bool multiscale = model_name.rfind("multiscale", 0) == 0;
        o.memory = LeakyMemory::from_values(multiscale ? config_.reals("multiscale_alpha") : std::vector<double>{config_.real("leak_alpha")},
                                            hidden, config_.text("leak_gradient"), config_.integer("gradient_window"));
      }
      const std::string rule = has_reset(model_name) ? config_.text("reset_rule") : "none";
      const auto train_keep = unit_resets(train_.inputs, hidden, rule, rows, config_.integer("reset_period"));
      const auto test_keep = unit_resets(test_.inputs, hidden, rule, rows, config_.integer("reset_period"));

      MLP model(MLPOptions(features, hidden, features));
      model->copy_parameters_from(*initial);
      const auto curve = training_condition(model_name, [&] {
        return train_stream_autoencoder(model, train_.inputs, train_keep, test_.inputs, test_keep, o,
                                        [&](int64_t n) { progress.advance(n); });
      });
      for (const auto& e : curve) {
        out.push_back({run, model_name, e.step, kError, e.error});
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
  Config config_;
  MultiscaleStream train_, test_;
  std::vector<std::string> groups_;
};

TimescaleUnmixing unmixing_of(const RowTable& table, const std::string& model, size_t run, int64_t hidden,
                              const std::vector<std::string>& groups) {
  std::vector<std::vector<double>> r2(hidden, std::vector<double>(groups.size()));
  for (int64_t j = 0; j < hidden; ++j)
    for (size_t g = 0; g < groups.size(); ++g) r2[j][g] = table.last_per_run(model, r2_metric(j, groups[g]))[run];
  return timescale_unmixing(r2);
}

}  // namespace

MultiscaleExperiment::MultiscaleExperiment(std::string name, std::string description)
    : NamedExperiment(std::move(name), std::move(description)) {
  schema_.add("models", ValueType::StringList,
           "memoryless, leaky, multiscale, leaky-reset, multiscale-reset (section 5.2.1's five autoencoders)",
           all_of({one_of(kModels), distinct()}))
      .add("hidden", ValueType::Integer, "hidden units (one per row: no / short / long memory)", in_range(1, 1024))
      .add("leak_alpha", ValueType::Float, "alpha of every unit of the leaky models (eq. 1)", in_range(0, 0.999))
      // One alpha and one row per hidden unit: as many entries as hidden allows.
      .add("multiscale_alpha", ValueType::FloatList, "alpha per hidden unit of the multi-scale models", in_range(0, 0.999), 1024)
      .add("leak_gradient", ValueType::String, "how the leak enters the gradient: unscaled, scaled or through-memory",
           one_of({"unscaled", "scaled", "through-memory"}))
      .add("gradient_window", ValueType::Integer, "through-memory: items the gradient reaches back", in_range(1, 100000))
      .add("reset_rule", ValueType::String, "memory gating of the -reset models: local (A.11, per row) or period",
           one_of({"local", "period"}))
      .add("reset_period", ValueType::Integer, "items between resets when reset_rule = period", non_negative())
      .add("optimizer", ValueType::String, "sgd or rmsprop", one_of({"sgd", "rmsprop"}))
      .add("learning_rate", ValueType::Float, "learning rate", positive())
      .add("rmsprop_alpha", ValueType::Float, "RMSprop squared-gradient decay (beta2)", in_unit_interval())
      .add("rmsprop_momentum", ValueType::Float, "RMSprop momentum (beta1)", in_unit_interval())
      .add("train_items", ValueType::Integer, "items in the training stream (one update each)", in_range(2, 10000000))
      .add("test_items", ValueType::Integer, "items in the held-out stream", in_range(2, 10000000))
      .add("evaluations", ValueType::Integer, "evaluations on the held-out stream during training", positive())
      .add("trace_items", ValueType::Integer, "held-out items whose hidden traces run 0 records (A.15)", in_range(0, 10000000))
      .add("bootstrap_resamples", ValueType::Integer, "bootstrap resamples of the per-run values", in_range(1, 1000000))
      .add("data_seed", ValueType::Integer, "seed of the training and held-out streams", non_negative())
      .add("stream.change_every", ValueType::IntegerList, "items between state switches of each row", all_positive(), 1024)
      .add("stream.elements", ValueType::Integer, "elements per row", in_range(1, 1024))
      .add("stream.noise", ValueType::Float, "uniform noise amplitude: U(0, noise) per element", non_negative())
      .add("stream.pattern", ValueType::String, "row pattern: complementary (one-hot in the state) or identical",
           one_of({"complementary", "identical"}))
      .add("stream.switching", ValueType::String, "flip (state flips at each change point) or resample (a fresh coin)",
           one_of({"flip", "resample"}));
}

void MultiscaleExperiment::validate(const Config& config) const {
  if (config.strings("models").empty()) throw InputError("config key 'models': expected at least one model");
  const auto rows = static_cast<int64_t>(config.integers("stream.change_every").size());
  if (config.integer("hidden") != rows)
    throw InputError("config key 'hidden' is impossible: un-mixing pairs one hidden unit with each row (" + std::to_string(rows) + ")");
  if (static_cast<int64_t>(config.reals("multiscale_alpha").size()) != config.integer("hidden"))
    throw InputError("config key 'multiscale_alpha': expected one alpha per hidden unit");
  if (config.text("reset_rule") == "period" && config.integer("reset_period") < 1)
    throw InputError("config key 'reset_period' is impossible: reset_rule = period needs a period >= 1");
  if (config.text("stream.pattern") == "complementary" && config.integer("stream.elements") != 2)
    throw InputError("config key 'stream.elements' is impossible: the complementary pattern has 2 elements per row");
  if (config.integer("evaluations") > config.integer("train_items"))
    throw InputError("config key 'evaluations' is impossible: more evaluations than training items");
}

std::unique_ptr<PreparedExperiment> MultiscaleExperiment::prepare(const Config& config, const ExperimentEnvironment& env) const {
  const auto options = stream_options(config);
  const uint64_t data_seed = config.integer("data_seed");
  return std::make_unique<PreparedMultiscale>(config,
                                              make_multiscale_stream(options, config.integer("train_items"), derive_seed(data_seed, "train")),
                                              make_multiscale_stream(options, config.integer("test_items"), derive_seed(data_seed, "test")));
}

ReportContent MultiscaleExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
                                              const std::filesystem::path& dir) const {
  const auto& models = config.strings("models");
  const auto groups = group_names(config);
  const int64_t hidden = config.integer("hidden"), runs = config.integer("runs");
  const int64_t resamples = config.integer("bootstrap_resamples");
  const uint64_t stats_seed = derive_seed(config.integer("seed"), "statistics");
  const RowTable table(rows);
  const auto steps = table.steps(models.front(), kError);  // every model is evaluated at the same steps
  ReportContent content;
  content.title = name_ + ": " + description_;

  // Fig. 3D / A.2.2: reconstruction test error along training.
  LinePlot errors{"test_error", "Reconstruction test error (MSE on the held-out stream, memory on)", "training items", "test error", {}};
  for (const auto& m : models) errors.series.push_back(band_over_runs(model_label(m), steps, table.by_run(m, kError)));
  draw(errors, dir);
  content.figures.push_back({errors.name, errors.title + ". Mean +- standard error over " + std::to_string(runs) + " runs."});
  // A.13: per-row error.
  for (const auto& m : models) {
    LinePlot per_row{m + "-row_error", model_label(m) + ": test error per row (A.13)", "training items", "test error", {}};
    for (const auto& g : groups) per_row.series.push_back(band_over_runs("row changing " + g, steps, table.by_run(m, "error/" + g)));
    draw(per_row, dir);
    content.figures.push_back({per_row.name, per_row.title + ". Mean +- standard error over runs."});
  }

  // Un-mixing per run and model (Fig. 3E, seed 000 Fig. 2H/I).
  std::map<std::string, std::vector<double>> matching, selectivity, neg_matching, neg_selectivity;
  std::ostringstream unmix_csv;
  unmix_csv << "model,measure,unit,runs,mean,boot_mean,boot_sd,boot_ci_low,boot_ci_high\n";
  BarChart match_bars{"timescale_matching", "Timescale matching: r^2 of each unit with its own row, mean over units",
                      "squared Pearson correlation", {}, {}, {}};
  BarChart select_bars{"timescale_selectivity", "Timescale selectivity: matching minus non-matching r^2, mean over units",
                       "r^2 difference", {}, {}, {}};
  Heatmap select_map{"selectivity_per_unit", "Timescale selectivity per unit (mean over runs)", "hidden unit (matched row)", "model", {}, {}, {}};
  for (int64_t j = 0; j < hidden; ++j) select_map.column_labels.push_back("unit " + std::to_string(j) + " (" + groups[j] + ")");
  std::vector<std::string> unit_labels;
  for (int64_t j = 0; j < hidden; ++j) unit_labels.push_back("unit" + std::to_string(j));
  NpyArray r2_array{{runs, static_cast<int64_t>(models.size()), hidden, static_cast<int64_t>(groups.size())},
                    {},
                    {{"run", {}}, {"model", models}, {"hidden_unit", unit_labels}, {"stream_row", groups}}};
  for (int64_t r = 0; r < runs; ++r)
    for (const auto& m : models)
      for (int64_t j = 0; j < hidden; ++j)
        for (const auto& g : groups) r2_array.data.push_back(table.last_per_run(m, r2_metric(j, g))[r]);
  write_npy(dir / "r2_runs_models_units_rows.npy", r2_array);

  for (const auto& m : models) {
    std::vector<std::vector<double>> per_unit_select(hidden);
    std::vector<std::vector<double>> r2_mean(hidden, std::vector<double>(groups.size(), 0.0));
    for (int64_t r = 0; r < runs; ++r) {
      const auto u = unmixing_of(table, m, r, hidden, groups);
      matching[m].push_back(u.mean_matching);
      selectivity[m].push_back(u.mean_selectivity);
      neg_matching[m].push_back(-u.mean_matching);
      neg_selectivity[m].push_back(-u.mean_selectivity);
      for (int64_t j = 0; j < hidden; ++j) {
        per_unit_select[j].push_back(u.selectivity[j]);
        for (size_t g = 0; g < groups.size(); ++g) r2_mean[j][g] += table.last_per_run(m, r2_metric(j, groups[g]))[r] / runs;
      }
    }
    const auto& active = table.last_per_run(m, "active_units");
    unmix_csv << m << ",active_units,mean," << runs << "," << format_number(mean(active)) << ",,,,\n";
    const auto bm = bootstrap_mean(matching[m], resamples, derive_seed(stats_seed, "matching/" + m));
    const auto bs = bootstrap_mean(selectivity[m], resamples, derive_seed(stats_seed, "selectivity/" + m));
    for (const auto& [measure, b, values] : {std::tuple{"matching", bm, matching[m]}, std::tuple{"selectivity", bs, selectivity[m]}})
      unmix_csv << m << "," << measure << ",mean," << runs << "," << format_number(mean(values)) << "," << format_number(b.mean)
                << "," << format_number(b.sd) << "," << format_number(b.ci_low) << "," << format_number(b.ci_high) << "\n";
    match_bars.labels.push_back(model_label(m));
    match_bars.values.push_back(bm.mean);
    match_bars.errors.push_back(bm.sd);
    select_bars.labels.push_back(model_label(m));
    select_bars.values.push_back(bs.mean);
    select_bars.errors.push_back(bs.sd);
    select_map.row_labels.push_back(model_label(m));
    std::vector<double> row;
    for (int64_t j = 0; j < hidden; ++j) {
      const auto b = bootstrap_mean(per_unit_select[j], resamples, derive_seed(stats_seed, "unit/" + m + std::to_string(j)));
      unmix_csv << m << ",selectivity," << j << "," << runs << "," << format_number(mean(per_unit_select[j])) << ","
                << format_number(b.mean) << "," << format_number(b.sd) << "," << format_number(b.ci_low) << ","
                << format_number(b.ci_high) << "\n";
      row.push_back(mean(per_unit_select[j]));
    }
    select_map.values.push_back(row);
    Heatmap r2_map{m + "-r2", model_label(m) + ": r^2 of hidden unit with row (mean over runs)", "row", "hidden unit", groups, {}, r2_mean};
    for (int64_t j = 0; j < hidden; ++j) r2_map.row_labels.push_back("unit " + std::to_string(j));
    draw(r2_map, dir);
    content.figures.push_back({r2_map.name, r2_map.title + ". Squared Pearson correlation on the held-out stream after training."});
  }
  const std::string bar_note = " Bars: mean of " + std::to_string(resamples) + " bootstrap means over " + std::to_string(runs) +
                               " runs; error bars: their standard deviation (the papers' statistic).";
  for (const auto* bars : {&match_bars, &select_bars}) {
    draw(*bars, dir);
    content.figures.push_back({bars->name, bars->title + "." + bar_note});
  }
  draw(select_map, dir);
  content.figures.push_back({select_map.name, select_map.title});

  // A.15: hidden-unit traces of run 0 on the held-out stream.
  if (config.integer("trace_items") > 0) {
    const auto trace = [&](const std::string& condition, const std::string& metric) {
      BandSeries s{metric.substr(6), {}, {}, {}, {}};
      for (const auto& r : rows)
        if (r.run == 0 && r.condition == condition && r.metric == metric) {
          s.x.push_back(static_cast<double>(r.step));
          s.mean.push_back(r.value);
        }
      s.low = s.high = s.mean;
      return s;
    };
    LinePlot inputs{"traces-stream", "Held-out stream: first element of each row (A.15)", "held-out item", "input", {}};
    for (const auto& g : groups) inputs.series.push_back(trace("stream", "trace/" + g));
    draw(inputs, dir);
    content.figures.push_back({inputs.name, inputs.title});
    for (const auto& m : models) {
      LinePlot units{m + "-traces", model_label(m) + ": hidden units on the held-out stream, run 0 (A.15)", "held-out item", "activity", {}};
      for (int64_t j = 0; j < hidden; ++j) units.series.push_back(trace(m, "trace/unit" + std::to_string(j)));
      draw(units, dir);
      content.figures.push_back({units.name, units.title + ". Unit 0 is matched with the fastest row, the last with the slowest."});
    }
  }

  // Claims.
  const auto has = [&](const std::string& m) { return std::find(models.begin(), models.end(), m) != models.end(); };
  std::vector<CheckedClaim> claims;
  const auto check = [&](const std::string& text, const std::map<std::string, std::vector<double>>& values,
                         const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::vector<std::pair<std::string, std::string>> present;
    for (const auto& p : pairs)
      if (values.count(p.first) && values.count(p.second)) present.push_back(p);
    if (!present.empty()) claims.push_back({text, check_pairs(values, present, resamples, derive_seed(stats_seed, text))});
  };
  std::map<std::string, std::vector<double>> final_error, mean_error, initial_error;
  for (const auto& m : models) {
    final_error[m] = table.last_per_run(m, kError);
    mean_error[m] = table.mean_per_run(m, kError);
    for (const auto& c : table.by_run(m, kError)) initial_error[m + " at start"].push_back(c.front());
  }
  {
    std::map<std::string, std::vector<double>> learned = final_error;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& m : models) {
      learned[m + " at start"] = initial_error[m + " at start"];
      pairs.emplace_back(m, m + " at start");
    }
    check("all learn: every autoencoder lowers its reconstruction error (Fig. 3D)", learned, pairs);
  }
  std::vector<std::pair<std::string, std::string>> reset_beats_others, multiscale_reset_first;
  for (const auto& r : {"leaky-reset", "multiscale-reset"})
    for (const auto& n : {"memoryless", "leaky", "multiscale"}) reset_beats_others.emplace_back(r, n);
  for (const auto& m : models)
    if (m != "multiscale-reset") multiscale_reset_first.emplace_back("multiscale-reset", m);
  check("selectivity vs memoryless: multi-scale leaky + reset is more timescale-selective than no memory (Fig. 3E)",
        neg_selectivity, {{"multiscale-reset", "memoryless"}});
  check("selectivity: the models with memory and reset un-mix best (Fig. 3E, section 5.2.3)", neg_selectivity, reset_beats_others);
  check("matching: multi-scale leaky + reset matches timescales best (seed 000 Fig. 2H)", neg_matching, multiscale_reset_first);
  check("no memory reconstructs best: slightly lower end-of-training error than every model with memory (5.2.3, A.14)",
        final_error, {{"memoryless", "leaky"}, {"memoryless", "multiscale"}, {"memoryless", "leaky-reset"}, {"memoryless", "multiscale-reset"}});
  check("efficiency: leaky + reset, multi-scale + reset and no memory learn fastest (mean error over training, 5.2.2)", mean_error,
        {{"leaky-reset", "leaky"}, {"leaky-reset", "multiscale"}, {"multiscale-reset", "leaky"}, {"multiscale-reset", "multiscale"},
         {"memoryless", "leaky"}, {"memoryless", "multiscale"}});
  {
    // A.13: with memory and reset the slow row is learned faster than the fast row.
    std::map<std::string, std::vector<double>> row_error;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& m : {"leaky-reset", "multiscale-reset"})
      if (has(m)) {
        row_error[std::string(m) + " " + groups.back()] = table.mean_per_run(m, "error/" + groups.back());
        row_error[std::string(m) + " " + groups.front()] = table.mean_per_run(m, "error/" + groups.front());
        pairs.emplace_back(std::string(m) + " " + groups.back(), std::string(m) + " " + groups.front());
      }
    check("per-row error: slow row below fast row for models with memory and reset (A.13, mean error over training)", row_error, pairs);
  }

  // A.14: across runs, slow units tracking the fast row go with a worse fast-row error.
  std::ostringstream a14;
  if (has("multiscale-reset") && hidden >= 2 && runs < 2) {
    a14 << "<li>A.14 (multi-scale leaky + reset): n/a (one run): a correlation across runs needs at least two.</li>\n";
  } else if (has("multiscale-reset") && hidden >= 2) {
    std::vector<double> slow_fast, none_fast, fast_error = table.last_per_run("multiscale-reset", "error/" + groups.front());
    for (int64_t r = 0; r < runs; ++r) {
      double s = 0;
      for (int64_t j = 1; j < hidden; ++j) s += table.last_per_run("multiscale-reset", r2_metric(j, groups.front()))[r] / (hidden - 1);
      slow_fast.push_back(s);
      none_fast.push_back(table.last_per_run("multiscale-reset", r2_metric(0, groups.front()))[r]);
    }
    a14 << "<li>A.14 (multi-scale leaky + reset, across " << runs << " runs): correlation of the memory units' r^2 with the fast row "
        << "and the fast row's final error r = " << format_number(pearson_correlation(slow_fast, fast_error))
        << " (paper: positive); of the no-memory unit's r^2 with it r = " << format_number(pearson_correlation(none_fast, fast_error))
        << " (paper: not positive).</li>\n";
  }

  std::ostringstream summary;
  ClaimsTable claims_table;
  summary << "<p>" << runs << " runs; autoencoders " << (hidden * 2) << "-" << hidden << "-" << (hidden * 2)
          << " trained one item at a time with " << config.text("optimizer") << " (lr " << format_number(config.real("learning_rate"))
          << "), leak " << format_number(config.real("leak_alpha")) << ", multi-scale alpha per unit, reset "
          << config.text("reset_rule") << "; leak gradient " << config.text("leak_gradient")
          << ". A claim's step \"a &lt; b\" holds when the 95% Student-t interval of the mean paired difference over runs lies "
             "above zero (bootstrap intervals in claims.csv; for matching and selectivity the values compared are negated, "
             "so lower is better).</p>\n<ul>\n";
  for (const auto& c : claims) {
    claims_table.add("", c);
    summary << claim_summary_html(c);
  }
  summary << a14.str() << "</ul>\n";
  claims_table.write(dir);
  write_file_atomic(dir / "unmixing.csv", unmix_csv.str());
  content.summary_html = summary.str();
  content.tables = {{"claims.csv", "Claims: paired differences (worse - better), 95% t and bootstrap intervals"},
                    {"unmixing.csv", "Timescale matching and selectivity per model: bootstrap mean and spread"}};
  return content;
}

}  // namespace reverie
