// Validation of items: the schema and answer-key rules of docs/formats/items.md, and the checks
// that need the frameworks (competence, skill) or the image folder. Pure: lookups are injected.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <item/model.hpp>

namespace passeur::item {

// Bounds of docs/formats/items.md (and those it leaves open, documented there too).
inline constexpr std::size_t kMaxStemBytes = 4000;
inline constexpr std::size_t kMaxFeedbackBytes = 4000;
inline constexpr std::size_t kMaxOptionTextBytes = 500;
inline constexpr std::size_t kMinOptions = 2;
inline constexpr std::size_t kMaxOptions = 8;
inline constexpr std::size_t kMaxAcceptedVariants = 20;
inline constexpr std::size_t kMaxAcceptedBytes = 200;
inline constexpr std::size_t kMaxUnitBytes = 20;
inline constexpr std::size_t kMaxResources = 10;
inline constexpr std::size_t kMaxResourceTitleBytes = 200;
inline constexpr std::size_t kMaxUrlBytes = 2000;
inline constexpr std::size_t kMaxSkillBytes = 32;

// One problem of one item; `field` is a JSON pointer relative to the item object ("/options/1/id",
// "" for the item itself).
struct FieldProblem {
    std::string field;
    std::string message;
    friend bool operator==(const FieldProblem&, const FieldProblem&) = default;
};

struct ItemParse {
    std::optional<Item> item;  // set when id, level, type and the lists could be read (even with problems)
    std::vector<FieldProblem> problems;
};

// Schema, sizes and answer-key consistency of one item object (everything that needs no lookup).
// kFileItem: `framework`/`competence` are the file header's; kFull reads them from the object.
ItemParse ParseItem(const nlohmann::json& json, JsonScope scope, std::string_view framework,
                    std::string_view competence);

// Returns nullopt when `competence` is not a competence of `framework`, else its skill codes.
using CompetenceResolver = std::function<std::optional<std::vector<std::string>>(
    std::string_view framework, std::string_view competence)>;
// True when data/items/images/<name> exists (`name` already checked by IsSafeImageName).
using ImageExists = std::function<bool(std::string_view name)>;

// Competence and skill exist; images of stem and feedback exist. Lists every problem.
std::vector<FieldProblem> CheckItemReferences(const Item& item, const CompetenceResolver& competences,
                                              const ImageExists& image_exists);

// Links and images written in a Markdown text, in order of appearance (`[text](target)` and
// `![text](target)`; inline code spans and backslash-escaped brackets are skipped).
struct MarkdownReference {
    bool image = false;
    std::string text;    // link text or alternative text
    std::string target;  // as written
};
std::vector<MarkdownReference> FindMarkdownReferences(std::string_view markdown);

// Markdown problems of a stem or feedback: images only `images/<safe name>` with a non-empty
// alternative text and an existing file, links only http(s).
std::vector<std::string> CheckMarkdown(std::string_view markdown, const ImageExists& image_exists);

// ^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)*$ within 100 bytes, extension svg, png, jpg, jpeg or
// webp (so never "..", a slash or a query).
bool IsSafeImageName(std::string_view name);

// Reserved: /admin/questions/nouvelle is the creation form, so no item may take that id.
inline constexpr std::string_view kReservedItemId = "nouvelle";
// ^[a-z0-9][a-z0-9.-]{2,63}$ and not kReservedItemId.
bool IsValidItemId(std::string_view id);
// ^[a-z0-9]{1,8}$
bool IsValidChoiceId(std::string_view id);
// "http://" or "https://" (case-insensitive) followed by a host, no space or control character.
bool IsHttpUrl(std::string_view url);

}  // namespace passeur::item
