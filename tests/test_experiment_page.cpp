// An experiment's page opens with the answer: one line per paper figure and claim, then the
// figures, then the full claims table folded, its numbers to 3 significant digits.
#include <gtest/gtest.h>

#include "reverie/report/claims_summary.h"
#include "reverie/report/significant_digits.h"

namespace reverie {
namespace {

TEST(ExperimentPage, NumbersAreShownWithThreeSignificantDigitsAndWordsAndIntegersStay) {
  EXPECT_EQ(with_significant_digits("0.000747681325 [-0.000338453831, 0.00184150758]"), "0.000748 [-0.000338, 0.00184]");
  EXPECT_EQ(with_significant_digits("8 runs, 60000 digits"), "8 runs, 60000 digits");
  EXPECT_EQ(with_significant_digits("+0.123456 vs 1234.5678"), "+0.123 vs 1235");
  EXPECT_EQ(with_significant_digits("7.19390937e-06"), "7.19e-06");
  EXPECT_EQ(with_significant_digits("run-0002.csv, A.14, v1.25"), "run-0002.csv, A.14, v1.25") << "parts of names stay";
  EXPECT_EQ(with_significant_digits("0.5"), "0.5");
  EXPECT_EQ(html_with_significant_digits("<a href='sweep-0.123456.png'>accuracy 0.857333333</a>"),
            "<a href='sweep-0.123456.png'>accuracy 0.857</a>") << "tags stay as they are";
}

Claim compared(const std::string& scope, const std::string& verdict) {
  Claim c;
  c.scope = scope;
  c.claim = "memoryless";
  c.paper = "smoothness slows learning (Fig. 2A)";
  c.ours = "0.000747681325 [-0.000338, 0.00184]";
  c.n = "8 runs";
  c.verdict = verdict;
  c.comparison = OrderingStep{};
  return c;
}

TEST(ExperimentPage, TheAnswerIsOneLinePerPaperFigureAndClaimWithItsVerdictsByScope) {
  ClaimsTable table;
  table.add(compared("synthetic at 0.1", "holds"));
  table.add(compared("synthetic at 0.1", "n.s."));
  table.add(compared("mnist at 1", "does not hold"));
  Claim single;
  single.figure = "7";
  single.claim = "Underparameterized: not every item is stored as an attractor";
  single.verdict = "holds";
  table.add(single);
  table.add("class kept (Fig. 3B)", "0.95", "0.748123456", "1 run");
  const std::string html = claims_summary_html(table);
  EXPECT_NE(html.find("<b>Fig. 2A</b> smoothness slows learning: <span class='holds'>1 of 3 comparisons hold</span>, "
                      "<span class='fails'>1 do not hold</span>, 1 n.s."),
            std::string::npos) << html;
  EXPECT_NE(html.find("synthetic at 0.1: <span class='holds'>1 of 2 hold</span>, 1 n.s.; mnist at 1: <span class='other'>0 of 1 hold</span>"),
            std::string::npos) << html;
  EXPECT_NE(html.find("<b>7</b> Underparameterized: not every item is stored as an attractor: <span class='holds'>holds</span>"),
            std::string::npos) << html;
  EXPECT_NE(html.find("<b>Fig. 3B</b> class kept: paper 0.95; ours 0.748 (1 run)"), std::string::npos) << html;
  EXPECT_EQ(std::count(html.begin(), html.end(), '\n'), 5) << "three lines and the list's two tags: " << html;
}

}  // namespace
}  // namespace reverie
