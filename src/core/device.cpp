#include "reverie/core/device.h"

#include <torch/torch.h>

#include "reverie/core/error.h"

namespace reverie {

c10::Device parse_device(const std::string& name) {
  c10::Device device(c10::kCPU);
  try {
    device = c10::Device(name);
  } catch (const std::exception&) {
    throw InputError("--device " + name + ": expected cpu, cuda or cuda:N");
  }
  if (device.is_cuda() && !torch::cuda::is_available())
    throw InputError("--device " + name + ": no CUDA device is available to this LibTorch build");
  if (!device.is_cpu() && !device.is_cuda()) throw InputError("--device " + name + ": expected cpu, cuda or cuda:N");
  // cpu:0 is the one CPU: the same device, so the same name in manifests and checkpoints.
  return device.is_cpu() ? c10::Device(c10::kCPU) : device;
}

}  // namespace reverie
