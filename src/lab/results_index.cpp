#include "reverie/lab/registry.h"
#include "reverie/core/output_folder.h"
#include "reverie/lab/results_index.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "reverie/core/atomic_file.h"
#include "reverie/core/csv_table.h"
#include "reverie/core/error.h"
#include "reverie/core/file_lock.h"
#include "reverie/core/folder_lock.h"
#include "reverie/lab/experiment.h"
#include "reverie/lab/paper_scorecards.h"
#include "reverie/lab/papers.h"
#include "reverie/lab/run_tasks.h"
#include "reverie/lab/runner.h"
#include "reverie/report/claims_table.h"
#include "reverie/report/html_page.h"
#include "reverie/report/html_report.h"

namespace reverie {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A config value as --set takes it: "synthetic", "1,3,5".
std::string as_set_value(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_array()) return value.dump();
  std::string list;
  for (const auto& v : value) list += (list.empty() ? "" : ",") + as_set_value(v);
  return list;
}

// Null for a name this build does not register (an output of an older or newer build).
const Experiment* registered(const std::string& name) {
  for (const auto& e : all_experiments())
    if (e->name() == name) return e.get();
  return nullptr;
}

// The config keys (but runs) where the output differs from its experiment's shipped config at its scale:
// {"epochs=100"}. The shipped configs change between builds, so an old output may list keys
// nobody set; none for an experiment this build does not know.
std::vector<std::string> keys_off_shipped(const Experiment* known, bool quick, const Json& config) {
  if (!known || !config.is_object()) return {};
  Config::Sources sources;
  sources.quick = quick;
  Json shipped;
  try {
    shipped = resolve_experiment_config(*known, sources).to_json();
  } catch (const InputError&) {
    return {};
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : config.items())
    if (key != "runs" && !(shipped.contains(key) && shipped[key] == value)) keys.push_back(key + "=" + as_set_value(value));
  return keys;
}

int64_t run_files_in(const fs::path& runs) {
  if (!fs::is_directory(runs)) return 0;
  int64_t n = 0;
  for (const auto& entry : fs::directory_iterator(runs)) {
    const std::string name = entry.path().filename().string();
    n += name.rfind("run-", 0) == 0 && entry.path().extension() == ".csv";
  }
  return n;
}

// An older build's claims.csv: its paired comparisons judged by their t interval as
// comparison_verdict does; rows without one (numbers side by side) are "other".
void count_older_claims(const fs::path& file, IndexedOutput& out) {
  const CsvTable table = parse_csv(read_file(file));
  const int low = table.column("t_ci_low"), high = table.column("t_ci_high");
  for (const auto& row : table.rows) {
    std::string verdict = "other";
    try {
      if (low >= 0 && high >= 0) {
        const double l = std::stod(row[static_cast<size_t>(low)]), h = std::stod(row[static_cast<size_t>(high)]);
        verdict = l > 0 ? "holds" : h < 0 ? "does not hold" : "n.s.";
      }
    } catch (const std::exception&) {  // "n/a (one run)": no interval
    }
    ++out.verdicts[verdict];
  }
  out.claims_note = "an older build's layout";
}

void count_claims(const fs::path& file, IndexedOutput& out) {
  if (!fs::exists(file)) {
    out.claims_note = "no claims.csv";
    return;
  }
  try {
    const ClaimsTable claims = ClaimsTable::read(file);  // named: the loop reads a reference into it
    for (const auto& c : claims.claims()) ++out.verdicts[verdict_category(c.verdict)];
  } catch (const InputError&) {
    count_older_claims(file, out);
  }
}

IndexedOutput describe_output(const fs::path& root, const fs::path& dir, const Json& manifest) {
  IndexedOutput out;
  out.folder = fs::relative(dir, root);
  out.sweep = manifest.contains("points");
  out.experiment = manifest.value("experiment", "");
  out.complete = manifest.value("complete", false);
  std::string holder;
  out.running = FileLock::is_held(dir / FolderLock::kFileName, &holder);
  const auto object = [&](const char* key) {  // a field read as an object, whatever shape another writer gave it
    const Json value = manifest.value(key, Json::object());
    return value.is_object() ? value : Json::object();
  };
  const Json config = object("config");
  const Json runs = config.value("runs", manifest.value("runs", Json(0)));
  out.runs = runs.is_number_integer() ? runs.get<int64_t>() : 0;
  out.runs_written = run_files_in(OutputFolder(dir).runs());
  out.runs_diverged = static_cast<int64_t>(object("diverged_runs").size());
  out.finished = manifest.value("finished", "");
  if (out.finished.size() >= 16) out.finished = out.finished.substr(0, 10) + " " + out.finished.substr(11, 5);  // to the minute, UTC
  // An output's build is an object; a sweep's is build_identity_line(): "0.1.0, sources 0123456789ab, git ...".
  const Json build = manifest.value("build", Json::object());
  const std::string line = build.is_string() ? build.get<std::string>() : "";
  out.build = build.is_object() ? build.value("sources_sha256", "").substr(0, 12)
              : line.find("sources ") != std::string::npos ? line.substr(line.find("sources ") + 8, 12) : "";
  const Experiment* known = registered(out.experiment);
  out.description = manifest.value("description", known ? known->description() : std::string());
  if (out.sweep) {
    out.scale = "sweep of " + std::to_string(manifest["points"].size()) + " points";
    out.runs = out.runs_written = 0;  // over its points, as its last report counted them
    for (const auto& point : manifest["points"])
      if (point.is_object()) {
        out.runs += point.value("runs", int64_t{0});
        out.runs_written += point.value("runs_done", int64_t{0});
      }
  } else {
    const bool quick = manifest.value("quick", false);
    out.settings = keys_off_shipped(known, quick, config);
    out.scale = quick ? "quick" : "full";
    for (size_t i = 0; i < out.settings.size(); ++i) out.scale += (i == 0 ? "; " : ", ") + out.settings[i];
    for (const char* key : {"dataset", "datasets"})
      if (config.contains(key)) out.data = as_set_value(config[key]);
  }
  count_claims(OutputFolder(dir).claims(), out);
  if (!out.sweep && !out.running) {
    // The manifest's word is checked against the run files: a damaged, copied or lost one un-completes it.
    const RunFileOrigin origin = run_file_origin(manifest);
    const std::string prefix = dir.string() + "/";
    for (int r = 0; r < out.runs && out.damage.empty(); ++r) {
      std::string problem = run_file_problem(dir, r, origin);
      if (problem == "not finished") {
        if (out.complete) out.damage = (fs::path(OutputFolder::kRuns) / OutputFolder::numbered("run", r, "csv")).string() + " is missing";
        continue;
      }
      if (problem.rfind(prefix, 0) == 0) problem.erase(0, prefix.size());  // the row names the folder already
      out.damage = problem;
    }
    if (!out.damage.empty()) out.complete = false;
  }
  return out;
}

// A folder that looks like an output of ours (its run files, config or lock) but whose manifest cannot be read.
bool looks_like_an_output(const fs::path& dir) {
  return fs::exists(OutputFolder(dir).runs()) || fs::exists(OutputFolder(dir).config()) || fs::exists(dir / FolderLock::kFileName);
}

// One subfolder: an output (listed, damaged or not), or a folder to search further.
void search_folder(const fs::path& root, const fs::path& folder, int depth, FoundOutputs& found);

void search(const fs::path& root, const fs::path& dir, int depth, FoundOutputs& found) {
  std::vector<fs::path> folders;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::error_code ec;  // an entry that vanished or cannot be stat'ed is no folder of outputs
    if (entry.is_directory(ec) && entry.path().filename().string()[0] != '.') folders.push_back(entry.path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    // One unreadable subfolder is said and skipped: it must not cost the index of the others.
    try {
      search_folder(root, folder, depth, found);
    } catch (const fs::filesystem_error& e) {
      found.skipped.push_back(fs::relative(folder, root).string() + ": " + e.code().message());
    } catch (const std::exception& e) {
      found.skipped.push_back(fs::relative(folder, root).string() + ": " + e.what());
    }
  }
}

void search_folder(const fs::path& root, const fs::path& folder, int depth, FoundOutputs& found) {
  const fs::path manifest_path = OutputFolder(folder).manifest();
  if (fs::exists(manifest_path)) {
    Json manifest;
    try {
      manifest = Json::parse(read_file(manifest_path));
    } catch (const std::exception&) {
    }
    if (manifest.is_object() && (manifest.contains("experiment") || manifest.contains("points"))) {
      found.outputs.push_back(describe_output(root, folder, manifest));
    } else if (looks_like_an_output(folder)) {
      IndexedOutput damaged;
      damaged.folder = fs::relative(folder, root);
      damaged.damage = "manifest.json is empty or not a reverie manifest";
      found.outputs.push_back(damaged);
    }
    return;  // an output's subfolders (runs/, a sweep's points) are its own
  }
  if (depth > 0) search(root, folder, depth - 1, found);
}

// "26 hold, 1 does not hold, 7 n.s.", the counts that are not zero, linking the claims table.
std::string claims_cell(const IndexedOutput& o) {
  if (o.verdicts.empty()) return html_escape(o.claims_note.empty() ? "none" : o.claims_note);
  std::string counts;
  for (const auto& [verdict, shown] : std::vector<std::pair<std::string, std::string>>{
           {"holds", "hold"}, {"does not hold", "do not hold"}, {"n.s.", "n.s."}, {"other", "other (one run, partly, or numbers side by side)"}})
    if (const auto it = o.verdicts.find(verdict); it != o.verdicts.end() && it->second > 0)
      counts += (counts.empty() ? "" : ", ") + std::to_string(it->second) + " " + shown;
  std::string cell = "<a href='" + html_escape(OutputFolder(o.folder).claims().string()) + "'>" + html_escape(counts) + "</a>";
  if (!o.claims_note.empty()) cell += " <small>(" + html_escape(o.claims_note) + ")</small>";
  return cell;
}

std::string state_cell(const fs::path& root, const IndexedOutput& o) {
  if (!o.damage.empty())
    return "damaged: " + o.damage + "; compute it again with `reverie run " + (o.experiment.empty() ? "EXPERIMENT" : o.experiment) +
           " --out " + (root / o.folder).string() + "` and its options";
  if (o.running) return "running";
  if (o.complete) return "complete";
  if (o.sweep) return "not complete (" + std::to_string(o.runs_written) + " of " + std::to_string(o.runs) + " runs done)";
  return "not complete (" + std::to_string(o.runs_written) + " of " + std::to_string(o.runs) + " runs written)";
}

}  // namespace

FoundOutputs find_outputs(const fs::path& dir) {
  if (!fs::is_directory(dir))
    throw InputError(dir.string() + ": not a folder (expected an output folder of `reverie run`, or a folder holding several)");
  FoundOutputs found;
  try {
    search(dir, dir, 4, found);
  } catch (const fs::filesystem_error& e) {
    throw InputError(dir.string() + ": cannot read this folder (" + e.code().message() + ")");
  }
  return found;
}

ResultsIndex write_results_index(const fs::path& dir) {
  auto [outputs, skipped] = find_outputs(dir);
  if (outputs.empty())
    throw InputError(dir.string() + ": holds no output of `reverie run` or `reverie sweep` (no manifest.json in it or its subfolders)");
  int64_t complete = 0, damaged = 0, holds = 0, fails = 0;
  for (const auto& o : outputs) {
    complete += o.complete;
    damaged += !o.damage.empty();
    holds += o.verdicts.count("holds") ? o.verdicts.at("holds") : 0;
    fails += o.verdicts.count("does not hold") ? o.verdicts.at("does not hold") : 0;
  }
  std::vector<fs::path> scorecards;
  std::string papers_html;
  for (const auto& card : write_paper_scorecards(dir, outputs)) {
    scorecards.push_back(card.file);
    const Paper* paper = find_paper(card.seed);
    papers_html += "<li><a href='" + html_escape(card.file.filename().string()) + "'>seed " + card.seed + ": " +
                   html_escape(paper ? paper->title : "") + "</a></li>\n";
  }
  std::ostringstream h;
  h << "<h1>reverie results: " << html_escape(fs::absolute(dir).lexically_normal().string()) << "</h1>\n<p>" << outputs.size()
    << " output folders, " << complete << " complete" << (damaged ? ", " + std::to_string(damaged) + " damaged" : "")
    << "; their claims: " << holds << " hold, " << fails
    << " do not hold (the rest n.s., one run, or numbers side by side; each folder's claims table says which). "
       "Scale: <em>quick</em> is the config's [quick] table (seconds, for tests); <em>full</em> is the paper's setup, "
       "with the keys where the folder's config differs from the shipped one.</p>\n"
    << (papers_html.empty() ? "" : "<h2>The papers, claim by claim</h2>\n<ul>\n" + papers_html + "</ul>\n<h2>Output folders</h2>\n")
    << "<table><tr><th>folder</th><th>experiment</th><th>paper and figures</th><th>runs</th><th>state</th>"
       "<th>scale</th><th>claims</th><th>finished</th><th>build</th></tr>\n";
  for (const auto& o : outputs) {
    const std::string folder = html_escape(o.folder.string());
    const bool has_report = fs::exists(OutputFolder(dir / o.folder).page());
    h << "<tr><td>" << (has_report ? "<a href='" + folder + "/index.html'>" + folder + "</a>" : folder) << "</td><td>"
      << html_escape(o.sweep ? "sweep: " + o.experiment : o.experiment) << "</td><td>" << html_escape(o.description) << "</td><td>"
      << o.runs << (o.runs_diverged ? " (" + std::to_string(o.runs_diverged) + " diverged)" : "") << "</td><td>"
      << html_escape(state_cell(dir, o)) << "</td><td>" << html_escape(o.scale) << "</td><td>" << claims_cell(o) << "</td><td>"
      << html_escape(o.finished) << "</td><td><code>" << html_escape(o.build) << "</code></td></tr>\n";
  }
  h << "</table>\n";
  if (!skipped.empty()) {
    h << "<p>Skipped, as they could not be read:</p>\n<ul>\n";
    for (const auto& line : skipped) h << "<li>" << html_escape(line) << "</li>\n";
    h << "</ul>\n";
  }
  const fs::path index = OutputFolder(dir).page();
  write_file_atomic(index, html_page("reverie results", h.str()));
  return {index, std::move(outputs), std::move(skipped), std::move(scorecards)};
}

}  // namespace reverie
