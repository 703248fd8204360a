#include "reverie/core/blas_kernels.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <cstring>

namespace reverie {

std::string blas_kernel_family() {
  using GetCorename = char* (*)();
  const auto get = reinterpret_cast<GetCorename>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return get ? get() : "";
}

void restart_with_cpu_blas_kernels(char** argv) {
  if (std::getenv("OPENBLAS_CORETYPE") || ::strcasecmp(blas_kernel_family().c_str(), "prescott") != 0) return;
  const char* family = __builtin_cpu_supports("avx512f") ? "SkylakeX" : __builtin_cpu_supports("avx2") ? "Haswell" : nullptr;
  if (!family) return;  // a CPU as old as Prescott: its kernels are the right ones
  // The binary's own path, not /proc/self/exe: the process keeps its name in ps and top.
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return;
  ::setenv("OPENBLAS_CORETYPE", family, 1);
  ::execv(self.c_str(), argv);  // returns only on failure: carry on with the slower kernels
}

}  // namespace reverie
