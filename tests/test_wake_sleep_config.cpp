#include <gtest/gtest.h>

#include "reverie/core/error.h"
#include "reverie/experiments/wake_sleep/video.h"
#include "reverie/lab/registry.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(WakeSleepConfig, ShippedConfigsResolveAndImpossibleValuesAreRefused) {
  for (const char* name : {"wake-sleep-mnist", "wake-sleep-surprise"}) {
    EXPECT_NO_THROW(testing::quick_config(name, {})) << name;
    EXPECT_THROW(testing::quick_config(name, {"algorithms=wake-sleep,backprop"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"algorithms=oscillation,oscillation"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"surprise.dataset=mnist"}), InputError) << name;  // the training data is not novel
    EXPECT_THROW(testing::quick_config(name, {"measure.latent_units=65"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"optimizer.decay_end_epoch=100", "optimizer.decay_start_epoch=200"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"objective.gamma=1.5"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"optimizer.beta1=1"}), InputError) << name;
    EXPECT_THROW(testing::quick_config(name, {"critic.hiden=3"}), InputError) << name;  // unknown key
  }
  EXPECT_NO_THROW(testing::quick_config("wake-sleep-mnist", {"algorithms=combined", "objective.gamma=0.3"}));
}

// critic.normalization's word becomes one value for both of the video's critics; an unknown word is refused by the config.
TEST(WakeSleepConfig, VideoCriticNormalizationIsReadIntoBothCritics) {
  const auto& experiment = find_experiment("wake-sleep-video");
  EXPECT_THROW(testing::quick_config("wake-sleep-video", {"critic.normalization=\"layer\""}), InputError);
  const auto config = testing::quick_config("wake-sleep-video", {"critic.normalization=\"pixel\""});
  const auto settings = settings_of<WakeSleepVideoSettings>(experiment, config);
  EXPECT_EQ(settings.frame_critic().normalization(), CriticNormalization::pixel);
  EXPECT_EQ(settings.hidden_critic().normalization(), CriticNormalization::pixel);
}

}  // namespace
}  // namespace reverie
