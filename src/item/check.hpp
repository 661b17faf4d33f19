// `passeur items check`: validates a whole item bank (every file of data/items/) and counts it.
// Pure: file contents, framework lookups and image existence are given by the caller.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <item/model.hpp>
#include <item/validation.hpp>

namespace passeur::item {

inline constexpr std::string_view kItemFileFormat = "passeur-items/1";
inline constexpr std::size_t kMaxItemFileBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxItemsPerFile = 1000;

struct ItemFile {
    std::string path;  // relative to the items folder, '/' separated: "competences-numeriques/1.1.json"
    std::string text;
};

// {file, line, field, message}: `field` is a JSON pointer into the file ("/items/3/options/1/id"),
// `line` the 1-based line of that value (or of its nearest existing parent).
struct CheckProblem {
    std::string file;
    std::size_t line = 1;
    std::string field;
    std::string message;
    friend bool operator==(const CheckProblem&, const CheckProblem&) = default;
};

struct CompetenceCount {
    std::size_t items = 0;
    std::map<int, std::size_t> levels;         // level -> items
    std::map<std::string, std::size_t> types;  // type name -> items
};
struct FrameworkCount {
    std::size_t items = 0;
    std::map<std::string, CompetenceCount> competences;  // by code
};

struct CheckReport {
    std::size_t items_total = 0;  // items that could be read (problems or not)
    std::map<std::string, FrameworkCount> frameworks;
    std::vector<CheckProblem> problems;  // in file order, then position
    std::vector<Item> items;             // every item read without a problem of its own, in file order
    bool ok() const { return problems.empty(); }
};

struct CheckOptions {
    CompetenceResolver competences;
    ImageExists image_exists;
};

// Checks every file: JSON syntax, format marker, header, file name `<framework>/<competence>.json`,
// competence exists, each item (ParseItem, CheckItemReferences), item ids unique across all files.
CheckReport CheckItemFiles(const std::vector<ItemFile>& files, const CheckOptions& options);

// {"items_total", "frameworks": {fw: {"items", "competences": {code: {"items", "levels": {"1": n},
// "types": {"single_choice": n}}}}}, "problems": [{"file", "line", "field", "message"}], "ok"}
nlohmann::json CheckReportToJson(const CheckReport& report);

// One "file:line: field: message" line per problem, then a summary table per framework and competence.
std::string CheckReportToText(const CheckReport& report);

}  // namespace passeur::item
