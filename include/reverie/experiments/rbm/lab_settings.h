#pragma once
#include <torch/arg.h>

#include <string>
#include <vector>

#include "reverie/config/config.h"
#include "reverie/core/choices.h"
#include "reverie/lab/settings_keys.h"
#include "reverie/data/nondigits.h"
#include "reverie/models/vgg_classifier.h"
#include "reverie/train/contrastive_divergence.h"
#include "reverie/train/image_classifier_training.h"

namespace reverie {

// Fig. 2's definitions (both are recorded by every run; the settings choose what the claims and figures use).
// The entropy of the 10 digit outputs renormalised (digits, the authors') or of all 11 (all_outputs).
enum class EntropyOver { digits, all_outputs };
const Choices<EntropyOver>& entropy_over_choices();  // the config's words: "digits", "all-outputs"
// The transitions: digit segments once non-digit steps are removed (digit_segments, the authors'), or
// steps whose state differs from the previous one, not into non-digit (state_changes).
enum class TransitionsAs { digit_segments, state_changes };
const Choices<TransitionsAs>& transitions_as_choices();  // the config's words: "digit-segments", "state-changes"

// The settings the RBM experiments share (seed 004: rbm-generation, rbm-chimeras), each key
// declared once in rbm_lab_keys(): the lab and its experiments read these fields, not the Config.
struct RbmLabSettings {
  TORCH_ARG(int64_t, seed) = 0;  // base seed; run r uses a seed derived from (seed, r)
  TORCH_ARG(int64_t, runs) = 1;
  TORCH_ARG(std::string, dataset) = "mnist";
  TORCH_ARG(int64_t, data_seed) = 0;  // the classifier's train/validation split
  TORCH_ARG(std::string, checkpoint_dir);
  TORCH_ARG(int64_t, checkpoint_every) = 1;  // epochs between training checkpoints

  // rbm.*: the RBM and its CD-k training.
  TORCH_ARG(int64_t, rbm_hidden) = 1000;
  TORCH_ARG(double, rbm_init_sd) = 0.1;
  TORCH_ARG(int64_t, rbm_train_items) = 0;  // the first training images; 0 = all
  TORCH_ARG(CdOptions, cd);

  // classifier.*: the VGG classifier (its class count comes from the data) and its training.
  TORCH_ARG(VggOptions, classifier);
  TORCH_ARG(ImageClassifierTraining, classifier_training);
  TORCH_ARG(double, validation_fraction) = 0.1;     // training digits held out for validation
  TORCH_ARG(int64_t, classifier_train_items) = 0;   // digits used after the validation split; 0 = all
  TORCH_ARG(double, scrambled_fraction) = 0.1;      // scrambled non-digits per training digit
  TORCH_ARG(double, masked_fraction) = 1.0;         // masked non-digits per training digit
  TORCH_ARG(bool, masked_per_class) = true;         // masked digits drawn equally from every class (the authors')
  TORCH_ARG(bool, frontier_masks) = true;           // the authors' frontier masks; false: masked_images' random regions
  TORCH_ARG(std::vector<int64_t>, mask_iterations);  // [fewest, most]: frontier_mask's min and max iterations
  TORCH_ARG(FrontierMaskOptions, frontier_mask);
  TORCH_ARG(ResizeFilter, sample_resize) = ResizeFilter::bicubic;  // the RBM's samples to the classifier's input

  // generation.*: top-down generation.
  TORCH_ARG(int64_t, samples) = 100;  // chains per starting vector
  TORCH_ARG(int64_t, steps) = 100;    // steps per chain
  TORCH_ARG(double, temperature) = 1.0;
  // Steps (1-based) whose samples the report shows and saves (Figs. 2a, 3c, 3e).
  TORCH_ARG(std::vector<int64_t>, example_steps) = std::vector<int64_t>{1, 2, 5, 10, 25, 50, 100};
  // Fig. 2's definitions the claims and figures use.
  TORCH_ARG(EntropyOver, entropy_over) = EntropyOver::digits;
  TORCH_ARG(TransitionsAs, transitions_as) = TransitionsAs::digit_segments;

  // Every rbm.* (classifier.*) key with dataset and data_seed, as "|key=value" text: the cached
  // RBM's (classifier's) checkpoint name is derived from it, so any change retrains.
  TORCH_ARG(std::string, rbm_checkpoint_settings);
  TORCH_ARG(std::string, classifier_checkpoint_settings);
};

// Every key of the RBM lab, declared once (lab_settings.cpp).
SettingsKeys<RbmLabSettings> rbm_lab_keys();
// What the schema cannot check alone (the VGG blocks fit the image, a checkpoint folder).
void validate_rbm_lab(const RbmLabSettings& settings);

// A definition of one of Fig. 2's measures: the runs' metric that holds it and its words.
struct MeasureDefinition {
  std::string metric;  // e.g. "digit_entropy"
  std::string words;   // e.g. "entropy of the 10 digit outputs renormalised (the authors')"
};
// generation.entropy_over's and generation.transitions' values.
MeasureDefinition entropy_definition(EntropyOver entropy_over);
MeasureDefinition transitions_definition(TransitionsAs transitions_as);
// The value of each key that is not `value`, for the claims' side-by-side row.
EntropyOver other_entropy_over(EntropyOver value);
TransitionsAs other_transitions_as(TransitionsAs value);

}  // namespace reverie
