#include <gtest/gtest.h>

#include <places/opening_hours.hpp>

namespace passeur::places {
namespace {

// 2026-11-23 is a Monday.
LocalDateTime At(int year, int month, int day, int hour, int minute) {
    return LocalDateTime{Date{year, month, day}, hour * 60 + minute};
}

const std::vector<Date> kNoHolidays;

TEST(PlacesOpeningHours, WeekdayRangesAndSeveralIntervals) {
    const auto h = OpeningHours::Parse("Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00");
    ASSERT_TRUE(h.parsed()) << h.error();
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 9, 0), kNoHolidays), true);
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 8, 59), kNoHolidays), false);
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 12, 0), kNoHolidays), false);  // end is exclusive
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 27, 18, 29), kNoHolidays), true);  // Friday
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 28, 8, 30), kNoHolidays), true);   // Saturday
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 28, 14, 0), kNoHolidays), false);
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 29, 10, 0), kNoHolidays), false);  // Sunday
    EXPECT_EQ(h.OpensOn(5), true);
    EXPECT_EQ(h.OpensOn(6), false);
    EXPECT_EQ(h.IntervalsOn(Date{2026, 11, 23}, kNoHolidays),
              (std::vector<TimeInterval>{{540, 720}, {840, 1110}}));
}

TEST(PlacesOpeningHours, ListsOffAndLaterRulesOverride) {
    const auto h = OpeningHours::Parse("Mo,We,Fr 10:00-12:00; Mo-Fr 14:00-16:00; We off");
    ASSERT_TRUE(h.parsed()) << h.error();
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 10, 30), kNoHolidays), false);  // Monday replaced by rule 2
    EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 15, 0), kNoHolidays), true);
    EXPECT_EQ(h.OpensOn(2), false);  // Wednesday off
    EXPECT_EQ(h.OpensOn(1), true);
    // ", <day>" adds a rule instead of replacing.
    const auto add = OpeningHours::Parse("Mo 10:00-12:00, Mo 14:00-16:00");
    ASSERT_TRUE(add.parsed()) << add.error();
    EXPECT_EQ(add.IntervalsOn(Date{2026, 11, 23}, kNoHolidays).size(), 2U);
    const auto closed = OpeningHours::Parse("Mo-Su closed");
    ASSERT_TRUE(closed.parsed());
    EXPECT_EQ(closed.OpensOn(0), false);
}

TEST(PlacesOpeningHours, PublicHolidays) {
    const auto holidays = FrenchPublicHolidays(2026);
    // 2026-05-14 (Ascension) is a Thursday.
    const auto h = OpeningHours::Parse("Mo-Fr 09:00-17:00; PH off");
    ASSERT_TRUE(h.parsed());
    EXPECT_EQ(h.IsOpenAt(At(2026, 5, 14, 10, 0), holidays), false);
    EXPECT_EQ(h.IsOpenAt(At(2026, 5, 14, 10, 0), kNoHolidays), true);
    EXPECT_EQ(h.IsOpenAt(At(2026, 5, 13, 10, 0), holidays), true);
    const auto ph = OpeningHours::Parse("Mo-Fr 09:00-17:00; PH 10:00-12:00");
    EXPECT_EQ(ph.IsOpenAt(At(2026, 5, 14, 9, 30), holidays), false);
    EXPECT_EQ(ph.IsOpenAt(At(2026, 5, 14, 11, 0), holidays), true);
    // 14 July 2026 is a Tuesday; a holiday on a Sunday with "Sa,PH" opens.
    const auto sa_ph = OpeningHours::Parse("Sa,PH 10:00-12:00");
    ASSERT_TRUE(sa_ph.parsed()) << sa_ph.error();
    EXPECT_EQ(sa_ph.IsOpenAt(At(2026, 7, 14, 11, 0), holidays), true);
    EXPECT_EQ(sa_ph.IsOpenAt(At(2026, 7, 21, 11, 0), holidays), false);
}

TEST(PlacesOpeningHours, TwentyFourSevenAndMidnight) {
    const auto always = OpeningHours::Parse("24/7");
    ASSERT_TRUE(always.parsed());
    EXPECT_EQ(always.IsOpenAt(At(2026, 12, 25, 3, 0), FrenchPublicHolidays(2026)), true);
    const auto night = OpeningHours::Parse("Fr-Sa 20:00-02:00");
    ASSERT_TRUE(night.parsed()) << night.error();
    EXPECT_EQ(night.IsOpenAt(At(2026, 11, 28, 1, 0), kNoHolidays), true);   // Saturday 01:00 (from Friday)
    EXPECT_EQ(night.IsOpenAt(At(2026, 11, 30, 1, 0), kNoHolidays), false);  // Monday 01:00
    EXPECT_EQ(night.IsOpenAt(At(2026, 11, 29, 1, 30), kNoHolidays), true);  // Sunday 01:30 (from Saturday)
    const auto wrap = OpeningHours::Parse("Sa-Mo 10:00-24:00");
    ASSERT_TRUE(wrap.parsed()) << wrap.error();
    EXPECT_EQ(wrap.OpensOn(6), true);
    EXPECT_EQ(wrap.OpensOn(0), true);
    EXPECT_EQ(wrap.OpensOn(1), false);
    EXPECT_EQ(wrap.IsOpenAt(At(2026, 11, 23, 23, 59), kNoHolidays), true);
}

TEST(PlacesOpeningHours, UnparsableValuesAreKeptAndFlagged) {
    for (const char* text : {"sur rendez-vous", "Mo-Fr 9h-12h", "Jan-Jun Mo 10:00-12:00", "Mo-Fr 10:00-25:00",
                             "Mo-Fr 10:00-12:00 || \"sur rendez-vous\"", "SH off", "Mo-", "Mo,"}) {
        const auto h = OpeningHours::Parse(text);
        EXPECT_FALSE(h.parsed()) << text;
        EXPECT_EQ(h.text(), text);
        EXPECT_FALSE(h.error().empty());
        EXPECT_EQ(h.IsOpenAt(At(2026, 11, 23, 10, 0), kNoHolidays), std::nullopt);
        EXPECT_EQ(h.OpensOn(0), std::nullopt);
    }
    EXPECT_FALSE(OpeningHours::Parse("").parsed());
    EXPECT_TRUE(OpeningHours::Parse("mo-fr 08:30-12:00 ; sa 9:00-12:00").parsed());
}

TEST(PlacesHolidays, EasterOfKnownYears) {
    EXPECT_EQ(EasterSunday(2000), (Date{2000, 4, 23}));
    EXPECT_EQ(EasterSunday(2008), (Date{2008, 3, 23}));
    EXPECT_EQ(EasterSunday(2011), (Date{2011, 4, 24}));
    EXPECT_EQ(EasterSunday(2019), (Date{2019, 4, 21}));
    EXPECT_EQ(EasterSunday(2024), (Date{2024, 3, 31}));
    EXPECT_EQ(EasterSunday(2025), (Date{2025, 4, 20}));
    EXPECT_EQ(EasterSunday(2026), (Date{2026, 4, 5}));
    EXPECT_EQ(EasterSunday(2038), (Date{2038, 4, 25}));
    EXPECT_EQ(EasterSunday(2285), (Date{2285, 3, 22}));
}

TEST(PlacesHolidays, FrenchHolidays2024) {
    const std::vector<Date> expected = {{2024, 1, 1},  {2024, 4, 1},   {2024, 5, 1},  {2024, 5, 8},
                                        {2024, 5, 9},  {2024, 5, 20},  {2024, 7, 14}, {2024, 8, 15},
                                        {2024, 11, 1}, {2024, 11, 11}, {2024, 12, 25}};
    EXPECT_EQ(FrenchPublicHolidays(2024), expected);
    const auto alsace = FrenchPublicHolidays(2024, true);
    EXPECT_EQ(alsace.size(), 13U);
    EXPECT_NE(std::find(alsace.begin(), alsace.end(), Date{2024, 3, 29}), alsace.end());  // Good Friday
    // 2008: Ascension on 1 May, listed once.
    EXPECT_EQ(FrenchPublicHolidays(2008).size(), 10U);
}

TEST(PlacesDates, CivilConversions) {
    EXPECT_EQ(Weekday(Date{2026, 11, 23}), 0);
    EXPECT_EQ(Weekday(Date{1970, 1, 1}), 3);
    EXPECT_EQ(Weekday(Date{2000, 2, 29}), 1);
    for (long d = -1000; d < 100000; d += 37) EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
    EXPECT_TRUE(IsValidDate(Date{2024, 2, 29}));
    EXPECT_FALSE(IsValidDate(Date{2023, 2, 29}));
    EXPECT_FALSE(IsValidDate(Date{2100, 2, 29}));
    EXPECT_EQ(FormatIsoDate(Date{2022, 6, 2}), "2022-06-02");
}

}  // namespace
}  // namespace passeur::places
