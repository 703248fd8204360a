#pragma once
#include <ATen/core/Generator.h>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "reverie/data/dataset.h"
#include "reverie/dynamics/classified_trajectory.h"
#include "reverie/lab/experiment.h"
#include "reverie/experiments/rbm/lab_settings.h"
#include "reverie/models/rbm.h"
#include "reverie/models/vgg_classifier.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/row_table.h"

namespace reverie {

// What the RBM experiments of seed 004 (rbm-generation, rbm-chimeras) share: the data, the
// RBM trained by CD-k, the digit classifier with its non-digit class, and classified top-down
// generation. Trained models are cached in `checkpoint_dir` under a name derived from every
// setting they depend on (and the run's seed), so the experiments reuse each other's models.
// Their keys and settings: lab_settings.h.

struct RbmLabData {
  std::string identity;  // dataset, folder, its files' CRCs and the build: part of the checkpoint names
  Dataset train, test;
};
RbmLabData load_rbm_lab_data(const RbmLabSettings& settings, const ExperimentEnvironment& env);

struct RbmLabModels {
  Rbm rbm{nullptr};
  std::vector<double> reconstruction_rmse;  // per RBM training epoch
  VggClassifier classifier{nullptr};
  std::vector<double> classifier_validation_accuracy;  // per classifier epoch
  int64_t classifier_best_epoch = 0;
  double classifier_test_accuracy = 0;  // on the test digits (the non-digit class never right there)
  torch::Tensor inverse_map;            // label biasing, [hidden x classes]
  int64_t classes = 10;                 // digit classes; the classifier's class `classes` is "non-digit"
  int64_t image_height = 0, image_width = 0;  // of the data's images, which the RBM's visible units are
};

// Progress units of obtain_models (training batches), so work_per_run can count them.
int64_t model_work(const RbmLabSettings& settings, const RbmLabData& data);

// Loads the run's models from checkpoint_dir, or trains (and saves) them on `device`. The RBM is
// then kept on the CPU (top-down generation is small matrix products, one chain step at a time);
// the classifier stays on `device`, where it classifies the generated images.
RbmLabModels obtain_models(const RbmLabSettings& settings, const RbmLabData& data, uint64_t run_seed, const c10::Device& device,
                           Progress& progress);

// Top-down chains (joint states [V | H], see top_down_generation.h), every visible state classified.
struct ClassifiedGeneration {
  ClassifiedTrajectory trajectory;  // classes [chains x steps], the non-digit state = models.classes
  torch::Tensor entropy;            // [chains x steps] entropy (nats) of all the classifier's outputs
  torch::Tensor digit_entropy;      // [chains x steps] entropy of the digit outputs renormalised (the authors')
  torch::Tensor active_hidden;      // [chains x steps] fraction of hidden units at 1
};

// Top-down generation from `start_hidden` [chains x hidden] for settings.steps steps at
// settings.temperature, every visible state classified.
ClassifiedGeneration generate_and_classify(const RbmLabSettings& settings, RbmLabModels& models,
                                           const torch::Tensor& start_hidden, at::Generator& generator);

// Label-biasing vectors of every class, each repeated for generation.samples chains: [(classes*samples) x hidden].
torch::Tensor repeated_rows(const torch::Tensor& vectors, int64_t samples);

// Tidy rows of classified trajectories under `condition` (e.g. "label/3"): per step (mean over
// chains) nondigit_fraction, entropy, digit_entropy, active_hidden_percent and, when target >= 0,
// accuracy (fraction classified as target); per chain (step = chain index) states_visited,
// transitions, digit_segments and state_time/<state>; and the non-zero transition counts (step = from * states + to).
void append_trajectory_rows(const std::string& condition, const ClassifiedGeneration& g, int64_t classes, int64_t target,
                            int run, std::vector<TidyRow>& rows);

// The first `chains` chains of `g` at settings.example_steps, for the report's example grids
// (Figs. 2a, 3c, 3e): under `condition`, metric "pixel" (the visible images [chains x steps x
// H*W], step = flat index) and "example_class" (their classes [chains x steps], flat index).
void append_example_rows(const std::string& condition, const ClassifiedGeneration& g, int64_t chains,
                         const RbmLabSettings& settings, const RbmLabModels& models, int run, std::vector<TidyRow>& rows);

// Those rows of the first run read back; images undefined when the condition has none.
struct GenerationExamples {
  torch::Tensor images;   // [chains x steps x 1 x H x W]
  torch::Tensor classes;  // [chains x steps] int64
};
GenerationExamples stored_examples(const RowTable& table, const std::string& condition, int64_t steps);

// Label biasing from every class's vector (sec. 2.2, Fig. 2): generation.samples chains per
// class, rows under "label/<class>" with accuracy against the class; with `keep_examples`, each
// class's first chain under "example/<class>" (append_example_rows). Returns the mean number of
// active hidden units at step 1 (the chimeras' k).
double run_label_biasing(const RbmLabSettings& settings, RbmLabModels& models, at::Generator& generator, int run,
                         std::vector<TidyRow>& rows, Progress& progress, bool keep_examples = false);

std::string label_condition(int64_t label);  // "label/3"

// Rows of the training curves (RBM RMSE, classifier validation and test accuracy).
void append_training_rows(const RbmLabModels& models, int run, std::vector<TidyRow>& rows);

// A run of an RBM experiment: the run's models (cached or trained), their training rows, then
// `body`, which generates `chains_per_run` chains from them and appends its rows.
class PreparedRbmLab : public PreparedExperiment {
 public:
  using Body = std::function<void(RbmLabModels& models, uint64_t run_seed, int run, std::vector<TidyRow>& rows, Progress& progress)>;
  PreparedRbmLab(const RbmLabSettings& settings, const ExperimentEnvironment& env, int64_t chains_per_run, Body body);
  int64_t work_per_run() const override;
  std::vector<TidyRow> run(int run, Progress& progress) const override;

 private:
  RbmLabSettings settings_;
  RbmLabData data_;
  c10::Device device_;
  int64_t chains_per_run_;
  Body body_;
};

// Row-normalized transition matrix of the conditions' pooled counts: states x states.
std::vector<std::vector<double>> transition_matrix(const RowTable& table, const std::vector<std::string>& conditions,
                                                   int64_t states);

std::string state_name(int64_t state, int64_t classes);  // "0".."9", "non-digit"

std::string mean_pm_se(double mean, double se);  // "1.779 +- 0.211"

}  // namespace reverie
