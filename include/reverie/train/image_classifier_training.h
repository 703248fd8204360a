#pragma once
#include <ATen/core/Generator.h>

#include <functional>
#include <vector>

#include "reverie/core/training_checkpoint.h"
#include "reverie/models/vgg_classifier.h"

namespace reverie {

// Seed 004 sec. 2.3: plain SGD on cross-entropy, keeping the parameters (and BatchNorm statistics)
// of the epoch with the highest validation accuracy.
struct ImageClassifierTraining {
  double learning_rate = 0.01;
  int64_t batch_size = 64;
  int64_t epochs = 20;
  // The authors' network ends in a Softmax layer and feeds its probabilities to CrossEntropyLoss,
  // which applies log-softmax again (VGG_MNIST.py): the loss is cross-entropy of softmax(softmax(logits)).
  // false: cross-entropy of the logits.
  bool softmax_before_loss = true;
};

struct ImageClassifierHistory {
  std::vector<double> validation_accuracy;  // per epoch
  int64_t best_epoch = -1;                  // kept in the model
};

// images [N x 1 x S x S], labels int64 [N]; `on_batch()` after every mini-batch. With
// `checkpoint`, it continues from the saved epoch and saves every checkpoint_every epochs.
ImageClassifierHistory train_image_classifier(VggClassifierImpl& model, const torch::Tensor& images, const torch::Tensor& labels,
                                              const torch::Tensor& validation_images, const torch::Tensor& validation_labels,
                                              const ImageClassifierTraining& options, at::Generator& generator,
                                              const std::function<void()>& on_batch = {},
                                              const TrainingCheckpoint& checkpoint = {});

// Softmax outputs in evaluation mode, in chunks: [N x classes].
torch::Tensor classifier_probabilities(VggClassifierImpl& model, const torch::Tensor& images);  // on the images' device

// Entropy (nats) of each row of probabilities: the classifier's uncertainty. [N]
torch::Tensor softmax_entropy(const torch::Tensor& probabilities);
// Entropy (nats) of the first `classes` outputs renormalised to sum to 1 (seed 004's authors: the
// 10 digit outputs of an 11-way classifier, without "non-digit"). [N]
torch::Tensor renormalised_entropy(const torch::Tensor& probabilities, int64_t classes);

double accuracy(const torch::Tensor& probabilities, const torch::Tensor& labels);

}  // namespace reverie
