// Truncated-BPTT SGD of seed 001's LSTM (784-392-10, A.8-A.10): one update per item through the
// last 10 items (bptt_update = sliding), sigmoid outputs, mean-squared error, lr 0.01, one
// thread, on MNIST digits in a 5-repeat stream; items per second, the autograd path and the
// fused kernel. bench/lstm_stream.py runs the same loop in PyTorch; bench/compare-lstm-stream
// prints all and their ratios.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/lstm_stream_trainer.h"

namespace {

constexpr int64_t kItems = 300;

// Real MNIST digits when the setup has run, else uniform noise.
reverie::Dataset training_items(int64_t n) {
  try {
    auto split = reverie::load_image_dataset("mnist", "");
    return split.train.subset(torch::arange(n, torch::kInt64));
  } catch (const std::exception&) {
    reverie::Dataset d;
    auto gen = reverie::make_generator(1);
    d.inputs = torch::rand({n, 784}, gen);
    d.labels = torch::randint(10, {n}, gen, torch::kInt64);
    d.classes = 10;
    return d;
  }
}

void BM_LstmSlidingBptt784(benchmark::State& state) {
  reverie::set_math_threads(1);
  const auto data = training_items(kItems);
  const auto test = data.subset(torch::arange(10, torch::kInt64));
  // Categories 0..9 in turn, 5 items each, items in index order (as bench/lstm_stream.py).
  reverie::SessionOrders session;
  session.within_category.resize(10);
  for (int64_t c = 0; c < 10; ++c) session.category_order.push_back(c);
  for (int64_t i = 0; i < kItems; ++i) session.within_category[data.labels[i].item<int64_t>()].push_back(i);
  const auto order = reverie::repeated_category_order(session, 5);
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
