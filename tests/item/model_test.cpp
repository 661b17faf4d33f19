#include <string>

#include <gtest/gtest.h>

#include <item/model.hpp>
#include <item/validation.hpp>

namespace passeur::item {
namespace {

using nlohmann::json;

const json kFileItem = json::parse(R"({
  "id": "cn-1.1-002", "skill": "1.1.2", "level": 3, "type": "multiple_choice",
  "stem": "Quels indices ?",
  "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}],
  "answer": ["c", "a"], "scoring": "partial", "keep_order": true,
  "feedback": "Parce que.",
  "resources": [{"title": "Guide", "url": "https://example.org/guide"}],
  "accessibility": {"screen_reader": false, "no_colour": true, "no_timer": true},
  "irt": {"a": 1.5, "b": -0.25}, "anchor": true
})");

TEST(ItemModel, FileItemRoundTripIsLossless) {
    auto item = ItemFromJson(kFileItem, JsonScope::kFileItem, "competences-numeriques", "1.1");
    ASSERT_TRUE(item.has_value()) << item.error().message;
    EXPECT_EQ(item->framework, "competences-numeriques");
    EXPECT_EQ(item->competence, "1.1");
    EXPECT_EQ(item->type, ItemType::kMultipleChoice);
    EXPECT_EQ(std::get<MultipleChoiceKey>(item->answer).options, (std::vector<std::string>{"c", "a"}));
    EXPECT_EQ(item->scoring, ScoringMode::kPartial);
    EXPECT_FALSE(item->accessibility.screen_reader);
    EXPECT_EQ(item->irt, (Irt{1.5, -0.25}));
    EXPECT_TRUE(item->anchor);
    EXPECT_TRUE(item->keep_order);
    EXPECT_EQ(ItemToJson(*item), kFileItem);
    const auto again = ItemFromJson(ItemToJson(*item), JsonScope::kFileItem, "competences-numeriques", "1.1");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(*again, *item);
}

TEST(ItemModel, FullScopeCarriesContextStatusAndRevision) {
    auto item = ItemFromJson(kFileItem, JsonScope::kFileItem, "competences-numeriques", "1.1");
    ASSERT_TRUE(item.has_value());
    item->status = ItemStatus::kRetired;
    item->revision = 7;
    const auto full = ItemToJson(*item, JsonScope::kFull);
    EXPECT_EQ(full["framework"], "competences-numeriques");
    EXPECT_EQ(full["status"], "retired");
    EXPECT_EQ(full["revision"], 7);
    const auto back = ItemFromJson(full, JsonScope::kFull);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, *item);
    // Those members are not part of an item file.
    const auto in_file = ItemFromJson(full, JsonScope::kFileItem, "competences-numeriques", "1.1");
    ASSERT_FALSE(in_file.has_value());
    EXPECT_EQ(in_file.error().field, "/competence");
}

TEST(ItemModel, EveryTypeRoundTrips) {
    const char* items[] = {
        R"({"id": "x-001", "level": 1, "type": "single_choice", "stem": "S", "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "answer": "b", "feedback": "F"})",
        R"({"id": "x-002", "level": 8, "type": "short_text", "stem": "S", "answer": {"accepted": ["Mot", "mdp"], "case_sensitive": true, "accent_sensitive": true}, "feedback": "F"})",
        R"({"id": "x-003", "level": 4, "type": "numeric", "stem": "S", "answer": {"value": 12.5, "tolerance": 0.5, "unit": "€"}, "feedback": "F"})",
        R"({"id": "x-004", "level": 4, "type": "ordering", "stem": "S", "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "answer": ["b", "a"], "scoring": "partial", "feedback": "F"})",
        R"({"id": "x-005", "level": 4, "type": "matching", "stem": "S", "left": [{"id": "l2", "text": "A"}, {"id": "l1", "text": "B"}], "right": [{"id": "r1", "text": "A"}, {"id": "r2", "text": "B"}], "answer": {"l1": "r2", "l2": "r1"}, "feedback": "F"})",
    };
    for (const char* text : items) {
        const auto j = json::parse(text);
        const auto item = ItemFromJson(j, JsonScope::kFileItem, "f", "1.1");
        ASSERT_TRUE(item.has_value()) << text << ": " << item.error().message;
        EXPECT_EQ(ItemToJson(*item), j) << text;
        EXPECT_EQ(ItemFromJson(ItemToJson(*item), JsonScope::kFileItem, "f", "1.1").value(), *item);
    }
    // Matching pairs follow the left column.
    const auto matching = ItemFromJson(json::parse(items[4]), JsonScope::kFileItem, "f", "1.1").value();
    EXPECT_EQ(std::get<MatchingKey>(matching.answer).pairs,
              (std::vector<std::pair<std::string, std::string>>{{"l2", "r1"}, {"l1", "r2"}}));
}

TEST(ItemModel, DefaultIrtFollowsTheLevel) {
    EXPECT_EQ(DefaultIrt(1), (Irt{1.0, -2.625}));
    EXPECT_EQ(DefaultIrt(8), (Irt{1.0, 2.625}));
    Item item;
    item.level = 5;
    EXPECT_EQ(item.EffectiveIrt(), (Irt{1.0, 0.375}));
    item.irt = Irt{2, 1};
    EXPECT_EQ(item.EffectiveIrt(), (Irt{2, 1}));
}

TEST(ItemModel, NamesRoundTrip) {
    for (const auto type : {ItemType::kSingleChoice, ItemType::kMultipleChoice, ItemType::kShortText,
                            ItemType::kNumeric, ItemType::kOrdering, ItemType::kMatching}) {
        EXPECT_EQ(ParseItemType(ItemTypeName(type)), type);
    }
    EXPECT_FALSE(ParseItemType("Single_choice").has_value());
    EXPECT_EQ(ParseScoringMode("partial"), ScoringMode::kPartial);
    EXPECT_EQ(ParseItemStatus("retired"), ItemStatus::kRetired);
    EXPECT_FALSE(ParseItemStatus("deleted").has_value());
}

// Validation without files: each rule of items.md gives a problem at its field.
std::vector<FieldProblem> ProblemsOf(const std::string& text) {
    return ParseItem(json::parse(text), JsonScope::kFileItem, "f", "1.1").problems;
}

TEST(ItemValidation, SizesAndShapes) {
    const std::string base_start =
        R"({"id": "x-001", "level": 1, "type": "short_text", "answer": {"accepted": ["x"]}, )";
    EXPECT_EQ(ProblemsOf(base_start + R"("stem": ")" + std::string(4001, 'a') + R"(", "feedback": "F"})"),
              (std::vector<FieldProblem>{{"/stem", "is 4001 bytes long, over the limit of 4000"}}));
    EXPECT_TRUE(
        ProblemsOf(base_start + R"("stem": ")" + std::string(4000, 'a') + R"(", "feedback": "F"})").empty());
    EXPECT_EQ(ProblemsOf(base_start + R"("stem": "", "feedback": 3})"),
              (std::vector<FieldProblem>{{"/stem", "must not be empty"},
                                         {"/feedback", "must be a string, not an integer"}}));
    EXPECT_EQ(ProblemsOf(base_start + R"("stem": "S", "feedback": "F", "options": []})"),
              (std::vector<FieldProblem>{
                  {"/options", "is only for single_choice, multiple_choice and ordering items"}}));
    EXPECT_EQ(ProblemsOf(base_start +
                         R"("stem": "S", "feedback": "F", "irt": {"a": 1, "b": -6}, "anchor": "yes"})"),
              (std::vector<FieldProblem>{{"/irt/b", "difficulty must be in [-5, 5], not -6"},
                                         {"/anchor", "must be true or false, not a string"}}));
    EXPECT_EQ(ProblemsOf(base_start +
                         R"("stem": "S", "feedback": "F", "resources": [{"title": "T", "url": "ftp://x"}]})"),
              (std::vector<FieldProblem>{{"/resources/0/url", "\"ftp://x\" is not an http(s) address"}}));
    EXPECT_EQ(ProblemsOf(R"({"id": "x-001", "level": 1, "type": "single_choice", "stem": "S", "feedback": "F",
        "options": [{"id": "A", "text": "a"}, {"id": "b", "text": ""}], "answer": "b"})"),
              (std::vector<FieldProblem>{{"/options/0/id", "\"A\" is not a valid id (1 to 8 of a-z, 0-9)"},
                                         {"/options/1/text", "must not be empty"}}));
    EXPECT_EQ(
        ProblemsOf(R"({"id": "x-001", "level": 1, "type": "multiple_choice", "stem": "S", "feedback": "F",
        "options": [{"id": "a", "text": "a"}, {"id": "b", "text": "b"}], "answer": ["a", "a", 3]})"),
        (std::vector<FieldProblem>{{"/answer/1", "option \"a\" is listed twice"},
                                   {"/answer/2", "must be an option id, not an integer"}}));
    EXPECT_EQ(ProblemsOf(R"({"id": "x-001", "level": 1, "type": "numeric", "stem": "S", "feedback": "F",
        "answer": {"value": "12", "tolerance": 0}})"),
              (std::vector<FieldProblem>{{"/answer/value", "must be a number, not a string"}}));
    EXPECT_EQ(
        ProblemsOf(R"({"id": "x-001", "level": 1, "type": "ordering", "stem": "S", "feedback": "F",
        "options": [{"id": "a", "text": "a"}, {"id": "b", "text": "b"}], "answer": ["a", "b"], "keep_order": true})"),
        (std::vector<FieldProblem>{{"/keep_order", "is only for single_choice and multiple_choice items"}}));
    EXPECT_EQ(ProblemsOf("[]"), (std::vector<FieldProblem>{{"", "must be an object, not an array"}}));
}

TEST(ItemValidation, MarkdownReferences) {
    const auto refs = FindMarkdownReferences(
        "Voir [le site](https://a.fr) et ![un schéma](images/s.svg), `[x](y)`, \\[z](w)");
    ASSERT_EQ(refs.size(), 2U);
    EXPECT_FALSE(refs[0].image);
    EXPECT_EQ(refs[0].text, "le site");
    EXPECT_EQ(refs[0].target, "https://a.fr");
    EXPECT_TRUE(refs[1].image);
    EXPECT_EQ(refs[1].text, "un schéma");
    EXPECT_EQ(refs[1].target, "images/s.svg");
    EXPECT_TRUE(IsSafeImageName("courriel-suspect_2.v1.svg"));
    EXPECT_TRUE(IsSafeImageName("A.PNG"));
    EXPECT_FALSE(IsSafeImageName("../secret.svg"));
    EXPECT_FALSE(IsSafeImageName("a..svg"));
    EXPECT_FALSE(IsSafeImageName("a/b.svg"));
    EXPECT_FALSE(IsSafeImageName("a.svg?x=1"));
    EXPECT_FALSE(IsSafeImageName("a.html"));
    EXPECT_FALSE(IsSafeImageName("noextension"));
    EXPECT_FALSE(IsSafeImageName(".svg"));
    EXPECT_TRUE(IsValidItemId("cn-1.1-001"));
    EXPECT_FALSE(IsValidItemId("-cn"));
    EXPECT_FALSE(IsValidItemId("ab"));
    EXPECT_FALSE(IsValidItemId("nouvelle"));  // the creation page's URL
    EXPECT_TRUE(IsValidItemId("nouvelle-2"));
    EXPECT_FALSE(IsValidItemId(std::string(65, 'a')));
    EXPECT_TRUE(IsHttpUrl("HTTPS://www.service-public.fr/x?y=1"));
    EXPECT_FALSE(IsHttpUrl("javascript:alert(1)"));
    EXPECT_FALSE(IsHttpUrl("https://"));
    EXPECT_FALSE(IsHttpUrl("https://a b"));
    EXPECT_FALSE(IsHttpUrl("//evil.example"));
}

}  // namespace
}  // namespace passeur::item
