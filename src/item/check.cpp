#include <algorithm>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include <core/located_json.hpp>

#include <item/check.hpp>

namespace passeur::item {

namespace {

struct FirstUse {
    std::string file;
    std::size_t line;
};

void CheckFile(const ItemFile& file, const CheckOptions& options,
               std::unordered_map<std::string, FirstUse>& ids, CheckReport& report) {
    auto problem = [&](std::size_t line, std::string field, std::string message) {
        report.problems.push_back({file.path, line, std::move(field), std::move(message)});
    };
    auto parsed = core::ParseLocatedJson(file.text, {kMaxItemFileBytes, 32});
    if (!parsed) {
        problem(parsed.error().position.line, "",
                "invalid JSON: " + parsed.error().message + " (column " +
                    std::to_string(parsed.error().position.column) + ")");
        return;
    }
    const auto& doc = parsed->value;
    auto line_of = [&](const std::string& pointer) { return parsed->LineOf(pointer); };
    if (!doc.is_object()) {
        problem(1, "",
                "an item file must be a JSON object {\"format\", \"framework\", \"competence\", \"items\"}");
        return;
    }
    for (const auto& [key, value] : doc.items()) {
        if (key != "format" && key != "framework" && key != "competence" && key != "items") {
            const auto at = core::JsonPointerAppend("", key);
            problem(line_of(at), at, "unknown field \"" + key + "\"");
        }
    }
    if (!doc.contains("format")) {
        problem(1, "", "missing field \"format\" (\"" + std::string(kItemFileFormat) + "\")");
    } else if (doc["format"] != kItemFileFormat) {
        problem(line_of("/format"), "/format",
                "must be \"" + std::string(kItemFileFormat) + "\", not " + doc["format"].dump());
        return;  // another format: nothing else is meaningful
    }
    std::string header[2];
    const char* names[2] = {"framework", "competence"};
    bool header_ok = true;
    for (int i = 0; i < 2; ++i) {
        const std::string at = std::string("/") + names[i];
        if (!doc.contains(names[i])) {
            problem(1, "", std::string("missing field \"") + names[i] + "\"");
            header_ok = false;
        } else if (!doc[names[i]].is_string() || doc[names[i]].get_ref<const std::string&>().empty() ||
                   doc[names[i]].get_ref<const std::string&>().size() > 64) {
            problem(line_of(at), at, "must be a non-empty string of at most 64 bytes");
            header_ok = false;
        } else {
            header[i] = doc[names[i]].get<std::string>();
        }
    }
    const std::string& framework = header[0];
    const std::string& competence = header[1];
    std::optional<std::vector<std::string>> skills;
    if (header_ok) {
        const std::string expected = framework + "/" + competence + ".json";
        if (file.path != expected) {
            problem(line_of("/competence"), "/competence",
                    "the file of competence \"" + competence + "\" of framework \"" + framework +
                        "\" must be " + expected);
        }
        skills = options.competences(framework, competence);
        if (!skills) {
            problem(line_of("/competence"), "/competence",
                    "competence \"" + competence + "\" is not in framework \"" + framework + "\"");
        }
    }
    if (!doc.contains("items")) {
        problem(1, "", "missing field \"items\"");
        return;
    }
    const auto& items = doc["items"];
    if (!items.is_array()) {
        problem(line_of("/items"), "/items", "must be a list of items");
        return;
    }
    if (items.size() > kMaxItemsPerFile) {
        problem(line_of("/items"), "/items",
                "has " + std::to_string(items.size()) + " items, over the limit of " +
                    std::to_string(kMaxItemsPerFile));
        return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string base = core::JsonPointerAppend("/items", i);
        auto item_parse = ParseItem(items[i], JsonScope::kFileItem, framework, competence);
        const std::size_t before = report.problems.size();
        for (auto& p : item_parse.problems) {
            const std::string at = base + p.field;
            problem(line_of(at), at, std::move(p.message));
        }
        if (!item_parse.item) continue;
        Item& item = *item_parse.item;
        ++report.items_total;
        if (header_ok) {
            auto& fw = report.frameworks[framework];
            ++fw.items;
            auto& count = fw.competences[competence];
            ++count.items;
            ++count.levels[item.level];
            ++count.types[std::string(ItemTypeName(item.type))];
        }
        const std::size_t id_line = line_of(base + "/id");
        const auto [it, inserted] = ids.emplace(item.id, FirstUse{file.path, id_line});
        if (!inserted) {
            problem(id_line, base + "/id",
                    "duplicate id \"" + item.id + "\", first used at " + it->second.file + ":" +
                        std::to_string(it->second.line));
        }
        if (header_ok && skills) {
            // The competence itself was reported once for the file; check skill and Markdown here.
            for (auto& p : CheckItemReferences(item, options.competences, options.image_exists)) {
                if (p.field.empty()) continue;
                const std::string at = base + p.field;
                problem(line_of(at), at, std::move(p.message));
            }
        }
        if (report.problems.size() == before && header_ok && skills) report.items.push_back(std::move(item));
    }
}

}  // namespace

CheckReport CheckItemFiles(const std::vector<ItemFile>& files, const CheckOptions& options) {
    CheckReport report;
    std::unordered_map<std::string, FirstUse> ids;
    std::vector<const ItemFile*> sorted;
    sorted.reserve(files.size());
    for (const auto& f : files) sorted.push_back(&f);
    std::sort(sorted.begin(), sorted.end(),
              [](const ItemFile* a, const ItemFile* b) { return a->path < b->path; });
    for (const ItemFile* file : sorted) CheckFile(*file, options, ids, report);
    return report;
}

nlohmann::json CheckReportToJson(const CheckReport& report) {
    nlohmann::json frameworks = nlohmann::json::object();
    for (const auto& [fw, fw_count] : report.frameworks) {
        nlohmann::json competences = nlohmann::json::object();
        for (const auto& [code, count] : fw_count.competences) {
            nlohmann::json levels = nlohmann::json::object();
            for (const auto& [level, n] : count.levels) levels[std::to_string(level)] = n;
            nlohmann::json types = nlohmann::json::object();
            for (const auto& [type, n] : count.types) types[type] = n;
            competences[code] = {{"items", count.items}, {"levels", levels}, {"types", types}};
        }
        frameworks[fw] = {{"items", fw_count.items}, {"competences", competences}};
    }
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : report.problems) {
        problems.push_back({{"file", p.file}, {"line", p.line}, {"field", p.field}, {"message", p.message}});
    }
    return {{"items_total", report.items_total},
            {"frameworks", frameworks},
            {"problems", problems},
            {"ok", report.ok()}};
}

std::string CheckReportToText(const CheckReport& report) {
    std::string out;
    for (const auto& p : report.problems) {
        out +=
            fmt::format("{}:{}: {}: {}\n", p.file, p.line, p.field.empty() ? "(file)" : p.field, p.message);
    }
    if (!report.problems.empty()) out += "\n";
    std::string level_titles;
    for (int level = 1; level <= 8; ++level)
        level_titles += fmt::format("{:>4}", "L" + std::to_string(level));
    out += fmt::format("{:<26} {:<10} {:>5} {}  {}\n", "framework", "competence", "items", level_titles,
                       "types");
    for (const auto& [fw, fw_count] : report.frameworks) {
        for (const auto& [code, count] : fw_count.competences) {
            std::string levels;
            for (int level = 1; level <= 8; ++level) {
                const auto it = count.levels.find(level);
                levels += fmt::format("{:>4}", it == count.levels.end() ? 0 : it->second);
            }
            std::string types;
            for (const auto& [type, n] : count.types)
                types += fmt::format("{}{}={}", types.empty() ? "" : " ", type, n);
            out += fmt::format("{:<26} {:<10} {:>5} {}  {}\n", fw, code, count.items, levels, types);
        }
        out += fmt::format("{:<26} {:<10} {:>5}\n", fw, "total", fw_count.items);
    }
    out += fmt::format("{} items, {} problem{}\n", report.items_total, report.problems.size(),
                       report.problems.size() == 1 ? "" : "s");
    return out;
}

}  // namespace passeur::item
