// Opening hours in the common subset of OpenStreetMap's opening_hours syntax, and French public
// holidays. Pure functions; holidays are injected by the caller (see FrenchPublicHolidays).
//
// Supported (https://wiki.openstreetmap.org/wiki/Key:opening_hours):
//   rules separated by ';' (a later rule replaces earlier ones on the days it names) or by ", "
//   followed by a day (an additional rule that adds its times);
//   day selectors: Mo Tu We Th Fr Sa Su, ranges "Mo-Fr" (wrapping "Sa-Mo"), lists "Mo,We,Fr",
//   PH (public holiday) alone or in a list ("Mo-Fr,PH"); no selector = every day;
//   times: "08:30-12:00", several "08:30-12:00,14:00-17:30", an end past midnight "20:00-02:00",
//   "24:00" as an end; "off" / "closed"; a selector alone means the whole day; "24/7".
// Anything else (months, weeks, school holidays "SH", comments, "||" fallbacks, sunrise...) makes
// the value unparsed: it is kept verbatim with the reason, and every query answers nullopt.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <places/place.hpp>

namespace passeur::places {

struct LocalDateTime {
    Date date;
    int minute = 0;  // minutes since local midnight, 0..1439
};

struct TimeInterval {
    int start = 0;  // minutes since midnight
    int end = 0;    // exclusive; 1440 = midnight; end <= start: runs past midnight into the next day
    friend bool operator==(const TimeInterval&, const TimeInterval&) = default;
};

struct HoursRule {
    std::array<bool, 7> weekdays{};  // Monday = 0
    bool public_holidays = false;    // the selector includes PH
    bool additive = false;           // introduced by ", <day>": adds to earlier rules
    bool off = false;
    std::vector<TimeInterval> intervals;
};

class OpeningHours {
public:
    // Never fails: an unsupported value gives parsed() == false with error() saying why.
    static OpeningHours Parse(std::string_view text);

    bool parsed() const { return parsed_; }
    const std::string& text() const { return text_; }    // as given (trimmed)
    const std::string& error() const { return error_; }  // French, empty when parsed
    const std::vector<HoursRule>& rules() const { return rules_; }

    // Open at that local time? `holidays` are the public-holiday dates (any order).
    // nullopt when unparsed or empty.
    std::optional<bool> IsOpenAt(const LocalDateTime& when, std::span<const Date> holidays) const;
    // Open at some time on an ordinary (non-holiday) day of that weekday (0 = Monday)?
    std::optional<bool> OpensOn(int weekday) const;
    // The intervals of that date (those starting that day), in rule order; empty when closed.
    std::vector<TimeInterval> IntervalsOn(const Date& date, std::span<const Date> holidays) const;

private:
    std::vector<TimeInterval> IntervalsFor(int weekday, bool holiday) const;

    std::string text_;
    std::string error_;
    bool parsed_ = false;
    std::vector<HoursRule> rules_;
};

// Easter Sunday (Gregorian computus, anonymous algorithm), for 1583 <= year <= 9999.
Date EasterSunday(int year);

// The 11 public holidays of France for `year`, sorted: 1 January, Easter Monday, 1 May, 8 May,
// Ascension (Easter + 39), Whit Monday (Easter + 50), 14 July, 15 August, 1 November,
// 11 November, 25 December. With `alsace_moselle`, also Good Friday and 26 December.
std::vector<Date> FrenchPublicHolidays(int year, bool alsace_moselle = false);

}  // namespace passeur::places
