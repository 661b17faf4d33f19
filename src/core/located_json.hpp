// JSON parsing that remembers where every value is in the source text, so that validators can
// report `file:line: field: message` (item bank, framework files, imports).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include <core/result.hpp>

namespace passeur::core {

// 1-based line and column (column counts Unicode code points, a tab counts as one).
struct SourcePosition {
    std::size_t line = 1;
    std::size_t column = 1;
    friend bool operator==(const SourcePosition&, const SourcePosition&) = default;
};

struct JsonParseLimits {
    std::size_t max_bytes = 0;   // text longer than this is refused (required: the caller's bound)
    std::size_t max_depth = 64;  // nesting of arrays and objects
};

// A syntax error (or a limit hit) at a position of the source text.
struct JsonParseError {
    SourcePosition position;
    std::string message;  // English, without the position ("expected ',' or '}' after an object member")
    // "line L, column C: message" as an InvalidArgument error.
    Error ToError() const;
};

class LocatedJson {
public:
    nlohmann::json value;
    // RFC 6901 JSON pointer ("" is the root, "/items/3/options/1/id") -> where that value starts.
    std::unordered_map<std::string, SourcePosition> positions;

    // Position of the value at `pointer`; when there is no such value (a missing member), the
    // position of its nearest existing ancestor; {1, 1} as a last resort.
    SourcePosition PositionOf(std::string_view pointer) const;
    std::size_t LineOf(std::string_view pointer) const { return PositionOf(pointer).line; }
};

// Parses strict RFC 8259 JSON (UTF-8, no comments, no trailing commas; a leading UTF-8 BOM is
// skipped). Also refused: invalid UTF-8, lone surrogate escapes, duplicate object keys, numbers
// outside the double range, text over `limits.max_bytes`, nesting deeper than `limits.max_depth`.
// Integers that fit are stored as integers (signed, else unsigned), other numbers as doubles.
tl::expected<LocatedJson, JsonParseError> ParseLocatedJson(std::string_view text,
                                                           const JsonParseLimits& limits);

// Appends one escaped reference token to a JSON pointer: ("/items", "a/b") -> "/items/a~1b".
std::string JsonPointerAppend(std::string_view pointer, std::string_view token);
std::string JsonPointerAppend(std::string_view pointer, std::size_t index);

}  // namespace passeur::core
