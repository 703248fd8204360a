// A dataset name resolves to that dataset's files (or is refused), and the files read are recorded.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/data/data_files.h"
#include "reverie/data/dataset.h"
#include "reverie/data/idx.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;

// A tiny IDX dataset whose every label is `label`, so a test can tell which files were read.
void write_labelled_set(const fs::path& dir, uint8_t label) {
  for (const auto& [prefix, n] : {std::pair<std::string, int64_t>{"train", 20}, {"t10k", 10}}) {
    write_idx(dir / (prefix + "-images-idx3-ubyte"), {{n, 28, 28}, std::vector<uint8_t>(n * 28 * 28, label)});
    write_idx(dir / (prefix + "-labels-idx1-ubyte"), {{n}, std::vector<uint8_t>(n, label)});
  }
}

TEST(DataFiles, ADatasetsOwnFolderWinsOverLooseFiles) {
  const auto dir = testing::fresh_dir("loose");
  write_labelled_set(dir, 1);                   // loose files: "MNIST"
  write_labelled_set(dir / "fashion-mnist", 7);  // and a folder of Fashion-MNIST
  clear_data_files_read();
  const auto fashion = load_image_dataset("fashion-mnist", dir);
  EXPECT_EQ(fashion.train.labels[0].item<int64_t>(), 7) << "fashion-mnist was read from the loose files";
  const auto mnist = load_image_dataset("mnist", dir);
  EXPECT_EQ(mnist.train.labels[0].item<int64_t>(), 1);

  const auto files = data_files_read();
  ASSERT_EQ(files.size(), 8u);
  for (const auto& f : files) {
    EXPECT_EQ(f.path.find(fs::canonical(dir / "fashion-mnist").string()) == 0, f.dataset == "fashion-mnist") << f.path;
    EXPECT_EQ(f.bytes, fs::file_size(f.path));
    EXPECT_EQ(f.crc32.size(), 8u);
  }
}

TEST(DataFiles, OneFolderOfLooseFilesCannotServeTwoDatasets) {
  const auto dir = testing::fresh_dir("loose-only");
  write_labelled_set(dir, 1);
  clear_data_files_read();
  load_image_dataset("mnist", dir);
  try {
    load_image_dataset("fashion-mnist", dir);
    FAIL() << "fashion-mnist silently read the same loose files as mnist";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("both resolve to"), std::string::npos) << e.what();
  }
}

TEST(DataFiles, TheChecksumChangesWithTheBytes) {
  const auto dir = testing::fresh_dir("crc");
  write_file_atomic(dir / "f", "abc");
  const auto before = describe_data_file("x", dir / "f");
  EXPECT_EQ(before.crc32, "352441c2");  // CRC-32 of "abc", as zlib.crc32 and cksum -a crc32b give it
  write_file_atomic(dir / "f", "abd");
  EXPECT_NE(describe_data_file("x", dir / "f").crc32, before.crc32);
}

}  // namespace
}  // namespace reverie
