// The replay experiments' keys, each declared once (its TOML default is in experiments/*.toml):
// the teacher's training keys every part has, then the groups and keys of each part.
#include "reverie/experiments/replay/experiments.h"
#include "parts.h"

namespace reverie {

namespace {

ValueCheck all_in_range(int64_t low, int64_t high) {
  return [low, high](const Value& v) -> std::string {
    for (int64_t x : std::get<std::vector<int64_t>>(v))
      if (x < low || x > high) return "entries in [" + std::to_string(low) + ", " + std::to_string(high) + "]";
    return "";
  };
}

// The item table, the teachers and their training: every part's.
SettingsKeys<ReplaySettings> teacher_training_keys() {
  using S = ReplaySettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("items", &S::items, "built-in item table: " + builtin_item_table_choices(), one_of(builtin_item_table_names()))
      .add("items_csv", &S::items_csv, "item x attribute CSV table; empty = the built-in table named by items")
      .add("teacher.hidden", &S::teacher_hidden, "hidden units of each teacher scenario (2: under-, 32: overparameterized)",
           all_of({all_in_range(1, 100000), distinct()}))
      .add("teacher.max_epochs", &S::teacher_max_epochs, "epoch limit of each teacher scenario, in teacher.hidden's order",
           all_in_range(1, 10000000))
      .add("dropout", &S::dropout, "dropout probability after the input and after the hidden layer", in_range(0, 0.99))
      .add("input_noise_sd", &S::input_noise_sd, "sd of Gaussian noise added to the input in training (the thesis's code: 0.5)",
           in_range(0, 100))
      .add("l1_lambda", &S::training, &AutoencoderTrainingOptions::l1_lambda, "lambda of the L1 penalty lambda * sum(|theta|) added to the loss (the thesis's code: 5e-4)",
           in_range(0, 1e3))
      .add("init", &S::init, "initial weights: xavier (Xavier-uniform weights, zero biases) or pytorch-default "
           "(torch.nn.Linear's, the thesis's code)", autoencoder_init_choices())
      .add("learning_rate", &S::training, &AutoencoderTrainingOptions::learning_rate, "AdamW learning rate", positive())
      .add("l2_lambda", &S::training, &AutoencoderTrainingOptions::l2_lambda, "lambda of the L2 penalty lambda * sum(theta^2) added to the loss", all_of({non_negative(), in_range(0, 1e3)}))
      .add("weight_decay", &S::training, &AutoencoderTrainingOptions::weight_decay, "AdamW's decoupled weight decay", all_of({non_negative(), in_range(0, 1e3)}))
      .add("batch_size", &S::training, &AutoencoderTrainingOptions::batch_size, "patterns per minibatch", in_range(1, 100000))
      .add("early_stopping", &S::training, &AutoencoderTrainingOptions::early_stopping, "stop on the mean item loss (stop_loss) or its change (stop_change)")
      .add("stop_loss", &S::training, &AutoencoderTrainingOptions::stop_loss, "stop when the mean item loss falls below this", non_negative())
      .add("stop_change", &S::training, &AutoencoderTrainingOptions::stop_change, "stop when the mean item loss changes by less than this between epochs", non_negative())
      .add("record_every", &S::training, &AutoencoderTrainingOptions::record_every, "epochs between recorded losses and singular values", in_range(1, 1000000));
  return keys;
}

// Algorithm 1's replay.* keys, for the parts that replay.
SettingsKeys<ReplaySettings> replay_chain_keys() {
  using S = ReplaySettings;
  // The noise optimum keeps every chain's trajectory: chains x steps x attributes floats.
  SettingsKeys<S> keys;
  keys.add("replay.chains", &S::replay_chains, "chains (patterns) per replay set, Algorithm 1's n", in_range(1, 1000000))
      .add("replay.steps", &S::replay_steps, "model steps per chain, Algorithm 1's s", in_range(1, 1000))
      .add("replay.init_low", &S::replay_init_low, "chains start from U(init_low, init_high), Algorithm 1's [a, b]", in_range(-1e3, 1e3))
      .add("replay.init_high", &S::replay_init_high, "upper end of the uniform start", in_range(-1e3, 1e3))
      .add("replay.init", &S::replay_init, "start distribution of the chains: uniform U(init_low, init_high) (Algorithm 1) "
           "or gaussian N(init_mean, init_sd^2) (section 5.3's text) or items (chain i from item i mod 8: the thesis's code's noise search)",
           replay_start_choices())
      .add("replay.init_mean", &S::replay_init_mean, "mean of the Gaussian start", in_range(-1e3, 1e3))
      .add("replay.init_sd", &S::replay_init_sd, "standard deviation of the Gaussian start", all_of({non_negative(), in_range(0, 1e3)}))
      .add("replay.noise_on_last_step", &S::replay_noise_on_last_step, "add noise on the final step too (Algorithm 1 as printed)");
  return keys;
}

// fixed_point.* keys, for the parts that search fixed points.
SettingsKeys<ReplaySettings> fixed_point_keys() {
  using S = ReplaySettings;
  SettingsKeys<S> keys;
  keys.add("fixed_point.max_steps", &S::fixed_point_max_steps, "iterations allowed to converge", in_range(1, 10000000))
      .add("fixed_point.tolerance", &S::fixed_point_tolerance, "converged when one step moves no coordinate by more than this", positive())
      .add("fixed_point.item_tolerance", &S::fixed_point_item_tolerance, "an item is stored when iteration from it converges within this of it "
           "(every coordinate); an attractor farther than this from every item is spurious", positive())
      .add("fixed_point.random_starts", &S::fixed_point_random_starts, "uniform random starts searched for further fixed points", in_range(0, 10000000))
      .add("fixed_point.merge_distance", &S::fixed_point_merge_distance, "limits closer than this (every coordinate) are one fixed point", positive());
  return keys;
}

}  // namespace

SettingsKeys<ReplaySettings> replay_teacher_keys() {
  using S = ReplaySettings;
  SettingsKeys<S> keys = teacher_training_keys();
  keys.add(fixed_point_keys()).add("trajectory.runs", &S::trajectory_runs, "runs (the first ones) whose iteration trajectories from each item are kept (Fig. 2)",
              in_range(0, 100000))
      .add("trajectory.steps", &S::trajectory_steps, "iterations of each trajectory", in_range(1, 10000))
      .add("singular_value_threshold", &S::singular_value_threshold, "a prediction singular value counts as nonzero above this", non_negative())
      .add("latent_map.runs", &S::latent_map_runs, "runs (the first ones) whose latent map is drawn", in_range(0, 100000))
      .add("latent_map.points_per_axis", &S::latent_map_points_per_axis, "grid points per axis, 2-unit map", in_range(2, 2000))
      .add("latent_map.points_per_axis_pca", &S::latent_map_points_per_axis_pca, "grid points per axis, 3-component PCA map", in_range(2, 200))
      .add("latent_map.arrow_steps", &S::latent_map_arrow_steps, "iterations behind each arrow", in_range(0, 100000))
      .add("latent_map.arrow_stride", &S::latent_map_arrow_stride, "draw every k-th grid point's arrow per axis", in_range(1, 1000))
      .add("latent_map.margin", &S::latent_map_margin, "grid margin beyond the items' encodings, as a fraction of their range", in_range(0, 10));
  return keys;
}

SettingsKeys<ReplaySettings> replay_hidden_sizes_keys() {
  using S = ReplaySettings;
  SettingsKeys<S> keys = teacher_training_keys();
  keys.add(fixed_point_keys()).add("fixed_point.root_starts", &S::fixed_point_root_starts, "U(0, 1) starts of the Newton root search of f(x) = x (the items too)",
              in_range(0, 10000000))
      .add("fixed_point.root_steps", &S::fixed_point_root_steps, "Newton steps allowed per start", in_range(1, 100000))
      .add("fixed_point.root_tolerance", &S::fixed_point_root_tolerance, "a root: no coordinate of f(x) - x larger than this", positive());
  return keys;
}

SettingsKeys<ReplaySettings> replay_noise_optimum_keys() {
  using S = ReplaySettings;
  SettingsKeys<S> keys = teacher_training_keys();
  keys.add(replay_chain_keys()).add("replay.transitions_of", &S::replay_transitions_of,
              "states: A from the chains' states (after noise); predictions: from the model's outputs before noise",
              trajectory_of_choices())
      .add("replay.noise_on_start", &S::replay_noise_on_start, "add noise to each chain's start state too (the thesis's code)")
      .add("replay.transitions_from", &S::replay_transitions_from,
           "consecutive: A counts consecutive classes along each chain (the text); start: from each chain's start item to "
           "every state's class (the thesis's code; needs replay.init = items)", transitions_from_choices())
      .add("replay.nearest_by", &S::replay_nearest_by, "a state's class: its nearest item by euclidean or cosine distance (the code's)",
           nearest_by_choices())
      .add("noise_grid.target", &S::noise_grid_target,
           "S: pearson-min-max = the items' Pearson correlations min-max scaled (section 5.3); correlation-distance-l2 = 1 - "
           "their correlation distances with rows scaled to unit length (the thesis's code)",
           noise_target_choices())
      .add("noise_grid.mean_min", &S::noise_grid_mean_min, "smallest noise mean mu", in_range(-10, 10))
      .add("noise_grid.mean_max", &S::noise_grid_mean_max, "largest noise mean mu", in_range(-10, 10))
      .add("noise_grid.mean_points", &S::noise_grid_mean_points, "grid points of mu", in_range(1, 1000))
      .add("noise_grid.sd_min", &S::noise_grid_sd_min, "smallest noise standard deviation sigma", in_range(0, 100))
      .add("noise_grid.sd_max", &S::noise_grid_sd_max, "largest noise standard deviation sigma", in_range(0, 100))
      .add("noise_grid.sd_points", &S::noise_grid_sd_points, "grid points of sigma", in_range(1, 1000));
  return keys;
}

SettingsKeys<ReplaySettings> replay_student_keys() {
  using S = ReplaySettings;
  SettingsKeys<S> keys = teacher_training_keys();
  keys.add(replay_chain_keys()).add("replay.noise_mean", &S::replay_noise_mean, "mu of the noisy replay condition", in_range(-10, 10))
      .add("replay.noise_sd", &S::replay_noise_sd, "sigma of the noisy replay condition", in_range(0, 100))
      .add("student.hidden", &S::student_hidden, "hidden units of the student", in_range(1, 100000))
      .add("student.max_epochs", &S::student_max_epochs, "epoch limit of the student", in_range(1, 10000000))
      .add("student.patterns_per_epoch", &S::student_patterns_per_epoch, "replay patterns drawn (uniformly, with replacement) per epoch", in_range(1, 1000000))
      .add("student.early_stopping", &S::student_early_stopping, "early stopping for the student, judged on the true items as the teacher's");
  return keys;
}

}  // namespace reverie
