// One CD-1 training epoch of the 784x1000 RBM (seed 004: batch 125, lr 0.1, momentum, weight
// decay) on 60,000 x 784 inputs, one thread: the setup's 60,000 MNIST training digits (uniform
// noise when the setup has not run). bench/rbm_cd1.py runs the same loop in
// PyTorch; bench/compare-rbm-cd1 prints both, their ratio and the GFLOP/s.
// REVERIE_BENCH_DEVICE=cuda runs it on the GPU.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <cstdlib>

#include "reverie/core/device.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/train/contrastive_divergence.h"

namespace {

constexpr int64_t kRows = 60000, kVisible = 784, kHidden = 1000, kBatch = 125;

torch::Tensor training_rows() {
  try {
    const auto digits = reverie::load_image_dataset("mnist", "").train.inputs;
    return digits.repeat({(kRows + digits.size(0) - 1) / digits.size(0), 1}).narrow(0, 0, kRows).contiguous();
  } catch (const std::exception&) {
    auto gen = reverie::make_generator(1);
    return torch::rand({kRows, kVisible}, gen);
  }
}

void BM_RbmCd1Epoch(benchmark::State& state) {
  reverie::set_math_threads(1);
  const char* device_name = std::getenv("REVERIE_BENCH_DEVICE");
  const auto device = reverie::parse_device(device_name ? device_name : "cpu");
  const auto data = training_rows().to(device);
  auto gen = reverie::make_generator(7);
  reverie::Rbm rbm(reverie::RbmOptions(kVisible, kHidden));
  rbm->reset_parameters(0.1, gen);
  rbm->to(device);
  reverie::CdOptions options;
  options.epochs = 1;
  options.batch_size = kBatch;
  reverie::train_rbm(*rbm, data, options, gen);  // warm-up (on a GPU: its kernels and memory pool)
  for (auto _ : state) reverie::train_rbm(*rbm, data, options, gen);
  // Five [125 x 784] x [784 x 1000]-sized products a batch: up, down, up again, two gradient terms.
  const double flops = 5.0 * 2.0 * kBatch * kVisible * kHidden * (kRows / kBatch);
  // Per CPU second (Google Benchmark's rates use CPU time; the JSON also gives real_time).
  state.counters["GFLOP_per_cpu_s"] = benchmark::Counter(flops * 1e-9 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RbmCd1Epoch)->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
