#pragma once
// The benchmarks' shared inputs (as bench/mnist_stream.py): the setup's first MNIST training
// digits (uniform noise when the setup has not run) and the 5-repeat stream over them.
#include <torch/torch.h>

#include <vector>

#include "reverie/core/random.h"
#include "reverie/data/dataset.h"
#include "reverie/stream/smoothness_order.h"

namespace bench {

// Real MNIST digits when the setup has run (sparsity matters to the fused paths), else uniform noise.
inline reverie::Dataset training_items(int64_t n) {
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

// Categories 0..9 in turn, `repeats` items each, items in index order.
inline std::vector<int64_t> repeat_order(const reverie::Dataset& data, int64_t repeats) {
  reverie::SessionOrders session;
  session.within_category.resize(10);
  for (int64_t c = 0; c < 10; ++c) session.category_order.push_back(c);
  for (int64_t i = 0; i < data.size(); ++i) session.within_category[data.labels[i].item<int64_t>()].push_back(i);
  return reverie::repeated_category_order(session, repeats);
}

}  // namespace bench
