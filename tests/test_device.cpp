// --device everywhere: an experiment runs on the device it is given or refuses it before
// anything starts, naming itself and why. (No GPU here: the CUDA device is only named.)
#include <gtest/gtest.h>

#include "reverie/core/device.h"
#include "reverie/lab/registry.h"
#include "reverie/lab/runner.h"
#include "test_helpers.h"

namespace reverie {
namespace {

namespace fs = std::filesystem;

TEST(DevicePlacement, CpuOnlyExperimentsRefuseAGpuBeforeTouchingTheOutputFolder) {
  const c10::Device gpu(c10::kCUDA, 0);
  const std::set<std::string> cpu_only{"multiscale-autoencoders", "multiscale-autoencoders-lr0003", "multiscale-autoencoders-dataset2",
                                       "multiscale-autoencoders-workshop",
                                       "replay-teacher",          "replay-noise-optimum",           "replay-student",
                                       "replay-teacher-hidden-sizes"};
  for (const auto& e : all_experiments()) {
    EXPECT_EQ(e->device_refusal(c10::Device(c10::kCPU)), "") << e->name() << " must run on the CPU";
    const std::string why = e->device_refusal(gpu);
    EXPECT_EQ(!why.empty(), cpu_only.count(e->name()) == 1) << e->name() << ": " << why;
    if (!why.empty()) EXPECT_NE(why.find("--device cpu"), std::string::npos) << e->name() << " says what to do: " << why;
  }
  const fs::path out = testing::fresh_dir("device") / "out";
  RunnerOptions options{out, 1};
  options.environment.device = gpu;
  const std::string message = testing::thrown_message(
      [&] { run_experiment(find_experiment("replay-teacher"), testing::quick_config("replay-teacher", {}), options); });
  EXPECT_EQ(message.rfind("replay-teacher on cuda:0: runs on the CPU only", 0), 0u) << message;
  EXPECT_FALSE(fs::exists(out)) << "refused before the folder is made";
}

// cpu:0 is the one CPU: a folder made with --device cpu:0 resumes with --device cpu (it was refused as another device).
TEST(DevicePlacement, CpuZeroIsTheCpu) {
  EXPECT_EQ(parse_device("cpu:0"), c10::Device(c10::kCPU));
  EXPECT_EQ(parse_device("cpu:0").str(), "cpu");
  EXPECT_NE(testing::thrown_message([] { parse_device("gpu"); }).find("expected cpu, cuda or cuda:N"), std::string::npos);
}

}  // namespace
}  // namespace reverie
