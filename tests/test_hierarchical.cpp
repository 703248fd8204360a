#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/core/random.h"
#include "reverie/core/tidy_csv.h"
#include "reverie/data/cifar10.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "reverie/models/conv_critic.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/stochastic_conv_hierarchy.h"
#include "test_helpers.h"

namespace reverie {
namespace {

// A CIFAR-10 binary batch of `records` records: label r % 10, pixel p of record r = (r + p) % 256.
void write_cifar_batch(const std::filesystem::path& path, int64_t records, int64_t drop_bytes = 0) {
  std::string bytes;
  for (int64_t r = 0; r < records; ++r) {
    bytes.push_back(static_cast<char>(r % 10));
    for (int64_t p = 0; p < kCifar10RecordBytes - 1; ++p) bytes.push_back(static_cast<char>((r + p) % 256));
  }
  bytes.resize(bytes.size() - static_cast<size_t>(drop_bytes));
  std::ofstream(path, std::ios::binary) << bytes;
}

void write_cifar_dir(const std::filesystem::path& dir, int64_t records) {
  std::filesystem::create_directories(dir);
  for (int b = 1; b <= 5; ++b) write_cifar_batch(dir / ("data_batch_" + std::to_string(b) + ".bin"), records);
  write_cifar_batch(dir / "test_batch.bin", records);
}

TEST(Cifar10, ReadsRecordsAsRedGreenBluePlanes) {
  const auto dir = testing::fresh_dir("cifar");
  write_cifar_batch(dir / "batch.bin", 3);
  const auto d = read_cifar10_batch(dir / "batch.bin");
  ASSERT_EQ(d.size(), 3);
  EXPECT_EQ(d.labels[2].item<int64_t>(), 2);
  EXPECT_EQ(d.item_shape, (std::vector<int64_t>{3, 32, 32}));
  const auto images = d.inputs.view({3, 3, 32, 32});
  // Record 1: red (0, 0) is pixel byte 0, green (0, 0) byte 1024, blue (31, 31) byte 3071.
  EXPECT_FLOAT_EQ(images[1][0][0][0].item<float>(), 1.0f / 255.0f);
  EXPECT_FLOAT_EQ(images[1][1][0][0].item<float>(), static_cast<float>((1 + 1024) % 256) / 255.0f);
  EXPECT_FLOAT_EQ(images[1][2][31][31].item<float>(), static_cast<float>((1 + 3071) % 256) / 255.0f);
}

TEST(Cifar10, RefusesTruncatedFilesAndNamesMissingOnes) {
  const auto dir = testing::fresh_dir("cifar-bad");
  write_cifar_batch(dir / "short.bin", 2, 100);
  const auto message = testing::thrown_message([&] { read_cifar10_batch(dir / "short.bin"); });
  EXPECT_NE(message.find("short.bin"), std::string::npos) << message;
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);

  const auto data = testing::fresh_dir("cifar-missing");
  EXPECT_FALSE(find_cifar10_dir(data).has_value());
  const auto missing = testing::thrown_message([&] { load_cifar10(data); });
  EXPECT_NE(missing.find((data / "cifar-10-batches-bin").string()), std::string::npos) << missing;
  EXPECT_NE(missing.find("test_batch.bin"), std::string::npos) << missing;

  write_cifar_dir(data / "cifar-10-batches-bin", 2);
  ASSERT_TRUE(find_cifar10_dir(data).has_value());
  const auto split = load_cifar10(data);
  EXPECT_EQ(split.train.size(), 10);
  EXPECT_EQ(split.test.size(), 2);
}

TEST(DivisiveNormalization, GivesUnitRootMeanSquareAcrossChannelsAtEveryPixel) {
  auto gen = make_generator(1);
  const auto x = 3.0 * torch::randn({4, 7, 5, 5}, gen) + 1.0;
  const auto rms = divisive_normalization(x).pow(2).mean(1).sqrt();
  EXPECT_TRUE(torch::allclose(rms, torch::ones_like(rms), 1e-5, 1e-5));
}

TEST(StochasticConvHierarchy, LayersHaveTheDcganShapes) {
  auto gen = make_generator(2);
  StochasticConvHierarchy model(StochasticConvHierarchyOptions().image_channels(3).channels({4, 6, 8, 10, 5}));
  pytorch_default_init(*model, gen);
  const std::vector<int64_t> channels{3, 4, 6, 8, 10, 5}, sides{32, 16, 8, 4, 2, 1};
  const auto x = torch::rand({2, 3, 32, 32}, gen);
  const auto wake = model->bottom_up(x, gen);
  const auto sleep = model->sleep(3, gen);
  ASSERT_EQ(wake.size(), 6u);
  ASSERT_EQ(sleep.size(), 6u);
  for (size_t l = 0; l < 6; ++l) {
    EXPECT_EQ(wake[l].sizes(), (std::vector<int64_t>{2, channels[l], sides[l], sides[l]})) << l;
    EXPECT_EQ(sleep[l].sizes(), (std::vector<int64_t>{3, channels[l], sides[l], sides[l]})) << l;
    EXPECT_EQ(model->layer_channels(static_cast<int64_t>(l)), channels[l]);
    EXPECT_EQ(model->layer_size(static_cast<int64_t>(l)), sides[l]);
    if (l < 5) {
      const auto prediction = model->top_down_prediction(static_cast<int64_t>(l), wake[l + 1], gen);
      EXPECT_EQ(prediction.sizes(), wake[l].sizes()) << l;
    }
    if (l >= 1 && l <= 4) {  // ReLU then divisive normalization: non-negative, unit RMS over channels
      EXPECT_GE(wake[l].min().item<float>(), 0.0f);  // (or 0 where the ReLU silenced every channel)
      const auto rms = wake[l].pow(2).mean(1).sqrt();
      EXPECT_LT(torch::minimum((rms - 1).abs(), rms).max().item<float>(), 1e-2) << l;  // eps matters where activity is tiny
      EXPECT_GT(rms.mean().item<float>(), 0.5f) << l;
    }
  }
  EXPECT_LT(wake[5].min().item<float>(), 0.0f);  // the top layer stays a linear Gaussian sample
  EXPECT_EQ(model->generate_image_mean(5, wake[5], gen).sizes(), x.sizes());
  EXPECT_EQ(model->prior_sample(4, gen).sizes(), (std::vector<int64_t>{4, 5, 1, 1}));
}

TEST(WakeSleepHierarchical, ConfigChecksAndMissingCifarIsOneClearLine) {
  EXPECT_NO_THROW(testing::quick_config("wake-sleep-hierarchical", {}));
  EXPECT_THROW(testing::quick_config("wake-sleep-hierarchical", {"model.channels=[8, 16]"}), InputError);
  EXPECT_THROW(testing::quick_config("wake-sleep-hierarchical", {"objective.gamma=1.5"}), InputError);
  EXPECT_THROW(testing::quick_config("wake-sleep-hierarchical", {"dataset=cifar"}), InputError);
  const auto data = testing::fresh_dir("no-cifar");
  RunnerOptions options{testing::fresh_dir("hier-missing") / "out", 1};
  options.environment.data_dir = data;
  const auto message = testing::thrown_message([&] {
    run_experiment(find_experiment("wake-sleep-hierarchical"), testing::quick_config("wake-sleep-hierarchical", {"dataset=cifar10"}),
                   options);
  });
  EXPECT_NE(message.find(data.string()), std::string::npos) << message;
  EXPECT_NE(message.find("data_batch_1.bin"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

void expect_outputs(const std::filesystem::path& dir) {
  for (const char* file : {"manifest.json", "results.csv", "claims.csv", "index.html", "heldout_reconstruction_mse.csv",
                           "critic_values.csv", "reconstructions.csv", "sleep_samples.csv"})
    EXPECT_TRUE(std::filesystem::exists(dir / file)) << file;
  const auto rows = read_tidy_csv(dir / "results.csv");
  ASSERT_FALSE(rows.empty());
  int64_t reconstruction_rows = 0;
  for (const auto& row : rows) {
    EXPECT_TRUE(std::isfinite(row.value)) << row.condition << " " << row.metric;
    reconstruction_rows += row.condition == "heldout" && row.metric == "reconstruction_mse";
  }
  EXPECT_EQ(reconstruction_rows, 4);  // epochs 0..3
  EXPECT_NE(read_file(dir / "claims.csv").find("support of the generative posterior"), std::string::npos);
}

TEST(WakeSleepHierarchical, QuickConfigRunsOnFashionMnist) {
  const auto dir = testing::fresh_dir("hier-quick") / "out";
  run_experiment(find_experiment("wake-sleep-hierarchical"), testing::quick_config("wake-sleep-hierarchical", {}), {dir, 1});
  expect_outputs(dir);
  EXPECT_NE(read_file(dir / "claims.csv").find("Fashion-MNIST"), std::string::npos);
}

TEST(WakeSleepHierarchical, AutoPicksCifarWhenItsFilesAreFound) {
  const auto data = testing::fresh_dir("fake-cifar");
  write_cifar_dir(data / "cifar-10-batches-bin", 64);
  RunnerOptions options{testing::fresh_dir("hier-cifar") / "out", 1};
  options.environment.data_dir = data;
  run_experiment(find_experiment("wake-sleep-hierarchical"), testing::quick_config("wake-sleep-hierarchical", {}), options);
  expect_outputs(options.out_dir);
  EXPECT_NE(read_file(options.out_dir / "claims.csv").find("CIFAR-10"), std::string::npos);
}

}  // namespace
}  // namespace reverie
