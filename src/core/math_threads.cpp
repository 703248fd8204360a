#include "reverie/core/math_threads.h"

#include <dlfcn.h>
#include <torch/torch.h>

namespace reverie {

void set_math_threads(int threads) {
  torch::set_num_threads(threads);
  // Debian's LibTorch links the generic libblas.so.3; the symbol exists only when OpenBLAS provides it.
  using SetThreads = void (*)(int);
  if (auto set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
}

std::string blas_description() {
  using GetConfig = char* (*)();
  if (auto get = reinterpret_cast<GetConfig>(::dlsym(RTLD_DEFAULT, "openblas_get_config"))) return get();
  return "unknown BLAS (not OpenBLAS: matrix products may be slow; run scripts/setup)";
}

}  // namespace reverie
