#pragma once
// The metrics an experiment's runs record (results.csv's metric column), as it declares them, so
// that a metric asked for by name (`reverie sweep --metric`) is checked before anything starts.
#include <string>
#include <vector>

#include "reverie/lab/experiment.h"

namespace reverie {

// Whether `metric` is one that `pattern` declares: a `<...>` part of a pattern stands for a name
// the config decides (an item, a unit, a class), one or more characters other than '/':
// "loss/<item>" matches "loss/Oak", "r2/unit<i>/every<k>" matches "r2/unit0/every3".
bool metric_matches(const std::string& pattern, const std::string& metric);

// InputError, naming `option`, the experiment and the metrics it records, when `metric` is none of them.
void check_recorded_metric(const Experiment& experiment, const std::string& metric, const std::string& option);

}  // namespace reverie
