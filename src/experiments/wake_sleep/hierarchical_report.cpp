#include <torch/torch.h>

#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/output_folder.h"
#include "reverie/experiments/image_rows.h"
#include "reverie/experiments/rbm/lab.h"
#include "reverie/experiments/wake_sleep/hierarchical.h"
#include "reverie/report/figures.h"
#include "reverie/report/image_grid.h"
#include "reverie/report/report_figures.h"

namespace reverie {

ReportContent WakeSleepHierarchicalExperiment::summarize_runs(const WakeSleepHierarchicalSettings& settings, const std::vector<TidyRow>& rows,
                                                              const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  const auto curve = [&](const std::string& label, const std::string& condition, const std::string& metric) {
    return band_over_runs(label, table.steps(condition, metric), table.by_run(condition, metric));
  };
  add(LinePlot{"heldout_reconstruction_mse", "Held-out pixel MSE of reconstructions per epoch", "epoch (0 = untrained)", "pixel MSE",
               {curve("G(E(x)), all 5 layers", "heldout", "reconstruction_mse"),
                curve("G(E(x)) of another image", "heldout", "reconstruction_mse_shuffled"),
                curve("one layer up: mean of p(x | h1(x))", "heldout", "one_layer_mse"),
                curve("one layer up, another image", "heldout", "one_layer_mse_shuffled"),
                curve("training-mean image", "heldout", "mean_image_mse")}},
      "Pixel MSE between held-out images and reconstructions (image means), with the baselines: another image's reconstruction, "
      "the training-mean image (mean +- SE over runs).");
  LinePlot values{"critic_values", "Held-out critic value per site (Eq. 8)", "epoch (0 = untrained)", "V = gamma (D sleep - D wake) + (1-gamma) (D pred - D wake)", {}};
  LinePlot sleep_gaps{"wake_sleep_gaps", "Held-out wake/sleep term per site", "epoch (0 = untrained)", "mean D(sleep) - mean D(wake)", {}};
  LinePlot prediction_gaps{"oscillation_gaps", "Held-out oscillation term per site", "epoch (0 = untrained)", "mean D(prediction) - mean D(wake)", {}};
  for (size_t l = 0; l < hierarchy_site_names().size(); ++l) {
    values.series.push_back(curve(hierarchy_site_names()[l], site_condition(l), "critic_value"));
    sleep_gaps.series.push_back(curve(hierarchy_site_names()[l], site_condition(l), "wake_sleep_gap"));
    prediction_gaps.series.push_back(curve(hierarchy_site_names()[l], site_condition(l), "oscillation_gap"));
  }
  add(values, "Critic value of each layer's site on one batch of held-out images (mean +- SE over runs); the critics maximize it.");
  add(sleep_gaps, "Wake/sleep difference of each critic's mean score on held-out images.");
  add(prediction_gaps, "Oscillation difference (top-down prediction from the layer above vs bottom-up) of each critic's mean score.");
  add(LinePlot{"training_losses", "Training objective per epoch (mean over batches)", "epoch", "value",
               {curve("critics' value V (sum over sites)", "train", "critic_value"),
                curve("gradient penalty (weighted)", "train", "critic_penalty"),
                curve("networks' adversarial loss", "train", "network_adversarial"),
                curve("networks' feature reconstruction", "train", "network_reconstruction")}},
      "What the critics maximize and the networks minimize, averaged over each epoch's batches (mean +- SE over runs).");

  const int64_t channels = static_cast<int64_t>(table.values("data", "channels").front());
  const bool cifar = table.values("data", "cifar10").front() > 0.5;
  const auto inputs = stored_image_rows(table, "images/input", channels, kHierarchySide);
  if (inputs.defined()) {
    const int64_t shown = inputs.size(0);
    const auto stacked = torch::cat({inputs, stored_image_rows(table, "images/initial_reconstruction", channels, kHierarchySide),
                                     stored_image_rows(table, "images/reconstruction", channels, kHierarchySide),
                                     stored_image_rows(table, "images/one_layer", channels, kHierarchySide)});
    add(make_image_grid("reconstructions", "Fig. 4B: held-out inputs and reconstructions (run 0)", stacked, shown,
                        {"input", "G(E(x)) untrained", "G(E(x)) trained", "one layer up"}),
        "Rows: held-out inputs; reconstructions through all five layers before training; after training; from the first latent "
        "layer only. Reconstructions show the image layer's mean.");
    add(make_image_grid("sleep_samples", "Sleep samples: top-down from the prior (run 0)", stored_image_rows(table, "images/sleep", channels, kHierarchySide),
                        shown),
        "Image means generated top-down from h5 ~ N(0, I), latents sampled on the way.");
  }

  // The claim (sec. 5.2): "inference maps to the support of the generative posterior as evidenced by reconstructions".
  const auto final_mse = table.last_per_run("heldout", "reconstruction_mse");
  const auto final_shuffled = table.last_per_run("heldout", "reconstruction_mse_shuffled");
  const auto initial_mse = table.first_per_run("heldout", "reconstruction_mse");
  const auto final_one = table.last_per_run("heldout", "one_layer_mse");
  const auto final_one_shuffled = table.last_per_run("heldout", "one_layer_mse_shuffled");
  const auto initial_one = table.first_per_run("heldout", "one_layer_mse");
  const auto mean_image = table.last_per_run("heldout", "mean_image_mse");
  const auto shuffled_input = table.last_per_run("heldout", "shuffled_input_mse");
  const std::string n = std::to_string(final_mse.size()) + " run(s), " + std::to_string(settings.heldout_items()) +
                        " held-out images, epoch " + std::to_string(settings.epochs());
  const auto pm = [](const std::vector<double>& v) { return mean_pm_se(mean(v), v.size() > 1 ? standard_error(v) : 0.0); };
  const auto fraction_below = [](const std::vector<double>& a, const std::vector<double>& b) {
    int64_t k = 0;
    for (size_t i = 0; i < a.size(); ++i) k += a[i] < b[i];
    return std::to_string(k) + " of " + std::to_string(a.size()) + " runs";
  };
  // "Good reconstructions" read as: clearly closer to their own input than to another image's
  // reconstruction (10% lower MSE: our margin) and better than the training-mean image.
  const bool specific = mean(final_mse) < 0.9 * mean(final_shuffled);
  const bool learned = mean(final_mse) < mean(initial_mse);
  const bool beats_mean = mean(final_mse) < mean(mean_image);
  ClaimsTable claims;
  claims.add("G(E(x)) reconstruction MSE through all 5 layers, last epoch", "good reconstructions (Fig. 4B, shown, no number)",
             pm(final_mse), n);
  claims.add("... of another image (shuffled pairing; the support without the posterior)", "(not reported)", pm(final_shuffled),
             "own < shuffled in " + fraction_below(final_mse, final_shuffled));
  std::vector<double> ratio;
  for (size_t i = 0; i < final_mse.size(); ++i) ratio.push_back(final_mse[i] / final_shuffled[i]);
  claims.add("... own / shuffled MSE ratio (1 = reconstructions ignore their input)", "(not reported)", pm(ratio),
             "holds below 0.9 (our margin)");
  claims.add("... before training (epoch 0)", "(not reported)", pm(initial_mse), "last < initial in " + fraction_below(final_mse, initial_mse));
  claims.add("training-mean image as the reconstruction", "(not reported)", pm(mean_image), "last < mean image in " + fraction_below(final_mse, mean_image));
  claims.add("another held-out image as the reconstruction", "(not reported)", pm(shuffled_input), n);
  claims.add("one-layer-up reconstruction MSE, last epoch", "(not reported)", pm(final_one), n);
  claims.add("... of another image", "(not reported)", pm(final_one_shuffled), "own < shuffled in " + fraction_below(final_one, final_one_shuffled));
  claims.add("... before training (epoch 0)", "(not reported)", pm(initial_one), "last < initial in " + fraction_below(final_one, initial_one));
  claims.add("inference maps to the support of the generative posterior as evidenced by reconstructions (sec. 5.2)",
             "holds after 400 epochs on CIFAR-10",
             std::string(specific && learned && beats_mean ? "holds" : "does not hold") + " (own " + format_number(mean(final_mse)) + " vs shuffled " +
                 format_number(mean(final_shuffled)) + ", initial " + format_number(mean(initial_mse)) + ", mean image " +
                 format_number(mean(mean_image)) + ")",
             std::string(cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32") + ", " + n);
  claims.write(dir);
  content.tables.push_back({OutputFolder::kClaims, "Seed 003 sec. 5.2: reconstructions against baselines (pixel MSE on held-out images)"});

  std::ostringstream html;
  html << "<p>" << settings.runs() << " run(s) on " << (cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32 (CIFAR-10 not found)")
       << ", " << settings.epochs() << " epochs of batch " << settings.batch_size() << ", gamma = "
       << format_number(settings.weights().gamma) << ".</p>\n<ul><li>Reconstructions specific to their input (own MSE "
       << format_number(mean(final_mse)) << " &lt; 0.9 x another image's " << format_number(mean(final_shuffled)) << "): "
       << (specific ? "yes" : "no") << "</li><li>Better than before training (" << format_number(mean(initial_mse)) << "): "
       << (learned ? "yes" : "no") << "</li><li>Better than the training-mean image (" << format_number(mean(mean_image))
       << "): " << (beats_mean ? "yes" : "no") << "</li></ul>\n";
  content.summary_html = html.str();
  return content;
}

}  // namespace reverie
