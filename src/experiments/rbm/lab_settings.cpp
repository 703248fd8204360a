#include "reverie/experiments/rbm/lab_settings.h"

#include <nlohmann/json.hpp>

#include "reverie/core/error.h"
#include "reverie/lab/run_checkpoint.h"

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

const Choices<EntropyOver>& entropy_over_choices() {
  static const Choices<EntropyOver> choices{{"digits", EntropyOver::digits}, {"all-outputs", EntropyOver::all_outputs}};
  return choices;
}

const Choices<TransitionsAs>& transitions_as_choices() {
  static const Choices<TransitionsAs> choices{{"digit-segments", TransitionsAs::digit_segments},
                                              {"state-changes", TransitionsAs::state_changes}};
  return choices;
}

SettingsKeys<RbmLabSettings> rbm_lab_keys() {
  using S = RbmLabSettings;
  auto keys = settings_keys_with_runner<S>();
  keys.add("dataset", &S::dataset, "mnist or fashion-mnist (its classes in place of digits)", one_of({"mnist", "fashion-mnist"}))
      .add("data_seed", &S::data_seed, "seed of the classifier's train/validation split", non_negative())
      .add("checkpoint_dir", &S::checkpoint_dir, "folder caching trained RBMs and classifiers (created when missing)")
      .add(checkpoint_every_key<S>("epochs between checkpoints of the RBM's and the classifier's trainings (beside their "
                                   "cached files): a killed training resumes from the last"))
      .add("rbm.hidden", &S::rbm_hidden, "hidden units", in_range(1, 100000))
      .add("rbm.k", &S::cd, &CdOptions::k, "Gibbs steps of CD-k", in_range(1, 1000))
      .add("rbm.learning_rate", &S::cd, &CdOptions::learning_rate, "learning rate of weights and biases", positive())
      .add("rbm.initial_momentum", &S::cd, &CdOptions::initial_momentum, "momentum of the first momentum_epochs epochs", in_unit_interval())
      .add("rbm.final_momentum", &S::cd, &CdOptions::final_momentum, "momentum afterwards", in_unit_interval())
      .add("rbm.momentum_epochs", &S::cd, &CdOptions::momentum_epochs, "epochs at initial_momentum", non_negative())
      .add("rbm.weight_decay", &S::cd, &CdOptions::weight_decay, "decay: the step is reduced by lr * decay * parameter", non_negative())
      .add("rbm.decay_biases", &S::cd, &CdOptions::decay_biases, "decay the biases too (else weights only)")
      .add("rbm.batch_size", &S::cd, &CdOptions::batch_size, "mini-batch size", in_range(1, 100000))
      .add("rbm.epochs", &S::cd, &CdOptions::epochs, "training epochs", in_range(1, 100000))
      .add("rbm.init_sd", &S::rbm_init_sd, "standard deviation of the initial weights", positive())
      .add("rbm.sample_visible", &S::cd, &CdOptions::sample_visible, "negative phase samples visible units (else probabilities)")
      .add("rbm.shuffle", &S::cd, &CdOptions::shuffle, "a new minibatch order every epoch (false: the data's fixed order, the authors' code)")
      .add("rbm.train_items", &S::rbm_train_items, "training images (the first ones); 0 = all", in_range(0, 10000000))
      .add("classifier.block_channels", &S::classifier, &VggOptions::block_channels, "channels of each VGG block",
           all_of({all_positive(), in_range(1, 2048)}))
      .add("classifier.convs_per_block", &S::classifier, &VggOptions::convs_per_block, "3x3 convolutions in each VGG block",
           all_of({all_positive(), in_range(1, 32)}))
      .add("classifier.hidden_units", &S::classifier, &VggOptions::hidden_units, "units of the fully connected layers before the output",
           all_of({all_positive(), in_range(1, 32768)}))
      .add("classifier.dropout", &S::classifier, &VggOptions::dropout, "dropout after each hidden fully connected layer", in_range(0, 0.99))
      .add("classifier.batch_norm", &S::classifier, &VggOptions::batch_norm, "BatchNorm between each convolution and its ReLU (the authors')")
      .add("classifier.init", &S::classifier, &VggOptions::init,
           "initial weights: pytorch-default (uniform +-1/sqrt(fan_in), the authors') or he-normal (std sqrt(2/fan_in), zero biases)",
           Choices<VggInit>{{"pytorch-default", VggInit::pytorch_default}, {"he-normal", VggInit::he_normal}})
      .add("classifier.softmax_before_loss", &S::classifier_training, &ImageClassifierTraining::softmax_before_loss,
           "cross-entropy of the softmax outputs, as the authors' Softmax layer before CrossEntropyLoss (else of the logits)")
      .add("classifier.sample_resize", &S::sample_resize, "how the RBM's samples are resized for the classifier (the authors': bicubic)",
           Choices<ResizeFilter>{{"bicubic", ResizeFilter::bicubic}, {"bilinear", ResizeFilter::bilinear}})
      .add("classifier.image_size", &S::classifier, &VggOptions::image_size, "side of the resized input images", in_range(8, 256))
      .add("classifier.learning_rate", &S::classifier_training, &ImageClassifierTraining::learning_rate, "SGD learning rate", positive())
      .add("classifier.batch_size", &S::classifier_training, &ImageClassifierTraining::batch_size, "mini-batch size", in_range(1, 2048))
      .add("classifier.epochs", &S::classifier_training, &ImageClassifierTraining::epochs, "epochs (the best validation epoch is kept)", in_range(1, 10000))
      .add("classifier.validation_fraction", &S::validation_fraction, "training digits held out for validation", in_range(0.01, 0.5))
      .add("classifier.train_items", &S::classifier_train_items, "training digits used (after the validation split); 0 = all",
           in_range(0, 10000000))
      .add("classifier.scrambled_fraction", &S::scrambled_fraction, "scrambled non-digits per training digit", in_range(0, 10))
      .add("classifier.masked_fraction", &S::masked_fraction, "masked non-digits per training digit", in_range(0, 10))
      .add("classifier.masked_per_class", &S::masked_per_class, "masked digits drawn equally from every class (the authors')")
      .add("classifier.masks", &S::frontier_masks,
           "frontier = the authors' masks (an 8-neighbour frontier, a third masked per iteration); random-region = a 4-connected "
           "region of a random number of active pixels (our former reading)",
           Choices<bool>{{"frontier", true}, {"random-region", false}})
      .add("classifier.mask_threshold", &S::frontier_mask, &FrontierMaskOptions::active_threshold, "frontier masks: pixels above it are active", in_range(0, 0.99))
      .add("classifier.mask_iterations", &S::mask_iterations, "frontier masks: [fewest, most] growth iterations",
           all_of({all_positive(), in_range(1, 1000)}))
      // rbm-chimeras runs 100 starting vectors x samples chains at once.
      .add("generation.samples", &S::samples, "chains per starting vector", in_range(1, 1000))
      .add("generation.steps", &S::steps, "generation steps per chain", in_range(1, 10000))
      .add("generation.temperature", &S::temperature, "temperature T of eqs. 3-4", positive())
      .add("generation.example_steps", &S::example_steps,
           "generation steps (1-based, at most generation.steps) whose samples the example grids show and save",
           all_of({all_positive(), in_range(1, 10000)}))
      .add("generation.entropy_over", &S::entropy_over,
           "Fig. 2's entropy: digits = the 10 digit outputs renormalised (the authors'), all-outputs = all 11",
           entropy_over_choices())
      .add("generation.transitions", &S::transitions_as,
           "Fig. 2's transitions: digit-segments = digit segments once non-digit steps are removed (the authors'), "
           "state-changes = steps into a different digit state", transitions_as_choices());
  keys.derive([](S& s, const Config& c) {
    const auto& iterations = s.mask_iterations();
    s.frontier_mask().min_iterations = iterations.empty() ? 0 : iterations.front();
    s.frontier_mask().max_iterations = iterations.empty() ? 0 : iterations.back();
    s.rbm_checkpoint_settings(checkpoint_settings(c, "rbm.")).classifier_checkpoint_settings(checkpoint_settings(c, "classifier."));
  });
  return keys;
}

void validate_rbm_lab(const RbmLabSettings& s) {
  const auto& vgg = s.classifier();
  if (vgg.block_channels.size() != vgg.convs_per_block.size())
    throw InputError("config key 'classifier.convs_per_block': expected one entry per entry of classifier.block_channels");
  if (vgg.block_channels.empty()) throw InputError("config key 'classifier.block_channels': expected at least one VGG block");
  if ((vgg.image_size >> vgg.block_channels.size()) < 1)
    throw InputError("config key 'classifier.image_size' is impossible: too small for the number of VGG blocks");
  for (const int64_t step : s.example_steps())
    if (step > s.steps()) throw InputError("config key 'generation.example_steps' is impossible: a step after generation.steps");
  if (s.checkpoint_dir().empty()) throw InputError("config key 'checkpoint_dir': expected a folder");
  if (s.mask_iterations().size() != 2 || s.frontier_mask().min_iterations > s.frontier_mask().max_iterations)
    throw InputError("config key 'classifier.mask_iterations': expected [fewest, most] with fewest <= most");
}

MeasureDefinition entropy_definition(EntropyOver entropy_over) {
  if (entropy_over == EntropyOver::digits)
    return {"digit_entropy", "entropy of the 10 digit outputs renormalised (the authors')"};
  return {"entropy", "entropy of all 11 outputs, non-digit included (our former reading)"};
}

MeasureDefinition transitions_definition(TransitionsAs transitions_as) {
  if (transitions_as == TransitionsAs::digit_segments)
    return {"digit_segments", "digit segments once non-digit steps are removed (the authors' count; a chain on one digit counts 1)"};
  return {"transitions", "steps into a different digit state (our former count; a chain on one digit counts 0)"};
}

EntropyOver other_entropy_over(EntropyOver value) {
  return value == EntropyOver::digits ? EntropyOver::all_outputs : EntropyOver::digits;
}
TransitionsAs other_transitions_as(TransitionsAs value) {
  return value == TransitionsAs::digit_segments ? TransitionsAs::state_changes : TransitionsAs::digit_segments;
}

}  // namespace reverie
