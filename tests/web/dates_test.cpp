#include "web/dates.hpp"

#include <gtest/gtest.h>

#include "core/calendar.hpp"

namespace passeur::web {
namespace {

std::int64_t Midnight(const char* iso) {
    auto at = core::ParisMidnightMillis(iso);
    EXPECT_TRUE(at) << iso;
    return at.value_or(0);
}

TEST(ParisDayInWords, FrenchAndEnglish) {
    EXPECT_EQ(ParisDayInWords(Midnight("2026-03-03"), "fr"), "3 mars 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-03-03"), "en"), "3 March 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-12-25"), "fr"), "25 décembre 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-12-25"), "en"), "25 December 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2027-02-10"), "fr"), "10 février 2027");
    EXPECT_EQ(ParisDayInWords(Midnight("2027-08-31"), "fr"), "31 août 2027");
    EXPECT_EQ(ParisDayInWords(Midnight("2027-01-19"), "en"), "19 January 2027");
}

TEST(ParisDayInWords, FirstOfTheMonthIsPremierInFrenchOnly) {
    EXPECT_EQ(ParisDayInWords(Midnight("2026-05-01"), "fr"), "1er mai 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-05-01"), "en"), "1 May 2026");
    // "11" and "21" are not "1".
    EXPECT_EQ(ParisDayInWords(Midnight("2026-05-11"), "fr"), "11 mai 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-05-21"), "fr"), "21 mai 2026");
}

TEST(ParisDayInWords, EveryLanguageButEnglishIsFrench) {
    EXPECT_EQ(ParisDayInWords(Midnight("2026-07-14"), ""), "14 juillet 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-07-14"), "de"), "14 juillet 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-07-14"), "EN"), "14 juillet 2026");
}

TEST(ParisDayInWords, TheDayIsTheParisDayNotTheUtcDay) {
    // 31 December 2026 23:30 UTC is already 1 January 2027 in Paris (CET, UTC+1).
    const std::int64_t new_year_utc_eve = Midnight("2027-01-01") + 30 * 60'000;
    EXPECT_EQ(ParisDayInWords(new_year_utc_eve, "fr"), "1er janvier 2027");
    EXPECT_EQ(ParisDayInWords(new_year_utc_eve - 60 * 60'000, "en"), "31 December 2026");
    // 14 July 2026 22:30 UTC is 15 July 00:30 in Paris (CEST, UTC+2).
    const std::int64_t summer = Midnight("2026-07-15") + 30 * 60'000;
    EXPECT_EQ(ParisDayInWords(summer, "fr"), "15 juillet 2026");
    EXPECT_EQ(ParisDayInWords(Midnight("2026-07-15") - 1, "fr"), "14 juillet 2026");
}

TEST(ParisDayInWords, TheEpochAndFarYears) {
    EXPECT_EQ(ParisDayInWords(0, "fr"), "1er janvier 1970");
    EXPECT_EQ(ParisDayInWords(Midnight("9999-12-31"), "en"), "31 December 9999");
}

}  // namespace
}  // namespace passeur::web
