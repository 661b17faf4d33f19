#include <fmt/format.h>

#include <core/encoding.hpp>
#include <places/geo/csv_rows.hpp>

namespace passeur::places::geo {

core::Error RowError(std::string_view source, std::size_t line, std::string_view field,
                     std::string_view message) {
    if (field.empty()) return core::Error::InvalidArgument(fmt::format("{}:{}: {}", source, line, message));
    return core::Error::InvalidArgument(fmt::format("{}:{}: {}: {}", source, line, field, message),
                                        std::string(field));
}

namespace {

core::Result<std::vector<std::string>> SplitLine(std::string_view line, std::string_view source,
                                                 std::size_t line_number) {
    std::vector<std::string> fields;
    std::string current;
    std::size_t i = 0;
    while (true) {
        current.clear();
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        current.push_back('"');
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                current.push_back(line[i++]);
            }
            if (!closed) {
                return core::Fail(RowError(source, line_number, {},
                                           "unterminated quoted field (quoted fields cannot span lines)"));
            }
            if (i < line.size() && line[i] != ',') {
                return core::Fail(
                    RowError(source, line_number, {}, "unexpected character after a quoted field"));
            }
        } else {
            while (i < line.size() && line[i] != ',') {
                if (line[i] == '"') {
                    return core::Fail(RowError(source, line_number, {}, "quote inside an unquoted field"));
                }
                current.push_back(line[i++]);
            }
        }
        fields.push_back(current);
        if (i >= line.size()) break;
        ++i;  // the comma
    }
    return fields;
}

}  // namespace

core::Result<std::vector<CsvRow>> ReadCsv(std::string_view text, std::string_view source,
                                          const std::vector<std::string_view>& header,
                                          std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("{}: file too large ({} bytes, at most {})", source, text.size(), max_bytes)));
    }
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<CsvRow> rows;
    bool header_seen = false;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty()) continue;
        if (!core::IsValidUtf8(line)) {
            return core::Fail(RowError(source, line_number, {}, "invalid UTF-8 (the file must be UTF-8)"));
        }
        auto fields = SplitLine(line, source, line_number);
        if (!fields) return core::Fail(fields.error());
        if (!header_seen) {
            std::vector<std::string_view> got(fields->begin(), fields->end());
            if (got != header) {
                std::string expected;
                for (const auto h : header) expected += (expected.empty() ? "" : ",") + std::string(h);
                return core::Fail(
                    RowError(source, line_number, {},
                             fmt::format("header must be \"{}\" (got \"{}\")", expected, line)));
            }
            header_seen = true;
            continue;
        }
        if (fields->size() != header.size()) {
            return core::Fail(
                RowError(source, line_number, {},
                         fmt::format("expected {} fields, got {}", header.size(), fields->size())));
        }
        rows.push_back({line_number, std::move(*fields)});
    }
    if (!header_seen) return core::Fail(RowError(source, 1, {}, "empty file (a header row is required)"));
    return rows;
}

}  // namespace passeur::places::geo
