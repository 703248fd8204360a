#include "reverie/data/synthetic_categories.h"

#include <torch/torch.h>

#include "reverie/core/error.h"
#include "reverie/core/random.h"

namespace reverie {

const Choices<TemplateForm>& template_form_choices() {
  static const Choices<TemplateForm> choices{{"blocks", TemplateForm::blocks}, {"random-binary", TemplateForm::random_binary}};
  return choices;
}

namespace {

torch::Tensor make_templates(const SyntheticCategoriesOptions& o, at::Generator& gen) {
  if (o.templates == TemplateForm::blocks) {
    if (o.features < o.categories)
      throw InputError("synthetic.features must be >= synthetic.categories for block templates");
    auto t = torch::zeros({o.categories, o.features});
    const int64_t width = o.features / o.categories;
    for (int64_t c = 0; c < o.categories; ++c) t.index_put_({c, torch::indexing::Slice(c * width, (c + 1) * width)}, 1.0);
    return t;
  }
  return torch::empty({o.categories, o.features}).bernoulli_(0.5, gen);
}

// Per item, 1 on the features of the template piece it shows (all 1 with a single part).
torch::Tensor piece_masks(const SyntheticCategoriesOptions& o, const torch::Tensor& templates, int64_t per_category) {
  if (o.parts == 1) return torch::ones({1, o.features});
  auto masks = torch::zeros({o.categories * per_category, o.features});
  for (int64_t c = 0; c < o.categories; ++c) {
    const auto on = templates[c].nonzero().squeeze(1);  // the category's features, split into `parts` runs
    const int64_t n = on.size(0);
    if (n < o.parts) throw InputError("synthetic.parts: a template has fewer active features than parts");
    for (int64_t k = 0; k < per_category; ++k) {
      const int64_t p = k % o.parts;
      masks[c * per_category + k].index_fill_(0, on.slice(0, p * n / o.parts, (p + 1) * n / o.parts), 1.0);
    }
  }
  return masks;
}

Dataset make_items(const SyntheticCategoriesOptions& o, const torch::Tensor& templates, int64_t per_category,
                   at::Generator& gen) {
  Dataset d;
  d.name = "synthetic";
  d.classes = o.categories;
  d.item_shape = {o.features};
  d.labels = torch::arange(o.categories, torch::kInt64).repeat_interleave(per_category);
  auto noise = torch::empty({o.categories * per_category, o.features}).uniform_(0.0, o.noise, gen);
  d.inputs = templates.index_select(0, d.labels) * piece_masks(o, templates, per_category) + noise;
  return d;
}

}  // namespace

std::vector<int64_t> part_of_item(const Dataset& d, int64_t parts) {
  std::vector<int64_t> part(d.size(), 0);
  const auto labels = d.labels.to(torch::kCPU).contiguous();
  const int64_t* label = labels.data_ptr<int64_t>();
  // Items are stored category by category: the k-th of its category shows piece k % parts.
  int64_t k = 0;
  for (int64_t i = 0; i < d.size(); ++i) {
    k = i > 0 && label[i] == label[i - 1] ? k + 1 : 0;
    part[i] = k % parts;
  }
  return part;
}

DatasetSplit make_synthetic_categories(const SyntheticCategoriesOptions& o) {
  if (o.parts < 1) throw InputError("synthetic.parts must be >= 1");
  auto gen = make_generator(o.seed);
  const torch::Tensor templates = make_templates(o, gen);
  Dataset train = make_items(o, templates, o.items_per_category, gen);
  Dataset test = make_items(o, templates, o.test_items_per_category, gen);
  return {std::move(train), std::move(test)};
}

}  // namespace reverie
