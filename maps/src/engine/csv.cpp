#include "engine/csv.hpp"

namespace edigate::maps::engine {

Result<std::vector<std::vector<std::string>>> parse_csv(std::string_view text, char separator, const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  bool was_quoted = false;
  std::size_t cells = 0;
  std::size_t line = 1;
  auto fail = [&](std::size_t offset, std::string message) {
    Error err;
    err.code = ErrorCode::invalid_document;
    err.where.file = name;
    err.where.offset = offset;
    err.where.line = line;
    err.message = std::move(message);
    return err;
  };
  auto end_cell = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
    ++cells;
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      if (!cell.empty() || was_quoted) return fail(i, "a quote inside an unquoted CSV field");
      quoted = true;
      was_quoted = true;
    } else if (c == separator) {
      end_cell();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_cell();
      rows.push_back(std::move(row));
      row.clear();
      ++line;
    } else {
      if (was_quoted) return fail(i, "text after a closing quote in a CSV field");
      cell += c;
    }
    if (cells > max_csv_cells) return fail(i, "more than " + std::to_string(max_csv_cells) + " CSV cells");
  }
  if (quoted) return fail(text.size(), "a quoted CSV field is not closed");
  if (!cell.empty() || !row.empty() || was_quoted) {
    end_cell();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace edigate::maps::engine
