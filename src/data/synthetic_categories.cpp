#include "reverie/data/synthetic_categories.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/random.h"

namespace reverie {

namespace {

torch::Tensor make_templates(const SyntheticCategoriesOptions& o, at::Generator& gen) {
  if (o.templates == "blocks") {
    if (o.features < o.categories)
      throw InputError("synthetic.features must be >= synthetic.categories for block templates");
    auto t = torch::zeros({o.categories, o.features});
    const int64_t width = o.features / o.categories;
    for (int64_t c = 0; c < o.categories; ++c) t.index_put_({c, torch::indexing::Slice(c * width, (c + 1) * width)}, 1.0);
    return t;
  }
  if (o.templates == "random-binary") return torch::empty({o.categories, o.features}).bernoulli_(0.5, gen);
  throw InputError("synthetic.templates: expected blocks or random-binary, got '" + o.templates + "'");
}

Dataset make_items(const SyntheticCategoriesOptions& o, const torch::Tensor& templates, int64_t per_category,
                   at::Generator& gen) {
  Dataset d;
  d.name = "synthetic";
  d.classes = o.categories;
  d.item_shape = {o.features};
  d.labels = torch::arange(o.categories, torch::kInt64).repeat_interleave(per_category);
  auto noise = torch::empty({o.categories * per_category, o.features}).uniform_(0.0, o.noise, gen);
  d.inputs = templates.index_select(0, d.labels) + noise;
  return d;
}

}  // namespace

DatasetSplit make_synthetic_categories(const SyntheticCategoriesOptions& o) {
  auto gen = make_generator(o.seed);
  const torch::Tensor templates = make_templates(o, gen);
  Dataset train = make_items(o, templates, o.items_per_category, gen);
  Dataset test = make_items(o, templates, o.test_items_per_category, gen);
  return {std::move(train), std::move(test)};
}

}  // namespace reverie
