#include <set>
#include <string>

#include <gtest/gtest.h>

#include <item/learner_view.hpp>

namespace passeur::item {
namespace {

using nlohmann::json;

Item Make(const std::string& text) {
    auto item = ItemFromJson(json::parse(text), JsonScope::kFileItem, "f", "1.1");
    EXPECT_TRUE(item.has_value()) << (item ? "" : item.error().message);
    return item ? *item : Item{};
}

const std::string kOptions =
    R"("options": [{"id": "a", "text": "Alpha"}, {"id": "b", "text": "Bravo"}, {"id": "c", "text": "Charlie"},
                   {"id": "d", "text": "Delta"}, {"id": "e", "text": "Echo"}])";

std::vector<std::string> Ids(const std::vector<Choice>& choices) {
    std::vector<std::string> out;
    for (const auto& c : choices) out.push_back(c.id);
    return out;
}

// The key, feedback and IRT values are nowhere in the serialised view.
void ExpectNoKey(const json& view) {
    const std::string text = view.dump();
    for (const char* secret :
         {"answer", "feedback", "SECRET", "accepted", "tolerance", "irt", "scoring", "\"b\":0.7"}) {
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
    }
}

TEST(LearnerView, ChoicesAreShuffledReproduciblyAndTheKeyIsNeverShown) {
    const Item item =
        Make(R"({"id": "x-001", "level": 1, "type": "multiple_choice", "stem": "S", "feedback": "SECRET",
        "irt": {"a": 1.3, "b": 0.7}, "answer": ["a", "c"], )" +
             kOptions + "}");
    std::set<std::vector<std::string>> orders;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        core::SeededRandom random(seed);
        const ItemView view = ForLearner(item, random);
        auto ids = Ids(view.options);
        orders.insert(ids);
        std::sort(ids.begin(), ids.end());
        EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
        const json j = ItemViewToJson(view);
        ExpectNoKey(j);
        EXPECT_EQ(j["type"], "multiple_choice");
        EXPECT_EQ(j["options"].size(), 5U);
    }
    EXPECT_GT(orders.size(), 10U);
    core::SeededRandom r1(42);
    core::SeededRandom r2(42);
    EXPECT_EQ(Ids(ForLearner(item, r1).options), Ids(ForLearner(item, r2).options));
}

TEST(LearnerView, KeepOrderKeepsTheFileOrder) {
    const Item item =
        Make(R"({"id": "x-001", "level": 1, "type": "single_choice", "stem": "S", "feedback": "SECRET",
        "answer": "b", "keep_order": true, )" +
             kOptions + "}");
    core::SeededRandom random(3);
    const ItemView view = ForLearner(item, random);
    EXPECT_EQ(Ids(view.options), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
    ExpectNoKey(ItemViewToJson(view));
}

TEST(LearnerView, OrderingNeverStartsInTheRightOrder) {
    const Item item =
        Make(R"({"id": "x-001", "level": 1, "type": "ordering", "stem": "S", "feedback": "SECRET",
        "answer": ["b", "a"], "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]})");
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        core::SeededRandom random(seed);
        const ItemView view = ForLearner(item, random);
        EXPECT_EQ(Ids(view.options), (std::vector<std::string>{"a", "b"}));
        ExpectNoKey(ItemViewToJson(view));
    }
}

TEST(LearnerView, MatchingShufflesTheRightColumnOnly) {
    const Item item =
        Make(R"({"id": "x-001", "level": 1, "type": "matching", "stem": "S", "feedback": "SECRET",
        "left": [{"id": "l1", "text": "A"}, {"id": "l2", "text": "B"}, {"id": "l3", "text": "C"}],
        "right": [{"id": "r1", "text": "A"}, {"id": "r2", "text": "B"}, {"id": "r3", "text": "C"}, {"id": "r4", "text": "D"}],
        "answer": {"l1": "r1", "l2": "r2", "l3": "r3"}})");
    std::set<std::vector<std::string>> orders;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
        core::SeededRandom random(seed);
        const ItemView view = ForLearner(item, random);
        EXPECT_EQ(Ids(view.left), (std::vector<std::string>{"l1", "l2", "l3"}));
        orders.insert(Ids(view.right));
        const json j = ItemViewToJson(view);
        ExpectNoKey(j);
        EXPECT_FALSE(j.contains("options"));
        EXPECT_EQ(j["right"].size(), 4U);
    }
    EXPECT_GT(orders.size(), 5U);
}

TEST(LearnerView, TextAndNumberItemsShowNoKey) {
    const Item text =
        Make(R"({"id": "x-001", "level": 1, "type": "short_text", "stem": "S", "feedback": "SECRET",
        "answer": {"accepted": ["SECRET"]}, "accessibility": {"screen_reader": false, "no_colour": true, "no_timer": true}})");
    core::SeededRandom random(1);
    const json tj = ItemViewToJson(ForLearner(text, random));
    ExpectNoKey(tj);
    EXPECT_FALSE(tj.contains("options"));
    EXPECT_EQ(tj["accessibility"]["screen_reader"], false);
    const Item number =
        Make(R"({"id": "x-002", "level": 1, "type": "numeric", "stem": "S", "feedback": "SECRET",
        "answer": {"value": 424242, "tolerance": 0.5, "unit": "€"}})");
    const json nj = ItemViewToJson(ForLearner(number, random));
    ExpectNoKey(nj);
    EXPECT_EQ(nj.dump().find("424242"), std::string::npos);
    EXPECT_EQ(nj["unit"], "€");
}

}  // namespace
}  // namespace passeur::item
