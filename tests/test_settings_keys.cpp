// One declaration per config key: it fills the schema (type, help, check) and reads a resolved
// config into the settings struct, whatever kind of field the key fills.
#include <gtest/gtest.h>
#include <torch/arg.h>

#include "reverie/core/error.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/experiment_with_settings.h"
#include "reverie/lab/settings_keys.h"
#include "test_helpers.h"

namespace reverie {
namespace {

enum class Shape { round, square };

struct Part {
  int64_t count = 0;
  Shape shape = Shape::round;
};

struct Options {  // LibTorch style
  TORCH_ARG(double, rate) = 0;
};

struct Example {
  TORCH_ARG(int64_t, seed) = 0;
  TORCH_ARG(int64_t, runs) = 0;
  TORCH_ARG(std::vector<std::string>, names);
  TORCH_ARG(Shape, shape) = Shape::round;
  TORCH_ARG(Options, options);
  TORCH_ARG(Part, part);

 public:  // TORCH_ARG leaves the struct private
  double plain = 0;
  int64_t doubled = 0;
};

SettingsKeys<Part> part_keys() {
  SettingsKeys<Part> keys;
  keys.add("part.count", &Part::count, "how many", in_range(1, 10))
      .add("part.shape", &Part::shape, "round or square", Choices<Shape>{{"round", Shape::round}, {"square", Shape::square}});
  return keys;
}

SettingsKeys<Example> example_keys() {
  using S = Example;
  auto keys = settings_keys_with_runner<S>();
  keys.add("names", &S::names, "some names", distinct())
      .add("shape", &S::shape, "round or square", Choices<Shape>{{"round", Shape::round}, {"square", Shape::square}})
      .add("options.rate", &S::options, &Options::rate, "a rate", positive())
      .add(part_keys(), &S::part)
      .add("plain", &S::plain, "a plain data member", non_negative())
      .derive([](S& s, const Config&) { s.doubled = 2 * s.part().count; });
  return keys;
}

const char* kToml = R"(seed = 7
runs = 2
names = ["a", "b"]
shape = "square"
plain = 0.5
[options]
rate = 0.25
[part]
count = 3
shape = "square"
)";

Config resolve(const Schema& schema, std::vector<std::string> assignments = {}) {
  Config::Sources sources;
  sources.base_toml = kToml;
  sources.base_name = "example.toml";
  sources.assignments = std::move(assignments);
  return Config::resolve(schema, sources);
}

Schema example_schema() {
  Schema schema;
  add_runner_keys(schema);
  example_keys().add_to(schema);
  return schema;
}

TEST(SettingsKeys, OneDeclarationFillsTheSchemaWithTypeHelpAndCheck) {
  const Schema schema = example_schema();
  // The runner's keys once (declared by add_runner_keys, only read by the settings' keys).
  ASSERT_EQ(schema.keys().size(), 2u + 6u);
  EXPECT_EQ(schema.find("names")->type, ValueType::StringList);
  EXPECT_EQ(schema.find("shape")->type, ValueType::String);
  EXPECT_EQ(schema.find("options.rate")->type, ValueType::Float);
  EXPECT_EQ(schema.find("part.count")->type, ValueType::Integer);
  EXPECT_EQ(schema.find("plain")->help, "a plain data member");
  // The checks travel with the declaration, and choices accept exactly their names.
  EXPECT_THROW(resolve(schema, {"options.rate=-1"}), InputError);
  EXPECT_THROW(resolve(schema, {"part.count=11"}), InputError);
  EXPECT_THROW(resolve(schema, {"shape=\"oval\""}), InputError);
  EXPECT_THROW(resolve(schema, {"names=[\"a\", \"a\"]"}), InputError);
}

TEST(SettingsKeys, AConfigIsReadIntoEveryKindOfField) {
  const Example s = example_keys().read(resolve(example_schema()));
  EXPECT_EQ(s.seed(), 7);
  EXPECT_EQ(s.runs(), 2);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.shape(), Shape::square);          // a string became an enum
  EXPECT_DOUBLE_EQ(s.options().rate(), 0.25);   // a TORCH_ARG field of a TORCH_ARG part
  EXPECT_EQ(s.part().count, 3);                 // a group declared for another struct
  EXPECT_EQ(s.part().shape, Shape::square);
  EXPECT_DOUBLE_EQ(s.plain, 0.5);
  EXPECT_EQ(s.doubled, 6);                      // derived once every key is read
  const Example set = example_keys().read(resolve(example_schema(), {"part.count=5", "shape=\"round\""}));
  EXPECT_EQ(set.part().count, 5);
  EXPECT_EQ(set.shape(), Shape::round);
  EXPECT_EQ(set.doubled, 10);
}

TEST(SettingsKeys, EveryShippedExperimentReadsItsConfigThroughItsDeclarations) {
  // Each experiment's shipped quick config resolves and validates through its typed keys.
  for (const auto& experiment : all_experiments())
    EXPECT_NO_THROW(testing::quick_config(experiment->name(), {})) << experiment->name();
}

TEST(SettingsKeys, TheLeakGroupIsOneDeclarationWithOneCheckInBothFamilies) {
  // smoothness and multi-scale declare leak_alpha, leak_gradient and gradient_window through one
  // group: the same words, the same range [0, 1) (alpha = 1 would never let an input in).
  for (const std::string experiment : {"leaky-memory-smoothness", "multiscale-autoencoders"}) {
    EXPECT_NO_THROW(testing::quick_config(experiment, {"leak_alpha=0.9995", "leak_gradient=\"through-memory\""})) << experiment;
    const auto refused = testing::thrown_message([&] { testing::quick_config(experiment, {"leak_alpha=1.0"}); });
    EXPECT_NE(refused.find("[0, 1)"), std::string::npos) << experiment << ": " << refused;
    const auto unknown = testing::thrown_message([&] { testing::quick_config(experiment, {"leak_gradient=\"bptt\""}); });
    EXPECT_NE(unknown.find("unscaled, scaled, through-memory"), std::string::npos) << experiment << ": " << unknown;
  }
}

TEST(Choices, AWordAndItsValueGoBothWays) {
  const Choices<Shape> shapes{{"round", Shape::round}, {"square", Shape::square}};
  EXPECT_EQ(name_of(shapes, Shape::square), "square");
  EXPECT_EQ(value_of(shapes, "round", "shape"), Shape::round);
  EXPECT_EQ(testing::thrown_message([&] { value_of(shapes, "oval", "config key 'shape'"); }),
            "config key 'shape': expected round or square, got 'oval'");
  const auto only_square = only(shapes, {"square"});
  ASSERT_EQ(only_square.size(), 1u);
  EXPECT_EQ(only_square[0].second, Shape::square);
  EXPECT_THROW(only(shapes, {"oval"}), std::logic_error);
}

}  // namespace
}  // namespace reverie
