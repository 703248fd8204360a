// On a GPU (ctest label `gpu`; each test skips, saying why, where LibTorch sees no CUDA device):
// every experiment that takes --device cuda runs its quick config there with finite numbers of the
// CPU's shape, a killed run resumes on the GPU, and the RBM's CD-k and the digit classifier train
// there as they do on the CPU. The CPU promises bit-identical results; the GPU promises the same
// computation, so the GPU's numbers are compared by shape, finiteness and, where training is
// stochastic, by how well it learns.
#include <gtest/gtest.h>
#include <signal.h>
#include <torch/torch.h>

#include <cmath>
#include <future>
#include <map>
#include <thread>

#include "../cli_helpers.h"
#include "../test_helpers.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/data/dataset.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/registry.h"
#include "reverie/models/rbm.h"
#include "reverie/models/vgg_classifier.h"
#include "reverie/train/contrastive_divergence.h"
#include "reverie/train/image_classifier_training.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;
using testing::cli;

#define SKIP_WITHOUT_GPU() \
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA device is visible to this LibTorch build"

// results.csv as (run, condition, step, metric) -> value.
std::map<std::string, double> results(const fs::path& out) {
  const CsvTable table = parse_csv(read_file(out / "results.csv"));
  std::map<std::string, double> values;
  for (const auto& row : table.rows) values[row[0] + "|" + row[1] + "|" + row[2] + "|" + row[3]] = std::stod(row[4]);
  return values;
}

TEST(Gpu, EveryExperimentThatTakesCudaGivesFiniteNumbersOfTheCpusShape) {
  SKIP_WITHOUT_GPU();
  const fs::path dir = testing::fresh_dir("gpu-quick");
  const c10::Device gpu(c10::kCUDA, 0);
  std::vector<std::string> names;
  for (const auto& e : all_experiments())
    if (e->device_refusal(gpu).empty()) names.push_back(e->name());
  // Each experiment on the CPU and on cuda at once, four experiments at a time.
  const auto run_on = [&](const std::string& name, const std::string& device) {
    return std::async(std::launch::async, [=] {
      return cli("run " + name + " --quick --runs 1 --device " + device + " --out " + (dir / (name + "-" + device)).string());
    });
  };
  int compared = 0;
  for (size_t first = 0; first < names.size(); first += 4) {
    std::vector<std::pair<std::future<testing::Result>, std::future<testing::Result>>> pending;
    for (size_t i = first; i < std::min(names.size(), first + 4); ++i) pending.emplace_back(run_on(names[i], "cpu"), run_on(names[i], "cuda"));
    for (size_t i = first; i < std::min(names.size(), first + 4); ++i) {
      const std::string& name = names[i];
      const auto cpu = pending[i - first].first.get();
      const auto cuda = pending[i - first].second.get();
      if (cpu.status != 0 && cpu.output.find("data") != std::string::npos) {
        EXPECT_EQ(cuda.status, cpu.status) << name << " on cuda:\n" << cuda.output;
        std::cout << name << ": its data is missing here, not compared\n";
        continue;
      }
      EXPECT_EQ(cpu.status, 0) << name << " on the CPU:\n" << cpu.output;
      EXPECT_EQ(cuda.status, 0) << name << " on cuda:\n" << cuda.output;
      if (cpu.status != 0 || cuda.status != 0) continue;
      const auto on_cpu = results(dir / (name + "-cpu"));
      const auto on_cuda = results(dir / (name + "-cuda"));
      EXPECT_EQ(on_cuda.size(), on_cpu.size()) << name;
      for (const auto& [key, value] : on_cpu) {
        ASSERT_EQ(on_cuda.count(key), 1u) << name << ": the GPU's results lack " << key;
        if (std::isfinite(value)) EXPECT_TRUE(std::isfinite(on_cuda.at(key))) << name << ": " << key;
      }
      ++compared;
    }
  }
  EXPECT_GT(compared, 3);
}

TEST(Gpu, AKilledRunResumesOnTheGpuFromItsCheckpoint) {
  SKIP_WITHOUT_GPU();
  const fs::path dir = testing::fresh_dir("gpu-resume");
  const std::string args =
      "run wake-sleep-mnist --quick --runs 1 --device cuda --set train_items=2000 --set test_items=500 --set epochs=6 "
      "--set measure.every=2 --set surprise.items=100 --set checkpoint_every=1 --threads 1 --out " + (dir / "killed").string();
  const pid_t child = testing::start_cli(args, dir / "killed.log");
  testing::wait_for_file(dir / "killed/.checkpoints/run-0000.pt");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(child, SIGKILL);
  testing::wait_status(child);
  ASSERT_FALSE(fs::exists(dir / "killed/runs/run-0000.csv")) << "killed too late, the run had finished";
  const auto resumed = cli(args);
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("run 0: resuming "), std::string::npos) << resumed.output;
  const auto whole = cli(
      "run wake-sleep-mnist --quick --runs 1 --device cuda --set train_items=2000 --set test_items=500 --set epochs=6 "
      "--set measure.every=2 --set surprise.items=100 --set checkpoint_every=1 --threads 1 --out " + (dir / "whole").string());
  ASSERT_EQ(whole.status, 0) << whole.output;
  const auto resumed_values = results(dir / "killed"), whole_values = results(dir / "whole");
  ASSERT_EQ(resumed_values.size(), whole_values.size());
  for (const auto& [key, value] : resumed_values) {
    ASSERT_EQ(whole_values.count(key), 1u) << key;
    EXPECT_TRUE(std::isfinite(value)) << key;
  }
}

// Binarized digits: the setup's MNIST when present, else the synthetic categories.
torch::Tensor binary_digits(int64_t count) {
  try {
    return load_image_dataset("mnist", "").train.inputs.narrow(0, 0, count).gt(0.5).to(torch::kFloat32);
  } catch (const std::exception&) {
    return testing::synthetic_split(1).train.inputs.narrow(0, 0, count).gt(0.5).to(torch::kFloat32);
  }
}

// CD-1 on the GPU learns as it does on the CPU: the reconstruction error falls, and ends within
// 10% of the CPU's (the samples differ: a CUDA tensor is drawn from the device's generator).
TEST(Gpu, RbmContrastiveDivergenceTrainsOnCudaAsOnTheCpu) {
  SKIP_WITHOUT_GPU();
  const auto data = binary_digits(5000);
  CdOptions o;
  o.epochs = 5;
  o.batch_size = 100;
  std::map<std::string, std::vector<double>> rmse;
  for (const auto device : {torch::Device(torch::kCPU), torch::Device(torch::kCUDA, 0)}) {
    auto gen = make_generator(3);
    Rbm rbm(RbmOptions(data.size(1), 200));
    rbm->reset_parameters(0.01, gen);
    rbm->to(device);
    rmse[device.str()] = train_rbm(*rbm, data.to(device), o, gen, {}, TrainingCheckpoint());
    EXPECT_TRUE(rbm->weight.device() == device);
  }
  const auto& cpu = rmse.at("cpu");
  const auto& cuda = rmse.at("cuda:0");
  ASSERT_EQ(cuda.size(), cpu.size());
  EXPECT_LT(cuda.back(), 0.8 * cuda.front());
  EXPECT_NEAR(cuda.back(), cpu.back(), 0.1 * cpu.back());
}

// The RBM lab's digit classifier (a VGG, here a small one) trains on the GPU to the CPU's accuracy, within 3 points.
TEST(Gpu, DigitClassifierTrainsOnCudaAsOnTheCpu) {
  SKIP_WITHOUT_GPU();
  DatasetSplit split;
  try {
    split = load_image_dataset("mnist", "");
  } catch (const std::exception& e) {
    GTEST_SKIP() << "needs the setup's MNIST: " << e.what();
  }
  const auto images = split.train.inputs.narrow(0, 0, 3000).view({-1, 1, 28, 28});
  const auto labels = split.train.labels.narrow(0, 0, 3000);
  const auto test_images = split.test.inputs.narrow(0, 0, 1000).view({-1, 1, 28, 28});
  const auto test_labels = split.test.labels.narrow(0, 0, 1000);
  ImageClassifierTraining training;
  training.epochs = 3;
  std::map<std::string, double> accuracy_on;
  for (const auto device : {torch::Device(torch::kCPU), torch::Device(torch::kCUDA, 0)}) {
    auto gen = make_generator(5);
    VggOptions o;  // a small VGG, so that the CPU's half of the test takes seconds
    o.block_channels = {16, 32};
    o.convs_per_block = {1, 1};
    o.hidden_units = {128};
    o.image_size = 28;
    o.classes = 10;
    VggClassifier model(o);
    model->reset_parameters(gen);
    model->to(device);
    train_image_classifier(*model, images.to(device), labels.to(device), test_images.to(device), test_labels.to(device), training,
                           gen, {}, TrainingCheckpoint());
    accuracy_on[device.str()] = accuracy(classifier_probabilities(*model, test_images.to(device)).cpu(), test_labels);
  }
  EXPECT_GT(accuracy_on.at("cuda:0"), 0.8);
  EXPECT_NEAR(accuracy_on.at("cuda:0"), accuracy_on.at("cpu"), 0.03);
}

}  // namespace
}  // namespace reverie
