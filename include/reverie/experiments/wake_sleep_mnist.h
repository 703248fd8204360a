#pragma once
#include <memory>

#include "reverie/experiments/experiment.h"

namespace reverie {

// Seed 003 sec. 5.1, A.1.3 (Fig. 3) and sec. 4.2: the recurrent stochastic MNIST model trained by
// Algorithm 1 (global wake/sleep critic), Algorithm 2 (local oscillation critics) or Eq. 8's mix.
// Per run and algorithm: training curves; the Berkes et al. (2011) wake/sleep pattern-histogram
// divergence over training (Fig. 3D); how often test reconstructions keep the input's class
// (by an MLP classifier trained on the data; Fig. 3B/C); reconstructions and samples (run 0);
// and the surprise test of sec. 4.2: the critics' phase separation on novel vs familiar stimuli.
// Registered as wake-sleep-mnist and as wake-sleep-surprise (the same runs, a config for sec. 4.2).
class WakeSleepMnistExperiment : public NamedExperiment {
 public:
  WakeSleepMnistExperiment(std::string name, std::string description);
  void validate(const Config& config) const override;
  std::unique_ptr<PreparedExperiment> prepare(const Config& config, const ExperimentEnvironment& env) const override;
  // "wake-sleep/surprise/novel": algorithm, what was measured, which stimuli
  std::vector<std::string> condition_factors() const override { return {"algorithm", "part", "stimuli"}; }
  ReportContent summarize(const Config& config, const std::vector<TidyRow>& rows,
                          const std::filesystem::path& dir) const override;
};

// Row conventions shared by the runs and the report (images: experiments/image_rows.h).
std::string surprise_condition(const std::string& algorithm, const std::string& stimuli);  // "oscillation/surprise/novel"

}  // namespace reverie
