// Europe/Paris calendar (CET/CEST, EU rule: summer time from the last Sunday of March to the last
// Sunday of October, changes at 01:00 UTC). Pure functions of Unix milliseconds; no time-zone
// database needed. Metropolitan France only: overseas départements have their own offsets
// (places::LocalTimeIn).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passeur::core {

inline constexpr std::int64_t kHourMillis = 3'600'000;
inline constexpr std::int64_t kDayMillis = 86'400'000;

// The offset of Paris time from UTC at the instant `unix_millis` (1 h in winter, 2 h in summer).
std::int64_t ParisOffsetMillis(std::int64_t unix_millis);

// Unix ms of 00:00 Paris time on the day "YYYY-MM-DD"; nullopt when the text is no real date
// (years 1970..9999).
std::optional<std::int64_t> ParisMidnightMillis(std::string_view iso_date);

// "YYYY-MM-DD" of the Paris calendar day holding the instant `unix_millis`.
std::string ParisIsoDate(std::int64_t unix_millis);

// "YYYY-Qn" (n = 1..4) of the Paris calendar quarter holding the instant `unix_millis`.
std::string ParisQuarter(std::int64_t unix_millis);

}  // namespace passeur::core
