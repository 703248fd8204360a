#pragma once
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace reverie {

// Every random draw in a run comes from generators seeded here, never from global state,
// so runs in parallel threads give the same numbers as runs in sequence.
at::Generator make_generator(uint64_t seed);

// A seed for one named stream within a run (e.g. "init/mnist"), stable across platforms.
uint64_t derive_seed(uint64_t seed, std::string_view stream);

// Standard normal noise shaped like `like`, on its device. On the CPU it is drawn from
// `generator` (reproducible); elsewhere from the device's default generator, since a CPU
// generator cannot drive device kernels (reproducibility is promised on the CPU only).
at::Tensor standard_normal_like(const at::Tensor& like, at::Generator& generator);

// A 0/1 sample of each of `probabilities`, on their device, drawn as standard_normal_like draws.
at::Tensor bernoulli_sample(const at::Tensor& probabilities, at::Generator& generator);

// Uniform integer in [0, n) from a 64-bit engine, identical on every standard library
// (std::uniform_int_distribution is implementation-defined).
uint64_t uniform_index(std::mt19937_64& engine, uint64_t n);

// Fisher-Yates shuffle with uniform_index.
template <typename T>
void shuffle(std::vector<T>& items, std::mt19937_64& engine) {
  for (size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[uniform_index(engine, i)]);
}

std::vector<int64_t> permutation(int64_t n, std::mt19937_64& engine);

}  // namespace reverie
