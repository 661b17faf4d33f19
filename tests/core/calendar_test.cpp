#include "core/calendar.hpp"

#include <gtest/gtest.h>

namespace passeur::core {
namespace {

TEST(ParisDates, MidnightInWinterAndSummer) {
    // 15 January 2026 00:00 CET = 14 January 23:00 UTC.
    EXPECT_EQ(ParisMidnightMillis("2026-01-15"), 1'768'431'600'000);
    // 15 July 2026 00:00 CEST = 14 July 22:00 UTC.
    EXPECT_EQ(ParisMidnightMillis("2026-07-15"), 1'784'066'400'000);
    // The change days: 29 March 2026 (still CET at midnight), 30 March (CEST), 25 October (CEST),
    // 26 October (CET).
    EXPECT_EQ(ParisMidnightMillis("2026-03-29"), 1'774'738'800'000);
    EXPECT_EQ(ParisMidnightMillis("2026-03-30"), 1'774'821'600'000);
    EXPECT_EQ(ParisMidnightMillis("2026-10-25"), 1'792'879'200'000);
    EXPECT_EQ(ParisMidnightMillis("2026-10-26"), 1'792'969'200'000);
    for (const char* day :
         {"2026-01-15", "2026-03-29", "2026-03-30", "2026-10-25", "2026-10-26", "2028-02-29"}) {
        auto at = ParisMidnightMillis(day);
        ASSERT_TRUE(at) << day;
        EXPECT_EQ(ParisIsoDate(*at), day);
        EXPECT_EQ(ParisIsoDate(*at - 1), ParisIsoDate(*at - kDayMillis / 2)) << day;  // the day before
        EXPECT_NE(ParisIsoDate(*at - 1), day);
    }
    for (const char* bad :
         {"", "2026-02-30", "2026-13-01", "26-01-01", "2026/01/01", "2026-1-015", "1969-12-31"}) {
        EXPECT_FALSE(ParisMidnightMillis(bad)) << bad;
    }
}

TEST(ParisDates, Quarters) {
    // 31 March 2026 23:30 Paris (CEST) = 21:30 UTC: still the first quarter in Paris.
    EXPECT_EQ(ParisQuarter(*ParisMidnightMillis("2026-04-01") - 30 * 60'000), "2026-Q1");
    EXPECT_EQ(ParisQuarter(*ParisMidnightMillis("2026-04-01")), "2026-Q2");
    // 1 January 2027 00:30 Paris = 31 December 2026 23:30 UTC: already 2027 in Paris.
    EXPECT_EQ(ParisQuarter(*ParisMidnightMillis("2027-01-01") + 30 * 60'000), "2027-Q1");
    EXPECT_EQ(ParisQuarter(*ParisMidnightMillis("2026-09-30")), "2026-Q3");
    EXPECT_EQ(ParisQuarter(*ParisMidnightMillis("2026-10-01")), "2026-Q4");
}

}  // namespace
}  // namespace passeur::core
