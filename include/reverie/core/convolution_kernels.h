#pragma once

namespace reverie {

// Debian 13's LibTorch 2.6 (built against the system's oneDNN 3.7) returns MKL-DNN convolutions
// that depend on what their memory held before: with the allocator filling new memory with NaN
// bit patterns every output and gradient is NaN, and on a machine whose free memory happens to
// hold such patterns a run diverges (CI saw wake-sleep-video's critic turn NaN at step 2).
// LibTorch's own convolution kernels do not read such memory. The first call runs a small
// convolution, forward and backward, on NaN-filled allocations; when the result is not finite it
// turns MKL-DNN off for the process and says so once on stderr. Every model with a convolution
// calls it when constructed. Returns whether MKL-DNN was turned off.
bool avoid_convolution_kernels_that_read_stale_memory();

// The probe itself: does a 3x3 convolution on CPU give non-finite numbers when new memory is
// NaN-filled, with the kernels LibTorch is set to use now?
bool convolution_reads_stale_memory();

}  // namespace reverie
