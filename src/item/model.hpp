// The item model: one question of the item bank, as written in data/items/<framework>/<competence>.json
// (docs/formats/items.md) and as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include <core/result.hpp>

namespace passeur::item {

enum class ItemType { kSingleChoice, kMultipleChoice, kShortText, kNumeric, kOrdering, kMatching };
enum class ScoringMode { kAllOrNothing, kPartial };
enum class ItemStatus { kActive, kRetired };

// File names: "single_choice", ..., "all_or_nothing", "partial", "active", "retired".
std::string_view ItemTypeName(ItemType type);
std::optional<ItemType> ParseItemType(std::string_view name);
std::string_view ScoringModeName(ScoringMode mode);
std::optional<ScoringMode> ParseScoringMode(std::string_view name);
std::string_view ItemStatusName(ItemStatus status);
std::optional<ItemStatus> ParseItemStatus(std::string_view name);

// True for the types whose answer is chosen among `options` (single, multiple choice, ordering).
bool UsesOptions(ItemType type);

struct Choice {
    std::string id;    // ^[a-z0-9]{1,8}$, unique within its list
    std::string text;  // plain text, 1-500 bytes
    friend bool operator==(const Choice&, const Choice&) = default;
};

// Answer keys, one per type.
struct SingleChoiceKey {
    std::string option;
    friend bool operator==(const SingleChoiceKey&, const SingleChoiceKey&) = default;
};
struct MultipleChoiceKey {
    std::vector<std::string> options;  // 1..n option ids, as written
    friend bool operator==(const MultipleChoiceKey&, const MultipleChoiceKey&) = default;
};
struct ShortTextKey {
    std::vector<std::string> accepted;  // 1-20 variants
    bool case_sensitive = false;
    bool accent_sensitive = false;
    friend bool operator==(const ShortTextKey&, const ShortTextKey&) = default;
};
struct NumericKey {
    double value = 0;
    double tolerance = 0;  // >= 0
    std::optional<std::string> unit;
    friend bool operator==(const NumericKey&, const NumericKey&) = default;
};
struct OrderingKey {
    std::vector<std::string> order;  // every option id once
    friend bool operator==(const OrderingKey&, const OrderingKey&) = default;
};
struct MatchingKey {
    std::vector<std::pair<std::string, std::string>> pairs;  // (left id, right id), every left id once
    friend bool operator==(const MatchingKey&, const MatchingKey&) = default;
};
using AnswerKey =
    std::variant<SingleChoiceKey, MultipleChoiceKey, ShortTextKey, NumericKey, OrderingKey, MatchingKey>;

struct Resource {
    std::string title;
    std::string url;  // http(s)
    friend bool operator==(const Resource&, const Resource&) = default;
};

// Each flag says the item is usable in that condition.
struct Accessibility {
    bool screen_reader = true;
    bool no_colour = true;
    bool no_timer = true;
    friend bool operator==(const Accessibility&, const Accessibility&) = default;
};

// 2PL logistic parameters (D = 1): a in [0.2, 4], b in [-5, 5].
struct Irt {
    double a = 1.0;
    double b = 0.0;
    friend bool operator==(const Irt&, const Irt&) = default;
};

struct Item {
    std::string id;
    std::string framework;   // from the file header
    std::string competence;  // from the file header
    std::optional<std::string> skill;
    int level = 1;  // 1-8
    ItemType type = ItemType::kSingleChoice;
    std::string stem;             // Markdown subset
    std::vector<Choice> options;  // single/multiple choice, ordering
    std::vector<Choice> left;     // matching
    std::vector<Choice> right;    // matching (may hold distractors)
    AnswerKey answer;             // alternative matches `type`
    ScoringMode scoring = ScoringMode::kAllOrNothing;
    bool keep_order = false;  // choice items: show options in file order (no shuffle)
    std::string feedback;     // Markdown subset
    std::vector<Resource> resources;
    Accessibility accessibility;
    std::optional<Irt> irt;  // absent: the prior of DefaultIrt(level)
    bool anchor = false;
    // Store only (not in item files):
    ItemStatus status = ItemStatus::kActive;
    std::int64_t revision = 0;

    // The parameters to use: `irt` when given, else DefaultIrt(level).
    Irt EffectiveIrt() const;
    friend bool operator==(const Item&, const Item&) = default;
};

// a = 1, b = (level - 4.5) * 0.75.
Irt DefaultIrt(int level);

enum class JsonScope {
    kFileItem,  // the item object of an item file (no framework, competence, status, revision)
    kFull,      // plus "framework", "competence", "status", "revision" (store, API)
};

// The item in the file format; members at their default value are left out (scoring
// all_or_nothing, keep_order false, accessibility all true, anchor false, empty resources, absent
// skill/irt). ItemFromJson(ItemToJson(x)) == x for every valid item.
nlohmann::json ItemToJson(const Item& item, JsonScope scope = JsonScope::kFileItem);

// Parses and validates one item object (schema, sizes, answer key consistency: see validation.hpp).
// kFileItem: `framework` and `competence` come from the file header; kFull: from the object (the
// arguments are ignored). Error: the first problem, its `field` a JSON pointer relative to the item.
core::Result<Item> ItemFromJson(const nlohmann::json& json, JsonScope scope = JsonScope::kFileItem,
                                std::string_view framework = {}, std::string_view competence = {});

}  // namespace passeur::item
