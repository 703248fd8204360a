#pragma once
#include <string>
#include <vector>

namespace reverie {

// A CSV text as header and rows (RFC 4180: quoted fields may hold commas, doubled quotes and
// newlines), for reading back the tables experiments write, whatever their columns.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header (short rows padded)

  // Index of a column, or -1.
  int column(const std::string& name) const;
};

CsvTable parse_csv(const std::string& text);

// A field as CSV writes it: quoted when it holds a comma, quote or newline.
std::string csv_field(const std::string& text);

}  // namespace reverie
