#pragma once
#include <ATen/core/Generator.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include "reverie/models/gaussian_layer.h"

namespace reverie {

struct StochasticConvLstmOptions {
  StochasticConvLstmOptions(int64_t input_channels, int64_t hidden_channels)
      : input_channels_(input_channels), hidden_channels_(hidden_channels) {}
  TORCH_ARG(int64_t, input_channels);
  TORCH_ARG(int64_t, hidden_channels);
  TORCH_ARG(int64_t, kernel) = 5;     // odd: "same" padding keeps the spatial size
  TORCH_ARG(double, min_std) = 1e-3;  // floor of the hidden state's standard deviation
};

// A ConvLSTM's recurrent state: the cell c and the (sampled) hidden state h, [N x C x H x W] each.
struct ConvLstmState {
  torch::Tensor h, c;
};

struct ConvLstmStep {
  GaussianParameters gaussian;  // the distribution the new hidden state was drawn from
  ConvLstmState state;          // state.h: its sample
};

// Seed 003 A.1.5: a convolutional LSTM (Shi et al. 2015, without peepholes) whose output
// parameterizes a diagonal Gaussian over the hidden state, sampled at every update:
//   [i, f, o, g, s] = conv([x, h_prev]),  c = sig(f) c_prev + sig(i) tanh(g),
//   h ~ N(sig(o) tanh(c), softplus(s) + min_std)   (reparameterized, so gradients flow through h).
// The cell c stays deterministic; the sample h is what the next step and the next layer see.
class StochasticConvLstmImpl : public torch::nn::Module {
 public:
  explicit StochasticConvLstmImpl(const StochasticConvLstmOptions& options);
  ConvLstmStep forward(const torch::Tensor& input, const ConvLstmState& state, at::Generator& generator);
  // Zeros shaped like `input`'s batch and spatial size.
  ConvLstmState initial_state(const torch::Tensor& input) const;

  StochasticConvLstmOptions options;
  torch::nn::Conv2d gates{nullptr};
};
TORCH_MODULE(StochasticConvLstm);

struct VideoPredictorOptions {
  TORCH_ARG(int64_t, canvas) = 64;           // frames are 1 x canvas x canvas
  TORCH_ARG(int64_t, patch) = 4;             // frames enter as patch x patch blocks (space-to-depth)
  TORCH_ARG(int64_t, hidden_channels) = 32;  // both LSTMs (A.1.5)
  TORCH_ARG(int64_t, readout_channels) = 16; // the decoding CNN's hidden layer (A.1.5)
  TORCH_ARG(int64_t, kernel) = 5;
  TORCH_ARG(double, min_std) = 1e-3;
};

// What one pass over a sequence yields.
struct VideoRollout {
  torch::Tensor predictions;  // [N x (T - observed) x 1 x S x S]: frames observed+1 .. T
  torch::Tensor inferred;     // [N x observed x C x h x w]: the encoder's sampled states on the observed frames
};

// Seed 003 sec. 5.3, Fig. 5B, A.1.5: a stochastic ConvLSTM encoder reads a frame; a stochastic
// ConvLSTM decoder, driven by the encoder's sampled state, predicts the next frame through a
// two-layer CNN (one ReLU hidden layer). To keep CPU cost down, frames enter as Shi et al.'s
// (2015) 4 x 4 patches: a 64 x 64 frame becomes 16 channels at 16 x 16 (pixel_unshuffle, no
// parameters); the CNN's output channels are folded back the same way (pixel_shuffle), then a
// sigmoid keeps predicted pixels in [0, 1] like the data (our choice).
class VideoPredictorImpl : public torch::nn::Module {
 public:
  explicit VideoPredictorImpl(const VideoPredictorOptions& options);

  // Observes frames 1..observed (hidden states kept, predictions unused), then predicts frames
  // observed+1..T, each fed back as the next input. `frames`: [N x T x 1 x S x S]. Nothing is
  // detached: a loss on the last prediction reaches every step (BPTT).
  VideoRollout rollout(const torch::Tensor& frames, int64_t observed, at::Generator& generator);

  // The sleep phase: a hidden state drawn from the prior N(0, I), then `steps` - 1 bounces
  // between decoder and encoder (decode a frame, encode it, ...), LSTM states starting at zero.
  // Returns the `steps` hidden states (the prior sample first), [N x steps x C x h x w].
  torch::Tensor dream(int64_t batch, int64_t steps, at::Generator& generator);

  torch::Tensor frame_features(const torch::Tensor& frame) const;   // [N x 1 x S x S] -> [N x patch^2 x h x w]
  torch::Tensor read_out(const torch::Tensor& decoder_state);       // [N x C x h x w] -> [N x 1 x S x S]
  int64_t state_size() const { return options.canvas() / options.patch(); }

  VideoPredictorOptions options;
  StochasticConvLstm encoder{nullptr}, decoder{nullptr};
  torch::nn::Conv2d readout_hidden{nullptr}, readout_output{nullptr};
};
TORCH_MODULE(VideoPredictor);

}  // namespace reverie
