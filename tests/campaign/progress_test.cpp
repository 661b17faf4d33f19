// BuildCompetenceProgress: per competence, its measures in point order and the change of level
// from the first to the last (none when measured once), competences in order of first appearance.
#include "campaign/progress.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::campaign {
namespace {

constexpr const char* kFw = "competences-numeriques";

CompetenceCell Cell(const std::string& code, int level, int target = 3, const std::string& fw = kFw) {
    const int low = level > 1 ? level - 1 : 1;
    const std::string verdict = low >= target ? "met" : (level < target ? "gap" : "uncertain");
    return {fw, code, level, low, level, target, verdict};
}

ProgressPoint Point(const std::string& id, std::int64_t at, std::vector<CompetenceCell> levels) {
    ProgressPoint p;
    p.participation_id = id;
    p.campaign_id = "c-" + id;
    p.shared_at = at;
    p.levels = std::move(levels);
    return p;
}

TEST(BuildCompetenceProgress, NoPointsNoCompetences) { EXPECT_TRUE(BuildCompetenceProgress({}).empty()); }

TEST(BuildCompetenceProgress, OnePointHasNoChange) {
    auto out = BuildCompetenceProgress({Point("a", 1, {Cell("1.1", 2), Cell("2.1", 4)})});
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].competence, "1.1");
    EXPECT_EQ(out[1].competence, "2.1");
    ASSERT_EQ(out[0].series.size(), 1u);
    EXPECT_EQ(out[0].series[0].point, 0u);
    EXPECT_EQ(out[0].series[0].cell, Cell("1.1", 2));
    EXPECT_FALSE(out[0].level_change.has_value());
    EXPECT_FALSE(out[1].level_change.has_value());
}

TEST(BuildCompetenceProgress, ChangeIsLastMinusFirstLevel) {
    auto out = BuildCompetenceProgress({
        Point("a", 1, {Cell("1.1", 2), Cell("2.1", 4), Cell("3.1", 3)}),
        Point("b", 2, {Cell("1.1", 3), Cell("2.1", 3), Cell("3.1", 3)}),
        Point("c", 3, {Cell("1.1", 4), Cell("2.1", 3), Cell("3.1", 3)}),
    });
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].level_change, 2);
    EXPECT_EQ(out[1].level_change, -1);
    EXPECT_EQ(out[2].level_change, 0);
    ASSERT_EQ(out[0].series.size(), 3u);
    EXPECT_EQ(out[0].series[1].point, 1u);
    EXPECT_EQ(out[0].series[1].cell.level, 3);
    EXPECT_EQ(out[0].series[2].cell.verdict, "met");  // 4 with range 3..4 against target 3
}

TEST(BuildCompetenceProgress, CompetencesOfDifferentProfilesAndGaps) {
    // Two profiles: 2.1 only in the first and last points, 4.1 only in the second, another
    // framework's 1.1 is another competence. Targets are those of each point's campaign.
    auto out = BuildCompetenceProgress({
        Point("a", 1, {Cell("1.1", 2, 3), Cell("2.1", 1, 4)}),
        Point("b", 2, {Cell("1.1", 2, 2), Cell("4.1", 5, 4), Cell("1.1", 2, 2, "autre")}),
        Point("c", 3, {Cell("2.1", 4, 4), Cell("1.1", 1, 3)}),
    });
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(out[0].competence, "1.1");
    EXPECT_EQ(out[1].competence, "2.1");
    EXPECT_EQ(out[2].competence, "4.1");
    EXPECT_EQ(out[3].framework, "autre");
    EXPECT_EQ(out[0].level_change, -1);
    EXPECT_EQ(out[0].series[1].cell.target_level, 2);
    EXPECT_EQ(out[0].series[1].cell.verdict, "uncertain");
    ASSERT_EQ(out[1].series.size(), 2u);
    EXPECT_EQ(out[1].series[0].point, 0u);
    EXPECT_EQ(out[1].series[1].point, 2u);
    EXPECT_EQ(out[1].level_change, 3);
    EXPECT_FALSE(out[2].level_change.has_value());
    EXPECT_FALSE(out[3].level_change.has_value());
}

TEST(BuildCompetenceProgress, ACompetenceTwiceInOnePointCountsOnce) {
    auto out = BuildCompetenceProgress({
        Point("a", 1, {Cell("1.1", 2), Cell("1.1", 7)}),
        Point("b", 2, {Cell("1.1", 3)}),
    });
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].series.size(), 2u);
    EXPECT_EQ(out[0].series[0].cell.level, 2);
    EXPECT_EQ(out[0].level_change, 1);
}

}  // namespace
}  // namespace passeur::campaign
