#include "assessment/csv_input.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/encoding.hpp"

namespace passeur::assessment {
namespace {

struct Line {
    std::size_t number = 0;
    std::vector<std::string> fields;
};

core::Error At(std::string_view file, std::size_t line, std::string_view what) {
    std::string where = fmt::format("{}:{}", file, line);
    return core::Error::InvalidArgument(fmt::format("{}: {}", where, what), where);
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

core::Result<std::vector<std::string>> SplitFields(std::string_view line, std::string_view file,
                                                   std::size_t number) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (true) {
        std::string field;
        // Leading blanks before a possible quote.
        std::size_t j = i;
        while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
        if (j < line.size() && line[j] == '"') {
            ++j;
            bool closed = false;
            while (j < line.size()) {
                if (line[j] == '"') {
                    if (j + 1 < line.size() && line[j + 1] == '"') {
                        field += '"';
                        j += 2;
                        continue;
                    }
                    closed = true;
                    ++j;
                    break;
                }
                field += line[j++];
            }
            if (!closed) return core::Fail(At(file, number, "quoted field not closed on its line"));
            while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
            if (j < line.size() && line[j] != ',') {
                return core::Fail(At(file, number, "characters after a closing quote"));
            }
            out.push_back(std::move(field));
            if (j >= line.size()) break;
            i = j + 1;
        } else {
            const std::size_t comma = line.find(',', i);
            const std::string_view raw =
                line.substr(i, comma == std::string_view::npos ? line.npos : comma - i);
            out.emplace_back(Trim(raw));
            if (comma == std::string_view::npos) break;
            i = comma + 1;
        }
    }
    return out;
}

core::Result<std::vector<Line>> SplitLines(std::string_view text, std::string_view file) {
    if (text.size() > kMaxCsvBytes) return core::Fail(At(file, 1, "file larger than 64 MiB"));
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<Line> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        // Ids and names end up in JSON output, which must be valid UTF-8.
        if (!core::IsValidUtf8(line)) return core::Fail(At(file, number, "not valid UTF-8"));
        if (Trim(line).empty()) continue;
        auto fields = SplitFields(line, file, number);
        if (!fields) return core::Fail(fields.error());
        lines.push_back({number, std::move(*fields)});
    }
    if (lines.empty()) return core::Fail(At(file, 1, "empty file (a header line is expected)"));
    return lines;
}

core::Result<double> Number(const std::string& field, std::string_view column, std::string_view file,
                            std::size_t line) {
    double v = 0;
    const char* first = field.data();
    const char* last = field.data() + field.size();
    if (!field.empty() && *first == '+') ++first;
    // from_chars would accept the '-' of "+-1" after the skipped '+'.
    const bool sign_after_plus = first != field.data() && first != last && *first == '-';
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (field.empty() || sign_after_plus || ec != std::errc() || ptr != last || !std::isfinite(v)) {
        return core::Fail(At(file, line, fmt::format("{}: \"{}\" is not a number", column, field)));
    }
    return v;
}

}  // namespace

// Column index of each of `names` in the header (-1 when absent). A column named by none of them or
// named twice is an error; `expected` lists the accepted names for the message.
core::Result<std::vector<int>> NamedColumns(const Line& header, std::initializer_list<std::string_view> names,
                                            std::string_view expected, std::string_view file) {
    std::vector<int> cols(names.size(), -1);
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string& name = header.fields[i];
        const auto* found = std::find(names.begin(), names.end(), name);
        if (found == names.end()) {
            return core::Fail(
                At(file, header.number, fmt::format("unknown column \"{}\" (expected {})", name, expected)));
        }
        int& slot = cols[static_cast<std::size_t>(found - names.begin())];
        if (slot != -1) return core::Fail(At(file, header.number, fmt::format("column \"{}\" twice", name)));
        slot = static_cast<int>(i);
    }
    return cols;
}

// A data row has as many fields as the header.
core::Result<void> CheckWidth(const Line& row, const Line& header, std::string_view file) {
    if (row.fields.size() == header.fields.size()) return {};
    return core::Fail(
        At(file, row.number,
           fmt::format("{} fields, the header has {}", row.fields.size(), header.fields.size())));
}

// The row's id in column `col`: 1-200 bytes and not seen before (it is added to `ids`).
core::Result<std::string> NewId(const Line& row, std::size_t col, std::unordered_set<std::string>& ids,
                                std::string_view file) {
    const std::string& id = row.fields[col];
    if (id.empty() || id.size() > kMaxIdBytes)
        return core::Fail(At(file, row.number, "id: must be 1-200 bytes"));
    if (!ids.insert(id).second)
        return core::Fail(At(file, row.number, fmt::format("id: duplicate \"{}\"", id)));
    return id;
}

core::Result<std::vector<BankItem>> ParseBankCsv(std::string_view text, std::string_view file) {
    auto lines = SplitLines(text, file);
    if (!lines) return core::Fail(lines.error());
    const Line& header = lines->front();
    auto cols = NamedColumns(header, {"id", "competence", "a", "b", "c"},
                             "id, competence, a, b and optionally c", file);
    if (!cols) return core::Fail(cols.error());
    const int col_id = (*cols)[0], col_comp = (*cols)[1], col_a = (*cols)[2], col_b = (*cols)[3],
              col_c = (*cols)[4];
    for (auto [name, col] : {std::pair{"id", col_id}, {"competence", col_comp}, {"a", col_a}, {"b", col_b}}) {
        if (col == -1) return core::Fail(At(file, header.number, fmt::format("missing column \"{}\"", name)));
    }
    if (lines->size() - 1 > kMaxBankItems) {
        return core::Fail(At(file, lines->back().number, "more than 100000 items"));
    }
    std::vector<BankItem> items;
    std::unordered_set<std::string> ids;
    for (std::size_t r = 1; r < lines->size(); ++r) {
        const Line& row = (*lines)[r];
        PASSEUR_TRY(CheckWidth(row, header, file));
        BankItem it;
        auto id = NewId(row, static_cast<std::size_t>(col_id), ids, file);
        if (!id) return core::Fail(id.error());
        it.id = std::move(*id);
        it.competence = row.fields[static_cast<std::size_t>(col_comp)];
        if (it.competence.empty() || it.competence.size() > kMaxIdBytes) {
            return core::Fail(At(file, row.number, "competence: must be 1-200 bytes"));
        }
        auto a = Number(row.fields[static_cast<std::size_t>(col_a)], "a", file, row.number);
        if (!a) return core::Fail(a.error());
        if (!(*a > 0 && *a <= 10)) return core::Fail(At(file, row.number, "a: must be within (0, 10]"));
        auto b = Number(row.fields[static_cast<std::size_t>(col_b)], "b", file, row.number);
        if (!b) return core::Fail(b.error());
        if (!(*b >= -10 && *b <= 10)) return core::Fail(At(file, row.number, "b: must be within [-10, 10]"));
        it.a = *a;
        it.b = *b;
        if (col_c != -1) {
            auto c = Number(row.fields[static_cast<std::size_t>(col_c)], "c", file, row.number);
            if (!c) return core::Fail(c.error());
            if (!(*c >= 0 && *c <= 0.5))
                return core::Fail(At(file, row.number, "c: must be within [0, 0.5]"));
            it.c = *c;
        }
        items.push_back(std::move(it));
    }
    if (items.empty()) return core::Fail(At(file, header.number, "no item after the header"));
    return items;
}

core::Result<AbilityTable> ParseAbilitiesCsv(std::string_view text, std::string_view file) {
    auto lines = SplitLines(text, file);
    if (!lines) return core::Fail(lines.error());
    const Line& header = lines->front();
    if (header.fields.size() < 2 || header.fields[0] != "id") {
        return core::Fail(At(file, header.number,
                             "the header must be \"id,theta\" or \"id,<competence>,...\" (first column id)"));
    }
    AbilityTable table;
    std::unordered_set<std::string> names;
    for (std::size_t i = 1; i < header.fields.size(); ++i) {
        const std::string& name = header.fields[i];
        if (name.empty() || name.size() > kMaxIdBytes) {
            return core::Fail(
                At(file, header.number, fmt::format("column {}: empty or too long name", i + 1)));
        }
        if (!names.insert(name).second) {
            return core::Fail(At(file, header.number, fmt::format("column \"{}\" twice", name)));
        }
        table.columns.push_back(name);
    }
    if (lines->size() - 1 > kMaxAbilityRows) {
        return core::Fail(At(file, lines->back().number, "more than 1000000 rows"));
    }
    std::unordered_set<std::string> ids;
    for (std::size_t r = 1; r < lines->size(); ++r) {
        const Line& row = (*lines)[r];
        PASSEUR_TRY(CheckWidth(row, header, file));
        auto id = NewId(row, 0, ids, file);
        if (!id) return core::Fail(id.error());
        table.ids.push_back(std::move(*id));
        for (std::size_t i = 1; i < row.fields.size(); ++i) {
            auto v = Number(row.fields[i], table.columns[i - 1], file, row.number);
            if (!v) return core::Fail(v.error());
            if (!(*v >= -10 && *v <= 10)) {
                return core::Fail(
                    At(file, row.number, fmt::format("{}: must be within [-10, 10]", table.columns[i - 1])));
            }
            table.values.push_back(*v);
        }
    }
    if (table.ids.empty()) return core::Fail(At(file, header.number, "no row after the header"));
    return table;
}

namespace {

std::uint32_t IndexOf(std::unordered_map<std::string, std::uint32_t>& index, std::vector<std::string>& names,
                      const std::string& name) {
    auto [it, inserted] = index.emplace(name, static_cast<std::uint32_t>(names.size()));
    if (inserted) names.push_back(name);
    return it->second;
}

}  // namespace

core::Result<ResponseData> ParseResponsesCsv(std::string_view text, std::string_view file) {
    auto lines = SplitLines(text, file);
    if (!lines) return core::Fail(lines.error());
    const Line& header = lines->front();
    ResponseData data;
    std::unordered_map<std::string, std::uint32_t> persons, items;
    if (header.fields == std::vector<std::string>{"person", "item", "correct"}) {
        std::unordered_set<std::uint64_t> seen;
        for (std::size_t r = 1; r < lines->size(); ++r) {
            const Line& row = (*lines)[r];
            if (row.fields.size() != 3) {
                return core::Fail(
                    At(file, row.number, fmt::format("{} fields, the header has 3", row.fields.size())));
            }
            if (row.fields[0].empty() || row.fields[0].size() > kMaxIdBytes) {
                return core::Fail(At(file, row.number, "person: must be 1-200 bytes"));
            }
            if (row.fields[1].empty() || row.fields[1].size() > kMaxIdBytes) {
                return core::Fail(At(file, row.number, "item: must be 1-200 bytes"));
            }
            if (row.fields[2] != "0" && row.fields[2] != "1") {
                return core::Fail(
                    At(file, row.number, fmt::format("correct: \"{}\" is not 0 or 1", row.fields[2])));
            }
            Observation ob;
            ob.person = IndexOf(persons, data.persons, row.fields[0]);
            ob.item = IndexOf(items, data.items, row.fields[1]);
            ob.correct = row.fields[2] == "1" ? 1 : 0;
            if (!seen.insert((static_cast<std::uint64_t>(ob.person) << 32) | ob.item).second) {
                return core::Fail(
                    At(file, row.number,
                       fmt::format("person \"{}\" answers item \"{}\" twice", row.fields[0], row.fields[1])));
            }
            data.observations.push_back(ob);
        }
    } else {
        const bool named =
            !header.fields.empty() && (header.fields[0] == "person" || header.fields[0] == "id");
        const std::size_t first = named ? 1 : 0;
        if (header.fields.size() <= first) return core::Fail(At(file, header.number, "no item column"));
        for (std::size_t i = first; i < header.fields.size(); ++i) {
            const std::string& id = header.fields[i];
            if (id.empty() || id.size() > kMaxIdBytes) {
                return core::Fail(
                    At(file, header.number, fmt::format("column {}: item id must be 1-200 bytes", i + 1)));
            }
            if (items.count(id) != 0)
                return core::Fail(At(file, header.number, fmt::format("item \"{}\" twice", id)));
            IndexOf(items, data.items, id);
        }
        for (std::size_t r = 1; r < lines->size(); ++r) {
            const Line& row = (*lines)[r];
            PASSEUR_TRY(CheckWidth(row, header, file));
            const std::string name = named ? row.fields[0] : std::to_string(r);
            if (name.empty() || name.size() > kMaxIdBytes) {
                return core::Fail(At(file, row.number, "person: must be 1-200 bytes"));
            }
            if (persons.count(name) != 0) {
                return core::Fail(At(file, row.number, fmt::format("person \"{}\" twice", name)));
            }
            const std::uint32_t person = IndexOf(persons, data.persons, name);
            for (std::size_t i = first; i < row.fields.size(); ++i) {
                const std::string& cell = row.fields[i];
                if (cell.empty() || cell == "NA" || cell == "na") continue;
                if (cell != "0" && cell != "1") {
                    return core::Fail(
                        At(file, row.number,
                           fmt::format("{}: \"{}\" is not 0, 1, empty or NA", header.fields[i], cell)));
                }
                data.observations.push_back({person, static_cast<std::uint32_t>(i - first),
                                             static_cast<std::uint8_t>(cell == "1" ? 1 : 0)});
            }
        }
    }
    if (data.observations.empty()) return core::Fail(At(file, header.number, "no response after the header"));
    return data;
}

core::Result<std::vector<ItemParams>> ParseItemParamsCsv(std::string_view text, std::string_view file) {
    auto lines = SplitLines(text, file);
    if (!lines) return core::Fail(lines.error());
    const Line& header = lines->front();
    auto cols = NamedColumns(header, {"id", "a", "b"}, "id, a, b", file);
    if (!cols) return core::Fail(cols.error());
    const int col_id = (*cols)[0], col_a = (*cols)[1], col_b = (*cols)[2];
    if (col_id == -1 || col_a == -1 || col_b == -1) {
        return core::Fail(At(file, header.number, "the header must name id, a and b"));
    }
    std::vector<ItemParams> out;
    std::unordered_set<std::string> ids;
    for (std::size_t r = 1; r < lines->size(); ++r) {
        const Line& row = (*lines)[r];
        PASSEUR_TRY(CheckWidth(row, header, file));
        ItemParams p;
        auto id = NewId(row, static_cast<std::size_t>(col_id), ids, file);
        if (!id) return core::Fail(id.error());
        p.id = std::move(*id);
        auto a = Number(row.fields[static_cast<std::size_t>(col_a)], "a", file, row.number);
        if (!a) return core::Fail(a.error());
        if (!(*a > 0 && *a <= 10)) return core::Fail(At(file, row.number, "a: must be within (0, 10]"));
        auto b = Number(row.fields[static_cast<std::size_t>(col_b)], "b", file, row.number);
        if (!b) return core::Fail(b.error());
        if (!(*b >= -10 && *b <= 10)) return core::Fail(At(file, row.number, "b: must be within [-10, 10]"));
        p.a = *a;
        p.b = *b;
        out.push_back(std::move(p));
    }
    if (out.empty()) return core::Fail(At(file, header.number, "no item after the header"));
    return out;
}

}  // namespace passeur::assessment
