#include "reverie/core/module_checkpoint.h"

#include <torch/torch.h>

#include <sstream>

#include "reverie/core/error.h"
#include "reverie/core/sealed_file.h"

namespace reverie {

void save_module_checkpoint(torch::nn::Module& module, const std::filesystem::path& path) {
  torch::serialize::OutputArchive archive;
  module.save(archive);
  std::ostringstream bytes;
  archive.save_to(bytes);
  write_sealed_file(path, bytes.str());
}

void load_module_checkpoint(torch::nn::Module& module, const std::filesystem::path& path, const std::string& what) {
  if (!std::filesystem::exists(path)) throw InputError(path.string() + ": " + what + " checkpoint not found");
  std::vector<std::vector<int64_t>> shapes;
  for (const auto& p : module.parameters()) shapes.push_back(p.sizes().vec());
  std::istringstream bytes(read_sealed_file(path, what + " checkpoint", "delete it to compute it again"));
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    module.load(archive);
  } catch (const c10::Error&) {
    throw InputError(path.string() + ": not a readable " + what + " checkpoint of the configured shape");
  }
  const auto loaded = module.parameters();
  for (size_t i = 0; i < loaded.size(); ++i)
    if (loaded[i].sizes().vec() != shapes[i])
      throw InputError(path.string() + ": " + what + " checkpoint has another shape than the config's");
}

}  // namespace reverie
