#pragma once
#include <c10/core/Device.h>

#include <string>

namespace reverie {

// "cpu", "cuda" or "cuda:N"; InputError when this LibTorch build or machine has no such device.
c10::Device parse_device(const std::string& name);

}  // namespace reverie
