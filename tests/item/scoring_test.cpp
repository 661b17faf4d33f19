#include <cmath>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <item/scoring.hpp>

namespace passeur::item {
namespace {

using nlohmann::json;

Item Make(const std::string& text) {
    auto item = ItemFromJson(json::parse(text), JsonScope::kFileItem, "f", "1.1");
    EXPECT_TRUE(item.has_value()) << (item ? "" : item.error().message);
    return item ? *item : Item{};
}

const std::string kOptions4 =
    R"("options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}, {"id": "d", "text": "D"}])";

Item Single() {
    return Make(R"({"id": "x-001", "level": 1, "type": "single_choice", "stem": "S", "feedback": "F", )" +
                kOptions4 + R"(, "answer": "b"})");
}
Item Multiple(bool partial) {
    return Make(R"({"id": "x-002", "level": 1, "type": "multiple_choice", "stem": "S", "feedback": "F", )" +
                kOptions4 + R"(, "answer": ["a", "c"], "scoring": ")" +
                (partial ? "partial" : "all_or_nothing") + R"("})");
}
Item Ordering(bool partial) {
    return Make(R"({"id": "x-003", "level": 1, "type": "ordering", "stem": "S", "feedback": "F", )" +
                kOptions4 + R"(, "answer": ["c", "a", "b", "d"], "scoring": ")" +
                (partial ? "partial" : "all_or_nothing") + R"("})");
}
Item Matching(bool partial) {
    return Make(
        R"({"id": "x-004", "level": 1, "type": "matching", "stem": "S", "feedback": "F",
        "left": [{"id": "l1", "text": "A"}, {"id": "l2", "text": "B"}, {"id": "l3", "text": "C"}],
        "right": [{"id": "r1", "text": "A"}, {"id": "r2", "text": "B"}, {"id": "r3", "text": "C"}, {"id": "r4", "text": "D"}],
        "answer": {"l1": "r2", "l2": "r1", "l3": "r3"}, "scoring": ")" +
        std::string(partial ? "partial" : "all_or_nothing") + R"("})");
}
Item ShortText(const std::string& key) {
    return Make(
        R"({"id": "x-005", "level": 1, "type": "short_text", "stem": "S", "feedback": "F", "answer": )" +
        key + "}");
}
Item Numeric() {
    return Make(
        R"({"id": "x-006", "level": 1, "type": "numeric", "stem": "S", "feedback": "F", "answer": {"value": 1234.5, "tolerance": 0.5, "unit": "€"}})");
}

void ExpectScore(const Item& item, const json& response, double credit, double max_credit, bool malformed) {
    const Score s = ScoreResponse(item, response);
    const std::string shown = response.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 80);
    EXPECT_DOUBLE_EQ(s.credit, credit) << shown << " " << s.reason;
    EXPECT_DOUBLE_EQ(s.max_credit, max_credit) << shown;
    EXPECT_EQ(s.malformed, malformed) << shown << " " << s.reason;
    if (malformed || credit < max_credit) {
        EXPECT_FALSE(s.reason.empty()) << shown;
    } else {
        EXPECT_TRUE(s.reason.empty()) << shown;
    }
}

// Responses that no item type accepts.
std::vector<json> Hostile() {
    json nested = json::object();
    json* at = &nested;
    for (int i = 0; i < 50; ++i) at = &((*at)["x"] = json::object());
    json huge_array = json::array();
    for (int i = 0; i < 100000; ++i) huge_array.push_back("a");
    return {json(nullptr),
            json(true),
            json::object({{"a", {{"b", "c"}}}}),
            nested,
            huge_array,
            json(std::numeric_limits<double>::quiet_NaN()),
            json(std::numeric_limits<double>::infinity()),
            json(std::string(1 << 20, 'a')),
            json(std::string("\xFF\xFE"))};
}

TEST(Scoring, SingleChoice) {
    const Item item = Single();
    ExpectScore(item, "b", 1, 1, false);
    ExpectScore(item, "a", 0, 1, false);
    ExpectScore(item, "z", 0, 1, true);
    ExpectScore(item, "B", 0, 1, true);
    ExpectScore(item, json::array({"b"}), 0, 1, true);
    ExpectScore(item, 1, 0, 1, true);
    for (const auto& r : Hostile()) ExpectScore(item, r, 0, 1, true);
}

TEST(Scoring, MultipleChoiceAllOrNothing) {
    const Item item = Multiple(false);
    ExpectScore(item, json::array({"c", "a"}), 1, 1, false);
    ExpectScore(item, json::array({"a"}), 0, 1, false);
    ExpectScore(item, json::array({"a", "c", "d"}), 0, 1, false);
    ExpectScore(item, json::array(), 0, 1, false);
    ExpectScore(item, json::array({"a", "a"}), 0, 1, true);
    ExpectScore(item, json::array({"a", "z"}), 0, 1, true);
    ExpectScore(item, json::array({"a", nullptr}), 0, 1, true);
    ExpectScore(item, json::array({"a", json::array({"c"})}), 0, 1, true);
    ExpectScore(item, "a", 0, 1, true);
    ExpectScore(item, json::array({"a", "b", "c", "d", "a"}), 0, 1, true);
    for (const auto& r : Hostile()) ExpectScore(item, r, 0, 1, true);
}

TEST(Scoring, MultipleChoicePartialCountsOptionsDecidedRight) {
    const Item item = Multiple(true);
    ExpectScore(item, json::array({"a", "c"}), 4, 4, false);
    ExpectScore(item, json::array({"a"}), 3, 4, false);            // c missed
    ExpectScore(item, json::array({"a", "c", "d"}), 3, 4, false);  // d wrongly selected
    ExpectScore(item, json::array(), 2, 4, false);                 // b and d rightly left out
    ExpectScore(item, json::array({"b", "d"}), 0, 4, false);
    ExpectScore(item, json::array({"a", "a"}), 0, 4, true);
    for (const auto& r : Hostile()) ExpectScore(item, r, 0, 4, true);
}

TEST(Scoring, Ordering) {
    const Item all = Ordering(false);
    ExpectScore(all, json::array({"c", "a", "b", "d"}), 1, 1, false);
    ExpectScore(all, json::array({"a", "b", "c", "d"}), 0, 1, false);
    const Item partial = Ordering(true);
    ExpectScore(partial, json::array({"c", "a", "b", "d"}), 3, 3, false);
    ExpectScore(partial, json::array({"a", "b", "d", "c"}), 2, 3, false);  // a-b and b-d, not c-a
    ExpectScore(partial, json::array({"d", "c", "a", "b"}), 2, 3, false);  // c-a, a-b
    ExpectScore(partial, json::array({"d", "b", "a", "c"}), 0, 3, false);
    ExpectScore(partial, json::array({"c", "a", "b"}), 0, 3, true);  // incomplete
    ExpectScore(partial, json::array({"c", "a", "b", "b"}), 0, 3, true);
    ExpectScore(partial, json::array({"c", "a", "b", "z"}), 0, 3, true);
    ExpectScore(partial, json::array({"c", "a", "b", 4}), 0, 3, true);
    ExpectScore(partial, json::object({{"c", "a"}}), 0, 3, true);
    for (const auto& r : Hostile()) ExpectScore(partial, r, 0, 3, true);
    for (const auto& r : Hostile()) ExpectScore(all, r, 0, 1, true);
}

TEST(Scoring, Matching) {
    const Item all = Matching(false);
    ExpectScore(all, {{"l1", "r2"}, {"l2", "r1"}, {"l3", "r3"}}, 1, 1, false);
    ExpectScore(all, {{"l1", "r2"}, {"l2", "r1"}, {"l3", "r4"}}, 0, 1, false);
    const Item partial = Matching(true);
    ExpectScore(partial, {{"l1", "r2"}, {"l2", "r1"}, {"l3", "r3"}}, 3, 3, false);
    ExpectScore(partial, {{"l1", "r2"}, {"l2", "r3"}, {"l3", "r4"}}, 1, 3, false);
    ExpectScore(partial, {{"l1", "r2"}}, 1, 3, false);  // unanswered left ids count wrong
    ExpectScore(partial, json::object(), 0, 3, false);
    ExpectScore(partial, {{"l1", "r2"}, {"l2", "r2"}}, 1, 3, false);  // a right id used twice is just wrong
    ExpectScore(partial, {{"l9", "r2"}}, 0, 3, true);
    ExpectScore(partial, {{"l1", "r9"}}, 0, 3, true);
    ExpectScore(partial, {{"l1", 2}}, 0, 3, true);
    ExpectScore(partial, {{"l1", nullptr}}, 0, 3, true);
    ExpectScore(partial, {{"l1", {{"r2", "r2"}}}}, 0, 3, true);
    ExpectScore(partial, json::array({"r2", "r1", "r3"}), 0, 3, true);
    for (const auto& r : Hostile()) {
        if (r.is_object() && r.contains("a")) continue;  // covered: unknown left id
        ExpectScore(partial, r, 0, 3, true);
    }
}

TEST(Scoring, ShortTextNormalisation) {
    const Item item = ShortText(R"({"accepted": ["mot de passe", "mdp", "L'œuvre"]})");
    ExpectScore(item, "mot de passe", 1, 1, false);
    ExpectScore(item, "  Mot  de\tPASSE ", 1, 1, false);
    ExpectScore(item, "mot\u00A0de\u202Fpasse", 1, 1, false);
    ExpectScore(item, "MDP", 1, 1, false);
    ExpectScore(item, "Mot dé passé", 1, 1, false);
    ExpectScore(item, "l\u2019oeuvre", 1, 1, false);
    ExpectScore(item, "L'OEUVRE", 1, 1, false);
    ExpectScore(item, "mot de pass", 0, 1, false);
    ExpectScore(item, "motdepasse", 0, 1, false);
    ExpectScore(item, "", 0, 1, false);
    ExpectScore(item, "mot de passe" + std::string(990, ' '), 0, 1, true);  // over 1000 bytes
    ExpectScore(item, json::array({"mot de passe"}), 0, 1, true);
    ExpectScore(item, 12, 0, 1, true);
    for (const auto& r : Hostile()) ExpectScore(item, r, 0, 1, true);

    const Item sensitive =
        ShortText(R"({"accepted": ["Élysée"], "case_sensitive": true, "accent_sensitive": true})");
    ExpectScore(sensitive, "Élysée", 1, 1, false);
    ExpectScore(sensitive, "E\u0301lyse\u0301e", 1, 1, false);  // NFD input, NFC key
    ExpectScore(sensitive, " Élysée  ", 1, 1, false);
    ExpectScore(sensitive, "élysée", 0, 1, false);
    ExpectScore(sensitive, "Elysee", 0, 1, false);
    const Item accents_only = ShortText(R"({"accepted": ["Élysée"], "accent_sensitive": true})");
    ExpectScore(accents_only, "élysée", 1, 1, false);
    ExpectScore(accents_only, "ELYSEE", 0, 1, false);

    EXPECT_EQ(NormaliseShortText("  « Ça  va ? »  ", false, false), "\" ca va ? \"");
    EXPECT_EQ(NormaliseShortText("L\u2019île", true, true), "L'île");
}

TEST(Scoring, Numeric) {
    const Item item = Numeric();
    ExpectScore(item, 1234.5, 1, 1, false);
    ExpectScore(item, 1234, 1, 1, false);
    ExpectScore(item, 1235, 1, 1, false);
    ExpectScore(item, 1235.01, 0, 1, false);
    ExpectScore(item, "1234,5", 1, 1, false);
    ExpectScore(item, "1234.5", 1, 1, false);
    ExpectScore(item, "1 234,5", 1, 1, false);
    ExpectScore(item, " 1\u00A0234,5 ", 1, 1, false);
    ExpectScore(item, "1\u202F234.5", 1, 1, false);
    ExpectScore(item, "+1234.5", 1, 1, false);
    ExpectScore(item, "1.2345e3", 1, 1, false);
    ExpectScore(item, "1e308", 0, 1, false);
    ExpectScore(item, 1e308, 0, 1, false);
    ExpectScore(item, "-1234.5", 0, 1, false);
    ExpectScore(item, "1e309", 0, 1, true);
    ExpectScore(item, "1,234.5", 0, 1, true);   // two decimal separators
    ExpectScore(item, "12 34,5", 0, 1, true);   // not a thousand grouping
    ExpectScore(item, "1234,5 €", 0, 1, true);  // the unit is shown, not typed
    ExpectScore(item, "douze", 0, 1, true);
    ExpectScore(item, "", 0, 1, true);
    ExpectScore(item, "-", 0, 1, true);
    ExpectScore(item, "1e", 0, 1, true);
    ExpectScore(item, "NaN", 0, 1, true);
    ExpectScore(item, "inf", 0, 1, true);
    ExpectScore(item, "0x4D2", 0, 1, true);
    ExpectScore(item, std::string(2000, '1'), 0, 1, true);
    for (const auto& r : Hostile()) ExpectScore(item, r, 0, 1, true);

    EXPECT_EQ(ParseLearnerNumber(",5"), 0.5);
    EXPECT_EQ(ParseLearnerNumber("-.5"), -0.5);
    EXPECT_EQ(ParseLearnerNumber("5."), 5.0);
    EXPECT_EQ(ParseLearnerNumber("\u22123"), -3.0);
    EXPECT_EQ(ParseLearnerNumber("1 000 000"), 1e6);
    EXPECT_FALSE(ParseLearnerNumber("1  000").has_value());
    EXPECT_FALSE(ParseLearnerNumber("1 0000").has_value());
    EXPECT_FALSE(ParseLearnerNumber("--1").has_value());
    EXPECT_FALSE(ParseLearnerNumber("1.5.2").has_value());

    // Binary rounding does not cost the learner a point.
    const Item exact = Make(
        R"({"id": "x-007", "level": 1, "type": "numeric", "stem": "S", "feedback": "F", "answer": {"value": 0.3, "tolerance": 0}})");
    ExpectScore(exact, 0.1 + 0.2, 1, 1, false);
    ExpectScore(exact, "0,3", 1, 1, false);
    ExpectScore(exact, "0,30001", 0, 1, false);
}

TEST(Scoring, FractionIsBounded) {
    EXPECT_DOUBLE_EQ(ScoreResponse(Multiple(true), json::array({"a"})).Fraction(), 0.75);
    EXPECT_DOUBLE_EQ(ScoreResponse(Single(), "b").Fraction(), 1.0);
    EXPECT_DOUBLE_EQ(ScoreResponse(Single(), nullptr).Fraction(), 0.0);
}

}  // namespace
}  // namespace passeur::item
