// Minimal RFC 4180 reader for the data/geo files (internal to passeur_places_geo).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <core/result.hpp>

namespace passeur::places::geo {

struct CsvRow {
    std::size_t line = 0;  // 1-based line number in the source
    std::vector<std::string> fields;
};

// Splits `text` into rows of comma-separated fields. Quoted fields ("a,b", "say ""hi""") are
// supported on one line; a quoted field spanning lines, a stray quote, or invalid UTF-8 is an
// error "source:line: ...". A leading BOM is skipped, CRLF accepted, blank lines skipped.
// The first row must equal `header` exactly (it is not returned); every row must have as many
// fields as the header. Text over `max_bytes` is refused.
core::Result<std::vector<CsvRow>> ReadCsv(std::string_view text, std::string_view source,
                                          const std::vector<std::string_view>& header, std::size_t max_bytes);

// "source:line: field: message" as InvalidArgument with `field`.
core::Error RowError(std::string_view source, std::size_t line, std::string_view field,
                     std::string_view message);

}  // namespace passeur::places::geo
