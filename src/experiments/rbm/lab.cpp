#include "reverie/experiments/rbm/lab.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <nlohmann/json.hpp>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/error.h"
#include "reverie/core/module_checkpoint.h"
#include "reverie/core/random.h"
#include "reverie/core/sealed_file.h"
#include "reverie/data/data_files.h"
#include "reverie/data/nondigits.h"
#include "reverie/dynamics/classified_trajectory.h"
#include "reverie/dynamics/label_biasing.h"
#include "reverie/dynamics/state_statistics.h"
#include "reverie/dynamics/top_down_generation.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/train/contrastive_divergence.h"
#include "reverie/train/image_classifier_training.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A checkpoint name from the model's settings (RbmLabSettings::*_checkpoint_settings), the data and the run seed.
fs::path checkpoint_path(const RbmLabSettings& s, const std::string& model, const std::string& model_settings,
                         const std::string& data_identity, uint64_t run_seed) {
  char name[64];
  std::snprintf(name, sizeof name, "%s-%016llx", model.c_str(),
                static_cast<unsigned long long>(derive_seed(run_seed, data_identity + model_settings)));
  return fs::path(s.checkpoint_dir()) / name;
}

// The data's images [N x H*W] as the classifier's input [N x 1 x size x size].
torch::Tensor classifier_input(const RbmLabSettings& s, const Dataset& data, const torch::Tensor& images) {
  return resize_images(images, data.item_shape.at(0), data.item_shape.at(1), s.classifier().image_size);
}

// Masked non-digits made from `digits` training digits: with masked_per_class, the same number
// from each of the `classes` classes (the authors' 11 balanced types).
int64_t masked_count(const RbmLabSettings& s, int64_t digits, int64_t classes) {
  const auto count = static_cast<int64_t>(s.masked_fraction() * digits);
  return s.masked_per_class() ? count / classes * classes : count;
}

// The classifier's training and validation sets (sec. 2.3): digits split by a fixed permutation;
// non-digits made from the training digits (scrambled and masked), labelled `classes`.
struct ClassifierData {
  torch::Tensor train_images, train_labels, validation_images, validation_labels;
};

ClassifierData classifier_data(const RbmLabSettings& s, const Dataset& train, uint64_t run_seed) {
  auto gen = make_generator(derive_seed(s.data_seed(), "classifier-split"));
  const auto order = torch::randperm(train.size(), gen, torch::kInt64);
  const auto validation_count = static_cast<int64_t>(s.validation_fraction() * train.size());
  const Dataset validation = train.subset(order.slice(0, 0, validation_count));
  const Dataset digits = train.subset(order.slice(0, validation_count)).first(s.classifier_train_items());

  auto nondigit_gen = make_generator(derive_seed(run_seed, "nondigits"));
  std::mt19937_64 engine(derive_seed(run_seed, "masked-digits"));
  const auto pick_from = [&](const torch::Tensor& pool, int64_t count) {
    return pool.index_select(0, torch::randint(pool.size(0), {count}, nondigit_gen, torch::kInt64));
  };
  const auto scrambled = scrambled_images(pick_from(digits.inputs, static_cast<int64_t>(s.scrambled_fraction() * digits.size())), nondigit_gen);
  const int64_t masked_total = masked_count(s, digits.size(), train.classes);
  torch::Tensor to_mask;
  if (s.masked_per_class()) {
    std::vector<torch::Tensor> per_class;
    for (int64_t c = 0; c < train.classes; ++c) {
      const auto of_class = digits.inputs.index_select(0, digits.labels.eq(c).nonzero().flatten());
      if (of_class.size(0) == 0) throw InputError("classifier.masked_per_class: no training digit of class " + std::to_string(c));
      per_class.push_back(pick_from(of_class, masked_total / train.classes));
    }
    to_mask = torch::cat(per_class);
  } else {
    to_mask = pick_from(digits.inputs, masked_total);
  }
  const int64_t height = train.item_shape.at(0), width = train.item_shape.at(1);
  const auto masked = s.frontier_masks() ? frontier_masked_images(to_mask, height, width, s.frontier_mask(), engine)
                                         : masked_images(to_mask, height, width, engine);
  const auto nondigits = torch::cat({scrambled, masked});

  ClassifierData d;
  d.train_images = classifier_input(s, train, torch::cat({digits.inputs, nondigits}));
  d.train_labels = torch::cat({digits.labels, torch::full({nondigits.size(0)}, train.classes, torch::kInt64)});
  d.validation_images = classifier_input(s, train, validation.inputs);
  d.validation_labels = validation.labels;
  return d;
}

int64_t batches(int64_t items, int64_t batch_size) { return (items + batch_size - 1) / batch_size; }

int64_t classifier_digits(const RbmLabSettings& s, const Dataset& train) {
  const int64_t digits = train.size() - static_cast<int64_t>(s.validation_fraction() * train.size());
  const int64_t limit = s.classifier_train_items();
  return limit > 0 ? std::min(limit, digits) : digits;
}

int64_t classifier_items(const RbmLabSettings& s, const Dataset& train) {
  const int64_t digits = classifier_digits(s, train);
  return digits + static_cast<int64_t>(s.scrambled_fraction() * digits) + masked_count(s, digits, train.classes);
}

int64_t classifier_work(const RbmLabSettings& s, const Dataset& train) {
  return s.classifier_training().epochs * batches(classifier_items(s, train), s.classifier_training().batch_size);
}

// A cached model's record (its training curve) is sealed like the model (sealed_file.h): a damaged
// number is refused, not reported.
Json read_record(const fs::path& path) {
  const std::string text = read_sealed_file(path, "cached model record", "delete it to retrain");
  try {
    return Json::parse(text);
  } catch (const Json::exception&) {
    throw InputError(path.string() + ": not valid JSON; delete it to retrain");
  }
}

void write_record(const fs::path& path, const Json& record) { write_sealed_file(path, record.dump() + "\n"); }

}  // namespace

RbmLabData load_rbm_lab_data(const RbmLabSettings& settings, const ExperimentEnvironment& env) {
  const std::string& name = settings.dataset();
  auto split = load_image_dataset(name, env.data_dir);
  check_item_count("rbm.train_items", settings.rbm_train_items(), split.train.size(), name + " training images");
  check_item_count("classifier.train_items", settings.classifier_train_items(),
                   split.train.size() - static_cast<int64_t>(settings.validation_fraction() * split.train.size()),
                   name + " training images outside the validation split");
  // The cached models are reused only with the same bytes and the same code: the files' CRCs and
  // the build's source hash are part of their names.
  std::string identity = name + "@" + image_dataset_dir(name, env.data_dir).string();
  for (const auto& f : data_files_read())
    if (f.dataset == name) identity += "|" + f.path + ":" + f.crc32;
  identity += "|build=" + std::string(build_sources_sha256());
  return {identity, std::move(split.train), std::move(split.test)};
}

int64_t model_work(const RbmLabSettings& settings, const RbmLabData& data) {
  const int64_t rbm_items = data.train.first(settings.rbm_train_items()).size();
  return settings.cd().epochs * batches(rbm_items, settings.cd().batch_size) + classifier_work(settings, data.train);
}

// The training checkpoint of a cached model (NAME.partial.pt beside NAME.pt): a killed training
// continues from it, in whichever RBM experiment runs next with the same settings.
TrainingCheckpoint training_checkpoint(const RbmLabSettings& settings, const fs::path& model_path) {
  return TrainingCheckpoint(model_path.string() + ".partial.pt", model_path.filename().string(), settings.checkpoint_every());
}

// The cached models' names also say the device they were trained on, but for the CPU (whose names
// predate the GPU): another device draws other random numbers, so trains other models.
std::string device_settings(const c10::Device& device) { return device.is_cpu() ? "" : "|device=" + device.str(); }

RbmLabModels obtain_models(const RbmLabSettings& settings, const RbmLabData& data, uint64_t run_seed, const c10::Device& device,
                           Progress& progress) {
  fs::create_directories(settings.checkpoint_dir());
  RbmLabModels m;
  m.classes = data.train.classes;
  m.image_height = data.train.item_shape.at(0);
  m.image_width = data.train.item_shape.at(1);
  const Dataset rbm_train = data.train.first(settings.rbm_train_items());
  const CdOptions& cd = settings.cd();

  m.rbm = Rbm(RbmOptions(data.train.features(), settings.rbm_hidden()));
  const fs::path rbm_path =
      checkpoint_path(settings, "rbm", settings.rbm_checkpoint_settings() + device_settings(device), data.identity, run_seed);
  if (fs::exists(rbm_path.string() + ".json")) {
    load_module_checkpoint(*m.rbm, rbm_path.string() + ".pt", "RBM");
    m.reconstruction_rmse = read_record(rbm_path.string() + ".json").at("reconstruction_rmse").get<std::vector<double>>();
    progress.skip(cd.epochs * batches(rbm_train.size(), cd.batch_size));
  } else {
    auto gen = make_generator(derive_seed(run_seed, "rbm"));
    m.rbm->reset_parameters(settings.rbm_init_sd(), gen);
    m.rbm->to(device);
    const auto partial = training_checkpoint(settings, rbm_path);
    m.reconstruction_rmse = train_rbm(*m.rbm, rbm_train.inputs.to(device), cd, gen,
                                      [&](int64_t, double) { progress.advance(batches(rbm_train.size(), cd.batch_size)); }, partial);
    save_module_checkpoint(*m.rbm, rbm_path.string() + ".pt");
    write_record(rbm_path.string() + ".json", Json{{"reconstruction_rmse", m.reconstruction_rmse}});
    fs::remove(partial.file());
  }
  m.rbm->to(torch::kCPU);

  VggOptions vgg = settings.classifier();
  vgg.classes = m.classes + 1;
  m.classifier = VggClassifier(vgg);
  const fs::path classifier_path =
      checkpoint_path(settings, "classifier", settings.classifier_checkpoint_settings() + device_settings(device), data.identity, run_seed);
  const auto test_images = classifier_input(settings, data.test, data.test.inputs);
  if (fs::exists(classifier_path.string() + ".json")) {
    load_module_checkpoint(*m.classifier, classifier_path.string() + ".pt", "classifier");
    m.classifier->to(device);
    const Json j = read_record(classifier_path.string() + ".json");
    m.classifier_validation_accuracy = j.at("validation_accuracy").get<std::vector<double>>();
    m.classifier_best_epoch = j.at("best_epoch").get<int64_t>();
    progress.skip(classifier_work(settings, data.train));
  } else {
    const auto d = classifier_data(settings, data.train, run_seed);
    auto gen = make_generator(derive_seed(run_seed, "classifier"));
    m.classifier->reset_parameters(gen);
    m.classifier->to(device);
    const auto partial = training_checkpoint(settings, classifier_path);
    const auto history = train_image_classifier(*m.classifier, d.train_images.to(device), d.train_labels.to(device),
                                                d.validation_images.to(device), d.validation_labels.to(device),
                                                settings.classifier_training(), gen,
                                                [&] { progress.advance(1); }, partial);
    m.classifier_validation_accuracy = history.validation_accuracy;
    m.classifier_best_epoch = history.best_epoch;
    save_module_checkpoint(*m.classifier, classifier_path.string() + ".pt");
    write_record(classifier_path.string() + ".json",
                 Json{{"validation_accuracy", m.classifier_validation_accuracy}, {"best_epoch", m.classifier_best_epoch}});
    fs::remove(partial.file());
  }
  m.classifier->eval();
  m.classifier_test_accuracy = accuracy(classifier_probabilities(*m.classifier, test_images), data.test.labels);

  torch::NoGradGuard no_grad;
  m.inverse_map = label_biasing_map(m.rbm->hidden_probabilities(rbm_train.inputs), rbm_train.labels, m.classes);
  return m;
}

ClassifiedGeneration generate_and_classify(const RbmLabSettings& settings, RbmLabModels& models,
                                           const torch::Tensor& start_hidden, at::Generator& generator) {
  const RbmImpl& rbm = *models.rbm;
  ClassifiedGeneration g;
  torch::Tensor probabilities;  // of every visited state, kept for the entropy
  const StateClassifier classify = [&](const torch::Tensor& states) {
    const auto images = resize_images(top_down_visible(rbm, states), models.image_height, models.image_width,
                                      settings.classifier().image_size, settings.sample_resize());
    probabilities = classifier_probabilities(*models.classifier, images);
    return probabilities.argmax(1);
  };
  const auto options = ClassifiedTrajectoryOptions(settings.steps(), models.classes + 1).none_state(models.classes);
  g.trajectory = classified_trajectory(top_down_step(rbm, settings.temperature(), generator), top_down_start(rbm, start_hidden),
                                       options, classify);
  const auto shape = g.trajectory.classes.sizes();
  g.entropy = softmax_entropy(probabilities).view(shape);
  g.digit_entropy = renormalised_entropy(probabilities, models.classes).view(shape);
  g.active_hidden = top_down_hidden(rbm, g.trajectory.states).mean(-1);
  return g;
}

torch::Tensor repeated_rows(const torch::Tensor& vectors, int64_t samples) { return vectors.repeat_interleave(samples, 0); }

void append_trajectory_rows(const std::string& condition, const ClassifiedGeneration& g, int64_t classes, int64_t target,
                            int run, std::vector<TidyRow>& rows) {
  const int64_t states = classes + 1;
  const auto& t = g.trajectory;
  const auto per_step = [&](const char* metric, const torch::Tensor& chains_by_steps, double scale) {
    const auto means = chains_by_steps.to(torch::kFloat64).mean(0).cpu();
    for (int64_t s = 0; s < means.size(0); ++s) rows.push_back({run, condition, s + 1, metric, scale * means[s].item<double>()});
  };
  per_step("nondigit_fraction", t.classes.eq(classes), 1.0);
  per_step("entropy", g.entropy, 1.0);
  per_step("digit_entropy", g.digit_entropy, 1.0);
  per_step("active_hidden_percent", g.active_hidden, 100.0);
  if (target >= 0) per_step("accuracy", t.classes.eq(target), 1.0);

  const auto& m = t.metrics;
  for (int64_t c = 0; c < t.classes.size(0); ++c) {
    rows.push_back({run, condition, c, "states_visited", static_cast<double>(m.states_visited[c].item<int64_t>())});
    rows.push_back({run, condition, c, "transitions", static_cast<double>(m.transitions[c].item<int64_t>())});
    rows.push_back({run, condition, c, "digit_segments", static_cast<double>(m.segments[c].item<int64_t>())});
    for (int64_t s = 0; s < states; ++s)
      rows.push_back({run, condition, c, "state_time/" + std::to_string(s), static_cast<double>(m.state_time[c][s].item<int64_t>())});
  }
  const auto counts = t.transition_counts.view(-1);
  for (int64_t i = 0; i < counts.size(0); ++i)
    if (counts[i].item<int64_t>() > 0) rows.push_back({run, condition, i, "transition_count", static_cast<double>(counts[i].item<int64_t>())});
}

void append_example_rows(const std::string& condition, const ClassifiedGeneration& g, int64_t chains,
                         const RbmLabSettings& settings, const RbmLabModels& models, int run, std::vector<TidyRow>& rows) {
  if (settings.example_steps().empty()) return;
  const auto steps = torch::tensor(settings.example_steps(), torch::kInt64) - 1;
  const auto& t = g.trajectory;
  append_image_rows(rows, run, condition, top_down_visible(*models.rbm, t.states.narrow(0, 0, chains).index_select(1, steps)));
  append_tensor_rows(rows, run, condition, "example_class", t.classes.narrow(0, 0, chains).index_select(1, steps));
}

GenerationExamples stored_examples(const RowTable& table, const std::string& condition, int64_t steps) {
  const auto classes = table.by_run(condition, "example_class");
  const auto pixel_runs = table.by_run(condition, "pixel");
  if (classes.empty() || pixel_runs.empty()) return {};
  const auto tiles = static_cast<int64_t>(classes.front().size());
  if (tiles % steps != 0)
    throw InputError(condition + ": " + std::to_string(tiles) + " example samples are no whole number of chains at " +
                     std::to_string(steps) + " generation.example_steps; report with the config the run used");
  const int64_t chains = tiles / steps;
  const auto pixels = static_cast<double>(pixel_runs.front().size());
  const auto side = static_cast<int64_t>(std::lround(std::sqrt(pixels / static_cast<double>(tiles))));
  return {stored_image_rows(table, condition, 1, side).reshape({chains, steps, 1, side, side}),
          torch::tensor(classes.front(), torch::kFloat64).to(torch::kInt64).reshape({chains, steps})};
}

std::string label_condition(int64_t label) { return "label/" + std::to_string(label); }

double run_label_biasing(const RbmLabSettings& settings, RbmLabModels& models, at::Generator& generator, int run,
                         std::vector<TidyRow>& rows, Progress& progress, bool keep_examples) {
  const int64_t samples = settings.samples();
  const auto vectors = label_biasing_vectors(models.inverse_map, torch::eye(models.classes));
  double active_at_first_step = 0;
  for (int64_t label = 0; label < models.classes; ++label) {
    const auto g = generate_and_classify(settings, models, repeated_rows(vectors.slice(0, label, label + 1), samples), generator);
    append_trajectory_rows(label_condition(label), g, models.classes, label, run, rows);
    if (keep_examples) append_example_rows("example/" + std::to_string(label), g, 1, settings, models, run, rows);
    active_at_first_step += g.active_hidden.select(1, 0).mean().item<double>() * static_cast<double>(models.rbm->options.hidden());
    progress.advance(samples);
  }
  return active_at_first_step / static_cast<double>(models.classes);
}

void append_training_rows(const RbmLabModels& m, int run, std::vector<TidyRow>& rows) {
  for (size_t e = 0; e < m.reconstruction_rmse.size(); ++e)
    rows.push_back({run, "rbm", static_cast<int64_t>(e + 1), "reconstruction_rmse", m.reconstruction_rmse[e]});
  for (size_t e = 0; e < m.classifier_validation_accuracy.size(); ++e)
    rows.push_back({run, "classifier", static_cast<int64_t>(e + 1), "validation_accuracy", m.classifier_validation_accuracy[e]});
  rows.push_back({run, "classifier", m.classifier_best_epoch + 1, "test_accuracy", m.classifier_test_accuracy});
}

PreparedRbmLab::PreparedRbmLab(const RbmLabSettings& settings, const ExperimentEnvironment& env, int64_t chains_per_run, Body body)
    : settings_(settings),
      data_(load_rbm_lab_data(settings, env)),
      device_(env.device),
      chains_per_run_(chains_per_run),
      body_(std::move(body)) {}

int64_t PreparedRbmLab::work_per_run() const { return model_work(settings_, data_) + chains_per_run_; }

std::vector<TidyRow> PreparedRbmLab::run(int run, Progress& progress) const {
  const uint64_t run_seed = derived_run_seed(settings_.seed(), run);
  auto models = obtain_models(settings_, data_, run_seed, device_, progress);
  std::vector<TidyRow> rows;
  append_training_rows(models, run, rows);
  body_(models, run_seed, run, rows, progress);
  return rows;
}

std::vector<std::vector<double>> transition_matrix(const RowTable& table, const std::vector<std::string>& conditions,
                                                   int64_t states) {
  auto counts = torch::zeros({states * states}, torch::kInt64);
  for (const auto& condition : conditions)
    for (const auto& [step, value] : table.points(condition, "transition_count")) counts[step] += static_cast<int64_t>(value);
  const auto p = row_normalized(counts.view({states, states}));
  std::vector<std::vector<double>> matrix(states, std::vector<double>(states));
  for (int64_t i = 0; i < states; ++i)
    for (int64_t j = 0; j < states; ++j) matrix[i][j] = p[i][j].item<double>();
  return matrix;
}

std::string state_name(int64_t state, int64_t classes) { return state == classes ? "non-digit" : std::to_string(state); }

std::string mean_pm_se(double mean, double se) {
  std::ostringstream s;
  s.precision(4);
  s << mean << " +- " << se;
  return s.str();
}


}  // namespace reverie
