#include "reverie/models/stochastic_conv_lstm.h"

#include <torch/torch.h>

#include <stdexcept>

#include "reverie/core/convolution_kernels.h"
#include "reverie/core/random.h"

namespace reverie {

StochasticConvLstmImpl::StochasticConvLstmImpl(const StochasticConvLstmOptions& o) : options(o) {
  avoid_convolution_kernels_that_read_stale_memory();
  if (o.kernel() % 2 == 0) throw std::invalid_argument("StochasticConvLstm: the kernel must be odd");
  gates = register_module("gates", torch::nn::Conv2d(torch::nn::Conv2dOptions(o.input_channels() + o.hidden_channels(),
                                                                              5 * o.hidden_channels(), o.kernel())
                                                         .padding(o.kernel() / 2)));
}

ConvLstmState StochasticConvLstmImpl::initial_state(const torch::Tensor& input) const {
  const auto zeros = torch::zeros({input.size(0), options.hidden_channels(), input.size(2), input.size(3)}, input.options());
  return {zeros, zeros};
}

ConvLstmStep StochasticConvLstmImpl::forward(const torch::Tensor& input, const ConvLstmState& state, at::Generator& generator) {
  const auto parts = gates->forward(torch::cat({input, state.h}, 1)).chunk(5, 1);
  ConvLstmStep step;
  step.state.c = torch::sigmoid(parts[1]) * state.c + torch::sigmoid(parts[0]) * torch::tanh(parts[3]);
  step.gaussian.mean = torch::sigmoid(parts[2]) * torch::tanh(step.state.c);
  step.gaussian.std = positive_std(parts[4], options.min_std());
  step.state.h = reparameterized_sample(step.gaussian, generator);
  return step;
}

VideoPredictorImpl::VideoPredictorImpl(const VideoPredictorOptions& o) : options(o) {
  if (o.patch() < 1 || o.canvas() % o.patch() != 0) throw std::invalid_argument("VideoPredictor: patch must divide canvas");
  const int64_t patch_channels = o.patch() * o.patch(), c = o.hidden_channels();
  encoder = register_module("encoder", StochasticConvLstm(StochasticConvLstmOptions(patch_channels, c).kernel(o.kernel()).min_std(o.min_std())));
  decoder = register_module("decoder", StochasticConvLstm(StochasticConvLstmOptions(c, c).kernel(o.kernel()).min_std(o.min_std())));
  readout_hidden = register_module("readout_hidden", torch::nn::Conv2d(torch::nn::Conv2dOptions(c, o.readout_channels(), 3).padding(1)));
  readout_output = register_module("readout_output",
                                   torch::nn::Conv2d(torch::nn::Conv2dOptions(o.readout_channels(), patch_channels, 3).padding(1)));
}

torch::Tensor VideoPredictorImpl::frame_features(const torch::Tensor& frame) const {
  return torch::pixel_unshuffle(frame, options.patch());
}

torch::Tensor VideoPredictorImpl::read_out(const torch::Tensor& decoder_state) {
  const auto hidden = torch::relu(readout_hidden->forward(decoder_state));
  return torch::sigmoid(torch::pixel_shuffle(readout_output->forward(hidden), options.patch()));
}

VideoRollout VideoPredictorImpl::rollout(const torch::Tensor& frames, int64_t observed, at::Generator& generator) {
  const int64_t total = frames.size(1);
  if (frames.dim() != 5 || frames.size(3) != options.canvas() || frames.size(4) != options.canvas())
    throw std::invalid_argument("VideoPredictor::rollout: frames must be N x T x 1 x canvas x canvas");
  if (observed < 1 || observed >= total) throw std::invalid_argument("VideoPredictor::rollout: need 1 <= observed < T");
  std::vector<torch::Tensor> predictions, inferred;
  ConvLstmState enc, dec;
  torch::Tensor input = frame_features(frames.select(1, 0));
  enc = encoder->initial_state(input);
  dec = decoder->initial_state(input);
  for (int64_t t = 0; t + 1 < total; ++t) {
    if (t > 0) input = frame_features(t < observed ? frames.select(1, t) : predictions.back());
    enc = encoder->forward(input, enc, generator).state;
    if (t < observed) inferred.push_back(enc.h);
    dec = decoder->forward(enc.h, dec, generator).state;
    if (t + 1 >= observed) predictions.push_back(read_out(dec.h));  // frame t + 2 (1-based)
  }
  return {torch::stack(predictions, 1), torch::stack(inferred, 1)};
}

torch::Tensor VideoPredictorImpl::dream(int64_t batch, int64_t steps, at::Generator& generator) {
  const int64_t size = state_size();
  const auto like = readout_output->weight;
  auto z = standard_normal_like(torch::empty({batch, options.hidden_channels(), size, size}, like.options()), generator);
  ConvLstmState enc = encoder->initial_state(z), dec = decoder->initial_state(z);
  std::vector<torch::Tensor> states{z};
  for (int64_t k = 1; k < steps; ++k) {
    dec = decoder->forward(z, dec, generator).state;
    enc = encoder->forward(frame_features(read_out(dec.h)), enc, generator).state;
    z = enc.h;
    states.push_back(z);
  }
  return torch::stack(states, 1);
}

}  // namespace reverie
