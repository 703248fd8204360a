// One training epoch of seed 003's MNIST model (sec. 5.1, A.1.3): the recurrent stochastic
// inference and generation networks (784-512-64, recurrence 64-512-64; 64-512-784, recurrence
// 784-512-784) with Algorithm 1's global critic or Algorithm 2's local critics (3 x 512 LeakyReLU),
// WGAN-GP, Adam, batch 512, on the setup's 60,000 training digits. bench/wake_sleep_epoch.py runs
// the same epoch in PyTorch; bench/compare-wake-sleep-epoch prints both and their ratio.
// REVERIE_BENCH_DEVICE=cuda runs it on the GPU (one thread on the CPU either way). Google Benchmark
// reports CPU time (what the single-threaded work costs on a shared machine) and real time.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdlib>

#include "reverie/core/device.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/models/parameter_init.h"
#include "reverie/train/adversarial_training.h"
#include "reverie/train/wake_sleep_sites.h"

namespace {

torch::Tensor training_digits() {
  try {
    return reverie::load_image_dataset("mnist", "").train.inputs;
  } catch (const std::exception&) {
    auto gen = reverie::make_generator(1);
    return torch::rand({60000, 784}, gen);
  }
}

void epoch_benchmark(benchmark::State& state, reverie::WakeSleepAlgorithm algorithm) {
  reverie::set_math_threads(1);
  const char* device_name = std::getenv("REVERIE_BENCH_DEVICE");
  const auto device = reverie::parse_device(device_name ? device_name : "cpu");
  const auto data = training_digits().to(device);
  auto gen = reverie::make_generator(7);
  reverie::WakeSleepMlpOptions options;
  reverie::WakeSleepMlp model(options);
  reverie::pytorch_default_init(*model, gen);
  model->to(device);
  auto critics = reverie::make_wake_sleep_critics(algorithm, options, reverie::MlpCriticOptions(0));
  for (auto& c : critics) {
    reverie::pytorch_default_init(*c, gen);
    c->to(device);
  }
  reverie::AdversarialTrainer trainer(model->parameters(), critics, {}, {});
  const int64_t batch = 512;
  for (auto _ : state) {
    const auto order = torch::randperm(data.size(0), gen, torch::kLong).to(device);
    for (int64_t start = 0; start < data.size(0); start += batch) {
      const auto x = data.index_select(0, order.slice(0, start, std::min(start + batch, data.size(0))));
      trainer.step([&] { return reverie::wake_sleep_sites(algorithm, *model, x, gen); }, gen);
    }
  }
}

void BM_WakeSleepEpoch_Algorithm1(benchmark::State& state) { epoch_benchmark(state, reverie::WakeSleepAlgorithm::WakeSleep); }
void BM_WakeSleepEpoch_Algorithm2(benchmark::State& state) { epoch_benchmark(state, reverie::WakeSleepAlgorithm::Oscillation); }
BENCHMARK(BM_WakeSleepEpoch_Algorithm1)->Unit(benchmark::kSecond)->Iterations(3);
BENCHMARK(BM_WakeSleepEpoch_Algorithm2)->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
