#pragma once
#include <string>

namespace reverie {

// The kernel family OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", ...), or "" when the
// BLAS is not OpenBLAS.
std::string blas_kernel_family();

// OpenBLAS picks its kernels from the CPU's model number. On a CPU it does not know (virtual
// machines often report a generic model) it falls back to Prescott's SSE3 kernels: 16 instead of
// 60 GFLOP/s for a 1000x1000 product on one core of the development machine. When that happened
// and OPENBLAS_CORETYPE is unset, this sets it from the instruction sets the CPU reports
// (AVX-512: SkylakeX, AVX2: Haswell) and restarts the program with the same arguments; the
// library reads the variable only when it loads. Returns (doing nothing) in every other case.
void restart_with_cpu_blas_kernels(char** argv);

}  // namespace reverie
