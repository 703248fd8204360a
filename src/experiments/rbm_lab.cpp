#include "reverie/experiments/rbm_lab.h"

#include <torch/torch.h>

#include <cstdio>
#include <sstream>
#include <nlohmann/json.hpp>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/build_identity.h"
#include "reverie/core/error.h"
#include "reverie/core/module_checkpoint.h"
#include "reverie/core/random.h"
#include "reverie/data/data_files.h"
#include "reverie/data/nondigits.h"
#include "reverie/dynamics/generativity_metrics.h"
#include "reverie/dynamics/label_biasing.h"
#include "reverie/dynamics/state_statistics.h"
#include "reverie/dynamics/top_down_generation.h"
#include "reverie/train/contrastive_divergence.h"
#include "reverie/train/image_classifier_training.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int64_t kImageSide = 28;

CdOptions cd_options(const Config& c) {
  CdOptions o;
  o.k = c.integer("rbm.k");
  o.learning_rate = c.real("rbm.learning_rate");
  o.initial_momentum = c.real("rbm.initial_momentum");
  o.final_momentum = c.real("rbm.final_momentum");
  o.momentum_epochs = c.integer("rbm.momentum_epochs");
  o.weight_decay = c.real("rbm.weight_decay");
  o.decay_biases = c.boolean("rbm.decay_biases");
  o.batch_size = c.integer("rbm.batch_size");
  o.epochs = c.integer("rbm.epochs");
  o.sample_visible = c.boolean("rbm.sample_visible");
  return o;
}

VggOptions vgg_options(const Config& c, int64_t classes) {
  VggOptions o;
  o.block_channels = c.integers("classifier.block_channels");
  o.convs_per_block = c.integers("classifier.convs_per_block");
  o.hidden_units = c.integers("classifier.hidden_units");
  o.dropout = c.real("classifier.dropout");
  o.image_size = c.integer("classifier.image_size");
  o.classes = classes + 1;
  return o;
}

// A checkpoint name from every setting (keys starting with `prefix`), the data and the run seed.
fs::path checkpoint_path(const Config& config, const std::string& prefix, const std::string& data_identity, uint64_t run_seed) {
  std::string settings = data_identity;
  const Json values = config.to_json();
  for (const auto& [key, value] : values.items())
    if (key.rfind(prefix, 0) == 0 || key == "dataset" || key == "data_seed") settings += "|" + key + "=" + value.dump();
  char name[64];
  std::snprintf(name, sizeof name, "%s-%016llx", prefix.substr(0, prefix.size() - 1).c_str(),
                static_cast<unsigned long long>(derive_seed(run_seed, settings)));
  return fs::path(config.text("checkpoint_dir")) / name;
}

// The classifier's training and validation sets (sec. 2.3): digits split by a fixed permutation;
// non-digits made from the training digits (scrambled and masked), labelled `classes`.
struct ClassifierData {
  torch::Tensor train_images, train_labels, validation_images, validation_labels;
};

ClassifierData classifier_data(const Config& config, const Dataset& train, uint64_t run_seed) {
  const int64_t size = config.integer("classifier.image_size");
  auto gen = make_generator(derive_seed(config.integer("data_seed"), "classifier-split"));
  const auto order = torch::randperm(train.size(), gen, torch::kInt64);
  const auto validation_count = static_cast<int64_t>(config.real("classifier.validation_fraction") * train.size());
  const Dataset validation = train.subset(order.slice(0, 0, validation_count));
  const Dataset digits = train.subset(order.slice(0, validation_count)).first(config.integer("classifier.train_items"));

  auto nondigit_gen = make_generator(derive_seed(run_seed, "nondigits"));
  std::mt19937_64 engine(derive_seed(run_seed, "masked-digits"));
  const auto pick = [&](double fraction) {
    const auto count = static_cast<int64_t>(fraction * digits.size());
    return digits.inputs.index_select(0, torch::randint(digits.size(), {count}, nondigit_gen, torch::kInt64));
  };
  const auto scrambled = scrambled_images(pick(config.real("classifier.scrambled_fraction")), nondigit_gen);
  const auto masked = masked_images(pick(config.real("classifier.masked_fraction")), kImageSide, kImageSide, engine);
  const auto nondigits = torch::cat({scrambled, masked});

  ClassifierData d;
  d.train_images = resize_images(torch::cat({digits.inputs, nondigits}), kImageSide, kImageSide, size);
  d.train_labels = torch::cat({digits.labels, torch::full({nondigits.size(0)}, train.classes, torch::kInt64)});
  d.validation_images = resize_images(validation.inputs, kImageSide, kImageSide, size);
  d.validation_labels = validation.labels;
  return d;
}

int64_t batches(int64_t items, int64_t batch_size) { return (items + batch_size - 1) / batch_size; }

int64_t classifier_digits(const Config& config, const Dataset& train) {
  const int64_t digits = train.size() - static_cast<int64_t>(config.real("classifier.validation_fraction") * train.size());
  const int64_t limit = config.integer("classifier.train_items");
  return limit > 0 ? std::min(limit, digits) : digits;
}

int64_t classifier_items(const Config& config, const Dataset& train) {
  const int64_t digits = classifier_digits(config, train);
  return digits + static_cast<int64_t>(config.real("classifier.scrambled_fraction") * digits) +
         static_cast<int64_t>(config.real("classifier.masked_fraction") * digits);
}

Json read_json(const fs::path& path) {
  try {
    return Json::parse(read_file(path));
  } catch (const Json::exception&) {
    throw InputError(path.string() + ": not valid JSON; delete it to retrain");
  }
}

}  // namespace

void add_rbm_lab_keys(Schema& schema) {
  add_runner_keys(schema);  // a bare Experiment: NamedExperiment would add them
  schema.add("dataset", ValueType::String, "mnist or fashion-mnist (its classes in place of digits)", one_of({"mnist", "fashion-mnist"}))
      .add("data_seed", ValueType::Integer, "seed of the classifier's train/validation split", non_negative())
      .add("checkpoint_dir", ValueType::String, "folder caching trained RBMs and classifiers (created when missing)")
      .add("checkpoint_every", ValueType::Integer,
           "epochs between checkpoints of the RBM's and the classifier's trainings (beside their cached files): a killed "
           "training resumes from the last", in_range(1, 1000000))
      .add("rbm.hidden", ValueType::Integer, "hidden units", in_range(1, 100000))
      .add("rbm.k", ValueType::Integer, "Gibbs steps of CD-k", in_range(1, 1000))
      .add("rbm.learning_rate", ValueType::Float, "learning rate of weights and biases", positive())
      .add("rbm.initial_momentum", ValueType::Float, "momentum of the first momentum_epochs epochs", in_unit_interval())
      .add("rbm.final_momentum", ValueType::Float, "momentum afterwards", in_unit_interval())
      .add("rbm.momentum_epochs", ValueType::Integer, "epochs at initial_momentum", non_negative())
      .add("rbm.weight_decay", ValueType::Float, "decay: the step is reduced by lr * decay * parameter", non_negative())
      .add("rbm.decay_biases", ValueType::Boolean, "decay the biases too (else weights only)")
      .add("rbm.batch_size", ValueType::Integer, "mini-batch size", in_range(1, 100000))
      .add("rbm.epochs", ValueType::Integer, "training epochs", in_range(1, 100000))
      .add("rbm.init_sd", ValueType::Float, "standard deviation of the initial weights", positive())
      .add("rbm.sample_visible", ValueType::Boolean, "negative phase samples visible units (else probabilities)")
      .add("rbm.train_items", ValueType::Integer, "training images (the first ones); 0 = all", in_range(0, 10000000))
      .add("classifier.block_channels", ValueType::IntegerList, "channels of each VGG block",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("classifier.convs_per_block", ValueType::IntegerList, "3x3 convolutions in each VGG block",
           all_of({all_positive(), in_range(1, 32)}))
      .add("classifier.hidden_units", ValueType::IntegerList, "units of the fully connected layers before the output",
           all_of({all_positive(), in_range(1, 32768)}))
      .add("classifier.dropout", ValueType::Float, "dropout after each hidden fully connected layer", in_range(0, 0.99))
      .add("classifier.image_size", ValueType::Integer, "side of the resized input images", in_range(8, 256))
      .add("classifier.learning_rate", ValueType::Float, "SGD learning rate", positive())
      .add("classifier.batch_size", ValueType::Integer, "mini-batch size", in_range(1, 2048))
      .add("classifier.epochs", ValueType::Integer, "epochs (the best validation epoch is kept)", in_range(1, 10000))
      .add("classifier.validation_fraction", ValueType::Float, "training digits held out for validation", in_range(0.01, 0.5))
      .add("classifier.train_items", ValueType::Integer, "training digits used (after the validation split); 0 = all",
           in_range(0, 10000000))
      .add("classifier.scrambled_fraction", ValueType::Float, "scrambled non-digits per training digit", in_range(0, 10))
      .add("classifier.masked_fraction", ValueType::Float, "masked non-digits per training digit", in_range(0, 10))
      // rbm-chimeras runs 100 starting vectors x samples chains at once.
      .add("generation.samples", ValueType::Integer, "chains per starting vector", in_range(1, 1000))
      .add("generation.steps", ValueType::Integer, "generation steps per chain", in_range(1, 10000))
      .add("generation.temperature", ValueType::Float, "temperature T of eqs. 3-4", positive());
}

void validate_rbm_lab(const Config& config) {
  if (config.integers("classifier.block_channels").size() != config.integers("classifier.convs_per_block").size())
    throw InputError("config key 'classifier.convs_per_block': expected one entry per entry of classifier.block_channels");
  if (config.integers("classifier.block_channels").empty())
    throw InputError("config key 'classifier.block_channels': expected at least one VGG block");
  if ((config.integer("classifier.image_size") >> config.integers("classifier.block_channels").size()) < 1)
    throw InputError("config key 'classifier.image_size' is impossible: too small for the number of VGG blocks");
  if (config.text("checkpoint_dir").empty()) throw InputError("config key 'checkpoint_dir': expected a folder");
}

RbmLabData load_rbm_lab_data(const Config& config, const ExperimentEnvironment& env) {
  const std::string name = config.text("dataset");
  auto split = load_image_dataset(name, env.data_dir);
  // The cached models are reused only with the same bytes and the same code: the files' CRCs and
  // the build's source hash are part of their names.
  std::string identity = name + "@" + image_dataset_dir(name, env.data_dir).string();
  for (const auto& f : data_files_read())
    if (f.dataset == name) identity += "|" + f.path + ":" + f.crc32;
  identity += "|build=" + std::string(build_sources_sha256());
  return {identity, std::move(split.train), std::move(split.test)};
}

int64_t model_work(const Config& config, const RbmLabData& data) {
  const int64_t rbm_items = data.train.first(config.integer("rbm.train_items")).size();
  return config.integer("rbm.epochs") * batches(rbm_items, config.integer("rbm.batch_size")) +
         config.integer("classifier.epochs") * batches(classifier_items(config, data.train), config.integer("classifier.batch_size"));
}

// The training checkpoint of a cached model (NAME.partial.pt beside NAME.pt): a killed training
// continues from it, in whichever RBM experiment runs next with the same settings.
TrainingCheckpoint training_checkpoint(const Config& config, const fs::path& model_path) {
  return TrainingCheckpoint(model_path.string() + ".partial.pt", model_path.filename().string(), config.integer("checkpoint_every"));
}

RbmLabModels obtain_models(const Config& config, const RbmLabData& data, uint64_t run_seed, Progress& progress) {
  fs::create_directories(config.text("checkpoint_dir"));
  RbmLabModels m;
  m.classes = data.train.classes;
  const Dataset rbm_train = data.train.first(config.integer("rbm.train_items"));
  const CdOptions cd = cd_options(config);

  m.rbm = Rbm(RbmOptions(data.train.features(), config.integer("rbm.hidden")));
  const fs::path rbm_path = checkpoint_path(config, "rbm.", data.identity, run_seed);
  if (fs::exists(rbm_path.string() + ".json")) {
    load_module_checkpoint(*m.rbm, rbm_path.string() + ".pt", "RBM");
    m.reconstruction_rmse = read_json(rbm_path.string() + ".json").at("reconstruction_rmse").get<std::vector<double>>();
    progress.advance(cd.epochs * batches(rbm_train.size(), cd.batch_size));
  } else {
    auto gen = make_generator(derive_seed(run_seed, "rbm"));
    m.rbm->reset_parameters(config.real("rbm.init_sd"), gen);
    const auto partial = training_checkpoint(config, rbm_path);
    m.reconstruction_rmse = train_rbm(*m.rbm, rbm_train.inputs, cd, gen,
                                      [&](int64_t, double) { progress.advance(batches(rbm_train.size(), cd.batch_size)); }, partial);
    save_module_checkpoint(*m.rbm, rbm_path.string() + ".pt");
    write_file_atomic(rbm_path.string() + ".json", Json{{"reconstruction_rmse", m.reconstruction_rmse}}.dump() + "\n");
    fs::remove(partial.file());
  }

  m.classifier = VggClassifier(vgg_options(config, m.classes));
  const fs::path classifier_path = checkpoint_path(config, "classifier.", data.identity, run_seed);
  const int64_t size = config.integer("classifier.image_size");
  const auto test_images = resize_images(data.test.inputs, kImageSide, kImageSide, size);
  if (fs::exists(classifier_path.string() + ".json")) {
    load_module_checkpoint(*m.classifier, classifier_path.string() + ".pt", "classifier");
    const Json j = read_json(classifier_path.string() + ".json");
    m.classifier_validation_accuracy = j.at("validation_accuracy").get<std::vector<double>>();
    m.classifier_best_epoch = j.at("best_epoch").get<int64_t>();
    progress.advance(config.integer("classifier.epochs") *
                     batches(classifier_items(config, data.train), config.integer("classifier.batch_size")));
  } else {
    const auto d = classifier_data(config, data.train, run_seed);
    auto gen = make_generator(derive_seed(run_seed, "classifier"));
    m.classifier->reset_parameters(gen);
    ImageClassifierTraining training;
    training.learning_rate = config.real("classifier.learning_rate");
    training.batch_size = config.integer("classifier.batch_size");
    training.epochs = config.integer("classifier.epochs");
    const auto partial = training_checkpoint(config, classifier_path);
    const auto history = train_image_classifier(*m.classifier, d.train_images, d.train_labels, d.validation_images,
                                                d.validation_labels, training, gen, [&] { progress.advance(1); }, partial);
    m.classifier_validation_accuracy = history.validation_accuracy;
    m.classifier_best_epoch = history.best_epoch;
    save_module_checkpoint(*m.classifier, classifier_path.string() + ".pt");
    write_file_atomic(classifier_path.string() + ".json",
                      Json{{"validation_accuracy", m.classifier_validation_accuracy}, {"best_epoch", m.classifier_best_epoch}}.dump() + "\n");
    fs::remove(partial.file());
  }
  m.classifier->eval();
  m.classifier_test_accuracy = accuracy(classifier_probabilities(*m.classifier, test_images), data.test.labels);

  torch::NoGradGuard no_grad;
  m.inverse_map = label_biasing_map(m.rbm->hidden_probabilities(rbm_train.inputs), rbm_train.labels, m.classes);
  return m;
}

ClassifiedTrajectories generate_and_classify(const Config& config, RbmLabModels& models, const torch::Tensor& start_hidden,
                                             at::Generator& generator) {
  const int64_t steps = config.integer("generation.steps");
  const auto trace = generate_top_down(*models.rbm, start_hidden, steps, config.real("generation.temperature"), generator);
  const int64_t chains = start_hidden.size(0);
  const auto images = resize_images(trace.visible.view({chains * steps, -1}), kImageSide, kImageSide,
                                    config.integer("classifier.image_size"));
  const auto probabilities = classifier_probabilities(*models.classifier, images);
  return {probabilities.argmax(1).view({chains, steps}), softmax_entropy(probabilities).view({chains, steps}),
          trace.active_hidden};
}

torch::Tensor repeated_rows(const torch::Tensor& vectors, int64_t samples) { return vectors.repeat_interleave(samples, 0); }

void append_trajectory_rows(const std::string& condition, const ClassifiedTrajectories& t, int64_t classes, int64_t target,
                            int run, std::vector<TidyRow>& rows) {
  const int64_t states = classes + 1;
  const auto classes_cpu = t.classes.cpu();
  const auto per_step = [&](const char* metric, const torch::Tensor& chains_by_steps, double scale) {
    const auto means = chains_by_steps.to(torch::kFloat64).mean(0).cpu();
    for (int64_t s = 0; s < means.size(0); ++s) rows.push_back({run, condition, s + 1, metric, scale * means[s].item<double>()});
  };
  per_step("nondigit_fraction", classes_cpu.eq(classes), 1.0);
  per_step("entropy", t.entropy, 1.0);
  per_step("active_hidden_percent", t.active_hidden, 100.0);
  if (target >= 0) per_step("accuracy", classes_cpu.eq(target), 1.0);

  const auto m = trajectory_metrics(classes_cpu, states, classes);
  for (int64_t c = 0; c < classes_cpu.size(0); ++c) {
    rows.push_back({run, condition, c, "states_visited", static_cast<double>(m.states_visited[c].item<int64_t>())});
    rows.push_back({run, condition, c, "transitions", static_cast<double>(m.transitions[c].item<int64_t>())});
    for (int64_t s = 0; s < states; ++s)
      rows.push_back({run, condition, c, "state_time/" + std::to_string(s), static_cast<double>(m.state_time[c][s].item<int64_t>())});
  }
  const auto counts = transition_counts(classes_cpu, states).view(-1);
  for (int64_t i = 0; i < counts.size(0); ++i)
    if (counts[i].item<int64_t>() > 0) rows.push_back({run, condition, i, "transition_count", static_cast<double>(counts[i].item<int64_t>())});
}

std::string label_condition(int64_t label) { return "label/" + std::to_string(label); }

double run_label_biasing(const Config& config, RbmLabModels& models, at::Generator& generator, int run,
                         std::vector<TidyRow>& rows, Progress& progress) {
  const int64_t samples = config.integer("generation.samples");
  const auto vectors = label_biasing_vectors(models.inverse_map, torch::eye(models.classes));
  double active_at_first_step = 0;
  for (int64_t label = 0; label < models.classes; ++label) {
    const auto t = generate_and_classify(config, models, repeated_rows(vectors.slice(0, label, label + 1), samples), generator);
    append_trajectory_rows(label_condition(label), t, models.classes, label, run, rows);
    active_at_first_step += t.active_hidden.select(1, 0).mean().item<double>() * static_cast<double>(models.rbm->options.hidden());
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

PreparedRbmLab::PreparedRbmLab(const Config& config, const ExperimentEnvironment& env, int64_t chains_per_run, Body body)
    : config_(config), data_(load_rbm_lab_data(config, env)), chains_per_run_(chains_per_run), body_(std::move(body)) {}

int64_t PreparedRbmLab::work_per_run() const { return model_work(config_, data_) + chains_per_run_; }

std::vector<TidyRow> PreparedRbmLab::run(int run, Progress& progress) const {
  const uint64_t run_seed = derived_run_seed(config_, run);
  auto models = obtain_models(config_, data_, run_seed, progress);
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
