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
#include "report_parts.h"

namespace reverie {

namespace {

// Held-out reconstruction error per epoch beside its baselines (another image's reconstruction, the training mean).
void add_reconstruction_curves(const ReportFigures& add, const RowTable& table) {
  const auto curve = [&](const std::string& label, const std::string& metric) {
    return condition_band(table, label, "heldout", metric);
  };
  add(LinePlot{"heldout_reconstruction_mse", "Held-out pixel MSE of reconstructions per epoch", "epoch (0 = untrained)",
               "pixel MSE",
               {curve("G(E(x)), all 5 layers", "reconstruction_mse"),
                curve("G(E(x)) of another image", "reconstruction_mse_shuffled"),
                curve("one layer up: mean of p(x | h1(x))", "one_layer_mse"),
                curve("one layer up, another image", "one_layer_mse_shuffled"),
                curve("training-mean image", "mean_image_mse")}},
      "Pixel MSE between held-out images and reconstructions (image means), with the baselines: another image's reconstruction, "
      "the training-mean image (mean +- SE over runs).");
}

// The critics on held-out images (Eq. 8's value and its two terms, one line per site x, h1, ..., h5), then the
// training objective.
void add_critic_curves(const ReportFigures& add, const RowTable& table) {
  static const MetricFigure figures[] = {
      {"critic_value", "critic_values", "Held-out critic value per site (Eq. 8)",
       "V = gamma (D sleep - D wake) + (1-gamma) (D pred - D wake)",
       "Critic value of each layer's site on one batch of held-out images (mean +- SE over runs); the critics maximize it."},
      {"wake_sleep_gap", "wake_sleep_gaps", "Held-out wake/sleep term per site", "mean D(sleep) - mean D(wake)",
       "Wake/sleep difference of each critic's mean score on held-out images."},
      {"oscillation_gap", "oscillation_gaps", "Held-out oscillation term per site", "mean D(prediction) - mean D(wake)",
       "Oscillation difference (top-down prediction from the layer above vs bottom-up) of each critic's mean score."}};
  for (const auto& f : figures) {
    LinePlot plot{f.name, f.title, "epoch (0 = untrained)", f.ylabel, {}};
    for (size_t l = 0; l < hierarchy_site_names().size(); ++l)
      plot.series.push_back(condition_band(table, hierarchy_site_names()[l], site_condition(l), f.metric));
    add(plot, f.caption);
  }
  add(LinePlot{"training_losses", "Training objective per epoch (mean over batches)", "epoch", "value",
               training_objective_bands(table, {"critics' value V (sum over sites)", "gradient penalty (weighted)",
                                                "networks' adversarial loss", "networks' feature reconstruction"})},
      "What the critics maximize and the networks minimize, averaged over each epoch's batches (mean +- SE over runs).");
}

// Fig. 4B (run 0): held-out inputs and their reconstructions, and sleep samples from the prior.
void add_image_grids(const ReportFigures& add, const RowTable& table, int64_t channels) {
  const auto images = [&](const std::string& condition) { return stored_image_rows(table, condition, channels, kHierarchySide); };
  const auto inputs = images("images/input");
  if (!inputs.defined()) return;
  const int64_t shown = inputs.size(0);
  const auto stacked = torch::cat({inputs, images("images/initial_reconstruction"), images("images/reconstruction"),
                                   images("images/one_layer")});
  add(make_image_grid("reconstructions", "Fig. 4B: held-out inputs and reconstructions (run 0)", stacked, shown,
                      {"input", "G(E(x)) untrained", "G(E(x)) trained", "one layer up"}),
      "Rows: held-out inputs; reconstructions through all five layers before training; after training; from the first latent "
      "layer only. Reconstructions show the image layer's mean.");
  add(make_image_grid("sleep_samples", "Sleep samples: top-down from the prior (run 0)", images("images/sleep"), shown),
      "Image means generated top-down from h5 ~ N(0, I), latents sampled on the way.");
}

// Each run's held-out pixel MSE at the last epoch (and at epoch 0), of the reconstructions and of their baselines.
struct HeldoutErrors {
  explicit HeldoutErrors(const RowTable& table)
      : final_mse(table.last_per_run("heldout", "reconstruction_mse")),
        final_shuffled(table.last_per_run("heldout", "reconstruction_mse_shuffled")),
        initial_mse(table.first_per_run("heldout", "reconstruction_mse")),
        final_one(table.last_per_run("heldout", "one_layer_mse")),
        final_one_shuffled(table.last_per_run("heldout", "one_layer_mse_shuffled")),
        initial_one(table.first_per_run("heldout", "one_layer_mse")),
        mean_image(table.last_per_run("heldout", "mean_image_mse")),
        shuffled_input(table.last_per_run("heldout", "shuffled_input_mse")) {}
  // "Good reconstructions" read as: clearly closer to their own input than to another image's
  // reconstruction (10% lower MSE: our margin) and better than the training-mean image.
  bool specific() const { return mean(final_mse) < 0.9 * mean(final_shuffled); }
  bool learned() const { return mean(final_mse) < mean(initial_mse); }
  bool beats_mean() const { return mean(final_mse) < mean(mean_image); }

  std::vector<double> final_mse, final_shuffled, initial_mse;   // all 5 layers
  std::vector<double> final_one, final_one_shuffled, initial_one;  // one layer up
  std::vector<double> mean_image, shuffled_input;                  // baselines
};

// The claim (sec. 5.2): "inference maps to the support of the generative posterior as evidenced by reconstructions",
// with each reconstruction error beside its baselines.
void write_claims(const WakeSleepHierarchicalSettings& settings, const HeldoutErrors& e, bool cifar,
                  const std::filesystem::path& dir) {
  const std::string n = std::to_string(e.final_mse.size()) + " run(s), " + std::to_string(settings.heldout_items()) +
                        " held-out images, epoch " + std::to_string(settings.epochs());
  const auto pm = [](const std::vector<double>& v) { return mean_pm_se(mean(v), v.size() > 1 ? standard_error(v) : 0.0); };
  const auto fraction_below = [](const std::vector<double>& a, const std::vector<double>& b) {
    return count_below(a, b) + " runs";
  };
  ClaimsTable claims;
  claims.add("G(E(x)) reconstruction MSE through all 5 layers, last epoch", "good reconstructions (Fig. 4B, shown, no number)",
             pm(e.final_mse), n);
  claims.add("... of another image (shuffled pairing; the support without the posterior)", "(not reported)", pm(e.final_shuffled),
             "own < shuffled in " + fraction_below(e.final_mse, e.final_shuffled));
  std::vector<double> ratio;
  for (size_t i = 0; i < e.final_mse.size(); ++i) ratio.push_back(e.final_mse[i] / e.final_shuffled[i]);
  claims.add("... own / shuffled MSE ratio (1 = reconstructions ignore their input)", "(not reported)", pm(ratio),
             "holds below 0.9 (our margin)");
  claims.add("... before training (epoch 0)", "(not reported)", pm(e.initial_mse),
             "last < initial in " + fraction_below(e.final_mse, e.initial_mse));
  claims.add("training-mean image as the reconstruction", "(not reported)", pm(e.mean_image),
             "last < mean image in " + fraction_below(e.final_mse, e.mean_image));
  claims.add("another held-out image as the reconstruction", "(not reported)", pm(e.shuffled_input), n);
  claims.add("one-layer-up reconstruction MSE, last epoch", "(not reported)", pm(e.final_one), n);
  claims.add("... of another image", "(not reported)", pm(e.final_one_shuffled),
             "own < shuffled in " + fraction_below(e.final_one, e.final_one_shuffled));
  claims.add("... before training (epoch 0)", "(not reported)", pm(e.initial_one),
             "last < initial in " + fraction_below(e.final_one, e.initial_one));
  claims.add("inference maps to the support of the generative posterior as evidenced by reconstructions (sec. 5.2)",
             "holds after 400 epochs on CIFAR-10",
             std::string(e.specific() && e.learned() && e.beats_mean() ? "holds" : "does not hold") + " (own " +
                 format_number(mean(e.final_mse)) + " vs shuffled " + format_number(mean(e.final_shuffled)) + ", initial " +
                 format_number(mean(e.initial_mse)) + ", mean image " + format_number(mean(e.mean_image)) + ")",
             std::string(cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32") + ", " + n);
  claims.write(dir);
}

// What ran, and the three parts of the claim in words.
std::string summary_html(const WakeSleepHierarchicalSettings& settings, const HeldoutErrors& e, bool cifar) {
  std::ostringstream html;
  html << "<p>" << settings.runs() << " run(s) on " << (cifar ? "CIFAR-10" : "Fashion-MNIST padded to 32x32 (CIFAR-10 not found)")
       << ", " << settings.epochs() << " epochs of batch " << settings.batch_size() << ", gamma = "
       << format_number(settings.weights().gamma) << ".</p>\n<ul><li>Reconstructions specific to their input (own MSE "
       << format_number(mean(e.final_mse)) << " &lt; 0.9 x another image's " << format_number(mean(e.final_shuffled)) << "): "
       << (e.specific() ? "yes" : "no") << "</li><li>Better than before training (" << format_number(mean(e.initial_mse)) << "): "
       << (e.learned() ? "yes" : "no") << "</li><li>Better than the training-mean image (" << format_number(mean(e.mean_image))
       << "): " << (e.beats_mean() ? "yes" : "no") << "</li></ul>\n";
  return html.str();
}

}  // namespace

ReportContent WakeSleepHierarchicalExperiment::summarize_runs(const WakeSleepHierarchicalSettings& settings, const std::vector<TidyRow>& rows,
                                                              const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  add_reconstruction_curves(add, table);
  add_critic_curves(add, table);
  add_image_grids(add, table, static_cast<int64_t>(table.values("data", "channels").front()));

  const bool cifar = table.values("data", "cifar10").front() > 0.5;
  const HeldoutErrors errors(table);
  write_claims(settings, errors, cifar, dir);
  content.tables.push_back(
      {OutputFolder::kClaims, "Seed 003 sec. 5.2: reconstructions against baselines (pixel MSE on held-out images)"});
  content.summary_html = summary_html(settings, errors, cifar);
  return content;
}

}  // namespace reverie
