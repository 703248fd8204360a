#pragma once
#include <torch/nn/module.h>

#include <filesystem>
#include <string>

namespace reverie {

// Saves a module's parameters and buffers atomically (a reader never sees half a checkpoint), sealed
// with a checksum of the content (sealed_file.h).
void save_module_checkpoint(torch::nn::Module& module, const std::filesystem::path& path);

// Loads them into `module`, whose parameters keep their shapes: InputError naming the file and
// `what` (e.g. "RBM") when it is missing, damaged (its checksum), unreadable, or made for another shape.
void load_module_checkpoint(torch::nn::Module& module, const std::filesystem::path& path, const std::string& what);

}  // namespace reverie
