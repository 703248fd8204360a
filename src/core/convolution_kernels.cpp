#include "reverie/core/convolution_kernels.h"

#include <ATen/Context.h>
#include <c10/util/Flags.h>
#include <torch/torch.h>

#include <iostream>

// c10's CPU allocator fills each new block with a NaN bit pattern while this is set.
C10_DECLARE_bool(caffe2_cpu_allocator_do_junk_fill);

namespace reverie {

namespace {

// While it lives, c10's CPU allocator fills each new block with a NaN bit pattern; then as before.
class NanFilledAllocations {
 public:
  NanFilledAllocations() : was_(FLAGS_caffe2_cpu_allocator_do_junk_fill) { FLAGS_caffe2_cpu_allocator_do_junk_fill = true; }
  ~NanFilledAllocations() { FLAGS_caffe2_cpu_allocator_do_junk_fill = was_; }
  NanFilledAllocations(const NanFilledAllocations&) = delete;
  NanFilledAllocations& operator=(const NanFilledAllocations&) = delete;

 private:
  bool was_;
};

}  // namespace

bool convolution_reads_stale_memory() {
  NanFilledAllocations nan_filled;
  // Batch 2 and a 3x3 kernel: the sizes LibTorch sends to MKL-DNN when it is on.
  torch::AutoGradMode grad(true);
  const auto input = torch::full({2, 20, 8, 8}, 0.5).requires_grad_(true);
  const auto weight = torch::full({20, 20, 3, 3}, 0.01).requires_grad_(true);
  const auto bias = torch::zeros({20}).requires_grad_(true);
  const auto output = torch::conv2d(input, weight, bias, 1, 1);
  output.sum().backward();
  bool stale = false;
  for (const auto& t : {output, input.grad(), weight.grad(), bias.grad()}) stale = stale || !torch::isfinite(t).all().item<bool>();
  return stale;
}

bool avoid_convolution_kernels_that_read_stale_memory() {
  static const bool turned_off = [] {
    if (!at::globalContext().userEnabledMkldnn() || !convolution_reads_stale_memory()) return false;
    at::globalContext().setUserEnabledMkldnn(false);
    std::cerr << "reverie: this LibTorch's MKL-DNN convolution reads memory it never wrote (NaN results in a check); "
                 "convolutions run on LibTorch's own kernels instead\n";
    if (convolution_reads_stale_memory())
      std::cerr << "reverie: warning: LibTorch's own convolution kernels read such memory too; results may turn NaN\n";
    return true;
  }();
  return turned_off;
}

}  // namespace reverie
