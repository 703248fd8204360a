#include <gtest/gtest.h>

#include "reverie/core/error.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(RbmConfig, ShippedConfigsResolveAndImpossibleValuesAreRefused) {
  for (const char* name : {"rbm-generation", "rbm-chimeras"}) {
    EXPECT_NO_THROW(testing::quick_config(name, {}));
    EXPECT_THROW(testing::quick_config(name, {"classifier.convs_per_block=[1, 1]"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"classifier.block_channels=[4, 4, 4, 4, 4, 4]",
                                              "classifier.convs_per_block=[1, 1, 1, 1, 1, 1]"}),
                 InputError)
        << name;  // six 2x2 poolings of 16-pixel images
    EXPECT_THROW(testing::quick_config(name, {"rbm.initial_momentum=1.5"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"dataset=cifar"}), InputError) << name;
  }
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.k=301"}), InputError);  // quick RBM: 300 hidden units
  EXPECT_NO_THROW(testing::quick_config("rbm-chimeras", {"chimera.k=149"}));
}

}  // namespace
}  // namespace reverie
