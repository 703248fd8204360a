// Seed 002's noise-optimum grid search (section 5.3): replay chains of a 15-32-15 denoising
// autoencoder, nearest-item classes, transition matrix and (A - S) objective per grid point.
// bench/replay_grid.py runs the same computation in PyTorch; bench/compare-replay-grid prints both and their ratio.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "reverie/analysis/item_structure.h"
#include "reverie/core/math_threads.h"
#include "reverie/core/random.h"
#include "reverie/data/item_table.h"
#include "reverie/dynamics/noise_optimum.h"
#include "reverie/models/denoising_autoencoder.h"

namespace {

void BM_NoiseGridPoint(benchmark::State& state) {
  reverie::set_math_threads(1);
  const auto items = reverie::text_items();
  const auto target = reverie::min_max_scaled(reverie::item_correlation(items.values));
  auto gen = reverie::make_generator(5);
  reverie::DenoisingAutoencoder model(reverie::DenoisingAutoencoderOptions(15, 32));
  model->xavier_init(gen);
  auto impl = model.ptr();
  const reverie::StepMap step = [impl](const torch::Tensor& x) { return impl->forward(x); };
  reverie::ReplayOptions options;
  options.chains = 10000;
  options.steps = 25;
  // 3 x 3 grid points per iteration.
  const std::vector<double> means = {-0.1, 0.0, 0.1}, sds = {0.25, 0.5, 0.75};
  for (auto _ : state) benchmark::DoNotOptimize(reverie::search_noise_optimum(step, items.values, target, means, sds, options, gen));
  state.counters["points_per_second"] = benchmark::Counter(9.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NoiseGridPoint)->Unit(benchmark::kMillisecond)->MinTime(3.0);

}  // namespace

BENCHMARK_MAIN();
