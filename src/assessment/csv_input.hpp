// Reading an external item bank and abilities from CSV text, so that a published protocol can be
// replayed by `passeur simulate`. Pure: text in (the caller reads the file), values out.
// Format: UTF-8, checked line by line (a BOM is skipped), comma separated, a header line, LF or CRLF line
// ends, blank lines skipped; a field may be double-quoted (doubled quote inside) but not span lines; spaces
// around fields are trimmed. Errors: kInvalidArgument "<file>:<line>: ..." with field "<file>:<line>".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/bank.hpp"
#include "assessment/calibrate.hpp"
#include "core/result.hpp"

namespace passeur::assessment {

inline constexpr std::size_t kMaxCsvBytes = 64U * 1024U * 1024U;
inline constexpr std::size_t kMaxAbilityRows = 1'000'000;

// Columns id, competence, a, b (any order), optionally c (3PL guessing); logistic metric D = 1.
// Values are checked as ItemBank::Create checks them, with the line of the offending row.
core::Result<std::vector<BankItem>> ParseBankCsv(std::string_view text, std::string_view file_name);

struct AbilityTable {
    // The ability columns: {"theta"} or competence names, in file order.
    std::vector<std::string> columns;
    std::vector<std::string> ids;
    std::vector<double> values;  // row-major, ids.size() × columns.size()
};

// Header `id,theta` or `id,<competence>,<competence>...`; ids 1-200 bytes and unique; every value
// finite within [-10, 10].
core::Result<AbilityTable> ParseAbilitiesCsv(std::string_view text, std::string_view file_name);

// Responses for calibration: long `person,item,correct` (header exactly so), or a wide matrix whose
// header holds item ids (an optional first column `person` or `id` names the persons, else they are
// numbered from 1; cells 0, 1, or empty / NA for missing). A (person, item) pair at most once.
core::Result<ResponseData> ParseResponsesCsv(std::string_view text, std::string_view file_name);

struct ItemParams {
    std::string id;
    double a = 1.0;
    double b = 0.0;
};

// Item parameters `id,a,b` (any column order; other columns are errors), e.g. anchors for calibration.
// At least one row after the header.
core::Result<std::vector<ItemParams>> ParseItemParamsCsv(std::string_view text, std::string_view file_name);

}  // namespace passeur::assessment
