#include "places/opening_hours.hpp"

#include <algorithm>
#include <cctype>

namespace passeur::places {
namespace {

constexpr std::string_view kDayNames[7] = {"mo", "tu", "we", "th", "fr", "sa", "su"};

class RuleParser {
public:
    explicit RuleParser(std::string_view text) : s_(text) {}

    // Parses the whole value into `rules`; false with `error` set on the first unsupported part.
    bool Run(std::vector<HoursRule>& rules, std::string& error) {
        SkipSpaces();
        while (pos_ < s_.size()) {
            if (!ParseRule(rules, false, error)) return false;
            SkipSpaces();
            if (pos_ >= s_.size()) break;
            if (s_[pos_] != ';') return Fail(error, "« ; » attendu");
            ++pos_;
            SkipSpaces();
        }
        if (rules.empty()) return Fail(error, "aucune règle");
        return true;
    }

private:
    bool Fail(std::string& error, std::string_view what) {
        error = std::string(what) + " à la position " + std::to_string(pos_ + 1);
        return false;
    }

    void SkipSpaces() {
        while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
    }

    bool Lookahead(std::string_view word) const {
        if (pos_ + word.size() > s_.size()) return false;
        for (std::size_t i = 0; i < word.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(s_[pos_ + i])) != word[i]) return false;
        }
        return true;
    }

    std::optional<int> Day() {
        for (int d = 0; d < 7; ++d) {
            if (Lookahead(kDayNames[d])) {
                pos_ += 2;
                return d;
            }
        }
        return std::nullopt;
    }

    bool AtSelector() const {
        if (Lookahead("ph")) return true;
        return std::any_of(std::begin(kDayNames), std::end(kDayNames),
                           [this](auto d) { return Lookahead(d); });
    }

    std::optional<int> Time() {
        int hours = 0;
        std::size_t digits = 0;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])) && digits < 2) {
            hours = hours * 10 + (s_[pos_++] - '0');
            ++digits;
        }
        if (digits == 0 || pos_ >= s_.size() || s_[pos_] != ':') return std::nullopt;
        ++pos_;
        if (pos_ + 2 > s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_])) ||
            !std::isdigit(static_cast<unsigned char>(s_[pos_ + 1]))) {
            return std::nullopt;
        }
        const int minutes = (s_[pos_] - '0') * 10 + (s_[pos_ + 1] - '0');
        pos_ += 2;
        if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
        return hours * 60 + minutes;
    }

    bool ParseSelector(HoursRule& rule, std::string& error) {
        while (true) {
            SkipSpaces();
            if (Lookahead("ph")) {
                pos_ += 2;
                rule.public_holidays = true;
            } else if (auto from = Day()) {
                int to = *from;
                if (pos_ < s_.size() && s_[pos_] == '-') {
                    ++pos_;
                    auto end = Day();
                    if (!end) return Fail(error, "jour attendu après « - »");
                    to = *end;
                }
                for (int d = *from;; d = (d + 1) % 7) {
                    rule.weekdays[static_cast<std::size_t>(d)] = true;
                    if (d == to) break;
                }
            } else {
                return Fail(error, "jour (Mo, Tu, We, Th, Fr, Sa, Su) ou PH attendu");
            }
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                SkipSpaces();
                if (AtSelector()) continue;
                return Fail(error, "jour attendu après « , »");
            }
            return true;
        }
    }

    bool ParseRule(std::vector<HoursRule>& rules, bool additive, std::string& error) {
        HoursRule rule;
        rule.additive = additive;
        SkipSpaces();
        if (Lookahead("24/7")) {
            pos_ += 4;
            rule.weekdays.fill(true);
            rule.public_holidays = true;
            rule.intervals.push_back({0, 1440});
            rules.push_back(std::move(rule));
            return true;
        }
        if (AtSelector()) {
            if (!ParseSelector(rule, error)) return false;
        } else {
            rule.weekdays.fill(true);  // no selector: every day (holidays included)
            rule.public_holidays = true;
        }
        SkipSpaces();
        if (Lookahead("off") || Lookahead("closed")) {
            pos_ += Lookahead("off") ? 3 : 6;
            rule.off = true;
            rules.push_back(std::move(rule));
            return true;
        }
        if (pos_ >= s_.size() || s_[pos_] == ';') {
            rule.intervals.push_back({0, 1440});  // a selector alone: the whole day
            rules.push_back(std::move(rule));
            return true;
        }
        while (true) {
            SkipSpaces();
            const auto start = Time();
            if (!start) return Fail(error, "heure HH:MM attendue");
            if (pos_ >= s_.size() || s_[pos_] != '-') return Fail(error, "« - » attendu entre deux heures");
            ++pos_;
            const auto end = Time();
            if (!end) return Fail(error, "heure de fin HH:MM attendue");
            if (*start == 1440) return Fail(error, "24:00 ne peut être qu'une heure de fin");
            rule.intervals.push_back({*start, *end});
            SkipSpaces();
            if (pos_ < s_.size() && s_[pos_] == ',') {
                ++pos_;
                SkipSpaces();
                if (AtSelector()) {  // ", Sa 10:00-12:00": an additional rule
                    rules.push_back(std::move(rule));
                    return ParseRule(rules, true, error);
                }
                continue;
            }
            break;
        }
        rules.push_back(std::move(rule));
        return true;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
};

bool Contains(std::span<const Date> dates, const Date& date) {
    return std::find(dates.begin(), dates.end(), date) != dates.end();
}

}  // namespace

OpeningHours OpeningHours::Parse(std::string_view text) {
    OpeningHours hours;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    hours.text_ = std::string(text);
    if (text.empty()) {
        hours.error_ = "horaires non renseignés";
        return hours;
    }
    if (text.size() > 2000) {
        hours.error_ = "horaires trop longs";
        return hours;
    }
    RuleParser parser(text);
    if (parser.Run(hours.rules_, hours.error_)) {
        hours.parsed_ = true;
    } else {
        hours.rules_.clear();
        hours.error_ = "horaires non reconnus (" + hours.error_ + "), conservés tels quels";
    }
    return hours;
}

std::vector<TimeInterval> OpeningHours::IntervalsFor(int weekday, bool holiday) const {
    std::vector<TimeInterval> out;
    for (const auto& rule : rules_) {
        const bool matches =
            rule.weekdays[static_cast<std::size_t>(weekday)] || (holiday && rule.public_holidays);
        if (!matches) continue;
        // A PH rule replaces the weekday rules on holidays; on ordinary days only weekday rules count.
        if (!rule.additive) out.clear();
        if (!rule.off) out.insert(out.end(), rule.intervals.begin(), rule.intervals.end());
    }
    return out;
}

std::vector<TimeInterval> OpeningHours::IntervalsOn(const Date& date, std::span<const Date> holidays) const {
    if (!parsed_) return {};
    return IntervalsFor(Weekday(date), Contains(holidays, date));
}

std::optional<bool> OpeningHours::IsOpenAt(const LocalDateTime& when, std::span<const Date> holidays) const {
    if (!parsed_) return std::nullopt;
    for (const auto& interval : IntervalsOn(when.date, holidays)) {
        const int end = interval.end <= interval.start ? 1440 : interval.end;
        if (when.minute >= interval.start && when.minute < end) return true;
    }
    const Date yesterday = CivilFromDays(DaysFromCivil(when.date) - 1);
    for (const auto& interval : IntervalsOn(yesterday, holidays)) {
        if (interval.end <= interval.start && when.minute < interval.end) return true;
    }
    return false;
}

std::optional<bool> OpeningHours::OpensOn(int weekday) const {
    if (!parsed_ || weekday < 0 || weekday > 6) return std::nullopt;
    return !IntervalsFor(weekday, false).empty();
}

Date EasterSunday(int year) {
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    return Date{year, month, day};
}

std::vector<Date> FrenchPublicHolidays(int year, bool alsace_moselle) {
    const long easter = DaysFromCivil(EasterSunday(year));
    std::vector<Date> days = {
        {year, 1, 1},
        CivilFromDays(easter + 1),
        {year, 5, 1},
        {year, 5, 8},
        CivilFromDays(easter + 39),
        CivilFromDays(easter + 50),
        {year, 7, 14},
        {year, 8, 15},
        {year, 11, 1},
        {year, 11, 11},
        {year, 12, 25},
    };
    if (alsace_moselle) {
        days.push_back(CivilFromDays(easter - 2));
        days.push_back({year, 12, 26});
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());  // Ascension can fall on 1 or 8 May
    return days;
}

}  // namespace passeur::places
