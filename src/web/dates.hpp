// Dates written out in words for the pages, on the Paris calendar (core/calendar.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace passeur::web {

// The Paris calendar day holding the instant `unix_millis`, in words: "3 mars 2026" (the first of a
// month is "1er mars 2026") for any `lang` but "en", "3 March 2026" for "en". The day has no leading
// zero; the year is as core::ParisIsoDate writes it. Meant for instants of years 1970 to 9999.
std::string ParisDayInWords(std::int64_t unix_millis, std::string_view lang);

}  // namespace passeur::web
