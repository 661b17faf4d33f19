#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <system_error>
#include <type_traits>
#include <variant>
#include <vector>

#include <core/encoding.hpp>
#include <core/unicode.hpp>

#include <item/scoring.hpp>

namespace passeur::item {

namespace {

using nlohmann::json;

Score Malformed(double max_credit, std::string reason) {
    return Score{0, max_credit, true, std::move(reason)};
}

Score Credit(double credit, double max_credit, std::string reason_if_wrong) {
    return Score{credit, max_credit, false,
                 credit >= max_credit ? std::string() : std::move(reason_if_wrong)};
}

bool HasId(const std::vector<Choice>& choices, std::string_view id) {
    return std::any_of(choices.begin(), choices.end(), [&](const Choice& c) { return c.id == id; });
}

// A list of distinct known ids; else the reason it is malformed.
std::optional<std::string> ReadIdList(const json& response, const std::vector<Choice>& choices,
                                      std::vector<std::string>& ids) {
    if (!response.is_array()) return "the response must be a list of option ids";
    if (response.size() > choices.size()) return "the response lists more ids than there are options";
    for (const auto& entry : response) {
        if (!entry.is_string()) return "every entry must be an option id (a string)";
        const auto& id = entry.get_ref<const std::string&>();
        if (!HasId(choices, id)) return "unknown option id";
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) return "an option id is listed twice";
        ids.push_back(id);
    }
    return std::nullopt;
}

bool IsSpaceAt(std::string_view s, std::size_t i, std::size_t& length) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        length = 1;
        return true;
    }
    // U+00A0 no-break space
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
        length = 2;
        return true;
    }
    // U+2000..U+200A spaces, U+202F narrow no-break space, U+205F, U+3000
    if (c == 0xE2 && i + 2 < s.size()) {
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        const auto c2 = static_cast<unsigned char>(s[i + 2]);
        if ((c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) || (c1 == 0x81 && c2 == 0x9F)) {
            length = 3;
            return true;
        }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
        length = 3;
        return true;
    }
    return false;
}

// Typographic apostrophes and quotes to ASCII; white space runs to one space; trimmed.
std::string FoldPunctuationAndSpaces(std::string_view s) {
    struct Fold {
        std::string_view from;
        char to;
    };
    static constexpr Fold kFolds[] = {
        {"\u2019", '\''}, {"\u2018", '\''}, {"\u02BC", '\''}, {"\u2032", '\''}, {"\u00B4", '\''},
        {"\u201B", '\''}, {"\u201C", '"'},  {"\u201D", '"'},  {"\u201E", '"'},  {"\u201F", '"'},
        {"\u00AB", '"'},  {"\u00BB", '"'},  {"\u2033", '"'},  {"\u2039", '\''}, {"\u203A", '\''},
    };
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t length = 0;
        if (IsSpaceAt(s, i, length)) {
            pending_space = !out.empty();
            i += length;
            continue;
        }
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        bool folded = false;
        if (static_cast<unsigned char>(s[i]) >= 0x80) {
            for (const auto& fold : kFolds) {
                if (s.substr(i, fold.from.size()) == fold.from) {
                    out.push_back(fold.to);
                    i += fold.from.size();
                    folded = true;
                    break;
                }
            }
        }
        if (!folded) out.push_back(s[i++]);
    }
    return out;
}

// Ligatures that French writes and keyboards often lack.
std::string ExpandLigatures(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto rest = s.substr(i);
        if (rest.substr(0, 2) == "\u0153") {
            out += "oe";
        } else if (rest.substr(0, 2) == "\u0152") {
            out += "OE";
        } else if (rest.substr(0, 2) == "\u00E6") {
            out += "ae";
        } else if (rest.substr(0, 2) == "\u00C6") {
            out += "AE";
        } else {
            out.push_back(s[i]);
            continue;
        }
        ++i;
    }
    return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string NormaliseShortText(std::string_view text, bool case_sensitive, bool accent_sensitive) {
    std::string s = FoldPunctuationAndSpaces(core::ToNfc(text));
    if (!case_sensitive) s = core::ToLower(s);
    if (!accent_sensitive) s = core::StripMarks(ExpandLigatures(s));
    return s;
}

std::optional<double> ParseLearnerNumber(std::string_view text) {
    if (text.size() > kMaxResponseTextBytes) return std::nullopt;
    std::string ascii;
    bool seen_digit = false;
    bool seen_decimal = false;
    bool seen_exponent = false;
    std::size_t i = 0;
    // Leading and trailing white space.
    std::size_t length = 0;
    while (i < text.size() && IsSpaceAt(text, i, length)) i += length;
    std::size_t end = text.size();
    while (end > i) {
        std::size_t j = end - 1;
        while (j > i && (static_cast<unsigned char>(text[j]) & 0xC0U) == 0x80U) --j;
        if (!IsSpaceAt(text, j, length) || j + length != end) break;
        end = j;
    }
    if (i < end && (text[i] == '-' || text[i] == '+' || text.substr(i, 3) == "\u2212")) {
        if (text[i] != '+') ascii.push_back('-');
        i += text[i] == '-' || text[i] == '+' ? 1 : 3;
    }
    while (i < end) {
        const char c = text[i];
        if (IsDigit(c)) {
            ascii.push_back(c);
            seen_digit = true;
            ++i;
        } else if ((c == ',' || c == '.') && !seen_decimal && !seen_exponent) {
            ascii.push_back('.');
            seen_decimal = true;
            ++i;
        } else if ((c == 'e' || c == 'E') && seen_digit && !seen_exponent) {
            ascii.push_back('e');
            seen_exponent = true;
            ++i;
            if (i < end && (text[i] == '-' || text[i] == '+')) ascii.push_back(text[i++]);
            if (i >= end || !IsDigit(text[i])) return std::nullopt;
        } else if (IsSpaceAt(text, i, length)) {
            // A thousand separator: between digits of the integer part, before exactly three digits.
            if (seen_decimal || seen_exponent || ascii.empty() || !IsDigit(ascii.back())) return std::nullopt;
            const std::size_t next = i + length;
            if (next + 3 > end || !IsDigit(text[next]) || !IsDigit(text[next + 1]) ||
                !IsDigit(text[next + 2]) || (next + 3 < end && IsDigit(text[next + 3]))) {
                return std::nullopt;
            }
            i = next;
        } else {
            return std::nullopt;
        }
    }
    if (!seen_digit) return std::nullopt;
    double value = 0;
    const char* first = ascii.data();
    const char* last = ascii.data() + ascii.size();
    // from_chars does not take a leading '.', write "0." for it.
    std::string fixed;
    const std::size_t dot = ascii.find('.');
    if (dot != std::string::npos && (dot == 0 || ascii[dot - 1] == '-')) {
        fixed = ascii;
        fixed.insert(dot, "0");
        first = fixed.data();
        last = fixed.data() + fixed.size();
    }
    const auto result = std::from_chars(first, last, value);
    if (result.ec != std::errc() || result.ptr != last || !std::isfinite(value)) return std::nullopt;
    return value;
}

Score ScoreSingleChoice(const Item& item, const SingleChoiceKey& key, const json& response) {
    if (!response.is_string()) return Malformed(1, "the response must be one option id (a string)");
    const auto& id = response.get_ref<const std::string&>();
    if (!HasId(item.options, id)) return Malformed(1, "unknown option id");
    return Credit(id == key.option ? 1 : 0, 1, "wrong option");
}

Score ScoreMultipleChoice(const Item& item, const MultipleChoiceKey& key, const json& response) {
    const bool partial = item.scoring == ScoringMode::kPartial;
    const double max_credit = partial ? static_cast<double>(item.options.size()) : 1;
    std::vector<std::string> ids;
    if (const auto error = ReadIdList(response, item.options, ids)) return Malformed(max_credit, *error);
    std::size_t decided_right = 0;
    for (const auto& option : item.options) {
        const bool selected = std::find(ids.begin(), ids.end(), option.id) != ids.end();
        const bool in_key = std::find(key.options.begin(), key.options.end(), option.id) != key.options.end();
        if (selected == in_key) ++decided_right;
    }
    if (partial) return Credit(static_cast<double>(decided_right), max_credit, "some options decided wrong");
    return Credit(decided_right == item.options.size() ? 1 : 0, 1, "the selection differs from the key");
}

Score ScoreShortText(const ShortTextKey& key, const json& response) {
    if (!response.is_string()) return Malformed(1, "the response must be a text");
    const auto& text = response.get_ref<const std::string&>();
    if (text.size() > kMaxResponseTextBytes) return Malformed(1, "the response is over 1000 bytes");
    if (!core::IsValidUtf8(text)) return Malformed(1, "the response is not valid UTF-8");
    const std::string normalised = NormaliseShortText(text, key.case_sensitive, key.accent_sensitive);
    for (const auto& accepted : key.accepted) {
        if (NormaliseShortText(accepted, key.case_sensitive, key.accent_sensitive) == normalised) {
            return Credit(1, 1, "");
        }
    }
    return Credit(0, 1, "not an accepted answer");
}

Score ScoreNumeric(const NumericKey& key, const json& response) {
    std::optional<double> value;
    if (response.is_number()) {
        const double d = response.get<double>();
        if (!std::isfinite(d)) return Malformed(1, "the response is not a finite number");
        value = d;
    } else if (response.is_string()) {
        const auto& text = response.get_ref<const std::string&>();
        if (text.size() > kMaxResponseTextBytes) return Malformed(1, "the response is over 1000 bytes");
        value = ParseLearnerNumber(text);
        if (!value) return Malformed(1, "the response is not a number");
    } else {
        return Malformed(1, "the response must be a number or a text");
    }
    // A relative slack of 1e-9 absorbs binary rounding ("0.3" against 0.1 + 0.2).
    const double slack = 1e-9 * std::max(1.0, std::fabs(key.value));
    const bool right = std::fabs(*value - key.value) <= key.tolerance + slack;
    return Credit(right ? 1 : 0, 1, "outside the tolerance");
}

Score ScoreOrdering(const Item& item, const OrderingKey& key, const json& response) {
    const bool partial = item.scoring == ScoringMode::kPartial;
    const double max_credit = partial ? static_cast<double>(key.order.size() - 1) : 1;
    std::vector<std::string> ids;
    if (const auto error = ReadIdList(response, item.options, ids)) return Malformed(max_credit, *error);
    if (ids.size() != item.options.size())
        return Malformed(max_credit, "the response must order every option");
    if (!partial) return Credit(ids == key.order ? 1 : 0, 1, "the order differs from the key");
    std::size_t pairs = 0;
    for (std::size_t i = 0; i + 1 < key.order.size(); ++i) {
        const auto at = std::find(ids.begin(), ids.end(), key.order[i]);
        if (at + 1 != ids.end() && *(at + 1) == key.order[i + 1]) ++pairs;
    }
    return Credit(static_cast<double>(pairs), max_credit, "some pairs are out of order");
}

Score ScoreMatching(const Item& item, const MatchingKey& key, const json& response) {
    const bool partial = item.scoring == ScoringMode::kPartial;
    const double max_credit = partial ? static_cast<double>(item.left.size()) : 1;
    if (!response.is_object())
        return Malformed(max_credit, "the response must be an object {left id: right id}");
    if (response.size() > item.left.size())
        return Malformed(max_credit, "the response has more entries than left ids");
    std::size_t right_count = 0;
    for (const auto& [left, right] : response.items()) {
        if (!HasId(item.left, left)) return Malformed(max_credit, "unknown left id");
        if (!right.is_string()) return Malformed(max_credit, "every match must be a right id (a string)");
        const auto& right_id = right.get_ref<const std::string&>();
        if (!HasId(item.right, right_id)) return Malformed(max_credit, "unknown right id");
        const auto expected = std::find_if(key.pairs.begin(), key.pairs.end(),
                                           [&](const auto& pair) { return pair.first == left; });
        if (expected != key.pairs.end() && expected->second == right_id) ++right_count;
    }
    if (partial)
        return Credit(static_cast<double>(right_count), max_credit, "some matches are wrong or missing");
    return Credit(right_count == item.left.size() ? 1 : 0, 1, "some matches are wrong or missing");
}

Score ScoreResponse(const Item& item, const json& response) {
    return std::visit(
        [&](const auto& key) -> Score {
            using Key = std::decay_t<decltype(key)>;
            if constexpr (std::is_same_v<Key, SingleChoiceKey>) {
                return ScoreSingleChoice(item, key, response);
            } else if constexpr (std::is_same_v<Key, MultipleChoiceKey>) {
                return ScoreMultipleChoice(item, key, response);
            } else if constexpr (std::is_same_v<Key, ShortTextKey>) {
                return ScoreShortText(key, response);
            } else if constexpr (std::is_same_v<Key, NumericKey>) {
                return ScoreNumeric(key, response);
            } else if constexpr (std::is_same_v<Key, OrderingKey>) {
                return ScoreOrdering(item, key, response);
            } else {
                return ScoreMatching(item, key, response);
            }
        },
        item.answer);
}

nlohmann::json KeyResponse(const Item& item) {
    return std::visit(
        [](const auto& key) -> nlohmann::json {
            using K = std::decay_t<decltype(key)>;
            if constexpr (std::is_same_v<K, SingleChoiceKey>) {
                return key.option;
            } else if constexpr (std::is_same_v<K, MultipleChoiceKey>) {
                return key.options;
            } else if constexpr (std::is_same_v<K, ShortTextKey>) {
                return key.accepted.front();
            } else if constexpr (std::is_same_v<K, NumericKey>) {
                return key.value;
            } else if constexpr (std::is_same_v<K, OrderingKey>) {
                return key.order;
            } else {
                nlohmann::json out = nlohmann::json::object();
                for (const auto& [left, right] : key.pairs) out[left] = right;
                return out;
            }
        },
        item.answer);
}

}  // namespace passeur::item
