#include "reverie/experiments/rbm_lab_settings.h"

#include "reverie/experiments/rbm_experiments.h"

#include <nlohmann/json.hpp>

#include "reverie/core/error.h"

namespace reverie {

namespace {

// "|key=value" for every key starting with `prefix`, and the data keys, in the config's order.
std::string checkpoint_settings(const Config& config, const std::string& prefix) {
  std::string settings;
  const nlohmann::json values = config.to_json();  // items() refers to it: not a temporary
  for (const auto& [key, value] : values.items())
    if (key.rfind(prefix, 0) == 0 || key == "dataset" || key == "data_seed") settings += "|" + key + "=" + value.dump();
  return settings;
}

}  // namespace

RbmLabExperiment::RbmLabExperiment(std::string name, std::string description)
    : NamedExperiment(std::move(name), std::move(description)) {
  add_rbm_lab_keys(schema_);
}

void add_rbm_lab_keys(Schema& schema) {
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
      .add("rbm.shuffle", ValueType::Boolean, "a new minibatch order every epoch (false: the data's fixed order, the authors' code)")
      .add("rbm.train_items", ValueType::Integer, "training images (the first ones); 0 = all", in_range(0, 10000000))
      .add("classifier.block_channels", ValueType::IntegerList, "channels of each VGG block",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("classifier.convs_per_block", ValueType::IntegerList, "3x3 convolutions in each VGG block",
           all_of({all_positive(), in_range(1, 32)}))
      .add("classifier.hidden_units", ValueType::IntegerList, "units of the fully connected layers before the output",
           all_of({all_positive(), in_range(1, 32768)}))
      .add("classifier.dropout", ValueType::Float, "dropout after each hidden fully connected layer", in_range(0, 0.99))
      .add("classifier.batch_norm", ValueType::Boolean, "BatchNorm between each convolution and its ReLU (the authors')")
      .add("classifier.init", ValueType::String,
           "initial weights: pytorch-default (uniform +-1/sqrt(fan_in), the authors') or he-normal (std sqrt(2/fan_in), zero biases)",
           one_of({"pytorch-default", "he-normal"}))
      .add("classifier.softmax_before_loss", ValueType::Boolean,
           "cross-entropy of the softmax outputs, as the authors' Softmax layer before CrossEntropyLoss (else of the logits)")
      .add("classifier.sample_resize", ValueType::String, "how the RBM's samples are resized for the classifier (the authors': bicubic)",
           one_of({"bicubic", "bilinear"}))
      .add("classifier.image_size", ValueType::Integer, "side of the resized input images", in_range(8, 256))
      .add("classifier.learning_rate", ValueType::Float, "SGD learning rate", positive())
      .add("classifier.batch_size", ValueType::Integer, "mini-batch size", in_range(1, 2048))
      .add("classifier.epochs", ValueType::Integer, "epochs (the best validation epoch is kept)", in_range(1, 10000))
      .add("classifier.validation_fraction", ValueType::Float, "training digits held out for validation", in_range(0.01, 0.5))
      .add("classifier.train_items", ValueType::Integer, "training digits used (after the validation split); 0 = all",
           in_range(0, 10000000))
      .add("classifier.scrambled_fraction", ValueType::Float, "scrambled non-digits per training digit", in_range(0, 10))
      .add("classifier.masked_fraction", ValueType::Float, "masked non-digits per training digit", in_range(0, 10))
      .add("classifier.masked_per_class", ValueType::Boolean, "masked digits drawn equally from every class (the authors')")
      .add("classifier.masks", ValueType::String,
           "frontier = the authors' masks (an 8-neighbour frontier, a third masked per iteration); random-region = a 4-connected "
           "region of a random number of active pixels (our former reading)", one_of({"frontier", "random-region"}))
      .add("classifier.mask_threshold", ValueType::Float, "frontier masks: pixels above it are active", in_range(0, 0.99))
      .add("classifier.mask_iterations", ValueType::IntegerList, "frontier masks: [fewest, most] growth iterations",
           all_of({all_positive(), in_range(1, 1000)}))
      // rbm-chimeras runs 100 starting vectors x samples chains at once.
      .add("generation.samples", ValueType::Integer, "chains per starting vector", in_range(1, 1000))
      .add("generation.steps", ValueType::Integer, "generation steps per chain", in_range(1, 10000))
      .add("generation.temperature", ValueType::Float, "temperature T of eqs. 3-4", positive())
      .add("generation.example_steps", ValueType::IntegerList,
           "generation steps (1-based, at most generation.steps) whose samples the example grids show and save",
           all_of({all_positive(), in_range(1, 10000)}))
      .add("generation.entropy_over", ValueType::String,
           "Fig. 2's entropy: digits = the 10 digit outputs renormalised (the authors'), all-outputs = all 11",
           one_of({"digits", "all-outputs"}))
      .add("generation.transitions", ValueType::String,
           "Fig. 2's transitions: digit-segments = digit segments once non-digit steps are removed (the authors'), "
           "state-changes = steps into a different digit state",
           one_of({"digit-segments", "state-changes"}));
}

void validate_rbm_lab(const Config& config) {
  const auto s = rbm_lab_settings(config);
  const auto& vgg = s.classifier();
  if (vgg.block_channels.size() != vgg.convs_per_block.size())
    throw InputError("config key 'classifier.convs_per_block': expected one entry per entry of classifier.block_channels");
  if (vgg.block_channels.empty()) throw InputError("config key 'classifier.block_channels': expected at least one VGG block");
  if ((vgg.image_size >> vgg.block_channels.size()) < 1)
    throw InputError("config key 'classifier.image_size' is impossible: too small for the number of VGG blocks");
  for (const int64_t step : s.example_steps())
    if (step > s.steps()) throw InputError("config key 'generation.example_steps' is impossible: a step after generation.steps");
  if (s.checkpoint_dir().empty()) throw InputError("config key 'checkpoint_dir': expected a folder");
  if (config.integers("classifier.mask_iterations").size() != 2 || s.frontier_mask().min_iterations > s.frontier_mask().max_iterations)
    throw InputError("config key 'classifier.mask_iterations': expected [fewest, most] with fewest <= most");
}

RbmLabSettings rbm_lab_settings(const Config& c) {
  RbmLabSettings s;
  s.seed(c.integer("seed"))
      .runs(c.integer("runs"))
      .dataset(c.text("dataset"))
      .data_seed(c.integer("data_seed"))
      .checkpoint_dir(c.text("checkpoint_dir"))
      .checkpoint_every(c.integer("checkpoint_every"));

  s.rbm_hidden(c.integer("rbm.hidden")).rbm_init_sd(c.real("rbm.init_sd")).rbm_train_items(c.integer("rbm.train_items"));
  auto& cd = s.cd();
  cd.k = c.integer("rbm.k");
  cd.learning_rate = c.real("rbm.learning_rate");
  cd.initial_momentum = c.real("rbm.initial_momentum");
  cd.final_momentum = c.real("rbm.final_momentum");
  cd.momentum_epochs = c.integer("rbm.momentum_epochs");
  cd.weight_decay = c.real("rbm.weight_decay");
  cd.decay_biases = c.boolean("rbm.decay_biases");
  cd.batch_size = c.integer("rbm.batch_size");
  cd.epochs = c.integer("rbm.epochs");
  cd.sample_visible = c.boolean("rbm.sample_visible");
  cd.shuffle = c.boolean("rbm.shuffle");

  auto& vgg = s.classifier();
  vgg.block_channels = c.integers("classifier.block_channels");
  vgg.convs_per_block = c.integers("classifier.convs_per_block");
  vgg.hidden_units = c.integers("classifier.hidden_units");
  vgg.dropout = c.real("classifier.dropout");
  vgg.image_size = c.integer("classifier.image_size");
  vgg.batch_norm = c.boolean("classifier.batch_norm");
  vgg.init = c.text("classifier.init") == "he-normal" ? VggInit::he_normal : VggInit::pytorch_default;
  auto& training = s.classifier_training();
  training.learning_rate = c.real("classifier.learning_rate");
  training.batch_size = c.integer("classifier.batch_size");
  training.epochs = c.integer("classifier.epochs");
  training.softmax_before_loss = c.boolean("classifier.softmax_before_loss");
  s.sample_resize(c.text("classifier.sample_resize") == "bilinear" ? ResizeFilter::bilinear : ResizeFilter::bicubic);
  const auto iterations = c.integers("classifier.mask_iterations");
  s.frontier_masks(c.text("classifier.masks") == "frontier").masked_per_class(c.boolean("classifier.masked_per_class"));
  s.frontier_mask().active_threshold = c.real("classifier.mask_threshold");
  s.frontier_mask().min_iterations = iterations.empty() ? 0 : iterations.front();
  s.frontier_mask().max_iterations = iterations.empty() ? 0 : iterations.back();
  s.validation_fraction(c.real("classifier.validation_fraction"))
      .classifier_train_items(c.integer("classifier.train_items"))
      .scrambled_fraction(c.real("classifier.scrambled_fraction"))
      .masked_fraction(c.real("classifier.masked_fraction"));

  s.samples(c.integer("generation.samples")).steps(c.integer("generation.steps")).temperature(c.real("generation.temperature"))
      .example_steps(c.integers("generation.example_steps"))
      .entropy_over(c.text("generation.entropy_over"))
      .transitions_as(c.text("generation.transitions"));
  s.rbm_checkpoint_settings(checkpoint_settings(c, "rbm.")).classifier_checkpoint_settings(checkpoint_settings(c, "classifier."));
  return s;
}

MeasureDefinition entropy_definition(const std::string& entropy_over) {
  if (entropy_over == "digits") return {"digit_entropy", "entropy of the 10 digit outputs renormalised (the authors')"};
  return {"entropy", "entropy of all 11 outputs, non-digit included (our former reading)"};
}

MeasureDefinition transitions_definition(const std::string& transitions_as) {
  if (transitions_as == "digit-segments")
    return {"digit_segments", "digit segments once non-digit steps are removed (the authors' count; a chain on one digit counts 1)"};
  return {"transitions", "steps into a different digit state (our former count; a chain on one digit counts 0)"};
}

std::string other_entropy_over(const std::string& value) { return value == "digits" ? "all-outputs" : "digits"; }
std::string other_transitions_as(const std::string& value) { return value == "digit-segments" ? "state-changes" : "digit-segments"; }

}  // namespace reverie
