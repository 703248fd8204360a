// Seed 002's claims on the quick configs with fixed seeds (replay-teacher, replay-student).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/progress.h"
#include "reverie/data/item_table.h"
#include "reverie/dynamics/fixed_points.h"
#include "reverie/dynamics/replay_sampling.h"
#include "reverie/lab/registry.h"
#include "test_helpers.h"

#include <fstream>
#include <sstream>

namespace reverie {
namespace {

// Every run of a quick config, rows of all runs.
std::vector<TidyRow> run_all(const std::string& experiment, const Config& config) {
  const auto prepared = find_experiment(experiment).prepare(config, {});
  std::ostringstream sink;
  Progress progress("test", prepared->work_per_run() * config.integer("runs"), sink, false);
  std::vector<TidyRow> rows;
  for (int r = 0; r < config.integer("runs"); ++r) {
    auto part = prepared->run(r, progress);
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The claims.csv lines containing `needle`.
std::vector<std::string> claim_lines(const std::string& claims, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(claims);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

std::vector<double> values(const std::vector<TidyRow>& rows, const std::string& condition, const std::string& metric) {
  std::vector<double> v;
  for (const auto& r : rows)
    if (r.condition == condition && r.metric == metric && r.step == 0) v.push_back(r.value);
  return v;
}

// Section 6.2 and the discussion: the overparameterized teacher stores most items as iterative
// fixed points, and every fixed point found is an attractor. With the literal settings (L2 penalty in
// the loss, early stopping on) the teacher stops on the change criterion after ~80 epochs and stores
// about half the items (CLAIMS.md); the thesis's "most" reproduces with AdamW's weight decay as the L2
// term and training to the epoch limit, so that reading is tested for "most"; "every fixed point is an
// attractor" holds in both and is asserted in both.
void expect_fixed_points_are_attractors(const std::vector<TidyRow>& rows, const std::string& condition) {
  const auto found = values(rows, condition, "fixed_points_found");
  const auto attractors = values(rows, condition, "fixed_points_attractors");
  ASSERT_FALSE(found.empty());
  for (size_t r = 0; r < found.size(); ++r) {
    EXPECT_GE(found[r], 1.0);
    EXPECT_EQ(attractors[r], found[r]) << condition << " run " << r;
  }
  for (const auto& item : text_items().items) {
    const auto s = values(rows, condition, "stored/" + item), a = values(rows, condition, "attractor/" + item);
    for (size_t r = 0; r < s.size(); ++r)
      if (s[r] == 1.0) EXPECT_EQ(a[r], 1.0) << condition << " " << item << " run " << r;
  }
}

TEST(ReplayClaims, OverparameterizedTeacherStoresMostItemsAsAttractors) {
  const auto literal = run_all("replay-teacher", testing::quick_config("replay-teacher", {"latent_map.runs=0"}));
  expect_fixed_points_are_attractors(literal, "teacher-h32");
  expect_fixed_points_are_attractors(literal, "teacher-h2");
  EXPECT_GE(mean(values(literal, "teacher-h32", "items_stored")), 3.0);  // measured 4.33 of 8
  EXPECT_GT(mean(values(literal, "teacher-h32", "items_stored")), mean(values(literal, "teacher-h2", "items_stored")));

  const auto config = testing::quick_config("replay-teacher", {"teacher.hidden=32", "teacher.max_epochs=2000", "latent_map.runs=0",
                                                               "early_stopping=false", "l2_lambda=0", "weight_decay=0.005"});
  const auto rows = run_all("replay-teacher", config);
  expect_fixed_points_are_attractors(rows, "teacher-h32");
  EXPECT_GE(mean(values(rows, "teacher-h32", "items_stored")), 7.0);  // measured 8 of 8 in every run
}

// Section 6 / 8: a student trained only on noise-free replay of the overparameterized teacher learns
// items it never saw. Robust on the quick config: it recalls some items exactly (after rounding) and its
// loss on the true items falls far below an untrained network's (~3.7); it does NOT learn all 8 (noise-free
// replay concentrates on a few attractors; measured 3 of 8 recalled), see CLAIMS.md.
TEST(ReplayClaims, StudentLearnsTrueItemsFromNoiseFreeReplayAndNoiseRaisesRareItems) {
  const auto config = testing::quick_config("replay-student", {});
  const auto rows = run_all("replay-student", config);
  const auto recalled = values(rows, "teacher-h32/noise-free", "items_recalled");
  const auto loss = values(rows, "teacher-h32/noise-free", "final_mean_loss");
  ASSERT_EQ(recalled.size(), 3u);
  EXPECT_GE(mean(recalled), 2.0);
  EXPECT_LT(mean(loss), 2.0);
  for (const auto& r : rows)  // the student was trained on replay only: the first epoch's loss is an untrained net's
    if (r.condition == "teacher-h32/noise-free" && r.metric == "mean_loss" && r.step == 1) EXPECT_GT(r.value, mean(loss));

  // Section 6.1 / 7: injected noise raises the replay share of the items rare without it, in every run and scenario.
  const auto items = text_items().items;
  for (const std::string teacher : {"teacher-h2", "teacher-h32"})
    for (int run = 0; run < 3; ++run) {
      double rare_free = 0, rare_noisy = 0;
      int rare = 0;
      for (const auto& item : items) {
        const double free = values(rows, teacher + "/noise-free", "frequency/" + item)[run];
        if (free >= 0.5 / items.size()) continue;
        ++rare;
        rare_free += free;
        rare_noisy += values(rows, teacher + "/noisy", "frequency/" + item)[run];
      }
      ASSERT_GT(rare, 0) << teacher << " run " << run;
      EXPECT_GT(rare_noisy, rare_free + 0.1) << teacher << " run " << run;
    }
}

// The same claim with every network trained to its epoch limit and AdamW decay as the L2 term (the
// reading under which the thesis's teacher training reproduces, CLAIMS.md): the student recalls most
// items from noise-free replay alone (measured 7.67 of 8 on this config, 7.0 over 25 full runs).
TEST(ReplayClaims, StudentOfAFullyTrainedTeacherLearnsMostItemsFromNoiseFreeReplay) {
  const auto config = testing::quick_config(
      "replay-student", {"teacher.hidden=32", "teacher.max_epochs=1500", "student.max_epochs=1500", "l2_lambda=0",
                         "weight_decay=0.005", "early_stopping=false", "student.early_stopping=false"});
  const auto rows = run_all("replay-student", config);
  EXPECT_GE(mean(values(rows, "teacher-h32/noise-free", "items_recalled")), 6.0);
  EXPECT_LT(mean(values(rows, "teacher-h32/noise-free", "final_mean_loss")), 0.5);
}

// Section 5.3: some injected noise brings the replay transitions closer to the items' category
// structure than none (the grid contains mu = sigma = 0). Where the optimum lies is reported, not
// asserted: ours is sigma 0.1-0.3, the thesis's 0.5 (CLAIMS.md).
TEST(ReplayClaims, NoiseBringsReplayTransitionsCloserToTheCategoryStructure) {
  const auto rows = run_all("replay-noise-optimum", testing::quick_config("replay-noise-optimum", {}));
  for (const std::string teacher : {"teacher-h2", "teacher-h32"}) {
    const auto best = values(rows, teacher, "best_objective"), none = values(rows, teacher, "noise_free_objective");
    ASSERT_EQ(best.size(), 2u);
    for (size_t r = 0; r < best.size(); ++r) {
      EXPECT_LT(best[r], none[r]) << teacher << " run " << r;
    }
  }
}

// Fig. 2: iterating from a stored item stays on it (its distance to itself goes to ~0 and stays
// below its distance to every other item); the report draws a stored item's trajectory and writes
// the Fig. 2 claim row "which items are iterative fixed points", with Fig. 7 / 10's rows in words.
TEST(ReplayClaims, StoredItemsTrajectoryStaysOnItselfAndTheReportSaysWhichItemsAreFixedPoints) {
  const auto config = testing::quick_config("replay-teacher", {"runs=1", "teacher.hidden=2,32", "teacher.max_epochs=600,2000",
                                                               "early_stopping=false", "l2_lambda=0", "weight_decay=0.005",
                                                               "latent_map.runs=0"});
  const auto rows = run_all("replay-teacher", config);
  const auto items = text_items().items;
  const int64_t steps = config.integer("trajectory.steps");
  int stored = 0;
  for (const auto& from : items) {
    if (values(rows, "teacher-h32", "stored/" + from) != std::vector<double>{1.0}) continue;
    ++stored;
    std::map<std::string, double> last;
    for (const auto& r : rows)
      if (r.condition == "teacher-h32/trajectory" && r.step == steps && r.metric.rfind("distance/" + from + "/", 0) == 0)
        last[r.metric.substr(("distance/" + from + "/").size())] = r.value;
    ASSERT_EQ(last.size(), items.size()) << from;
    EXPECT_LT(last[from], 0.1) << from;  // measured below 0.03
    for (const auto& to : items)
      if (to != from) EXPECT_GT(last[to], last[from]) << from << " -> " << to;
  }
  EXPECT_GE(stored, 7);
  for (const auto& r : rows)  // step 0 is the item itself
    if (r.condition == "teacher-h32/trajectory" && r.step == 0 && r.metric == "distance/Oak/Oak") EXPECT_EQ(r.value, 0.0);

  const auto dir = testing::fresh_dir("replay-fig2");
  find_experiment("replay-teacher").summarize(config, rows, dir);
  const auto claims = read_text(dir / "claims.csv");
  EXPECT_EQ(claim_lines(claims, "Canary is stored as an iterative fixed point").size(), 1u) << claims;  // Fig. 2, per teacher
  EXPECT_EQ(claim_lines(claims, "every item is an iterative fixed point").size(), 1u);
  EXPECT_EQ(claim_lines(claims, "Salmon and Robin share one").size(), 1u);
  EXPECT_EQ(claim_lines(claims, "Rose's encoding lies farthest").size(), 1u);
  EXPECT_EQ(claim_lines(claims, "0.58, 0.21, 0.12").size(), 1u);
  int trajectory_figures = 0;  // a stored item's (Canary where stored), and a non-stored one's where there is one
  for (const auto& f : std::filesystem::directory_iterator(dir))
    trajectory_figures += f.path().filename().string().rfind("teacher-h32-trajectory-", 0) == 0 && f.path().extension() == ".gp";
  EXPECT_GE(trajectory_figures, 1);
  EXPECT_TRUE(std::filesystem::exists(dir / "teacher-h32-trajectory_distances.npy"));
  std::filesystem::remove_all(dir);
}

// Section 7's sweep over teacher hidden sizes: per size and run, the fixed points are counted as
// attractors or not (non-negative integers that add up), and the report writes both claim rows.
TEST(ReplayClaims, HiddenSizeSweepCountsFixedPointsPerSize) {
  const auto config = testing::quick_config("replay-teacher-hidden-sizes", {});
  const auto rows = run_all("replay-teacher-hidden-sizes", config);
  const auto sizes = config.integers("teacher.hidden");
  for (int64_t h : sizes) {
    const std::string c = "teacher-h" + std::to_string(h);
    const auto found = values(rows, c, "fixed_points"), attractors = values(rows, c, "attractors");
    const auto non = values(rows, c, "non_attractor_fixed_points"), spurious = values(rows, c, "spurious_attractors");
    ASSERT_EQ(found.size(), static_cast<size_t>(config.integer("runs"))) << c;
    for (size_t r = 0; r < found.size(); ++r) {
      for (double v : {found[r], attractors[r], non[r], spurious[r]}) {
        EXPECT_GE(v, 0.0) << c;
        EXPECT_EQ(v, std::floor(v)) << c;
      }
      EXPECT_GE(found[r], 1.0) << c;
      EXPECT_EQ(attractors[r] + non[r], found[r]) << c;
      EXPECT_LE(spurious[r], attractors[r]) << c;
    }
    // The root search finds every fixed point iteration found (attractors are roots too) and may find unstable ones.
    const auto roots = values(rows, c, "root_fixed_points"), root_attractors = values(rows, c, "root_attractors");
    const auto root_non = values(rows, c, "root_non_attractor_fixed_points");
    ASSERT_EQ(roots.size(), found.size()) << c;
    for (size_t r = 0; r < roots.size(); ++r) {
      EXPECT_EQ(root_attractors[r] + root_non[r], roots[r]) << c;
      EXPECT_GE(root_attractors[r], attractors[r]) << c << " run " << r;
    }
  }
  const auto dir = testing::fresh_dir("replay-hidden-sizes");
  find_experiment("replay-teacher-hidden-sizes").summarize(config, rows, dir);
  EXPECT_EQ(claim_lines(read_text(dir / "claims.csv"), "Sec. 7").size(), 3u);  // non-attractors by root search and iteration; spurious
  EXPECT_EQ(claim_lines(read_text(dir / "claims.csv"), "root search of f(x) = x").size(), 1u);
  EXPECT_EQ(claim_lines(read_text(dir / "hidden_sizes.csv"), ",").size(), sizes.size() + 1);
  EXPECT_TRUE(std::filesystem::exists(dir / "hidden_sizes-fixed_points.gp"));
  std::filesystem::remove_all(dir);
}

// The pieces behind those rows, on maps whose answers are known: a contraction towards 0 (Fig. 2's
// distances over the steps), limits one merge distance apart (one attractor), and a census that
// counts a fixed point with spectral radius >= 1 as a non-attractor and an attractor away from every
// item as spurious.
TEST(ReplayClaims, TrajectoryDistancesSharedLimitsAndTheFixedPointCensus) {
  const StepMap halve = [](const torch::Tensor& x) { return 0.5 * x; };
  const auto targets = torch::tensor({0.0, 0.0, 1.0, 0.0}, torch::kFloat64).reshape({2, 2});
  const auto d = iteration_distances(halve, torch::tensor({1.0, 0.0}, torch::kFloat64).reshape({1, 2}), targets, 2);
  ASSERT_EQ(d.sizes(), (std::vector<int64_t>{1, 3, 2}));
  EXPECT_TRUE(torch::allclose(d[0], torch::tensor({1.0, 0.0, 0.5, 0.5, 0.25, 0.75}, torch::kFloat64).reshape({3, 2})));

  const auto limits = torch::tensor({0.0, 0.001, 1.0, 0.0005}, torch::kFloat64).reshape({4, 1});
  const auto converged = torch::tensor({1, 1, 1, 0}).to(torch::kBool);
  EXPECT_EQ(limit_groups(limits, converged, 0.01), (std::vector<int64_t>{0, 0, 2, 3}));  // row 3 did not converge

  std::vector<FoundFixedPoint> found(3);
  found[0].stability = {0.5, true};   // an item's attractor
  found[1].stability = {0.9, true};   // an attractor away from every item
  found[1].item_distance = 0.7;
  found[2].stability = {1.2, false};  // not an attractor
  const auto census = fixed_point_census(found, 0.5);
  EXPECT_EQ(census.fixed_points, 3);
  EXPECT_EQ(census.attractors, 2);
  EXPECT_EQ(census.non_attractors, 1);
  EXPECT_EQ(census.spurious_attractors, 1);
  EXPECT_DOUBLE_EQ(census.max_spectral_radius, 1.2);
}

// Replay chains start from U(init_low, init_high) by default (Algorithm 1, unchanged outputs) or,
// with replay.init = "gaussian", from N(init_mean, init_sd^2) (section 5.3's text).
TEST(ReplayClaims, ReplayChainsStartFromUniformOrGaussianNoise) {
  const StepMap identity = [](const torch::Tensor& x) { return x; };
  ReplayOptions o;
  o.chains = 20000;
  o.steps = 1;
  auto uniform_gen = make_generator(7), reference_gen = make_generator(7);
  const auto uniform = sample_replay(identity, 3, o, uniform_gen).patterns;
  EXPECT_TRUE(torch::equal(uniform, torch::empty({o.chains, 3}).uniform_(0.0, 1.0, reference_gen)));
  o.start = ReplayStart::gaussian;
  o.init_mean = 0.5;
  o.init_sd = 0.1;
  auto gaussian_gen = make_generator(7);
  const auto gaussian = sample_replay(identity, 3, o, gaussian_gen).patterns;
  EXPECT_NEAR(gaussian.mean().item<double>(), 0.5, 0.01);
  EXPECT_NEAR(gaussian.std().item<double>(), 0.1, 0.01);

  for (const std::string experiment : {"replay-student", "replay-noise-optimum"}) {
    EXPECT_EQ(testing::quick_config(experiment, {}).text("replay.init"), "uniform");
    EXPECT_NO_THROW(testing::quick_config(experiment, {"replay.init=gaussian"}));
    EXPECT_NE(testing::thrown_message([&] { testing::quick_config(experiment, {"replay.init=cauchy"}); }).find("replay.init"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace reverie
