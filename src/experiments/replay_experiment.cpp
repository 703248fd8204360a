#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "reverie/core/error.h"
#include "reverie/experiments/replay_experiments.h"
#include "replay_parts.h"

namespace reverie {

namespace {

ValueCheck all_in_range(int64_t low, int64_t high) {
  return [low, high](const Value& v) -> std::string {
    for (int64_t x : std::get<std::vector<int64_t>>(v))
      if (x < low || x > high) return "entries in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
    return "";
  };
}

}  // namespace

ReplayExperiment::ReplayExperiment(std::string name, std::string description)
    : NamedExperiment(std::move(name), std::move(description)) {
  schema_.add("items", ValueType::String, "built-in item table: " + builtin_item_table_choices(), one_of(builtin_item_table_names()))
      .add("items_csv", ValueType::String, "item x attribute CSV table; empty = the built-in table named by items")
      .add("teacher.hidden", ValueType::IntegerList, "hidden units of each teacher scenario (2: under-, 32: overparameterized)",
           all_of({all_in_range(1, 100000), distinct()}))
      .add("teacher.max_epochs", ValueType::IntegerList, "epoch limit of each teacher scenario, in teacher.hidden's order",
           all_in_range(1, 10000000))
      .add("dropout", ValueType::Float, "dropout probability after the input and after the hidden layer", in_range(0, 0.99))
      .add("input_noise_sd", ValueType::Float, "sd of Gaussian noise added to the input in training (the thesis's code: 0.5)",
           in_range(0, 100))
      .add("l1_lambda", ValueType::Float, "lambda of the L1 penalty lambda * sum(|theta|) added to the loss (the thesis's code: 5e-4)",
           in_range(0, 1e3))
      .add("init", ValueType::String, "initial weights: xavier (Xavier-uniform weights, zero biases) or pytorch-default "
           "(torch.nn.Linear's, the thesis's code)", one_of({"xavier", "pytorch-default"}))
      .add("learning_rate", ValueType::Float, "AdamW learning rate", positive())
      .add("l2_lambda", ValueType::Float, "lambda of the L2 penalty lambda * sum(theta^2) added to the loss", all_of({non_negative(), in_range(0, 1e3)}))
      .add("weight_decay", ValueType::Float, "AdamW's decoupled weight decay", all_of({non_negative(), in_range(0, 1e3)}))
      .add("batch_size", ValueType::Integer, "patterns per minibatch", in_range(1, 100000))
      .add("early_stopping", ValueType::Boolean, "stop on the mean item loss (stop_loss) or its change (stop_change)")
      .add("stop_loss", ValueType::Float, "stop when the mean item loss falls below this", non_negative())
      .add("stop_change", ValueType::Float, "stop when the mean item loss changes by less than this between epochs", non_negative())
      .add("record_every", ValueType::Integer, "epochs between recorded losses and singular values", in_range(1, 1000000));
}

void ReplayExperiment::add_replay_keys() {
  // The noise optimum keeps every chain's trajectory: chains x steps x attributes floats.
  schema_.add("replay.chains", ValueType::Integer, "chains (patterns) per replay set, Algorithm 1's n", in_range(1, 1000000))
      .add("replay.steps", ValueType::Integer, "model steps per chain, Algorithm 1's s", in_range(1, 1000))
      .add("replay.init_low", ValueType::Float, "chains start from U(init_low, init_high), Algorithm 1's [a, b]", in_range(-1e3, 1e3))
      .add("replay.init_high", ValueType::Float, "upper end of the uniform start", in_range(-1e3, 1e3))
      .add("replay.init", ValueType::String, "start distribution of the chains: uniform U(init_low, init_high) (Algorithm 1) "
           "or gaussian N(init_mean, init_sd^2) (section 5.3's text) or items (chain i from item i mod 8: the thesis's code's noise search)",
           one_of({"uniform", "gaussian", "items"}))
      .add("replay.init_mean", ValueType::Float, "mean of the Gaussian start", in_range(-1e3, 1e3))
      .add("replay.init_sd", ValueType::Float, "standard deviation of the Gaussian start", all_of({non_negative(), in_range(0, 1e3)}))
      .add("replay.noise_on_last_step", ValueType::Boolean, "add noise on the final step too (Algorithm 1 as printed)");
}

void ReplayExperiment::validate(const Config& config) const {
  const auto s = ReplaySettings::from(config);
  if (s.teacher_hidden().empty()) throw InputError("config key 'teacher.hidden': expected at least one scenario");
  if (s.teacher_max_epochs().size() != s.teacher_hidden().size())
    throw InputError("config key 'teacher.max_epochs': expected one entry per teacher.hidden entry");
  if (schema_.find("replay.init_high") && s.replay_init_high() < s.replay_init_low())
    throw InputError("config key 'replay.init_high' is impossible: expected >= replay.init_low");
  replay_items(s);  // a bad items_csv is refused before any run starts
}

void ReplayExperiment::add_fixed_point_keys() {
  schema_.add("fixed_point.max_steps", ValueType::Integer, "iterations allowed to converge", in_range(1, 10000000))
      .add("fixed_point.tolerance", ValueType::Float, "converged when one step moves no coordinate by more than this", positive())
      .add("fixed_point.item_tolerance", ValueType::Float, "an item is stored when iteration from it converges within this of it "
           "(every coordinate); an attractor farther than this from every item is spurious", positive())
      .add("fixed_point.random_starts", ValueType::Integer, "uniform random starts searched for further fixed points", in_range(0, 10000000))
      .add("fixed_point.merge_distance", ValueType::Float, "limits closer than this (every coordinate) are one fixed point", positive());
}

ReplayTeacherExperiment::ReplayTeacherExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description)) {
  add_fixed_point_keys();
  schema_.add("trajectory.runs", ValueType::Integer, "runs (the first ones) whose iteration trajectories from each item are kept (Fig. 2)",
              in_range(0, 100000))
      .add("trajectory.steps", ValueType::Integer, "iterations of each trajectory", in_range(1, 10000))
      .add("singular_value_threshold", ValueType::Float, "a prediction singular value counts as nonzero above this", non_negative())
      .add("latent_map.runs", ValueType::Integer, "runs (the first ones) whose latent map is drawn", in_range(0, 100000))
      .add("latent_map.points_per_axis", ValueType::Integer, "grid points per axis, 2-unit map", in_range(2, 2000))
      .add("latent_map.points_per_axis_pca", ValueType::Integer, "grid points per axis, 3-component PCA map", in_range(2, 200))
      .add("latent_map.arrow_steps", ValueType::Integer, "iterations behind each arrow", in_range(0, 100000))
      .add("latent_map.arrow_stride", ValueType::Integer, "draw every k-th grid point's arrow per axis", in_range(1, 1000))
      .add("latent_map.margin", ValueType::Float, "grid margin beyond the items' encodings, as a fraction of their range", in_range(0, 10));
}

ReplayHiddenSizesExperiment::ReplayHiddenSizesExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description)) {
  add_fixed_point_keys();
  schema_.add("fixed_point.root_starts", ValueType::Integer, "U(0, 1) starts of the Newton root search of f(x) = x (the items too)",
              in_range(0, 10000000))
      .add("fixed_point.root_steps", ValueType::Integer, "Newton steps allowed per start", in_range(1, 100000))
      .add("fixed_point.root_tolerance", ValueType::Float, "a root: no coordinate of f(x) - x larger than this", positive());
}

ReplayNoiseOptimumExperiment::ReplayNoiseOptimumExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description)) {
  add_replay_keys();
  schema_.add("replay.transitions_of", ValueType::String,
              "states: A from the chains' states (after noise); predictions: from the model's outputs before noise",
              one_of({"states", "predictions"}))
      .add("replay.noise_on_start", ValueType::Boolean, "add noise to each chain's start state too (the thesis's code)")
      .add("replay.transitions_from", ValueType::String,
           "consecutive: A counts consecutive classes along each chain (the text); start: from each chain's start item to "
           "every state's class (the thesis's code; needs replay.init = items)", one_of({"consecutive", "start"}))
      .add("replay.nearest_by", ValueType::String, "a state's class: its nearest item by euclidean or cosine distance (the code's)",
           one_of({"euclidean", "cosine"}))
      .add("noise_grid.target", ValueType::String,
           "S: pearson-min-max = the items' Pearson correlations min-max scaled (section 5.3); correlation-distance-l2 = 1 - "
           "their correlation distances with rows scaled to unit length (the thesis's code)",
           one_of({"pearson-min-max", "correlation-distance-l2"}))
      .add("noise_grid.mean_min", ValueType::Float, "smallest noise mean mu", in_range(-10, 10))
      .add("noise_grid.mean_max", ValueType::Float, "largest noise mean mu", in_range(-10, 10))
      .add("noise_grid.mean_points", ValueType::Integer, "grid points of mu", in_range(1, 1000))
      .add("noise_grid.sd_min", ValueType::Float, "smallest noise standard deviation sigma", in_range(0, 100))
      .add("noise_grid.sd_max", ValueType::Float, "largest noise standard deviation sigma", in_range(0, 100))
      .add("noise_grid.sd_points", ValueType::Integer, "grid points of sigma", in_range(1, 1000));
}

void ReplayNoiseOptimumExperiment::validate(const Config& config) const {
  const auto s = ReplaySettings::from(config);
  ReplayExperiment::validate(config);
  if (s.noise_grid_mean_max() < s.noise_grid_mean_min())
    throw InputError("config key 'noise_grid.mean_max' is impossible: expected >= noise_grid.mean_min");
  if (s.noise_grid_sd_max() < s.noise_grid_sd_min())
    throw InputError("config key 'noise_grid.sd_max' is impossible: expected >= noise_grid.sd_min");
  if (s.replay_transitions_from() == "start" && s.replay_init() != "items")
    throw InputError("config key 'replay.transitions_from' = 'start' needs chains that start from the items: replay.init = \"items\"");
  // Its target S is the items' Pearson correlation, which an item with all attributes equal does not have.
  const ItemTable items = replay_items(s);
  for (int64_t i = 0; i < items.size(); ++i)
    if (items.values[i].min().item<float>() == items.values[i].max().item<float>())
      throw InputError("config key 'items_csv': item '" + items.items[i] + "' has every attribute equal, so its correlation with " +
                       "the other items (the noise optimum's target S, Fig. 5) is undefined; give it both values");
}

ReplayStudentExperiment::ReplayStudentExperiment(std::string name, std::string description)
    : ReplayExperiment(std::move(name), std::move(description)) {
  add_replay_keys();
  schema_.add("replay.noise_mean", ValueType::Float, "mu of the noisy replay condition", in_range(-10, 10))
      .add("replay.noise_sd", ValueType::Float, "sigma of the noisy replay condition", in_range(0, 100))
      .add("student.hidden", ValueType::Integer, "hidden units of the student", in_range(1, 100000))
      .add("student.max_epochs", ValueType::Integer, "epoch limit of the student", in_range(1, 10000000))
      .add("student.patterns_per_epoch", ValueType::Integer, "replay patterns drawn (uniformly, with replacement) per epoch", in_range(1, 1000000))
      .add("student.early_stopping", ValueType::Boolean, "early stopping for the student, judged on the true items as the teacher's");
}

void ReplayStudentExperiment::validate(const Config& config) const {
  const auto s = ReplaySettings::from(config);
  ReplayExperiment::validate(config);
  if (s.replay_noise_sd() == 0 && s.replay_noise_mean() == 0)
    throw InputError("config key 'replay.noise_sd': the noisy condition needs noise (sd or mean not 0)");
}

namespace {

// A run of any part: the item table is read once, the part does the rest.
class PreparedReplay : public PreparedExperiment {
 public:
  PreparedReplay(const ReplayExperiment& part, ReplaySettings settings)
      : part_(part), settings_(std::move(settings)), items_(replay_items(settings_)) {}
  int64_t work_per_run() const override { return part_.part_work(settings_); }
  std::vector<TidyRow> run(int run, Progress& progress) const override { return part_.run_part(settings_, items_, run, progress); }

 private:
  const ReplayExperiment& part_;  // registered experiments live as long as the program
  ReplaySettings settings_;
  ItemTable items_;
};

}  // namespace

std::unique_ptr<PreparedExperiment> ReplayExperiment::prepare(const Config& config, const ExperimentEnvironment&) const {
  return std::make_unique<PreparedReplay>(*this, ReplaySettings::from(config));
}

ReportContent ReplayExperiment::summarize(const Config& config, const std::vector<TidyRow>& rows,
                                          const std::filesystem::path& dir) const {
  const auto settings = ReplaySettings::from(config);
  const ItemTable items = replay_items(settings);
  ReportContent content;
  content.title = name() + ": " + description();
  ClaimsTable claims;
  summarize_part(settings, items, RowTable(rows), dir, content, claims);
  claims.write(dir);
  content.tables.insert(content.tables.begin(), {"claims.csv", "Claims: the thesis's statement, our number, and whether it holds"});
  return content;
}

ReplaySettings ReplaySettings::from(const Config& config) {
  const auto present = config.to_json();
  ReplaySettings s;
  s.seed(config.integer("seed")).runs(config.integer("runs"));
  if (present.contains("items")) s.items(config.text("items"));
  if (present.contains("items_csv")) s.items_csv(config.text("items_csv"));
  if (present.contains("teacher.hidden")) s.teacher_hidden(config.integers("teacher.hidden"));
  if (present.contains("teacher.max_epochs")) s.teacher_max_epochs(config.integers("teacher.max_epochs"));
  if (present.contains("dropout")) s.dropout(config.real("dropout"));
  if (present.contains("input_noise_sd")) s.input_noise_sd(config.real("input_noise_sd"));
  if (present.contains("l1_lambda")) s.l1_lambda(config.real("l1_lambda"));
  if (present.contains("init")) s.init(config.text("init"));
  if (present.contains("learning_rate")) s.learning_rate(config.real("learning_rate"));
  if (present.contains("l2_lambda")) s.l2_lambda(config.real("l2_lambda"));
  if (present.contains("weight_decay")) s.weight_decay(config.real("weight_decay"));
  if (present.contains("batch_size")) s.batch_size(config.integer("batch_size"));
  if (present.contains("early_stopping")) s.early_stopping(config.boolean("early_stopping"));
  if (present.contains("stop_loss")) s.stop_loss(config.real("stop_loss"));
  if (present.contains("stop_change")) s.stop_change(config.real("stop_change"));
  if (present.contains("record_every")) s.record_every(config.integer("record_every"));
  if (present.contains("replay.chains")) s.replay_chains(config.integer("replay.chains"));
  if (present.contains("replay.steps")) s.replay_steps(config.integer("replay.steps"));
  if (present.contains("replay.init_low")) s.replay_init_low(config.real("replay.init_low"));
  if (present.contains("replay.init_high")) s.replay_init_high(config.real("replay.init_high"));
  if (present.contains("replay.init")) s.replay_init(config.text("replay.init"));
  if (present.contains("replay.init_mean")) s.replay_init_mean(config.real("replay.init_mean"));
  if (present.contains("replay.init_sd")) s.replay_init_sd(config.real("replay.init_sd"));
  if (present.contains("replay.noise_on_last_step")) s.replay_noise_on_last_step(config.boolean("replay.noise_on_last_step"));
  if (present.contains("fixed_point.max_steps")) s.fixed_point_max_steps(config.integer("fixed_point.max_steps"));
  if (present.contains("fixed_point.tolerance")) s.fixed_point_tolerance(config.real("fixed_point.tolerance"));
  if (present.contains("fixed_point.item_tolerance")) s.fixed_point_item_tolerance(config.real("fixed_point.item_tolerance"));
  if (present.contains("fixed_point.random_starts")) s.fixed_point_random_starts(config.integer("fixed_point.random_starts"));
  if (present.contains("fixed_point.merge_distance")) s.fixed_point_merge_distance(config.real("fixed_point.merge_distance"));
  if (present.contains("fixed_point.root_starts")) s.fixed_point_root_starts(config.integer("fixed_point.root_starts"));
  if (present.contains("fixed_point.root_steps")) s.fixed_point_root_steps(config.integer("fixed_point.root_steps"));
  if (present.contains("fixed_point.root_tolerance")) s.fixed_point_root_tolerance(config.real("fixed_point.root_tolerance"));
  if (present.contains("trajectory.runs")) s.trajectory_runs(config.integer("trajectory.runs"));
  if (present.contains("trajectory.steps")) s.trajectory_steps(config.integer("trajectory.steps"));
  if (present.contains("singular_value_threshold")) s.singular_value_threshold(config.real("singular_value_threshold"));
  if (present.contains("latent_map.runs")) s.latent_map_runs(config.integer("latent_map.runs"));
  if (present.contains("latent_map.points_per_axis")) s.latent_map_points_per_axis(config.integer("latent_map.points_per_axis"));
  if (present.contains("latent_map.points_per_axis_pca")) s.latent_map_points_per_axis_pca(config.integer("latent_map.points_per_axis_pca"));
  if (present.contains("latent_map.arrow_steps")) s.latent_map_arrow_steps(config.integer("latent_map.arrow_steps"));
  if (present.contains("latent_map.arrow_stride")) s.latent_map_arrow_stride(config.integer("latent_map.arrow_stride"));
  if (present.contains("latent_map.margin")) s.latent_map_margin(config.real("latent_map.margin"));
  if (present.contains("replay.transitions_of")) s.replay_transitions_of(config.text("replay.transitions_of"));
  if (present.contains("replay.noise_on_start")) s.replay_noise_on_start(config.boolean("replay.noise_on_start"));
  if (present.contains("replay.transitions_from")) s.replay_transitions_from(config.text("replay.transitions_from"));
  if (present.contains("replay.nearest_by")) s.replay_nearest_by(config.text("replay.nearest_by"));
  if (present.contains("noise_grid.target")) s.noise_grid_target(config.text("noise_grid.target"));
  if (present.contains("noise_grid.mean_min")) s.noise_grid_mean_min(config.real("noise_grid.mean_min"));
  if (present.contains("noise_grid.mean_max")) s.noise_grid_mean_max(config.real("noise_grid.mean_max"));
  if (present.contains("noise_grid.mean_points")) s.noise_grid_mean_points(config.integer("noise_grid.mean_points"));
  if (present.contains("noise_grid.sd_min")) s.noise_grid_sd_min(config.real("noise_grid.sd_min"));
  if (present.contains("noise_grid.sd_max")) s.noise_grid_sd_max(config.real("noise_grid.sd_max"));
  if (present.contains("noise_grid.sd_points")) s.noise_grid_sd_points(config.integer("noise_grid.sd_points"));
  if (present.contains("replay.noise_mean")) s.replay_noise_mean(config.real("replay.noise_mean"));
  if (present.contains("replay.noise_sd")) s.replay_noise_sd(config.real("replay.noise_sd"));
  if (present.contains("student.hidden")) s.student_hidden(config.integer("student.hidden"));
  if (present.contains("student.max_epochs")) s.student_max_epochs(config.integer("student.max_epochs"));
  if (present.contains("student.patterns_per_epoch")) s.student_patterns_per_epoch(config.integer("student.patterns_per_epoch"));
  if (present.contains("student.early_stopping")) s.student_early_stopping(config.boolean("student.early_stopping"));
  return s;
}

}  // namespace reverie
