#pragma once
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace reverie {

struct MLPOptions {
  MLPOptions(int64_t inputs, int64_t hidden, int64_t outputs) : inputs_(inputs), hidden_(hidden), outputs_(outputs) {}
  TORCH_ARG(int64_t, inputs);
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(int64_t, outputs);
};

// The 3-layer fully connected network of seed 001 section 4.1.2: input -> ReLU hidden -> output
// logits. The output nonlinearity (sigmoid or softmax) belongs to the objective.
class MLPImpl : public torch::nn::Module {
 public:
  explicit MLPImpl(const MLPOptions& options);

  torch::Tensor forward(const torch::Tensor& x);  // logits, batch x outputs
  torch::Tensor hidden_activity(const torch::Tensor& x);

  // Xavier (Glorot) uniform weights, zero biases, drawn from `generator` for reproducibility.
  void xavier_init(at::Generator& generator);
  // Copies the parameters of `other` (same architecture): conditions of a run share one init.
  void copy_parameters_from(MLPImpl& other);

  MLPOptions options;
  torch::nn::Linear input_to_hidden{nullptr};
  torch::nn::Linear hidden_to_output{nullptr};
};
TORCH_MODULE(MLP);

}  // namespace reverie
