#include <gtest/gtest.h>

#include <sstream>

#include "reverie/core/progress.h"

namespace reverie {
namespace {

// A model loaded from its cache leaves the total: the bar then measures the work still to do, so
// a run that only generates and classifies does not sit at 90% for its whole length.
TEST(Progress, SkippedWorkLeavesTheTotal) {
  std::ostringstream out;
  Progress progress("lab", 100, out, /*terminal=*/false);
  progress.skip(90);
  progress.advance(5);
  EXPECT_NE(out.str().find("lab:  50.0%"), std::string::npos) << out.str();
  progress.advance(5);
  EXPECT_NE(out.str().find("lab: 100.0%"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace reverie
