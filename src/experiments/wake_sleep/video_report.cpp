#include <torch/torch.h>

#include <algorithm>
#include <sstream>

#include "reverie/analysis/descriptive.h"
#include "reverie/core/atomic_file.h"
#include "reverie/core/npy.h"
#include "reverie/core/output_folder.h"
#include "reverie/experiments/rbm/lab.h"
#include "reverie/experiments/wake_sleep/video.h"
#include "reverie/report/figures.h"
#include "reverie/report/image_grid.h"
#include "reverie/report/report_figures.h"
#include "report_parts.h"

namespace reverie {

namespace {

// The predicted frames' numbers, "observed + 1-frames".
std::string future_frames(const WakeSleepVideoSettings& settings) {
  return std::to_string(settings.observed() + 1) + "-" + std::to_string(settings.data().frames);
}

// Each predictor's (video_baselines) held-out pixel MSE, per baseline.
struct FutureFrameErrors {
  std::map<std::string, std::vector<double>> mean_curve;  // per future frame: mean over runs
  std::map<std::string, std::vector<double>> run_means;   // per run: mean over future frames
};

// MSE per future frame, the model beside the baselines (figure and mse_per_future_frame.npy).
FutureFrameErrors add_future_frame_errors(const ReportFigures& add, const RowTable& table, const WakeSleepVideoSettings& settings,
                                          const std::filesystem::path& dir) {
  const auto& baselines = video_baselines();
  const int64_t observed = settings.observed(), future = settings.data().frames - observed;
  LinePlot per_frame{"mse_per_future_frame", "Prediction error per future frame (held-out sequences)", "frame",
                     "pixel MSE", {}};
  std::vector<std::string> frame_labels;
  for (int64_t f = 1; f <= future; ++f) frame_labels.push_back("frame" + std::to_string(observed + f));
  NpyArray mse_matrix{
      {static_cast<int64_t>(baselines.size()), future}, {}, {{"predictor", baselines}, {"future_frame", frame_labels}}};
  FutureFrameErrors errors;
  for (const auto& b : baselines) {
    const auto runs = table.by_run("mse/" + b, "mse");
    per_frame.series.push_back(band_over_runs(b, table.steps("mse/" + b, "mse"), runs));
    std::vector<double> curve(future, 0.0);
    auto& run_means = errors.run_means[b];  // present (empty) also without runs
    for (const auto& r : runs) {
      for (int64_t f = 0; f < future && f < static_cast<int64_t>(r.size()); ++f)
        curve[f] += r[f] / static_cast<double>(runs.size());
      run_means.push_back(mean(r));
    }
    errors.mean_curve[b] = curve;
    mse_matrix.data.insert(mse_matrix.data.end(), curve.begin(), curve.end());
  }
  add(per_frame, "Pixel MSE of each predicted frame against the truth, held-out sequences (mean +- SE over runs): the "
                 "trained model, repeating the last observed frame, the same model before training (same noise), and an "
                 "all-black frame.");
  write_npy(dir / "mse_per_future_frame.npy", mse_matrix);
  return errors;
}

// The training objective and the held-out error during training.
void add_training_curves(const ReportFigures& add, const RowTable& table, const WakeSleepVideoSettings& settings) {
  add(LinePlot{"training_objective", "Training: critics' value and the networks' losses per epoch", "epoch", "value",
               training_objective_bands(table)},
      "Means over the epoch's batches (mean +- SE over runs): V summed over the two critic sites (weighted by "
      "Eq. 8's gamma), the weighted gradient penalty, the networks' adversarial loss, and the frame critic's feature "
      "distance between true and predicted frames.");
  add(LinePlot{"test_mse_per_epoch", "Held-out prediction error during training (frames " + future_frames(settings) + ")",
               "epoch", "pixel MSE", {condition_band(table, "model", "test", "mse")}},
      "Mean pixel MSE over the future frames (epoch 0: untrained), mean +- SE over runs.");
}

// Run 0's stored strip frames of one condition, [strip x count x 1 x side x side] (pixels not stored are black).
torch::Tensor strip_frames(const std::vector<TidyRow>& rows, const std::string& condition, int64_t strip, int64_t count,
                           int64_t side) {
  const int64_t size = strip * count * side * side;
  auto pixels = torch::zeros({size});
  for (const auto& r : rows)
    if (r.run == 0 && r.metric == "pixel" && r.condition == condition && r.step >= 0 && r.step < size) pixels[r.step] = r.value;
  return pixels.view({strip, count, 1, side, side});
}

// Fig. 5C: the frame strip (run 0): per sequence, the frames the model observed, then the true
// future above its prediction. (Outputs of builds before the observed frames were kept show the future only.)
void add_frame_strip(const ReportFigures& add, const std::vector<TidyRow>& rows, const RowTable& table,
                     const WakeSleepVideoSettings& settings) {
  const int64_t strip = settings.strip_sequences();
  if (strip <= 0 || !table.has("strip/truth", "pixel")) return;
  const int64_t observed = settings.observed(), future = settings.data().frames - observed, side = settings.data().canvas;
  const bool with_observed = table.has("strip/observed", "pixel");
  const auto seen = with_observed ? strip_frames(rows, "strip/observed", strip, observed, side) : torch::Tensor();
  const auto truth = strip_frames(rows, "strip/truth", strip, future, side);
  const auto prediction = strip_frames(rows, "strip/prediction", strip, future, side);
  const int64_t columns = with_observed ? std::max(observed, future) : future;
  // Each strip row as wide as the widest (a shorter one padded with black frames).
  const auto row_of = [&](const torch::Tensor& sequence) {
    return torch::cat({sequence, torch::zeros({columns - sequence.size(0), 1, side, side})}, 0);
  };
  std::vector<torch::Tensor> tiles;
  std::vector<std::string> labels;
  for (int64_t k = 0; k < strip; ++k) {
    if (with_observed) {
      tiles.push_back(row_of(seen[k]));
      labels.push_back(std::to_string(k + 1) + ": observed 1-" + std::to_string(observed));
    }
    tiles.push_back(row_of(truth[k]));
    tiles.push_back(row_of(prediction[k]));
    labels.push_back(std::to_string(k + 1) + ": truth " + future_frames(settings));
    labels.push_back(std::to_string(k + 1) + ": prediction");
  }
  add(make_image_grid("frame_strip",
                      "Fig. 5C: held-out sequences: " +
                          std::string(with_observed ? "the " + std::to_string(observed) + " observed frames, then " : "") +
                          "frames " + future_frames(settings) + ", truth above the model's prediction",
                      torch::cat(tiles, 0), columns, labels),
      "Run 0, the first held-out sequences; pixels below " + format_number(kStripThreshold) + " are shown black.");
}

// Our numbers for sec. 5.3 (the paper shows frames, not numbers): each predictor's MSE, and at how many future frames
// the model beats each baseline.
void write_claims(const WakeSleepVideoSettings& settings, const FutureFrameErrors& errors, const std::filesystem::path& dir) {
  const auto& model_curve = errors.mean_curve.at("model");
  const std::string frames_text = "frames " + future_frames(settings);
  const std::string n_runs = std::to_string(errors.run_means.at("model").size()) + " runs x " +
                             std::to_string(settings.test_sequences()) + " held-out sequences";
  ClaimsTable claims;
  for (const auto& b : video_baselines()) {
    const auto& means = errors.run_means.at(b);
    claims.add("pixel MSE, " + frames_text + ": " + b,
               b == "model" ? "(not reported; Fig. 5C shows plausible frames)" : "(not reported)",
               mean_pm_se(mean(means), standard_error(means)), n_runs);
  }
  const auto frames_better = [&](const std::string& baseline) {
    return count_below(model_curve, errors.mean_curve.at(baseline));
  };
  claims.add("future frames where the model's MSE < repeating the last frame", "(plausible future frames, Fig. 5C)",
             frames_better("copy-last"), n_runs);
  claims.add("future frames where the model's MSE < the untrained model", "(training improves prediction)",
             frames_better("untrained"), n_runs);
  claims.add("future frames where the model's MSE < an all-black frame", "(not reported)", frames_better("blank"), n_runs);
  claims.add("model MSE at frame " + std::to_string(settings.observed() + 1) + " / at frame " +
                 std::to_string(settings.data().frames),
             "(not reported)", format_number(model_curve.front()) + " / " + format_number(model_curve.back()), n_runs);
  claims.write(dir);
}

// What ran, and each predictor's mean MSE over the future frames.
std::string summary_html(const WakeSleepVideoSettings& settings, const FutureFrameErrors& errors) {
  const auto mse = [&](const std::string& baseline) { return format_number(mean(errors.run_means.at(baseline))); };
  std::ostringstream summary;
  summary << "<p>" << settings.runs() << " run(s); " << settings.train_sequences() << " training sequences, "
          << settings.epochs() << " epoch(s), batch " << settings.batch_size() << ", gamma "
          << format_number(settings.weights().gamma) << "; mean pixel MSE over frames " << future_frames(settings)
          << ": model " << mse("model") << ", repeat last frame " << mse("copy-last") << ", untrained " << mse("untrained")
          << ", black frame " << mse("blank") << ".</p>\n";
  return summary.str();
}

}  // namespace

ReportContent WakeSleepVideoExperiment::summarize_runs(const WakeSleepVideoSettings& settings, const std::vector<TidyRow>& rows,
                                                       const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  const auto errors = add_future_frame_errors(add, table, settings, dir);
  add_training_curves(add, table, settings);
  add_frame_strip(add, rows, table, settings);
  write_claims(settings, errors, dir);
  content.tables.push_back(
      {OutputFolder::kClaims, "Seed 003 sec. 5.3 (video prediction): the paper shows frames, not numbers; ours"});
  content.summary_html = summary_html(settings, errors);
  return content;
}

}  // namespace reverie
