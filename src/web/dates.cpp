#include "web/dates.hpp"

#include <array>
#include <cstddef>

#include "core/calendar.hpp"

namespace passeur::web {

std::string ParisDayInWords(std::int64_t unix_millis, std::string_view lang) {
    static constexpr std::array<std::string_view, 12> kFr = {"janvier",   "février", "mars",     "avril",
                                                             "mai",       "juin",    "juillet",  "août",
                                                             "septembre", "octobre", "novembre", "décembre"};
    static constexpr std::array<std::string_view, 12> kEn = {"January",   "February", "March",    "April",
                                                             "May",       "June",     "July",     "August",
                                                             "September", "October",  "November", "December"};
    // "YYYY-MM-DD", read from its end so that any year width is kept whole.
    const std::string iso = core::ParisIsoDate(unix_millis);
    const std::size_t n = iso.size();
    const int month = (iso[n - 5] - '0') * 10 + (iso[n - 4] - '0');
    const std::string day = iso[n - 2] == '0' ? iso.substr(n - 1) : iso.substr(n - 2);
    const bool en = lang == "en";
    const auto& names = en ? kEn : kFr;
    std::string text = day;
    if (!en && day == "1") text += "er";
    text += ' ';
    text += names[static_cast<std::size_t>(month - 1)];
    text += ' ';
    text += iso.substr(0, n - 6);
    return text;
}

}  // namespace passeur::web
