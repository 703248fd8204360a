#include "reverie/core/random.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <numeric>

namespace reverie {

at::Generator make_generator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

at::Tensor standard_normal_like(const at::Tensor& like, at::Generator& generator) {
  if (like.device().is_cpu()) return torch::randn(like.sizes(), generator, like.options());
  return torch::randn(like.sizes(), like.options());
}

at::Tensor bernoulli_sample(const at::Tensor& probabilities, at::Generator& generator) {
  if (probabilities.device().is_cpu()) return torch::bernoulli(probabilities, generator);
  return torch::bernoulli(probabilities);
}

uint64_t derive_seed(uint64_t seed, std::string_view stream) {
  // FNV-1a over the stream name, mixed with the seed by splitmix64.
  uint64_t h = 1469598103934665603ull;
  for (char c : stream) h = (h ^ static_cast<uint8_t>(c)) * 1099511628211ull;
  uint64_t z = seed + 0x9e3779b97f4a7c15ull * (h | 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t uniform_index(std::mt19937_64& engine, uint64_t n) {
  // Rejection sampling removes modulo bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do x = engine();
  while (x >= limit);
  return x % n;
}

std::vector<int64_t> permutation(int64_t n, std::mt19937_64& engine) {
  std::vector<int64_t> p(n);
  std::iota(p.begin(), p.end(), 0);
  shuffle(p, engine);
  return p;
}

}  // namespace reverie
