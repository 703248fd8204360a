// The smoothness experiments' keys, each declared once (its TOML default is in experiments/*.toml).
#include "reverie/experiments/online_training_keys.h"
#include "reverie/experiments/smoothness/experiment.h"
#include "parts.h"

namespace reverie {

namespace {

// The models of the schema, or leaky-every-N with N >= 1.
ValueCheck known_models() {
  return [](const Value& v) -> std::string {
    for (const auto& m : std::get<std::vector<std::string>>(v))
      if (!SmoothnessModel::parse(m)) return "memoryless, leaky, leaky-reset, minibatch, lstm or leaky-every-N (N >= 1)";
    return "";
  };
}

}  // namespace

SettingsKeys<SmoothnessSettings> smoothness_keys() {
  using S = SmoothnessSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("datasets", &S::datasets, "datasets to train on", all_of({one_of({"mnist", "fashion-mnist", "synthetic"}), distinct()}))
      .add("repeats", &S::repeats, "consecutive items per category visit, one condition each",
           all_of({all_positive(), in_range(1, 100000), distinct()}))
      .add("random_sampling", &S::random_sampling, "include random sampling without replacement")
      .add("models", &S::models,
           "memoryless, leaky, leaky-reset (leaky with memory gating), minibatch (memoryless, batch_size items per "
           "update), leaky-every-N (leaky, reset every N items: A.7)",
           all_of({known_models(), distinct()}))
      .add("batch_size", &S::batch_size, "items per update of the minibatch model (A.5, A.6)", in_range(1, 100000))
      .add(leak_keys<S>())
      .add("task", &S::task, "classification, or reconstruction by an autoencoder (A.1 right, A.7 left)",
           Choices<SmoothnessTask>{{"classification", SmoothnessTask::classification},
                                   {"reconstruction", SmoothnessTask::reconstruction}})
      .add("test_protocol", &S::test_protocol,
           "single (items alone, memory off) or stream (a test stream, memory on, same resets; A.9, A.10)",
           Choices<TestProtocol>{{"single", TestProtocol::single}, {"stream", TestProtocol::stream}})
      .add("test_stream_repeats", &S::test_stream_repeats,
           "repeats per category in the test stream; 0 = random order; -1 = as the training condition (A.9)",
           in_range(-1, 100000))
      .add("also_test_in_domain", &S::also_test_in_domain,
           "with test_stream_repeats >= 0: also test every model at the same points on a stream of its training "
           "smoothness (A.10: the same models trained and tested on the same sequence)")
      .add("bptt_steps", &S::bptt_steps, "lstm: items the gradient reaches back (truncated BPTT)", in_range(1, 100000))
      .add("bptt_update", &S::bptt_update,
           "lstm: sliding (one update per item through the last bptt_steps items) or window (one per window)",
           Choices<BpttUpdate>{{"sliding", BpttUpdate::sliding}, {"window", BpttUpdate::window}})
      .add("reset_rule", &S::reset_rule,
           "memory gating of leaky-reset: label (category change), period, or local (A.11: the input changes more than its average)",
           only(reset_rule_choices(), {"label", "period", "local"}))
      .add("reset_period", &S::reset_period, "items between resets when reset_rule = period", non_negative())
      .add("hidden_fraction", &S::hidden_fraction, "hidden units as a fraction of inputs (0.5: 784-392-10, 16-8-4)",
           all_of({positive(), in_range(0, 16)}))
      .add("output", &S::output, "output nonlinearity", output_choices())
      .add("loss", &S::loss, "mse or ce (cross-entropy)", loss_choices())
      .add("mse_reduction", &S::mse_reduction, "mean (torch.nn.MSELoss default) or sum over outputs", mse_reduction_choices())
      .add(online_optimizer_keys(), &S::optimization)
      .add("sgd_kernel", &S::sgd_kernel,
           "fused (one-pass batch-1 kernel; for the LSTM, the fused truncated-BPTT kernel) or libtorch (autograd + torch::optim)",
           Choices<SgdKernel>{{"fused", SgdKernel::fused}, {"libtorch", SgdKernel::libtorch}})
      .add("train_items", &S::train_items, "training items (fixed subset); 0 = all", in_range(0, 10000000))
      .add("balance_classes", &S::balance_classes, "equal items per class in the training set (image datasets)")
      .add("test_items", &S::test_items, "test items per evaluation (fixed subset); 0 = all", in_range(0, 10000000))
      .add("evaluations", &S::evaluations, "test evaluations per epoch", in_range(1, 1000000))
      .add("epochs", &S::epochs,
           "passes over the training set; each draws new category and within-category orders from the run's seed "
           "(section 4.1.1's rules), and the curves run on across epochs",
           in_range(1, 10000))
      .add("claim_points", &S::claim_points,
           "fractions of the training (all epochs) at which every claim is checked, e.g. 0.1 = after 10% of the items; "
           "A.6's early and late mini-batch claims keep their own points in the first epoch",
           all_of({in_range(1e-9, 1), distinct()}))
      .add("moving_average_steps", &S::moving_average_steps, "moving-average window of the figures, in training steps", in_range(1, 10000000))
      .add("bootstrap_resamples", &S::bootstrap_resamples, "bootstrap resamples for end-of-epoch statistics", in_range(1, 1000000))
      .add("data_seed", &S::data_seed, "seed of the synthetic set and of the train/test subsets", non_negative())
      .add("synthetic.categories", &S::synthetic, &SyntheticCategoriesOptions::categories, "synthetic categories", in_range(1, 10000))
      .add("synthetic.items_per_category", &S::synthetic, &SyntheticCategoriesOptions::items_per_category, "synthetic training items per category", in_range(1, 1000000))
      .add("synthetic.test_items_per_category", &S::synthetic, &SyntheticCategoriesOptions::test_items_per_category, "synthetic test items per category", in_range(1, 1000000))
      // The first weight matrix is features x (hidden_fraction * features): 10,000 features are 200 MB at 0.5.
      .add("synthetic.features", &S::synthetic, &SyntheticCategoriesOptions::features, "features per synthetic item", in_range(1, 10000))
      .add("synthetic.templates", &S::synthetic, &SyntheticCategoriesOptions::templates, "template form", template_form_choices())
      .add("synthetic.noise", &S::synthetic, &SyntheticCategoriesOptions::noise, "uniform noise amplitude: U(0, noise) per feature", non_negative())
      .add("synthetic.parts", &S::synthetic, &SyntheticCategoriesOptions::parts,
           "template pieces per category; > 1: consecutive items share no features (A.7)", in_range(1, 1024));
  return keys;
}

}  // namespace reverie
