#include <gtest/gtest.h>
#include <torch/torch.h>

#include "reverie/core/convolution_kernels.h"
#include "reverie/core/random.h"
#include "reverie/models/parameter_init.h"
#include "reverie/models/stochastic_conv_lstm.h"

namespace reverie {
namespace {

// On Debian 13's LibTorch 2.6 the MKL-DNN convolution gives NaN on NaN-filled memory; once a model
// with a convolution exists, every convolution of the process must be finite whatever memory held.
TEST(ConvolutionKernels, ConvolutionsOfAModelDoNotDependOnWhatTheirMemoryHeldBefore) {
  auto gen = make_generator(3);
  VideoPredictor model(VideoPredictorOptions().canvas(16).patch(4).hidden_channels(4).readout_channels(4).kernel(3));
  pytorch_default_init(*model, gen);
  EXPECT_FALSE(convolution_reads_stale_memory());
  // Calling again changes nothing: the choice is made once per process.
  EXPECT_EQ(avoid_convolution_kernels_that_read_stale_memory(), avoid_convolution_kernels_that_read_stale_memory());
}

}  // namespace
}  // namespace reverie
