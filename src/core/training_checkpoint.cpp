#include "reverie/core/training_checkpoint.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <cstdio>
#include <mutex>
#include <sstream>

#include "reverie/core/error.h"
#include "reverie/core/sealed_file.h"

namespace reverie {

namespace {

constexpr const char* kStartOver = "delete it to start the run over";

// Rows with every digit of their values (%.17g round-trips a double), tab-separated.
std::string encode_rows(const std::vector<TidyRow>& rows) {
  std::string out;
  char value[40];
  for (const auto& r : rows) {
    std::snprintf(value, sizeof value, "%.17g", r.value);
    out += std::to_string(r.run) + "\t" + r.condition + "\t" + std::to_string(r.step) + "\t" + r.metric + "\t" + value + "\n";
  }
  return out;
}

std::vector<TidyRow> decode_rows(const std::string& text) {
  std::vector<TidyRow> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) cells.push_back(line.substr(start, tab - start));
    cells.push_back(line.substr(start));
    if (cells.size() != 5) throw std::runtime_error("malformed row");
    rows.push_back({std::stoi(cells[0]), cells[1], std::stoll(cells[2]), cells[3], std::stod(cells[4])});
  }
  return rows;
}

torch::Tensor generator_state(at::Generator& generator) {
  std::lock_guard<std::mutex> lock(generator.mutex());
  return generator.get_state();
}

}  // namespace

TrainingCheckpoint::TrainingCheckpoint(std::filesystem::path file, std::string fingerprint, int64_t every)
    : file_(std::move(file)), fingerprint_(std::move(fingerprint)), every_(every) {
  if (every_ < 1) throw InputError("checkpoint_every: expected a positive number of epochs, got " + std::to_string(every_));
}

void TrainingCheckpoint::save(const CheckpointPosition& position, const CheckpointPieces& pieces) const {
  if (!enabled()) return;
  torch::serialize::OutputArchive archive;
  archive.write("fingerprint", c10::IValue(fingerprint_));
  archive.write("stage", c10::IValue(position.stage));
  archive.write("epoch", c10::IValue(position.epoch));
  archive.write("rows", c10::IValue(encode_rows(position.rows)));
  for (const auto& [name, module] : pieces.modules) {
    torch::serialize::OutputArchive part;
    module->save(part);
    archive.write("module/" + name, part);
  }
  for (const auto& [name, optimizer] : pieces.optimizers) {
    torch::serialize::OutputArchive part;
    optimizer->save(part);
    archive.write("optimizer/" + name, part);
  }
  for (const auto& [name, generator] : pieces.generators) archive.write("generator/" + name, generator_state(*generator));
  for (const auto& [name, tensor] : pieces.tensors) archive.write("tensor/" + name, *tensor);
  for (const auto& [name, engine] : pieces.engines) {
    std::ostringstream state;
    state << *engine;
    archive.write("engine/" + name, c10::IValue(state.str()));
  }
  std::ostringstream bytes;
  archive.save_to(bytes);
  std::filesystem::create_directories(file_.parent_path());
  write_sealed_file(file_, bytes.str());
}

namespace {

torch::serialize::InputArchive open_archive(const std::filesystem::path& file) {
  std::istringstream bytes(read_sealed_file(file, "checkpoint", kStartOver));
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(bytes);
  } catch (const c10::Error&) {
    throw InputError(file.string() + ": not a readable checkpoint (damaged?); " + std::string(kStartOver));
  }
  return archive;
}

}  // namespace

std::optional<CheckpointPosition> TrainingCheckpoint::position() const {
  if (!enabled() || !std::filesystem::exists(file_)) return std::nullopt;
  auto archive = open_archive(file_);
  try {
    c10::IValue fingerprint, stage, epoch, rows;
    archive.read("fingerprint", fingerprint);
    if (fingerprint.toStringRef() != fingerprint_)
      throw InputError(file_.string() + ": a checkpoint of another run, config, build or device; " + std::string(kStartOver));
    archive.read("stage", stage);
    archive.read("epoch", epoch);
    archive.read("rows", rows);
    return CheckpointPosition{stage.toInt(), epoch.toInt(), decode_rows(rows.toStringRef())};
  } catch (const InputError&) {
    throw;
  } catch (const std::exception&) {
    throw InputError(file_.string() + ": not a readable checkpoint (damaged?); " + std::string(kStartOver));
  }
}

void TrainingCheckpoint::restore(const CheckpointPieces& pieces) const {
  auto archive = open_archive(file_);
  try {
    for (const auto& [name, module] : pieces.modules) {
      torch::serialize::InputArchive part;
      archive.read("module/" + name, part);
      module->load(part);
    }
    for (const auto& [name, optimizer] : pieces.optimizers) {
      torch::serialize::InputArchive part;
      archive.read("optimizer/" + name, part);
      optimizer->load(part);
    }
    for (const auto& [name, generator] : pieces.generators) {
      torch::Tensor state;
      archive.read("generator/" + name, state);
      std::lock_guard<std::mutex> lock(generator->mutex());
      generator->set_state(state);
    }
    for (const auto& [name, tensor] : pieces.tensors) {
      torch::Tensor saved;
      archive.read("tensor/" + name, saved);
      if (tensor->defined() && tensor->sizes() != saved.sizes()) throw c10::Error({__func__, __FILE__, __LINE__}, "shape");
      *tensor = saved.to(tensor->defined() ? tensor->device() : saved.device());
    }
    for (const auto& [name, engine] : pieces.engines) {
      c10::IValue state;
      archive.read("engine/" + name, state);
      std::istringstream in(state.toStringRef());
      in >> *engine;
    }
  } catch (const c10::Error&) {
    throw InputError(file_.string() + ": its saved state does not fit this run's models (another shape?); " + std::string(kStartOver));
  }
}

}  // namespace reverie
