#include <torch/torch.h>

#include <random>

#include "reverie/core/random.h"
#include "reverie/core/training_divergence.h"
#include "reverie/lab/run_checkpoint.h"
#include "reverie/stream/smoothness_order.h"
#include "reverie/train/incremental_trainer.h"
#include "reverie/train/lstm_stream_trainer.h"
#include "reverie/train/stream_autoencoder.h"
#include "parts.h"

namespace reverie {

namespace {

// A second test of one model at every evaluation point (A.10): its stream and what it measured.
struct SecondTest {
  std::vector<int64_t> stream;  // empty: none
  std::vector<Evaluation> curve;
};

// One training session of one dataset in one run, shared by every condition of it (section 4.1.1):
// category order, within-category order and the initial weights. Each epoch draws new orders.
class DatasetSession {
 public:
  DatasetSession(const SmoothnessSettings& settings, const PreparedDataset& d, uint64_t run_seed, torch::Device device)
      : settings_(settings),
        d_(d),
        run_seed_(run_seed),
        shape_(d.train.features(), d.hidden, settings.task() == SmoothnessTask::reconstruction ? d.train.features() : d.train.classes),
        initial_(shape_),
        objective_(ClassifierObjective::make(settings.output(), settings.loss(), d.train.classes, settings.mse_reduction())) {
    for (int64_t epoch = 0; epoch < settings_.epochs(); ++epoch) {
      std::mt19937_64 order_engine(seed("orders/", epoch));
      sessions_.push_back(make_session_orders(d.train_labels, d.train.classes, order_engine));
      if (d.parts > 1) alternate_parts(sessions_.back(), d.train_parts, d.parts);
    }
    auto init_generator = make_generator(derive_seed(run_seed, "init/" + d.name));
    initial_->xavier_init(init_generator);  // on the CPU generator, then moved: same init on every device
    initial_->to(device);
  }

  // The condition's stream: its ordering of every epoch's session, one after the other.
  std::vector<int64_t> training_order(const SmoothnessCondition& condition) const {
    std::vector<int64_t> order;
    for (int64_t epoch = 0; epoch < settings_.epochs(); ++epoch) {
      std::mt19937_64 random_engine(seed("random-order/", epoch));
      const auto epoch_order = condition_order(sessions_[epoch], condition, random_engine);
      order.insert(order.end(), epoch_order.begin(), epoch_order.end());
    }
    return order;
  }

  // A.9/A.10: one test stream per session and test smoothness, shared by all models.
  std::vector<int64_t> test_stream_of(const SmoothnessCondition& smoothness) const {
    std::mt19937_64 test_engine(derive_seed(run_seed_, "test-orders/" + d_.name));
    SessionOrders test_session = make_session_orders(d_.test_labels, d_.test.classes, test_engine);
    if (d_.parts > 1) alternate_parts(test_session, d_.test_parts, d_.parts);
    return condition_order(test_session, smoothness, test_engine);
  }

  // The test stream of a model trained on `trained`: none when tested item by item.
  std::vector<int64_t> test_stream_for(const SmoothnessCondition& trained) const {
    if (settings_.test_protocol() != TestProtocol::stream) return {};
    return test_stream_of(settings_.test_stream_repeats() < 0 ? trained : SmoothnessCondition{settings_.test_stream_repeats()});
  }

  const MLPOptions& shape() const { return shape_; }
  MLP initial() const { return initial_; }  // the holder: it shares the module
  const ClassifierObjective& objective() const { return objective_; }
  uint64_t run_seed() const { return run_seed_; }

 private:
  uint64_t seed(const std::string& what, int64_t epoch) const {
    return derive_seed(run_seed_, what + d_.name + (epoch == 0 ? "" : "/epoch-" + std::to_string(epoch)));
  }

  const SmoothnessSettings& settings_;
  const PreparedDataset& d_;
  uint64_t run_seed_;
  std::vector<SessionOrders> sessions_;
  MLPOptions shape_;
  MLP initial_;
  ClassifierObjective objective_;
};

// One run: every dataset, model and ordering trained from the same initial weights, as tidy rows.
class PreparedSmoothness : public PreparedExperiment {
 public:
  PreparedSmoothness(const SmoothnessSettings& settings, const Config& config, std::vector<PreparedDataset> datasets,
                     const ExperimentEnvironment& env)
      : config_(config),
        settings_(settings),
        env_(env),
        datasets_(std::move(datasets)),
        conditions_(smoothness_conditions(settings_)) {
    for (const auto& name : settings_.models()) models_.emplace_back(name, SmoothnessModel::of(name));
    trainer_ = with_optimizer<IncrementalTrainerOptions>(settings_.optimization());
    trainer_.fused_sgd = settings_.sgd_kernel() == SgdKernel::fused;
  }

  int64_t work_per_run() const override {
    int64_t steps = 0;
    for (const auto& d : datasets_) steps += d.train.size() * static_cast<int64_t>(conditions_.size() * models_.size());
    return steps * settings_.epochs();
  }

  std::vector<TidyRow> run(int run, Progress& progress) const override {
    const uint64_t run_seed = derived_run_seed(config_, run);
    // Checkpointed after every condition (each trains from the same initial weights on its own
    // stream of all epochs): a killed run continues with the first condition it had not finished.
    const TrainingCheckpoint checkpoint = run_checkpoint(env_, config_, run, 1);
    const auto resume = checkpoint.position();
    std::vector<TidyRow> rows = resume ? resume->rows : std::vector<TidyRow>{};
    if (resume) progress.note("run " + std::to_string(run) + ": resuming after " + std::to_string(resume->stage) + " finished conditions");
    int64_t finished_conditions = 0;
    for (const auto& d : datasets_) {
      const DatasetSession session(settings_, d, run_seed, env_.device);
      for (const auto& [model_name, model_kind] : models_) {
        IncrementalTrainerOptions trainer = trainer_for(model_kind, d);
        for (const auto& condition : conditions_) {
          if (resume && finished_conditions < resume->stage) {
            ++finished_conditions;
            progress.advance(d.train.size() * settings_.epochs());
            continue;
          }
          const std::string name = d.name + "/" + model_name + "/" + condition.name();
          train_condition(run, name, model_kind, d, session, condition, trainer, progress, rows);
          checkpoint.save({++finished_conditions, 0, rows}, {});
        }
      }
    }
    return rows;
  }

 private:
  // One model trained on one condition's stream from the session's initial weights; its rows appended.
  void train_condition(int run, const std::string& name, const SmoothnessModel& model_kind, const PreparedDataset& d,
                       const DatasetSession& session, const SmoothnessCondition& condition, IncrementalTrainerOptions& trainer,
                       Progress& progress, std::vector<TidyRow>& rows) const {
    const auto& objective = session.objective();
    trainer.test_stream = session.test_stream_for(condition);
    // A.10: the same model also tested, at the same points, on a stream of its training smoothness.
    SecondTest in_domain{settings_.also_test_in_domain() ? session.test_stream_of(condition) : std::vector<int64_t>{}, {}};
    const auto order = session.training_order(condition);
    MLP model(session.shape());
    model->to(env_.device);
    model->copy_parameters_from(*session.initial());
    trainer.after_evaluation = nullptr;
    if (!in_domain.stream.empty())
      trainer.after_evaluation = [&](int64_t step) {
        in_domain.curve.push_back(
            evaluate_in_stream(model, d.test, in_domain.stream, objective, trainer.memory, trainer.boundaries, step));
      };
    const auto add_curve = [&](const auto& curve) {
      for (const auto& e : curve) {
        rows.push_back({run, name, e.step, kError, e.error});
        rows.push_back({run, name, e.step, kAccuracy, e.accuracy});
      }
    };
    training_condition(name, [&] {
      if (model_kind.kind == SmoothnessModel::Kind::Lstm)
        add_curve(train_lstm(d, order, trainer, objective, session.run_seed(), progress, in_domain));
      else if (settings_.task() == SmoothnessTask::reconstruction)
        for (const auto& e : train_reconstruction(model, d, order, trainer, progress)) rows.push_back({run, name, e.step, kError, e.error});
      else
        add_curve(train_incremental(model, d.train, order, d.test, objective, trainer, [&](int64_t n) { progress.advance(n); }));
    });
    for (const auto& e : in_domain.curve) {
      rows.push_back({run, name, e.step, kInDomainError, e.error});
      rows.push_back({run, name, e.step, kInDomainAccuracy, e.accuracy});
    }
  }

  // Memoryless, leaky (alpha for every hidden unit) or leaky with memory gating.
  IncrementalTrainerOptions trainer_for(const SmoothnessModel& model, const PreparedDataset& d) const {
    using K = SmoothnessModel::Kind;
    IncrementalTrainerOptions trainer = trainer_;
    trainer.eval_every = d.eval_every;
    if (model.kind == K::Minibatch) trainer.batch_size = settings_.batch_size();
    if (model.leaky())
      trainer.memory = LeakyMemory::from_values({settings_.leak_alpha()}, d.hidden, settings_.leak_gradient(), settings_.gradient_window());
    if (model.kind == K::LeakyReset) trainer.boundaries = BoundaryDetector::for_rule(settings_.reset_rule(), settings_.reset_period());
    if (model.kind == K::LeakyEvery) trainer.boundaries = BoundaryDetector::for_rule(BoundaryDetector::Rule::Period, model.reset_every);
    return trainer;
  }

  // A.8-A.10: an LSTM trained with truncated BPTT on the same stream; its own seeded init.
  std::vector<Evaluation> train_lstm(const PreparedDataset& d, const std::vector<int64_t>& order,
                                     const IncrementalTrainerOptions& trainer, const ClassifierObjective& objective,
                                     uint64_t run_seed, Progress& progress, SecondTest& second) const {
    LSTMClassifier model(d.train.features(), d.hidden, d.train.classes);
    auto generator = make_generator(derive_seed(run_seed, "init-lstm/" + d.name));
    model->xavier_init(generator);
    model->to(env_.device);
    auto o = with_optimizer<LstmStreamOptions>(settings_.optimization());
    o.eval_every = trainer.eval_every;
    o.bptt_steps = settings_.bptt_steps();
    o.bptt_update = settings_.bptt_update();
    o.test_stream = trainer.test_stream;
    o.fused_sgd = trainer.fused_sgd;
    if (!second.stream.empty())
      o.after_evaluation = [&](int64_t step) {
        second.curve.push_back(evaluate_lstm(model, d.test, objective, second.stream, step, o.fused_sgd));
      };
    return train_lstm_stream(model, d.train, order, d.test, objective, o, [&](int64_t n) { progress.advance(n); });
  }

  // A.1 right, A.7 left: the same stream teaches an autoencoder (target = the item itself).
  std::vector<ReconstructionEvaluation> train_reconstruction(MLP& model, const PreparedDataset& d, const std::vector<int64_t>& order,
                                                             const IncrementalTrainerOptions& trainer, Progress& progress) const {
    auto o = with_optimizer<StreamAutoencoderOptions>(settings_.optimization());
    o.eval_every = trainer.eval_every;
    o.memory = trainer.memory;
    const auto keep_of = [&](const Dataset& data, const std::vector<int64_t>& labels, const std::vector<int64_t>& items) {
      std::vector<int64_t> ordered_labels;
      for (int64_t i : items) ordered_labels.push_back(labels[i]);
      const auto inputs = data.inputs.index_select(0, torch::tensor(items, torch::kInt64).to(data.inputs.device())).contiguous();
      const auto cpu = inputs.to(torch::kCPU).contiguous();
      const auto keep = memory_keep(trainer.boundaries, ordered_labels.data(), static_cast<int64_t>(items.size()),
                                    cpu.data_ptr<float>(), data.features());
      return std::pair{inputs, torch::tensor(keep).unsqueeze(1).expand({static_cast<int64_t>(items.size()), d.hidden}).contiguous()};
    };
    const auto [train_inputs, train_keep] = keep_of(d.train, d.train_labels, order);
    // Single-item testing is a stream that resets at every item (memory off).
    std::vector<int64_t> test_items = trainer.test_stream;
    if (test_items.empty())
      for (int64_t i = 0; i < d.test.size(); ++i) test_items.push_back(i);
    auto [test_inputs, test_keep] = keep_of(d.test, d.test_labels, test_items);
    if (trainer.test_stream.empty()) test_keep = torch::zeros_like(test_keep);
    return train_stream_autoencoder(model, train_inputs, train_keep, test_inputs, test_keep, o,
                                    [&](int64_t n) { progress.advance(n); });
  }

  Config config_;  // for the run's seed and checkpoint
  SmoothnessSettings settings_;
  ExperimentEnvironment env_;
  std::vector<PreparedDataset> datasets_;
  std::vector<std::pair<std::string, SmoothnessModel>> models_;  // name, kind
  std::vector<SmoothnessCondition> conditions_;
  IncrementalTrainerOptions trainer_;
};

}  // namespace

std::unique_ptr<PreparedExperiment> make_prepared_smoothness(const SmoothnessSettings& settings, const Config& config,
                                                             std::vector<PreparedDataset> datasets,
                                                             const ExperimentEnvironment& env) {
  return std::make_unique<PreparedSmoothness>(settings, config, std::move(datasets), env);
}

}  // namespace reverie
