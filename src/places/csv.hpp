// RFC 4180 CSV reading and writing, bounded. Pure: bytes in, values out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <core/result.hpp>

namespace passeur::places {

struct CsvLimits {
    std::size_t max_field_bytes = 64 * 1024;  // a longer field is cut and its row flagged
    std::size_t max_rows = 200'000;           // data rows (header excluded); more is an error
    std::size_t max_columns = 256;            // fields in the header; more is an error
};

struct CsvRow {
    std::size_t line = 0;  // 1-based physical line where the row starts (the header is line 1)
    std::vector<std::string> fields;
    // Index of the first field cut at CsvLimits::max_field_bytes, or npos.
    std::size_t oversized_field = std::string::npos;
};

struct CsvTable {
    char separator = ',';
    std::vector<std::string> header;
    std::vector<CsvRow> rows;  // rows whose fields are all empty are skipped
};

// Guesses the separator from the first line: the most frequent of ',' ';' and TAB outside quotes
// (',' on a tie or when none occurs).
char DetectSeparator(std::string_view text);

// Parses `text` (already UTF-8, BOM removed). Quoted fields may contain separators, doubled quotes
// and newlines; CRLF, LF and a final line without newline are accepted. A quote inside an unquoted
// field is kept as a character; characters after a closing quote are appended (lenient).
// Errors (InvalidArgument, message "ligne N : ..."): empty input, a quoted field not closed at the
// end of the input, more rows or columns than the limits.
core::Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits);

// Appends `field`, quoted when it contains the separator, a quote, CR or LF, or starts or ends
// with a space (quotes doubled inside).
void AppendCsvField(std::string& out, std::string_view field, char separator = ',');

}  // namespace passeur::places
