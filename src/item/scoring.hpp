// Scoring of a learner's response to an item (docs/formats/items.md, "Answer keys and responses").
// Pure and total: any JSON response gives a Score, a malformed one scores 0 with `malformed` set.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <item/model.hpp>

namespace passeur::item {

inline constexpr std::size_t kMaxResponseTextBytes = 1000;

struct Score {
    double credit = 0;      // 0..max_credit
    double max_credit = 1;  // 1 for all_or_nothing; n options / n - 1 pairs / n left ids for partial
    bool malformed = false;
    std::string
        reason;  // English, for logs and tests: why the response is malformed or wrong ("" when right)

    // credit / max_credit, in [0, 1].
    double Fraction() const { return max_credit > 0 ? credit / max_credit : 0; }
};

// Dispatches on item.type. The item is assumed valid (ParseItem without problems).
Score ScoreResponse(const Item& item, const nlohmann::json& response);

Score ScoreSingleChoice(const Item& item, const SingleChoiceKey& key, const nlohmann::json& response);
Score ScoreMultipleChoice(const Item& item, const MultipleChoiceKey& key, const nlohmann::json& response);
Score ScoreShortText(const ShortTextKey& key, const nlohmann::json& response);
Score ScoreNumeric(const NumericKey& key, const nlohmann::json& response);
Score ScoreOrdering(const Item& item, const OrderingKey& key, const nlohmann::json& response);
Score ScoreMatching(const Item& item, const MatchingKey& key, const nlohmann::json& response);

// The response the answer key itself gives (full credit): the key's option(s), the first accepted
// text, the numeric value, the order, or the pairs as {left: right}. For scripted examinees
// (simulations, demo data, tests); never sent to a learner.
nlohmann::json KeyResponse(const Item& item);

// Short-text normalisation: NFC, typographic apostrophes and quotes to ASCII, trim, runs of
// white space (including no-break spaces) to one space, then lower case unless `case_sensitive`
// and marks removed unless `accent_sensitive`.
std::string NormaliseShortText(std::string_view text, bool case_sensitive, bool accent_sensitive);

// A learner's number: optional sign, digits with spaces (or no-break spaces) as thousand
// separators, one decimal comma or point, optional exponent ("1 234,5", "-0.5", "1e3").
// nullopt when malformed or not finite.
std::optional<double> ParseLearnerNumber(std::string_view text);

}  // namespace passeur::item
