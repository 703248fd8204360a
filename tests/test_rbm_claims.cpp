// Seed 004's claims on the quick configs (RBM 784x300, 5 epochs on 2,000 digits; a small VGG
// classifier; 20 chains x 20 steps). Both experiments share one checkpoint folder, so the
// chimeras reuse the models the generation run trained. Numbers are printed for CLAIMS.md.
//
// Findings at these settings (seed 4, the 60,000-digit MNIST; the authors' fixed minibatch order
// and momentum schedule since issue 24), reported rather than tuned away:
//  * label-biased samples at step 1 are classified as their label in 10 of 10 labels (before
//    issue 24, reshuffled minibatches: 9 of 10, label 5 read as 8) against chance 1/11;
//  * at the last step (20) label 0 keeps 1.00, label 9 0.05, the rest 0.35-0.95 (sec. 3's
//    per-label rows; the paper's step-100 drop needs the full config, see CLAIMS.md);
//  * intersection chimeras visit about as many states as single-label biasing (2.03 vs 2.08
//    states per 20-step period, one-sided U p = 0.53); double label biasing 2.35 (p = 0.11).
//    Neither direction is robust here, so the test asserts neither; the full configs'
//    numbers are in CLAIMS.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/experiments/rbm/experiments.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

std::vector<TidyRow> run_quick(const std::string& experiment, const std::filesystem::path& root) {
  const Config config = testing::quick_config(experiment, {"checkpoint_dir=" + (root / "checkpoints").string()});
  run_experiment(find_experiment(experiment), config, {root / experiment, 1});
  return read_tidy_csv(root / experiment / "results.csv");
}

TEST(RbmClaims, LabelBiasedSamplesAreRecognizedAndChimerasAreMeasured) {
  const auto root = testing::fresh_dir("rbm-claims");
  const auto generation_rows = run_quick("rbm-generation", root);
  const RowTable generation(generation_rows);
  const auto g = summarize_label_biasing(generation, 10, "digit_segments", "digit_entropy");
  std::cout << "step-1 accuracy per label:";
  for (double a : g.accuracy_first) std::cout << " " << a;
  std::cout << "\nstates visited " << mean(g.states_visited) << ", transitions " << mean(g.transitions) << ", active % step 1 "
            << mean(g.active_first) << ", classifier test accuracy " << generation.values("classifier", "test_accuracy").at(0) << "\n";
  // Chance is 1/11: label-biased samples at step 1 are classified as their label far above it.
  EXPECT_GT(mean(g.accuracy_first), 0.5);
  EXPECT_GE(std::count_if(g.accuracy_first.begin(), g.accuracy_first.end(), [](double a) { return a > 0.5; }), 7);

  // Fig. 2a: one chain per label at the quick config's 5 example steps, beside the figure as .npy.
  const auto generation_dir = root / "rbm-generation";
  const auto examples = read_npy(generation_dir / "generation_examples.npy");
  EXPECT_EQ(examples.shape, (std::vector<int64_t>{10, 5, 28, 28}));
  EXPECT_EQ(nlohmann::json::parse(read_file(generation_dir / "generation_examples.json")).at("axes").at(0).at("name"), "label");
  EXPECT_TRUE(std::all_of(examples.data.begin(), examples.data.end(), [](double v) { return v >= 0 && v <= 1; }));
  const auto example_classes = read_npy(generation_dir / "generation_examples_classes.npy");
  EXPECT_EQ(example_classes.shape, (std::vector<int64_t>{10, 5}));
  // The example is chain 0 of the statistics: its shown steps in each state never exceed that chain's state time.
  for (int64_t label = 0; label < 10; ++label)
    for (int64_t state = 0; state <= 10; ++state) {
      const auto begin = example_classes.data.begin() + label * 5;
      const auto shown = std::count(begin, begin + 5, static_cast<double>(state));
      EXPECT_LE(shown, generation.values(label_condition(label), "state_time/" + std::to_string(state)).at(0)) << label << " " << state;
    }
  // Sec. 3's per-label accuracy at the last step: one claim row per label, a fraction.
  std::cout << "last-step accuracy per label:";
  for (double a : g.accuracy_last) std::cout << " " << a;
  std::cout << "\n";
  ASSERT_EQ(g.accuracy_last.size(), 10u);
  for (double a : g.accuracy_last) EXPECT_TRUE(a >= 0 && a <= 1) << a;
  const std::string claims = read_file(generation_dir / "claims.csv");
  const std::string quantity = "\"classifier accuracy at the last step, label ";
  for (char label = '0'; label <= '9'; ++label) EXPECT_NE(claims.find(quantity + label + '"'), std::string::npos) << label;
  // Fig. 2's transitions and entropy by the authors' definitions, each beside the other definition.
  for (const char* row : {",transitions per generation period (mean +- SE over labels),",
                          "\"transitions per generation period (mean +- SE over labels), other definition\"",
                          "digit segments once non-digit steps are removed (the authors' count", "steps into a different digit state",
                          "\"correlation of accuracy and entropy over steps, other definition\"", "10 digit outputs renormalised (the authors')",
                          "entropy of all 11 outputs"})
    EXPECT_NE(claims.find(row), std::string::npos) << row;
  // Every digit visited opens at least one segment; a chain that visits none has none.
  for (int64_t label = 0; label < 10; ++label) {
    const auto visited = generation.values(label_condition(label), "states_visited");
    const auto segments = generation.values(label_condition(label), "digit_segments");
    ASSERT_EQ(visited.size(), segments.size());
    for (size_t chain = 0; chain < visited.size(); ++chain) {
      EXPECT_GE(segments[chain], visited[chain]);
      EXPECT_EQ(segments[chain] == 0, visited[chain] == 0);
    }
  }
  // The renormalised digit entropy is at most log 10; the 11-way one at most log 11.
  for (double h : generation.values(label_condition(3), "digit_entropy")) EXPECT_LE(h, std::log(10.0) + 1e-9);

  const auto chimera_rows = run_quick("rbm-chimeras", root);
  const RowTable chimeras(chimera_rows);
  const auto c = summarize_chimeras(chimeras, 10);
  std::cout << "k " << c.k << "; states visited: single " << mean(c.single_states) << ", intersection "
            << mean(c.intersection_states) << " (U p " << c.intersection_states_test.p_value << "), double "
            << mean(c.double_states) << " (U p " << c.double_states_test.p_value << "); non-digit time: single "
            << mean(c.single_nondigit) << ", intersection " << mean(c.intersection_nondigit) << ", double "
            << mean(c.double_nondigit) << "; methods rho " << c.methods_pearson << "\n";
  // The same models: the chimeras' single-label baseline repeats rbm-generation's numbers.
  EXPECT_DOUBLE_EQ(mean(c.single_states), mean(g.states_visited));
  EXPECT_EQ(c.k, std::floor(mean(g.active_first) / 100.0 * 300.0));  // k: mean active units at step 1, rounded down
  EXPECT_EQ(c.intersection_states.size(), 45u);
  // Figs. 3c, 3e: 3 chains of {3,6} and of {6,9} per method, with each pair's state-time bars.
  for (const std::string method : {"intersection", "double"}) {
    const auto grid = read_npy(root / "rbm-chimeras" / (method + "_examples.npy"));
    EXPECT_EQ(grid.shape, (std::vector<int64_t>{6, 5, 28, 28})) << method;
    const auto axes = nlohmann::json::parse(read_file(root / "rbm-chimeras" / (method + "_examples.json"))).at("axes");
    EXPECT_EQ(axes.at(0).at("labels").at(3), "{6,9} #1") << method;
    for (const char* pair : {"3-6", "6-9"})
      EXPECT_TRUE(std::filesystem::exists(root / "rbm-chimeras" / (method + "_state_time_" + pair + ".csv"))) << method << pair;
  }
}

}  // namespace
}  // namespace reverie
