// The multi-scale experiments' keys, each declared once (its TOML default is in experiments/*.toml).
#include "reverie/experiments/multiscale/experiment.h"
#include "reverie/experiments/online_training_keys.h"
#include "parts.h"

namespace reverie {

namespace {

// Section 5.2.1's five autoencoders.
const std::vector<std::string> kModels = {"memoryless", "leaky", "multiscale", "leaky-reset", "multiscale-reset"};

}  // namespace

SettingsKeys<MultiscaleSettings> multiscale_keys() {
  using S = MultiscaleSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("models", &S::models,
           "memoryless, leaky, multiscale, leaky-reset, multiscale-reset (section 5.2.1's five autoencoders)",
           all_of({one_of(kModels), distinct()}))
      .add("hidden", &S::hidden, "hidden units (one per row: no / short / long memory)", in_range(1, 1024))
      .add(leak_keys<S>())
      // One alpha and one row per hidden unit: as many entries as hidden allows.
      .add("multiscale_alpha", &S::multiscale_alpha, "alpha per hidden unit of the multi-scale models", in_range_below(0, 1), 1024)
      .add("reset_rule", &S::reset_rule, "memory gating of the -reset models: local (A.11, per row) or period",
           only(reset_rule_choices(), {"local", "period"}))
      .add("reset_period", &S::reset_period, "items between resets when reset_rule = period", non_negative())
      .add(online_optimizer_keys(), &S::optimization)
      .add("train_items", &S::train_items, "items in the training stream (one update each)", in_range(2, 10000000))
      .add("test_items", &S::test_items, "items in the held-out stream", in_range(2, 10000000))
      .add("evaluations", &S::evaluations, "evaluations on the held-out stream during training", positive())
      .add("trace_items", &S::trace_items, "held-out items whose hidden traces are recorded (A.15)", in_range(0, 10000000))
      .add("trace_runs", &S::trace_runs, "runs that record and draw those traces (A.15; those not run are skipped)",
           all_of({in_range(0, 1000000), distinct()}))
      .add("bootstrap_resamples", &S::bootstrap_resamples, "bootstrap resamples of the per-run values", in_range(1, 1000000))
      .add("data_seed", &S::data_seed, "seed of the training and held-out streams", non_negative())
      .add("stream.change_every", &S::stream, &MultiscaleStreamOptions::change_every, "items between state switches of each row", all_positive(), 1024)
      .add("stream.elements", &S::stream, &MultiscaleStreamOptions::elements, "elements per row", in_range(1, 1024))
      .add("stream.noise", &S::stream, &MultiscaleStreamOptions::noise, "uniform noise amplitude: U(0, noise) per element", non_negative())
      .add("stream.pattern", &S::stream, &MultiscaleStreamOptions::pattern, "row pattern: complementary (one-hot in the state) or identical",
           row_pattern_choices())
      .add("stream.switching", &S::stream, &MultiscaleStreamOptions::switching, "flip (state flips at each change point) or resample (a fresh coin)",
           state_switching_choices());
  return keys;
}

}  // namespace reverie
