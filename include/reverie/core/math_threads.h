#pragma once
#include <string>

namespace reverie {

// Sets LibTorch's intra-op threads and the BLAS's own threads to `threads`.
// Both must be explicit: OpenBLAS's default thread pool made batch-1 training 3x slower.
void set_math_threads(int threads);

// The BLAS library LibTorch resolved at run time (for the manifest), e.g. "OpenBLAS 0.3.21".
std::string blas_description();

}  // namespace reverie
