#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "reverie/core/atomic_file.h"
#include "reverie/core/error.h"
#include "reverie/lab/registry.h"
#include "test_helpers.h"

namespace reverie {
namespace {

Schema sample_schema() {
  Schema s;
  s.add("runs", ValueType::Integer, "runs", positive())
      .add("rate", ValueType::Float, "rate", positive())
      .add("names", ValueType::StringList, "names", one_of({"a", "b", "c"}))
      .add("counts", ValueType::IntegerList, "counts", all_positive())
      .add("flag", ValueType::Boolean, "flag")
      .add("table.noise", ValueType::Float, "noise", non_negative());
  return s;
}

constexpr const char* kBase = R"(runs = 5
rate = 0.01
names = ["a", "b"]
counts = [1, 3]
flag = true
[table]
noise = 0.5
[quick]
runs = 2
)";

std::string error_of(const Schema& schema, Config::Sources sources) {
  try {
    Config::resolve(schema, sources);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Config, ResolvesBaseQuickAndAssignments) {
  const Schema schema = sample_schema();
  Config::Sources sources{kBase, "base.toml"};
  EXPECT_EQ(Config::resolve(schema, sources).integer("runs"), 5);
  sources.quick = true;
  sources.assignments = {"rate=1", "names=c,a", "counts=[2,4]", "table.noise=0", "flag=false"};
  const Config c = Config::resolve(schema, sources);
  EXPECT_EQ(c.integer("runs"), 2);
  EXPECT_DOUBLE_EQ(c.real("rate"), 1.0);  // an integer is accepted where a number is expected
  EXPECT_EQ(c.strings("names"), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(c.integers("counts"), (std::vector<int64_t>{2, 4}));
  EXPECT_DOUBLE_EQ(c.real("table.noise"), 0.0);
  EXPECT_FALSE(c.boolean("flag"));
}

TEST(Config, ResolvedTomlReadsBackToTheSameConfig) {
  const Schema schema = sample_schema();
  const Config c = Config::resolve(schema, {kBase, "base.toml", true});
  const Config back = Config::resolve(schema, {c.to_toml(), "resolved.toml"});
  EXPECT_EQ(back.to_json(), c.to_json());
}

TEST(Config, RefusesBadInputNamingTheKey) {
  const Schema schema = sample_schema();
  auto with = [&](std::vector<std::string> sets) { return error_of(schema, {kBase, "base.toml", false, {}, sets}); };
  EXPECT_NE(with({"rtae=1"}).find("unknown config key 'rtae'"), std::string::npos);
  EXPECT_NE(with({"runs=many"}).find("'runs'"), std::string::npos);
  EXPECT_NE(with({"runs=1.5"}).find("expected an integer"), std::string::npos);
  EXPECT_NE(with({"runs=0"}).find("'runs' = 0 is impossible: expected a value > 0"), std::string::npos);
  EXPECT_NE(with({"rate=-1"}).find("'rate'"), std::string::npos);
  EXPECT_NE(with({"names=a,z"}).find("one of: a, b, c"), std::string::npos);
  EXPECT_NE(with({"counts=1,-2"}).find("'counts'"), std::string::npos);
  EXPECT_NE(with({"flag=yes"}).find("'flag'"), std::string::npos);
  EXPECT_EQ(with({"runs=3"}), "");
}

TEST(Config, RefusesBadUserFile) {
  const Schema schema = sample_schema();
  const auto dir = testing::fresh_dir("config");
  auto file_error = [&](const std::string& text) {
    write_file_atomic(dir / "user.toml", text);
    return error_of(schema, {kBase, "base.toml", false, dir / "user.toml"});
  };
  EXPECT_NE(file_error("colour = 1\n").find("user.toml: unknown config key 'colour'"), std::string::npos);
  EXPECT_NE(file_error("[table]\nnoise = \"loud\"\n").find("'table.noise' has the wrong type"), std::string::npos);
  EXPECT_NE(file_error("runs = = 3\n").find("invalid TOML"), std::string::npos);
  EXPECT_NE(error_of(schema, {kBase, "base.toml", false, dir / "absent.toml"}).find("cannot open"), std::string::npos);
  EXPECT_EQ(file_error("runs = 9\n"), "");
}

// A user file's [quick] table is checked as its top level is, with and without --quick.
TEST(Config, QuickTablesAreCheckedAlways) {
  const Schema schema = sample_schema();
  const auto dir = testing::fresh_dir("config-quick");
  auto file_error = [&](const std::string& text, bool quick) {
    write_file_atomic(dir / "user.toml", text);
    return error_of(schema, {kBase, "base.toml", quick, dir / "user.toml"});
  };
  for (const bool quick : {false, true}) {
    EXPECT_NE(file_error("[quick]\nbogus = 1\n", quick).find("user.toml [quick]: unknown config key 'bogus'"), std::string::npos) << quick;
    EXPECT_NE(file_error("[quick]\nrat = 0.5\n", quick).find("unknown config key 'rat'"), std::string::npos) << quick;
    EXPECT_NE(file_error("[quick]\nrate = -1\n", quick).find("'rate' = -1.0 is impossible"), std::string::npos) << quick;
    EXPECT_NE(file_error("[quick.quick]\nruns = 1\n", quick).find("a [quick] table inside [quick]"), std::string::npos) << quick;
    EXPECT_NE(file_error("quick = 1\n", quick).find("'quick' must be a table"), std::string::npos) << quick;
    EXPECT_EQ(file_error("[quick]\nruns = 1\n", quick), "") << quick;
  }
  // Checked, but applied only with --quick.
  write_file_atomic(dir / "user.toml", "[quick]\nruns = 1\n");
  EXPECT_EQ(Config::resolve(schema, {kBase, "base.toml", false, dir / "user.toml"}).integer("runs"), 5);
  EXPECT_EQ(Config::resolve(schema, {kBase, "base.toml", true, dir / "user.toml"}).integer("runs"), 1);
}

TEST(Config, AssignmentWithoutEqualsIsRefused) {
  const Schema schema = sample_schema();
  EXPECT_EQ(error_of(schema, {kBase, "base.toml", false, {}, {"rate"}}), "--set rate: expected key=value");
  EXPECT_NE(error_of(schema, {kBase, "base.toml", false, {}, {"rate="}}).find("'rate' has the wrong type"), std::string::npos);
}

TEST(Config, NumbersArePrintedInTheirShortestForm) {
  Schema schema = sample_schema();
  schema.add("size", ValueType::Integer, "size", in_range(1, 1e6)).add("share", ValueType::Float, "share", in_range(0, 0.999));
  const std::string base = std::string(kBase).insert(0, "size = 1\nshare = 0.5\n");
  auto with = [&](std::vector<std::string> sets) { return error_of(schema, {base, "base.toml", false, {}, sets}); };
  EXPECT_NE(with({"rate=-0.1"}).find("'rate' = -0.1 is impossible"), std::string::npos) << with({"rate=-0.1"});
  EXPECT_NE(with({"rate=-1"}).find("'rate' = -1.0 is impossible"), std::string::npos) << with({"rate=-1"});
  EXPECT_NE(with({"size=2000000"}).find("expected a value in [1, 1000000]"), std::string::npos) << with({"size=2000000"});
  EXPECT_NE(with({"share=1"}).find("expected a value in [0, 0.999]"), std::string::npos) << with({"share=1"});
  // config.toml too, and it still reads back as the same floats.
  const Config c = Config::resolve(schema, {base, "base.toml", false, {}, {"rate=0.1", "table.noise=3"}});
  EXPECT_NE(c.to_toml().find("rate = 0.1\n"), std::string::npos) << c.to_toml();
  EXPECT_NE(c.to_toml().find("noise = 3.0\n"), std::string::npos) << c.to_toml();
  EXPECT_EQ(Config::resolve(schema, {c.to_toml(), "resolved.toml"}).to_json(), c.to_json());
}

TEST(Config, FloatsWrittenInHexOrNotFiniteAreRefused) {
  Schema schema = sample_schema();
  schema.add("bias", ValueType::Float, "bias").add("biases", ValueType::FloatList, "biases");
  const std::string base = std::string(kBase).insert(0, "bias = 0.0\nbiases = [0.0]\n");
  auto with = [&](std::vector<std::string> sets) { return error_of(schema, {base, "base.toml", false, {}, sets}); };
  for (const char* hex : {"rate=0x10", "rate=0o20", "rate=0b10000", "bias=0x10", "biases=1,0x10"})
    EXPECT_NE(with({hex}).find("has the wrong type: expected a"), std::string::npos) << hex << ": " << with({hex});
  for (const char* odd : {"bias=inf", "bias=-inf", "bias=nan", "biases=0,nan"})
    EXPECT_NE(with({odd}).find("is impossible: expected a finite number"), std::string::npos) << odd << ": " << with({odd});
  EXPECT_NE(with({"bias=nan"}).find("'bias'"), std::string::npos);
  // In a file as well; integer keys still take hexadecimal.
  const auto dir = testing::fresh_dir("config-hex");
  write_file_atomic(dir / "user.toml", "bias = 0x10\n");
  EXPECT_NE(error_of(schema, {base, "base.toml", false, dir / "user.toml"}).find("'bias' has the wrong type"), std::string::npos);
  EXPECT_EQ(Config::resolve(schema, {base, "base.toml", false, {}, {"runs=0x10", "bias=16", "biases=1e3,-2"}}).integer("runs"), 16);
}

TEST(Config, ListsHaveAMaximumLength) {
  Schema schema = sample_schema();
  schema.add("alphas", ValueType::FloatList, "alphas", {}, 3);
  const std::string base = std::string(kBase).insert(0, "alphas = [0.5]\n");
  auto with = [&](std::vector<std::string> sets) { return error_of(schema, {base, "base.toml", false, {}, sets}); };
  std::string many, most;
  for (int i = 1; i <= 20000; ++i) many += std::to_string(i) + ",";
  for (int i = 1; i <= 64; ++i) most += std::to_string(i) + ",";
  many.pop_back();
  most.pop_back();
  const std::string error = with({"counts=" + many});
  EXPECT_NE(error.find("config key 'counts': at most 64 entries, got 20000"), std::string::npos) << error.substr(0, 200);
  EXPECT_LT(error.size(), 200u) << error.substr(0, 400);  // the 20,000 entries are not echoed back
  EXPECT_EQ(with({"counts=" + most}), "");
  EXPECT_NE(with({"alphas=0.1,0.2,0.3,0.4"}).find("config key 'alphas': at most 3 entries, got 4"), std::string::npos);
  EXPECT_EQ(with({"alphas=0.1,0.2,0.3"}), "");
}

TEST(Config, MissingKeyInBaseIsReported) {
  const Schema schema = sample_schema();
  EXPECT_NE(error_of(schema, {"runs = 1\n", "base.toml"}).find("is missing"), std::string::npos);
}

// Every shipped config, full and quick, stays within the bounds of its schema.
TEST(ExperimentConfig, ShippedConfigsResolve) {
  for (const auto& experiment : all_experiments()) {
    for (const bool quick : {false, true}) {
      Config::Sources sources;
      sources.quick = quick;
      EXPECT_NO_THROW(resolve_experiment_config(*experiment, sources)) << experiment->name() << (quick ? " --quick" : "");
    }
  }
}

// Sizes no machine could allocate are refused while resolving, before anything is built.
TEST(ExperimentConfig, UnallocatableSizesAreRefusedNamingTheKey) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"rbm-generation", "rbm.hidden=2000000000"},
      {"rbm-generation", "classifier.hidden_units=4096,2000000000"},
      {"rbm-chimeras", "generation.samples=100000000"},
      {"smoothness-feedforward", "synthetic.features=2000000000"},
      {"smoothness-feedforward", "synthetic.items_per_category=2000000000"},
      {"smoothness-feedforward", "bootstrap_resamples=2000000000"},
      {"multiscale-autoencoders", "bootstrap_resamples=2000000000"},
      {"replay-noise-optimum", "replay.chains=100000000"},
      {"replay-teacher", "latent_map.runs=2000000000"},
      {"wake-sleep-mnist", "model.hidden=2000000000"},
      {"wake-sleep-mnist", "critic.hidden=100000"},
      {"wake-sleep-mnist", "measure.samples=2000000000"},
      {"wake-sleep-hierarchical", "model.channels=8,16,32,64,2000000000"},
      {"wake-sleep-hierarchical", "train.batch_size=2000000000"},
      {"wake-sleep-video", "model.hidden_channels=2000000000"},
      {"wake-sleep-video", "train.batch_size=2000000000"},
  };
  for (const auto& [experiment, assignment] : cases) {
    const std::string key = assignment.substr(0, assignment.find('='));
    try {
      testing::quick_config(experiment, {assignment});
      ADD_FAILURE() << experiment << ": accepted " << assignment;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("'" + key + "' = "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("is impossible"), std::string::npos) << e.what();
    }
  }
}

TEST(ExperimentConfig, CrossKeyImpossibilityNamesTheKey) {
  try {
    testing::quick_config("smoothness-feedforward", {"loss=ce", "output=sigmoid"});
    FAIL() << "cross-entropy with sigmoid outputs was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'output'"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(testing::quick_config("smoothness-feedforward", {"loss=ce", "output=softmax"}));
  EXPECT_THROW(find_experiment("no-such-experiment"), InputError);
}

}  // namespace
}  // namespace reverie
