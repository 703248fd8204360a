#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/module_checkpoint.h"
#include "reverie/core/random.h"
#include "reverie/data/nondigits.h"
#include "reverie/models/vgg_classifier.h"
#include "reverie/train/image_classifier_training.h"
#include "test_helpers.h"

namespace reverie {
namespace {

TEST(NonDigits, ScramblingKeepsThePixelsAndMaskingRemovesAConnectedPart) {
  auto gen = make_generator(2);
  auto images = torch::zeros({50, 28 * 28});
  images.view({50, 28, 28}).slice(1, 5, 20).slice(2, 10, 14).fill_(0.7);  // a bar of 60 active pixels
  const auto scrambled = scrambled_images(images, gen);
  EXPECT_TRUE(torch::equal(std::get<0>(scrambled.sort(1)), std::get<0>(images.sort(1))));
  EXPECT_FALSE(torch::equal(scrambled, images));
  std::mt19937_64 engine(5);
  const auto masked = masked_images(images, 28, 28, engine);
  const auto removed = (images.gt(0) & masked.eq(0)).sum(1);
  EXPECT_GE(removed.min().item<int64_t>(), 1);
  EXPECT_LE(removed.max().item<int64_t>(), 60);
  EXPECT_GT(removed.max().item<int64_t>(), removed.min().item<int64_t>());  // a random number per image
  EXPECT_TRUE(torch::equal(masked.gt(0) & images.eq(0), torch::zeros_like(masked, torch::kBool)));
  EXPECT_EQ(resize_images(images, 28, 28, 32).sizes(), (torch::IntArrayRef{50, 1, 32, 32}));
}

TEST(DigitClassifier, LearnsTwoPatternsAndKeepsTheBestEpoch) {
  VggOptions o;
  o.block_channels = {4, 8};
  o.convs_per_block = {1, 1};
  o.hidden_units = {16, 16};
  o.image_size = 8;
  o.classes = 3;
  VggClassifier model(o);
  auto gen = make_generator(4);
  model->reset_parameters(gen);
  // Class = which half of the image is bright (class 2 never shown).
  auto images = torch::rand({200, 1, 8, 8}, gen) * 0.2;
  const auto labels = torch::arange(200, torch::kInt64).remainder(2);
  for (int64_t i = 0; i < 200; ++i) images[i].slice(1, labels[i].item<int64_t>() * 4, labels[i].item<int64_t>() * 4 + 4) += 0.8;
  ImageClassifierTraining t;
  t.epochs = 5;
  t.learning_rate = 0.05;
  t.batch_size = 10;
  const auto history = train_image_classifier(*model, images, labels, images, labels, t, gen);
  ASSERT_EQ(history.validation_accuracy.size(), 5u);
  const double best = *std::max_element(history.validation_accuracy.begin(), history.validation_accuracy.end());
  EXPECT_GT(best, 0.95);
  const auto probabilities = classifier_probabilities(*model, images);
  EXPECT_DOUBLE_EQ(accuracy(probabilities, labels), history.validation_accuracy[history.best_epoch]);
  EXPECT_TRUE(torch::allclose(probabilities.sum(1), torch::ones({200})));
  EXPECT_NEAR(softmax_entropy(torch::full({1, 4}, 0.25)).item<double>(), std::log(4.0), 1e-6);

  const auto path = testing::fresh_dir("vgg-checkpoint") / "vgg.pt";
  save_module_checkpoint(*model, path);
  VggClassifier loaded(o);
  load_module_checkpoint(*loaded, path, "classifier");
  EXPECT_TRUE(torch::allclose(classifier_probabilities(*loaded, images), probabilities));
}

}  // namespace
}  // namespace reverie
