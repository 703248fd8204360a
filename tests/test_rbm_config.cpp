#include <gtest/gtest.h>

#include "reverie/core/error.h"
#include "reverie/experiments/rbm/lab_settings.h"
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
    EXPECT_THROW(testing::quick_config(name, {"generation.entropy_over=\"some\""}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"generation.transitions=\"steps\""}), InputError) << name;
  }
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.k=301"}), InputError);  // quick RBM: 300 hidden units
  EXPECT_NO_THROW(testing::quick_config("rbm-chimeras", {"chimera.k=149"}));
  // Example grids (Figs. 2a, 3c, 3e): steps within the chains, pairs of two different digits, chains that exist.
  EXPECT_THROW(testing::quick_config("rbm-generation", {"generation.example_steps=[1, 21]"}), InputError);  // quick: 20 steps
  EXPECT_THROW(testing::quick_config("rbm-generation", {"generation.example_steps=[0, 5]"}), InputError);
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.example_pairs=[3, 6, 9]"}), InputError);
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.example_pairs=[3, 3]"}), InputError);
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.example_pairs=[3, 10]"}), InputError);
  EXPECT_THROW(testing::quick_config("rbm-chimeras", {"chimera.example_chains=21"}), InputError);  // quick: 20 chains
  EXPECT_NO_THROW(testing::quick_config("rbm-chimeras", {"chimera.example_pairs=[9, 6]", "chimera.example_chains=20"}));
}

// Fig. 2's definitions: each key's other word, and the runs' metric each names.
TEST(RbmConfig, MeasureDefinitionsAndTheirOtherWord) {
  EXPECT_EQ(other_entropy_over(EntropyOver::digits), EntropyOver::all_outputs);
  EXPECT_EQ(other_transitions_as(TransitionsAs::state_changes), TransitionsAs::digit_segments);
  EXPECT_EQ(entropy_definition(EntropyOver::digits).metric, "digit_entropy");
  EXPECT_EQ(entropy_definition(EntropyOver::all_outputs).metric, "entropy");
  EXPECT_EQ(transitions_definition(TransitionsAs::digit_segments).metric, "digit_segments");
  EXPECT_EQ(transitions_definition(TransitionsAs::state_changes).metric, "transitions");
  EXPECT_EQ(name_of(entropy_over_choices(), EntropyOver::all_outputs), "all-outputs");
  EXPECT_EQ(name_of(transitions_as_choices(), TransitionsAs::state_changes), "state-changes");
}

}  // namespace
}  // namespace reverie
