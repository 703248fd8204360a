// Batch-1 SGD of the 784-392-10 network (seed 001's MNIST classifier): training steps per
// second, the workload of every smoothness experiment. bench/mlp_batch1.py runs the same loop
// in PyTorch; bench/compare-mlp-batch1 prints both and their ratio.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <numeric>

#include "mnist_stream.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/incremental_trainer.h"

namespace {

void BM_Batch1Sgd784(benchmark::State& state) {
  reverie::set_math_threads(1);
  constexpr int64_t kSteps = 2000;
  const auto data = bench::training_items(kSteps);
  const auto test = data.subset(torch::arange(10, torch::kInt64));
  const auto objective = reverie::ClassifierObjective::from_names("sigmoid", "mse", 10);
  reverie::IncrementalTrainerOptions options;
  options.eval_every = kSteps;  // training, not evaluation
  options.fused_sgd = state.range(0) == 1;
  const bool leaky_reset = state.range(1) == 1;
  state.SetLabel(std::string(options.fused_sgd ? "fused kernel" : "libtorch autograd + torch::optim") +
                 (leaky_reset ? ", leaky + reset" : ", memoryless"));
  std::vector<int64_t> order(kSteps);
  std::iota(order.begin(), order.end(), 0);
  if (leaky_reset) {
    // Fig. 2C's model on a 5-repeat stream: categories 0..9 in turn, items in index order.
    order = bench::repeat_order(data, 5);
    options.memory = reverie::LeakyMemory::from_values({0.5}, 392);
    options.boundaries = reverie::BoundaryDetector::for_rule(reverie::BoundaryDetector::Rule::LabelChange);
  }
  auto gen = reverie::make_generator(7);
  reverie::MLP model(reverie::MLPOptions(784, 392, 10));
  model->xavier_init(gen);
  for (auto _ : state) reverie::train_incremental(model, data, order, test, objective, options);
  state.counters["steps_per_second"] = benchmark::Counter(static_cast<double>(kSteps) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Batch1Sgd784)
    ->ArgNames({"fused", "leaky_reset"})
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
