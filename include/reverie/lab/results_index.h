#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace reverie {

// One output folder of `reverie run` (or `reverie sweep`) found under a results folder: what the
// top-level index says of it, read from its manifest.json and claims.csv.
struct IndexedOutput {
  std::filesystem::path folder;  // relative to the results folder
  std::string experiment;        // "" when the manifest names none
  std::string description;       // the paper, section and figures the experiment reproduces
  bool sweep = false;            // a `reverie sweep` folder: its points are its own outputs
  bool complete = false;
  bool running = false;          // a reverie writer holds its lock now
  int64_t runs = 0;              // the config's runs
  int64_t runs_written = 0;      // run files in runs/ (a complete folder has all)
  int64_t runs_diverged = 0;
  std::string scale;             // "quick", "full", or "full; epochs=100" (keys off the shipped config)
  std::vector<std::string> settings;  // those keys: {"epochs=100"}
  std::string data;              // the config's dataset(s), e.g. "synthetic, mnist"; "" when it names none
  std::string finished, build;   // UTC, to the minute; the build's sources (12 hex digits)
  // Claims by verdict ("holds", "does not hold", "n.s.", "other"); `claims_note` says why there are none.
  std::map<std::string, int64_t> verdicts;
  std::string claims_note;
  // Why the folder cannot be trusted as it stands ("runs/run-0002.csv: contents do not match ...",
  // "manifest.json: empty or not valid JSON"); "" when its files are intact. A damaged folder is never complete.
  std::string damage;
};

// The output folders under `dir` (any depth; an output's own subfolders are not searched), by path,
// and the subfolders that could not be read ("FOLDER: why", relative to `dir`), which are skipped.
struct FoundOutputs {
  std::vector<IndexedOutput> outputs;
  std::vector<std::string> skipped;
};
FoundOutputs find_outputs(const std::filesystem::path& dir);

// Writes DIR/index.html: one row per output folder with its claims summary and links to its
// report and claims table; a damaged folder's row says what is damaged and how to compute it again.
// Also one scorecard page per paper measured (paper_scorecards.h), linked at the top.
// InputError when DIR holds no output folder.
struct ResultsIndex {
  std::filesystem::path file;          // DIR/index.html
  std::vector<IndexedOutput> outputs;  // the folders it lists
  std::vector<std::string> skipped;    // subfolders that could not be read: "FOLDER: why"
  std::vector<std::filesystem::path> scorecards;  // DIR/seed-NNN.html, one per paper measured (paper_scorecards.h)
};
ResultsIndex write_results_index(const std::filesystem::path& dir);

}  // namespace reverie
