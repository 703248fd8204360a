// Truncated-BPTT SGD of seed 001's LSTM (784-392-10, A.8-A.10): one update per item through the
// last 10 items (bptt_update = sliding), sigmoid outputs, mean-squared error, lr 0.01, one
// thread, on MNIST digits in a 5-repeat stream; items per second, the autograd path and the
// fused kernel. bench/lstm_stream.py runs the same loop in PyTorch; bench/compare-lstm-stream
// prints all and their ratios.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "mnist_stream.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/lstm_stream_trainer.h"

namespace {

constexpr int64_t kItems = 300;

void BM_LstmSlidingBptt784(benchmark::State& state) {
  reverie::set_math_threads(1);
  const auto data = bench::training_items(kItems);
  const auto test = data.subset(torch::arange(10, torch::kInt64));
  const auto order = bench::repeat_order(data, 5);  // as bench/lstm_stream.py
  reverie::LstmStreamOptions options;
  options.learning_rate = 0.01;
  options.eval_every = kItems;  // training, not evaluation
  options.bptt_steps = 10;
  options.fused_sgd = state.range(0) == 1;
  state.SetLabel(options.fused_sgd ? "fused kernel" : "libtorch autograd + torch::optim");
  const auto objective = reverie::ClassifierObjective::from_names("sigmoid", "mse", 10);
  auto gen = reverie::make_generator(7);
  reverie::LSTMClassifier model(784, 392, 10);
  model->xavier_init(gen);
  for (auto _ : state) reverie::train_lstm_stream(model, data, order, test, objective, options);
  state.counters["steps_per_second"] = benchmark::Counter(static_cast<double>(kItems) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LstmSlidingBptt784)->ArgNames({"fused"})->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
