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

namespace reverie {

ReportContent WakeSleepVideoExperiment::summarize_runs(const WakeSleepVideoSettings& settings, const std::vector<TidyRow>& rows,
                                                       const std::filesystem::path& dir) const {
  const RowTable table(rows);
  ReportContent content;
  content.title = name() + ": " + description();
  const ReportFigures add(content, dir);
  const auto& baselines = video_baselines();
  const int64_t observed = settings.observed(), frames = settings.data().frames;
  const int64_t future = frames - observed, side = settings.data().canvas;

  // MSE per future frame, the model beside the baselines.
  LinePlot per_frame{"mse_per_future_frame", "Prediction error per future frame (held-out sequences)", "frame",
                     "pixel MSE", {}};
  std::vector<std::string> frame_labels;
  for (int64_t f = 1; f <= future; ++f) frame_labels.push_back("frame" + std::to_string(observed + f));
  NpyArray mse_matrix{{static_cast<int64_t>(baselines.size()), future}, {}, {{"predictor", baselines}, {"future_frame", frame_labels}}};
  std::map<std::string, std::vector<double>> mean_curve;  // per baseline: mean over runs per frame
  std::map<std::string, std::vector<double>> run_means;   // per baseline: each run's mean over frames
  for (const auto& b : baselines) {
    const auto runs = table.by_run("mse/" + b, "mse");
    per_frame.series.push_back(band_over_runs(b, table.steps("mse/" + b, "mse"), runs));
    std::vector<double> curve(future, 0.0);
    for (const auto& r : runs) {
      for (int64_t f = 0; f < future && f < static_cast<int64_t>(r.size()); ++f) curve[f] += r[f] / static_cast<double>(runs.size());
      run_means[b].push_back(mean(r));
    }
    mean_curve[b] = curve;
    mse_matrix.data.insert(mse_matrix.data.end(), curve.begin(), curve.end());
  }
  add(per_frame, "Pixel MSE of each predicted frame against the truth, held-out sequences (mean +- SE over runs): the "
                 "trained model, repeating the last observed frame, the same model before training (same noise), and an "
                 "all-black frame.");
  write_npy(dir / "mse_per_future_frame.npy", mse_matrix);

  LinePlot critics{"training_objective", "Training: critics' value and the networks' losses per epoch", "epoch", "value", {}};
  for (const std::string metric : {"critic_value", "critic_penalty", "network_adversarial", "network_reconstruction"})
    critics.series.push_back(band_over_runs(metric, table.steps("train", metric), table.by_run("train", metric)));
  add(critics, "Means over the epoch's batches (mean +- SE over runs): V summed over the two critic sites (weighted by "
               "Eq. 8's gamma), the weighted gradient penalty, the networks' adversarial loss, and the frame critic's feature "
               "distance between true and predicted frames.");
  add(LinePlot{"test_mse_per_epoch", "Held-out prediction error during training (frames " + std::to_string(observed + 1) +
                                         "-" + std::to_string(frames) + ")",
               "epoch", "pixel MSE", {band_over_runs("model", table.steps("test", "mse"), table.by_run("test", "mse"))}},
      "Mean pixel MSE over the future frames (epoch 0: untrained), mean +- SE over runs.");

  // Fig. 5C: the frame strip (run 0): per sequence, the frames the model observed, then the true
  // future above its prediction. (Outputs of builds before the observed frames were kept show the future only.)
  const int64_t strip = settings.strip_sequences();
  if (strip > 0 && table.has("strip/truth", "pixel")) {
    const auto frames_of = [&](const std::string& condition, int64_t count) {
      const int64_t size = strip * count * side * side;
      auto pixels = torch::zeros({size});
      for (const auto& r : rows)
        if (r.run == 0 && r.metric == "pixel" && r.condition == condition && r.step >= 0 && r.step < size) pixels[r.step] = r.value;
      return pixels.view({strip, count, 1, side, side});
    };
    const bool with_observed = table.has("strip/observed", "pixel");
    const auto seen = with_observed ? frames_of("strip/observed", observed) : torch::Tensor();
    const auto truth = frames_of("strip/truth", future), prediction = frames_of("strip/prediction", future);
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
      labels.push_back(std::to_string(k + 1) + ": truth " + std::to_string(observed + 1) + "-" + std::to_string(frames));
      labels.push_back(std::to_string(k + 1) + ": prediction");
    }
    add(make_image_grid("frame_strip",
                        "Fig. 5C: held-out sequences: " + std::string(with_observed ? "the " + std::to_string(observed) + " observed frames, then " : "") +
                            "frames " + std::to_string(observed + 1) + "-" + std::to_string(frames) + ", truth above the model's prediction",
                        torch::cat(tiles, 0), columns, labels),
        "Run 0, the first held-out sequences; pixels below " + format_number(kStripThreshold) + " are shown black.");
  }

  ClaimsTable claims;
  const std::string frames_text = "frames " + std::to_string(observed + 1) + "-" + std::to_string(frames);
  const std::string n_runs = std::to_string(run_means["model"].size()) + " runs x " +
                             std::to_string(settings.test_sequences()) + " held-out sequences";
  for (const auto& b : baselines)
    claims.add("pixel MSE, " + frames_text + ": " + b, b == "model" ? "(not reported; Fig. 5C shows plausible frames)" : "(not reported)",
               mean_pm_se(mean(run_means[b]), standard_error(run_means[b])), n_runs);
  const auto frames_better = [&](const std::string& baseline) {
    int64_t count = 0;
    for (int64_t f = 0; f < future; ++f) count += mean_curve["model"][f] < mean_curve[baseline][f] ? 1 : 0;
    return std::to_string(count) + " of " + std::to_string(future);
  };
  claims.add("future frames where the model's MSE < repeating the last frame", "(plausible future frames, Fig. 5C)",
             frames_better("copy-last"), n_runs);
  claims.add("future frames where the model's MSE < the untrained model", "(training improves prediction)",
             frames_better("untrained"), n_runs);
  claims.add("future frames where the model's MSE < an all-black frame", "(not reported)", frames_better("blank"), n_runs);
  claims.add("model MSE at frame " + std::to_string(observed + 1) + " / at frame " + std::to_string(frames),
             "(not reported)", format_number(mean_curve["model"].front()) + " / " + format_number(mean_curve["model"].back()),
             n_runs);
  claims.write(dir);
  content.tables.push_back({OutputFolder::kClaims, "Seed 003 sec. 5.3 (video prediction): the paper shows frames, not numbers; ours"});

  std::ostringstream summary;
  summary << "<p>" << settings.runs() << " run(s); " << settings.train_sequences() << " training sequences, "
          << settings.epochs() << " epoch(s), batch " << settings.batch_size() << ", gamma " << format_number(settings.weights().gamma) << "; mean pixel MSE over " << frames_text
          << ": model " << format_number(mean(run_means["model"])) << ", repeat last frame "
          << format_number(mean(run_means["copy-last"])) << ", untrained " << format_number(mean(run_means["untrained"]))
          << ", black frame " << format_number(mean(run_means["blank"])) << ".</p>\n";
  content.summary_html = summary.str();
  return content;
}

}  // namespace reverie
