#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "reverie/core/choices.h"
#include "reverie/data/dataset.h"

namespace reverie {

// The synthetic category set of seed 001, Appendix A.2: each category has a 1 x features
// template; exemplars are the template plus uniform noise. The paper shows the templates
// only as a picture, so their form is an option:
//   "blocks": category c is 1 on its own contiguous block of features/categories features
//             (disjoint, i.e. the "low between-category overlap" the text asks for);
//   "random-binary": each feature 0 or 1 with probability 1/2 (overlapping templates).
// Noise is U(0, noise) added to every feature.
// With parts > 1 (Appendix A.7's stream "in which consecutive items did not share any local
// features") each category's template is split into `parts` disjoint pieces and the k-th item
// of a category shows only piece k % parts; part_of_item says which piece each item shows.
enum class TemplateForm { blocks, random_binary };
const Choices<TemplateForm>& template_form_choices();  // "blocks", "random-binary"

struct SyntheticCategoriesOptions {
  int64_t categories = 4;
  int64_t items_per_category = 300;
  int64_t test_items_per_category = 100;
  int64_t features = 16;
  TemplateForm templates = TemplateForm::blocks;
  double noise = 1.0;
  int64_t parts = 1;
  uint64_t seed = 0;
};

// The piece of its category's template that item i shows (all 0 when parts == 1).
std::vector<int64_t> part_of_item(const Dataset& d, int64_t parts);

// Items are stored category by category; orderings decide the presentation order.
DatasetSplit make_synthetic_categories(const SyntheticCategoriesOptions& options);

}  // namespace reverie
