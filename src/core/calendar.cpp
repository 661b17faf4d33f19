#include "core/calendar.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace passeur::core {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

// 01:00 UTC on the last Sunday of `month` of `year`, in Unix ms.
std::int64_t LastSundayOneUtc(int year, unsigned month) {
    const sys_days last = sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::last};
    const std::chrono::weekday wd{last};
    const sys_days sunday = last - (wd - std::chrono::Sunday);
    return static_cast<std::int64_t>(sunday.time_since_epoch().count()) * kDayMillis + kHourMillis;
}

// The day holding the Unix time `millis` (floor division).
sys_days DayOf(std::int64_t millis) {
    const std::int64_t n = millis >= 0 ? millis / kDayMillis : (millis - kDayMillis + 1) / kDayMillis;
    return sys_days{days{static_cast<days::rep>(n)}};
}

int UtcYear(std::int64_t unix_millis) {
    const sys_days day = DayOf(unix_millis);
    return static_cast<int>(std::chrono::year_month_day{day}.year());
}

std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::int64_t ParisOffsetMillis(std::int64_t unix_millis) {
    const int year = UtcYear(unix_millis);
    const bool summer = unix_millis >= LastSundayOneUtc(year, 3) && unix_millis < LastSundayOneUtc(year, 10);
    return summer ? 2 * kHourMillis : kHourMillis;
}

std::optional<std::int64_t> ParisMidnightMillis(std::string_view iso_date) {
    if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
    for (std::size_t i = 0; i < iso_date.size(); ++i) {
        if (i == 4 || i == 7) continue;
        if (iso_date[i] < '0' || iso_date[i] > '9') return std::nullopt;
    }
    const auto y = ParseInt(iso_date.substr(0, 4));
    const auto m = ParseInt(iso_date.substr(5, 2));
    const auto d = ParseInt(iso_date.substr(8, 2));
    if (!y || !m || !d || *y < 1970) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year{*y},
                                          std::chrono::month{static_cast<unsigned>(*m)},
                                          std::chrono::day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    const std::int64_t local =
        static_cast<std::int64_t>(sys_days{ymd}.time_since_epoch().count()) * kDayMillis;
    // Midnight is never inside a change (they happen at 02:00 and 03:00 Paris time): the offset one
    // hour before local midnight read as UTC is the offset at that midnight.
    const std::int64_t utc = local - ParisOffsetMillis(local - kHourMillis);
    if (utc < 0) return std::nullopt;
    return utc;
}

std::string ParisIsoDate(std::int64_t unix_millis) {
    const std::int64_t local = unix_millis + ParisOffsetMillis(unix_millis);
    const std::chrono::year_month_day ymd{DayOf(local)};
    return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string ParisQuarter(std::int64_t unix_millis) {
    const std::int64_t local = unix_millis + ParisOffsetMillis(unix_millis);
    const std::chrono::year_month_day ymd{DayOf(local)};
    const unsigned quarter = (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1;
    return fmt::format("{:04d}-Q{}", static_cast<int>(ymd.year()), quarter);
}

}  // namespace passeur::core
