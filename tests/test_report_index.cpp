// The reports as a reader opens them: each experiment's index.html starts with the answer (a line
// per paper figure and claim), groups its figures under the paper figure they reproduce, and ends
// with the full claims table; `reverie report DIR` on a folder
// of outputs lists them, with their state, scale and claims.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_helpers.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/paper_scorecards.h"
#include "reverie/lab/papers.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/results_index.h"
#include "reverie/lab/runner.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/paper_figure.h"
#include "test_helpers.h"

namespace reverie {
namespace {

using testing::cli;
using testing::Result;

OrderingStep comparison(const std::string& better, const std::string& worse, int64_t runs, double mean, double low, double high) {
  OrderingStep s;
  s.better = better;
  s.worse = worse;
  s.runs = runs;
  s.difference = {mean, 0.5 * mean, mean - 1e-3, mean + 1e-3};
  s.t_low = runs >= 2 ? low : std::nan("");
  s.t_high = runs >= 2 ? high : std::nan("");
  s.holds = runs >= 2 && low > 0;
  return s;
}

TEST(ClaimsTable, ReadsBackWhatItWrote) {
  ClaimsTable written;
  written.add("states visited per period", "1.779 +- 0.211", "1.43 +- 0.22", "10 labels");
  written.add("mnist", CheckedClaim{"leaky: smoother is better, \"quoted\" (A.3)",
                                    {comparison("rep10", "rep1", 5, 0.012, 0.004, 0.02), comparison("rep1", "random", 5, -0.003, -0.005, -0.001)}});
  written.add("", CheckedClaim{"one seed: untested", {comparison("a", "b", 1, 0.5, 0, 0)}});
  const auto dir = testing::fresh_dir("claims-read");
  written.write(dir);
  const ClaimsTable read = ClaimsTable::read(dir / "claims.csv");
  EXPECT_EQ(read.csv(), written.csv());
  ASSERT_EQ(read.claims().size(), 4u);
  EXPECT_EQ(read.claims()[1].verdict, "holds");
  EXPECT_EQ(read.claims()[2].verdict, "does not hold");
  EXPECT_EQ(read.claims()[3].verdict, "n/a (one run)");
  ASSERT_TRUE(read.claims()[2].comparison.has_value());
  EXPECT_EQ(read.claims()[2].comparison->better, "rep1");
  EXPECT_NEAR(read.claims()[2].comparison->t_high, -0.001, 1e-12);
  // The HTML says which conditions each interval compares, and marks the verdicts.
  const std::string html = read.html();
  EXPECT_NE(html.find("rep10 &lt; rep1"), std::string::npos);
  EXPECT_NE(html.find("mnist: leaky"), std::string::npos);
  EXPECT_NE(html.find("class='fails'"), std::string::npos);

  // An older build's layout is refused by name, not misread.
  write_file_atomic(dir / "old.csv", "quantity,paper,ours,n (ours)\nx,1,2,3\n");
  EXPECT_NE(testing::thrown_message([&] { ClaimsTable::read(dir / "old.csv"); }).find("not the claims layout"), std::string::npos);
}

TEST(PaperFigure, ReadFromTheCaption) {
  EXPECT_EQ(paper_figure_of("Fig. 2b: classifier accuracy per generation step"), "Fig. 2b");
  EXPECT_EQ(paper_figure_of("Fig. 3B/C: held-out digits and their reconstructions"), "Fig. 3B/C");
  EXPECT_EQ(paper_figure_of("Fig. 3c and 3e: chimera generations"), "Fig. 3c and 3e");
  EXPECT_EQ(paper_figure_of("A.14: slow-unit correlation against fast-feature error"), "A.14");
  EXPECT_EQ(paper_figure_of("Sec. 4.1: oscillation strength"), "Sec. 4.1");
  EXPECT_EQ(paper_figure_of("MNIST, memoryless: end-of-epoch Error(random) - Error(condition) (A.1 left, A.4). Bars"), "A.1 left");
  EXPECT_EQ(paper_figure_of("leaky: hidden units on the held-out stream, run 0 (A.15). Unit 0"), "A.15");
  EXPECT_EQ(paper_figure_of("Mean +- SE over runs."), "");
  EXPECT_EQ(paper_figure_of("Figure of merit: 2 (see below)"), "");
}

// A quick smoothness run as a user makes it; `reverie report` on its parent lists it.
const std::string kQuick = "run smoothness-feedforward --quick --set datasets=synthetic --runs 2 ";

TEST(Reports, AnswerFirstThenFiguresByPaperFigureThenTheTableAndAnIndexOverOutputs) {
  const auto root = testing::fresh_dir("results-index");
  const Result done = cli(kQuick + "--out " + (root / "feedforward").string());
  ASSERT_EQ(done.status, 0) << done.output;

  // The page opens with the answer (a line per paper figure and claim), then the figures, then the full table, folded.
  const std::string page = read_file(root / "feedforward/index.html");
  const size_t answer = page.find("<h2>The paper's claims, in short</h2>"), figure = page.find("<figure>"),
               table = page.find("<table class='claims'>");
  ASSERT_NE(answer, std::string::npos);
  ASSERT_NE(figure, std::string::npos);
  ASSERT_NE(table, std::string::npos);
  EXPECT_LT(answer, figure) << "the answer comes before the figures";
  EXPECT_LT(figure, table) << "the full claims table after them";
  EXPECT_LT(page.rfind("<details>", table), table) << "folded";
  EXPECT_NE(page.find("<h2>A.1 left</h2>"), std::string::npos) << "figures grouped under the paper figure they reproduce";
  EXPECT_EQ(page.find("<h2>Claims at each claim point"), std::string::npos) << "claims.csv shown once";
  // Every verdict of claims.csv is counted in the answer, and its numbers are shortened on the page only.
  const ClaimsTable shown = ClaimsTable::read(root / "feedforward/claims.csv");
  int64_t held = 0;
  for (const auto& c : shown.claims()) held += c.verdict == "holds";
  const std::string answer_part = page.substr(answer, figure - answer);
  int64_t held_in_answer = 0;  // per line, before its breakdown by scope: "N of M hold", or one claim's "holds"
  static const std::regex line_counts(R"(<li>([^\n]*?)(?:<br>|</li>))"), held_of(R"((\d+) of \d+ (?:comparisons )?hold</span>)");
  for (std::sregex_iterator it(answer_part.begin(), answer_part.end(), line_counts), end; it != end; ++it) {
    const std::string line = (*it)[1];
    std::smatch m;
    if (std::regex_search(line, m, held_of)) held_in_answer += std::stoll(m[1]);
    else held_in_answer += line.find("<span class='holds'>holds</span>") != std::string::npos;
  }
  EXPECT_EQ(held_in_answer, held) << answer_part;
  const std::string& full = shown.claims().front().ours;
  EXPECT_EQ(page.find(full), std::string::npos) << "the page shows " << full << " to 3 significant digits";
  EXPECT_NE(read_file(root / "feedforward/claims.csv").find(full), std::string::npos);

  // A second output whose run 1 went missing (e.g. a copy that lost a file): not complete.
  std::filesystem::create_directories(root / "older");
  std::filesystem::copy(root / "feedforward", root / "older/partial", std::filesystem::copy_options::recursive);
  std::filesystem::remove(root / "older/partial/runs/run-0001.csv");
  EXPECT_EQ(cli("report " + (root / "older/partial").string()).status, 2);

  const Result index = cli("report " + root.string());
  ASSERT_EQ(index.status, 0) << index.output;
  EXPECT_NE(index.output.find((root / "index.html").string()), std::string::npos) << index.output;

  const auto outputs = find_outputs(root).outputs;
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].folder, "feedforward");
  EXPECT_TRUE(outputs[0].complete);
  EXPECT_EQ(outputs[0].runs, 2);
  EXPECT_EQ(outputs[0].runs_written, 2);
  EXPECT_EQ(outputs[0].scale, "quick; datasets=synthetic") << "the keys set beside the shipped quick config";
  // The verdict counts are those of its claims.csv.
  std::map<std::string, int64_t> expected;
  const ClaimsTable claims_csv = ClaimsTable::read(root / "feedforward/claims.csv");
  for (const auto& c : claims_csv.claims())
    ++expected[c.verdict == "holds" || c.verdict == "does not hold" || c.verdict == "n.s." ? c.verdict : "other"];
  EXPECT_EQ(outputs[0].verdicts, expected);
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(outputs[1].folder, "older/partial");
  EXPECT_FALSE(outputs[1].complete);
  EXPECT_EQ(outputs[1].runs_written, 1);

  // One scorecard per paper measured: smoothness-feedforward is seed 001's. Its rows are the claims of the
  // complete output (the partial one is not quoted), and their verdicts add up to its claims.csv's.
  EXPECT_NE(index.output.find("scorecard: " + (root / "seed-001.html").string()), std::string::npos) << index.output;
  EXPECT_FALSE(std::filesystem::exists(root / "seed-002.html")) << "no output of seed 002";
  const std::string card = read_file(root / "seed-001.html");
  EXPECT_NE(card.find("Learning Representations from Temporally Smooth Data"), std::string::npos);
  int64_t card_holds = 0, card_rows = 0;
  static const std::regex counted(R"(data-holds='(\d+)' data-rows='(\d+)')");
  for (std::sregex_iterator it(card.begin(), card.end(), counted), end; it != end; ++it) {
    card_holds += std::stoll((*it)[1]);
    card_rows += std::stoll((*it)[2]);
  }
  EXPECT_EQ(card_holds, held);
  EXPECT_EQ(card_rows, static_cast<int64_t>(shown.claims().size()));
  EXPECT_NE(card.find("href='feedforward/index.html'"), std::string::npos);
  EXPECT_EQ(card.find("older/partial"), std::string::npos);
  EXPECT_NE(card.find("<img class='thumb' src='feedforward/"), std::string::npos) << "a thumbnail of the figure that reproduces a claim";

  const std::string top = read_file(root / "index.html");
  EXPECT_NE(top.find("href='seed-001.html'"), std::string::npos);
  EXPECT_NE(top.find("href='feedforward/index.html'"), std::string::npos);
  EXPECT_NE(top.find("href='feedforward/claims.csv'"), std::string::npos);
  EXPECT_NE(top.find("not complete (1 of 2 runs written)"), std::string::npos);
  EXPECT_NE(top.find("smoothness-feedforward"), std::string::npos);
}

// The index checks what a folder's manifest says against its files: a complete folder whose run
// file was cut, or a folder whose manifest is empty, is listed as damaged (never complete, never
// left out) with the command that computes it again, and said on the terminal.
TEST(Reports, AnIndexListsDamagedOutputsAsDamagedNeverComplete) {
  const auto root = testing::fresh_dir("results-index-damaged");
  const Result done = cli(kQuick + "--out " + (root / "good").string());
  ASSERT_EQ(done.status, 0) << done.output;
  namespace fs = std::filesystem;
  fs::copy(root / "good", root / "cut", fs::copy_options::recursive);
  const std::string run1 = read_file(root / "cut/runs/run-0001.csv");
  write_file_atomic(root / "cut/runs/run-0001.csv", run1.substr(0, run1.size() / 2));
  fs::copy(root / "good", root / "no-manifest", fs::copy_options::recursive);
  write_file_atomic(root / "no-manifest/manifest.json", "");
  // A folder that cannot be read (here a manifest that links to itself) is skipped with a line, not the end of the index.
  fs::create_directories(root / "looping");
  fs::create_symlink("manifest.json", root / "looping/manifest.json");

  const Result index = cli("report " + root.string());
  ASSERT_EQ(index.status, 0) << index.output;
  EXPECT_NE(index.output.find((root / "cut").string() + ": damaged: runs/run-0001.csv is damaged"), std::string::npos) << index.output;
  EXPECT_NE(index.output.find((root / "no-manifest").string() + ": damaged: manifest.json"), std::string::npos) << index.output;
  EXPECT_NE(index.output.find("reverie: skipped " + (root / "looping").string() + ": Too many levels of symbolic links"), std::string::npos)
      << index.output;

  const auto outputs = find_outputs(root).outputs;
  ASSERT_EQ(outputs.size(), 3u);
  EXPECT_EQ(outputs[0].folder, "cut");
  EXPECT_FALSE(outputs[0].complete) << "its manifest still says complete";
  EXPECT_NE(outputs[0].damage.find("runs/run-0001.csv is damaged"), std::string::npos) << outputs[0].damage;
  EXPECT_TRUE(outputs[1].complete);
  EXPECT_EQ(outputs[1].damage, "");
  EXPECT_EQ(outputs[2].folder, "no-manifest");
  EXPECT_FALSE(outputs[2].complete);
  const std::string top = read_file(root / "index.html");
  EXPECT_NE(top.find("3 output folders, 1 complete, 2 damaged"), std::string::npos);
  EXPECT_NE(top.find("<li>looping: Too many levels of symbolic links</li>"), std::string::npos);
  EXPECT_NE(top.find("compute it again with `reverie run smoothness-feedforward --out " + (root / "cut").string()), std::string::npos);

  // Without gnuplot the report is written, and the terminal says which figures are not drawn and why (not only the page).
  const Result no_gnuplot = testing::shell("env PATH=/nonexistent " + std::string(REVERIE_CLI_PATH) + " report " + (root / "good").string());
  EXPECT_EQ(no_gnuplot.status, 0) << no_gnuplot.output;
  EXPECT_NE(no_gnuplot.output.find("figures not drawn: gnuplot is not on PATH (Debian: apt-get install gnuplot-nox)"), std::string::npos)
      << no_gnuplot.output;
  EXPECT_EQ(cli("report " + (root / "good").string()).output.find("not drawn"), std::string::npos) << "with gnuplot, all are drawn";
}

TEST(Reports, AnIndexOfNothingIsRefused) {
  const auto root = testing::fresh_dir("results-empty");
  std::filesystem::create_directories(root / "empty");
  const Result r = cli("report " + root.string());
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("holds no output"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(root / "index.html"));
}

// An experiment of two papers is on both scorecards: every seed its description names, the first numbering its figures.
TEST(Reports, AnExperimentOfTwoPapersNamesBothSeeds) {
  const std::string both = "seed 001 sec. 5.1, Fig. 2B/C, A.4; seed 000 Fig. 1C-E: leaky memory";
  EXPECT_EQ(seeds_named(both), (std::vector<std::string>{"001", "000"}));
  EXPECT_EQ(primary_seed(both), "001");
  EXPECT_EQ(seeds_named("seed 000 sec. 4, Fig. 2H/I; seed 000 A.2"), (std::vector<std::string>{"000"}));
  EXPECT_TRUE(seeds_named("no paper (seed 1234 is not a paper's)").empty());
  for (const auto& e : all_experiments())
    if (e->name() == "leaky-memory-smoothness") EXPECT_EQ(seeds_named(e->description()), (std::vector<std::string>{"001", "000"}));
}

// A scorecard row whose verdict turns in another output names what that output was run with and ours was not.
TEST(Reports, TheSettingThatDecidesAVerdictIsWhatTheOtherOutputWasRunWith) {
  IndexedOutput ours, thesis_code, quick;
  ours.scale = "full; epochs=300";
  ours.settings = {"epochs=300"};
  thesis_code.scale = "full; epochs=300, replay.nearest_by=cosine";
  thesis_code.settings = {"epochs=300", "replay.nearest_by=cosine"};
  quick.scale = "quick; replay.nearest_by=cosine";
  quick.settings = {"replay.nearest_by=cosine"};
  EXPECT_EQ(setting_difference(ours, thesis_code), "replay.nearest_by=cosine");
  EXPECT_EQ(setting_difference(thesis_code, ours), "replay.nearest_by as shipped");
  EXPECT_EQ(setting_difference(ours, quick), "quick scale; replay.nearest_by=cosine, epochs as shipped");
  EXPECT_EQ(setting_difference(ours, ours), "");
}

}  // namespace
}  // namespace reverie
