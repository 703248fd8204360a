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
  EXPECT_EQ(resize_images(images, 28, 28, 32, ResizeFilter::bicubic).sizes(), (torch::IntArrayRef{50, 1, 32, 32}));
  EXPECT_FALSE(torch::equal(resize_images(images, 28, 28, 32, ResizeFilter::bicubic), resize_images(images, 28, 28, 32)));
}

// The authors' masks: one 8-connected patch of active pixels, grown from an active seed over a random
// number of iterations; pixels at or below the threshold are never touched.
TEST(NonDigits, FrontierMasksAreOneEightConnectedPatchOfActivePixels) {
  auto images = torch::zeros({40, 28 * 28});
  auto grid = images.view({40, 28, 28});
  grid.slice(1, 4, 24).slice(2, 8, 20).fill_(0.8);  // a 20 x 12 block of active pixels ...
  grid.slice(1, 4, 24).slice(2, 20, 22).fill_(0.2);  // ... beside a dim strip
  std::mt19937_64 engine(9);
  FrontierMaskOptions o;
  o.active_threshold = 0.3;
  const auto masked = frontier_masked_images(images, 28, 28, o, engine);
  const auto removed = images.gt(0) & masked.eq(0);
  EXPECT_TRUE(torch::equal(masked.gt(0) & images.eq(0), torch::zeros_like(removed)));  // nothing added
  EXPECT_EQ((removed & images.le(0.3)).sum().item<int64_t>(), 0);                      // dim pixels kept
  const auto counts = removed.sum(1);
  EXPECT_GE(counts.min().item<int64_t>(), 1);
  EXPECT_GT(counts.max().item<int64_t>(), counts.min().item<int64_t>());  // random sizes
  EXPECT_LT(counts.max().item<int64_t>(), 240);                            // never the whole digit here
  for (int64_t n = 0; n < 40; ++n) {  // flood fill over 8 neighbours from one masked pixel reaches them all
    const auto m = removed[n].view({28, 28});
    std::vector<std::pair<int64_t, int64_t>> stack;
    std::vector<char> seen(28 * 28);
    const auto start = m.flatten().nonzero()[0][0].item<int64_t>();
    stack.push_back({start / 28, start % 28});
    seen[start] = 1;
    int64_t reached = 0;
    while (!stack.empty()) {
      const auto [r, c] = stack.back();
      stack.pop_back();
      ++reached;
      for (int64_t dr = -1; dr <= 1; ++dr)
        for (int64_t dc = -1; dc <= 1; ++dc) {
          const int64_t rr = r + dr, cc = c + dc;
          if (rr < 0 || rr >= 28 || cc < 0 || cc >= 28 || seen[rr * 28 + cc] || !m[rr][cc].item<bool>()) continue;
          seen[rr * 28 + cc] = 1;
          stack.push_back({rr, cc});
        }
    }
    EXPECT_EQ(reached, counts[n].item<int64_t>()) << "image " << n;
  }
}

// The authors' classifier (BatchNorm, PyTorch's init, softmax before the loss: the defaults) and the
// former one (He init, cross-entropy of the logits) both learn, and the kept epoch is the best one,
// BatchNorm's running statistics included.
class DigitClassifier : public ::testing::TestWithParam<bool> {};

TEST_P(DigitClassifier, LearnsTwoPatternsAndKeepsTheBestEpoch) {
  const bool authors = GetParam();
  VggOptions o;
  o.block_channels = {4, 8};
  o.convs_per_block = {1, 1};
  o.hidden_units = {16, 16};
  o.image_size = 8;
  o.classes = 3;
  o.dropout = 0.5;
  if (!authors) {
    o.batch_norm = false;
    o.init = VggInit::he_normal;
  }
  VggClassifier model(o);
  EXPECT_EQ(model->buffers().empty(), !authors);  // BatchNorm's running statistics
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
  t.softmax_before_loss = authors;
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

INSTANTIATE_TEST_SUITE_P(AuthorsAndFormer, DigitClassifier, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "AuthorsClassifier" : "FormerClassifier"; });

}  // namespace
}  // namespace reverie
