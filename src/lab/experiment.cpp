#include "reverie/lab/experiment.h"

#include "reverie/core/random.h"

namespace reverie {

void add_runner_keys(Schema& schema) {
  schema.add("seed", ValueType::Integer, "base seed; run r uses a seed derived from (seed, r)", non_negative())
      .add("runs", ValueType::Integer, "runs (seeds), each with its own initial weights and random draws", in_range(1, 100000));
}

uint64_t derived_run_seed(int64_t seed, int run) { return derive_seed(static_cast<uint64_t>(seed), "run/" + std::to_string(run)); }

uint64_t derived_run_seed(const Config& config, int run) { return derived_run_seed(config.integer("seed"), run); }

}  // namespace reverie
