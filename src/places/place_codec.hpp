// Import and export of mediation places in the national standard's files (pure: bytes in/out).
//
// Import reads CSV (',' ';' or TAB, detected from the header) or JSON (an array of objects), in
// the v1 standard or the older v0.x format (other column names, ';'-separated lists, old service
// values mapped to the v1 ones: docs/formats/places.md). Every text is trimmed and NFC-normalised;
// input that is not valid UTF-8 is decoded as Windows-1252 (one warning). Each row is checked with
// ValidatePlace(); a row with any problem is rejected as a whole and every problem is reported
// with its line and field. Export writes v1 exactly (the 32 columns in order, '|'-joined lists,
// empty fields empty in CSV and left out in JSON).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <core/result.hpp>
#include <places/place.hpp>

namespace passeur::places {

enum class FileFormat { kAuto, kCsv, kJson };  // kAuto: JSON when the first non-space byte is '['

enum class StandardVersion { kV1, kV0 };

struct ImportOptions {
    FileFormat format = FileFormat::kAuto;
    std::size_t max_bytes = 64 * 1024 * 1024;  // larger input: PayloadTooLarge
    std::size_t max_field_bytes = 64 * 1024;   // a longer field rejects its row
    std::size_t max_rows = 200'000;            // more rows: InvalidArgument
    // Used for rows without date_maj (common in v0 files), with a warning; without it such rows
    // are rejected. Pass the import day (engines get the clock from their caller).
    std::optional<Date> default_date_maj;
};

// One problem that rejects a row. `line` is the CSV line where the row starts, or the line of the
// JSON object; `field` a v1 column name (or the v0 column it came from); `reason` in French.
struct Rejection {
    std::size_t line = 0;
    std::string id;  // the row's id when it has one
    std::string field;
    std::string reason;
};

// Something accepted but changed or ignored. line 0 = the whole file.
struct ImportWarning {
    std::size_t line = 0;
    std::string field;
    std::string message;
};

struct ImportResult {
    StandardVersion version = StandardVersion::kV1;
    bool windows_1252 = false;        // input was not UTF-8 and was decoded as Windows-1252
    std::size_t rows = 0;             // data rows read (empty rows excluded)
    std::vector<Place> places;        // accepted rows, in file order
    std::vector<std::size_t> lines;   // lines[i] = line of places[i]
    std::vector<Rejection> rejected;  // several entries for a row with several problems
    std::vector<ImportWarning> warnings;
};

// Whole-file failures are errors (InvalidArgument with the line or byte where known,
// PayloadTooLarge): over max_bytes, no header, unterminated quote, malformed JSON, no column of the
// standard, over max_rows. Everything row-level is in the result.
core::Result<ImportResult> ImportPlaces(std::string_view bytes, const ImportOptions& options = {});

// v1 CSV: UTF-8 without BOM, ',' separator, CRLF line ends, header of kColumns, one row per place.
std::string ExportCsv(std::span<const Place> places);

// v1 JSON: an array of objects, keys in kColumns order, empty fields left out, latitude and
// longitude as numbers, every other value a string ('|'-joined lists). One object per line.
std::string ExportJson(std::span<const Place> places);

// The v1 string of one column of `place` ("" when empty): what ExportCsv writes in that cell.
std::string ColumnValue(const Place& place, std::string_view column);

}  // namespace passeur::places
