#include "places/csv.hpp"

#include <algorithm>

namespace passeur::places {

char DetectSeparator(std::string_view text) {
    std::size_t comma = 0;
    std::size_t semicolon = 0;
    std::size_t tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        if (c == ',') ++comma;
        if (c == ';') ++semicolon;
        if (c == '\t') ++tab;
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

core::Result<CsvTable> ParseCsv(std::string_view text, const CsvLimits& limits) {
    CsvTable table;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return core::Fail(core::Error::InvalidArgument("fichier vide : aucune ligne d'en-tête"));
    }
    table.separator = DetectSeparator(text);
    const char sep = table.separator;

    std::size_t line = 1;
    CsvRow row;
    row.line = 1;
    std::string field;
    bool header_done = false;
    std::size_t i = 0;
    const std::size_t n = text.size();

    auto push_field = [&]() {
        row.fields.push_back(std::move(field));
        field.clear();
    };
    // Appends a run of bytes to the current field, up to the field limit.
    auto append_run = [&](std::string_view run) {
        const std::size_t room = limits.max_field_bytes - std::min(field.size(), limits.max_field_bytes);
        if (run.size() > room && row.oversized_field == std::string::npos)
            row.oversized_field = row.fields.size();
        field.append(run.substr(0, std::min(room, run.size())));
    };
    auto append = [&](char c) { append_run(std::string_view(&c, 1)); };
    auto end_row = [&]() -> core::Result<void> {
        push_field();
        if (!header_done) {
            if (row.fields.size() > limits.max_columns) {
                return core::Fail(core::Error::InvalidArgument(
                    "ligne 1 : plus de " + std::to_string(limits.max_columns) + " colonnes"));
            }
            table.header = std::move(row.fields);
            header_done = true;
        } else if (std::any_of(row.fields.begin(), row.fields.end(),
                               [](const std::string& f) { return !f.empty(); })) {
            if (table.rows.size() >= limits.max_rows) {
                return core::Fail(
                    core::Error::InvalidArgument("ligne " + std::to_string(row.line) + " : plus de " +
                                                 std::to_string(limits.max_rows) + " lignes de données"));
            }
            table.rows.push_back(std::move(row));
        }
        row = CsvRow{};
        row.line = line;
        return core::Ok();
    };

    while (i < n) {
        const char c = text[i];
        if (c == '"' && field.empty()) {
            // Quoted field.
            const std::size_t start_line = line;
            ++i;
            bool closed = false;
            while (i < n) {
                const std::size_t quote = text.find('"', i);
                const std::string_view run =
                    text.substr(i, (quote == std::string_view::npos ? n : quote) - i);
                line += static_cast<std::size_t>(std::count(run.begin(), run.end(), '\n'));
                append_run(run);
                if (quote == std::string_view::npos) {
                    i = n;
                    break;
                }
                if (quote + 1 < n && text[quote + 1] == '"') {
                    append('"');
                    i = quote + 2;
                    continue;
                }
                i = quote + 1;
                closed = true;
                break;
            }
            if (!closed) {
                return core::Fail(core::Error::InvalidArgument("ligne " + std::to_string(start_line) +
                                                               " : guillemet ouvert jamais refermé"));
            }
            // Lenient: characters up to the separator or end of line are appended.
            while (i < n && text[i] != sep && text[i] != '\n' && text[i] != '\r') append(text[i++]);
            continue;
        }
        if (c == sep) {
            push_field();
            ++i;
            continue;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
            ++i;
            ++line;
            PASSEUR_TRY(end_row());
            continue;
        }
        // A run of ordinary bytes (a quote inside an unquoted field is one of them).
        std::size_t stop = i + 1;
        while (stop < n && text[stop] != sep && text[stop] != '\r' && text[stop] != '\n') ++stop;
        append_run(text.substr(i, stop - i));
        i = stop;
    }
    if (!field.empty() || !row.fields.empty()) PASSEUR_TRY(end_row());
    return table;
}

void AppendCsvField(std::string& out, std::string_view field, char separator) {
    const bool quote =
        field.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string_view::npos ||
        (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace passeur::places
