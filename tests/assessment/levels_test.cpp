#include "assessment/levels.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::assessment {
namespace {

constexpr std::array<double, 7> kCuts = {-2.25, -1.5, -0.75, 0.0, 0.75, 1.5, 2.25};

TEST(Levels, AbilityToLevel) {
    EXPECT_EQ(LevelForAbility(-9, kCuts), 1);
    EXPECT_EQ(LevelForAbility(-2.25, kCuts), 2);  // a cut score belongs to the level above
    EXPECT_EQ(LevelForAbility(-0.01, kCuts), 4);
    EXPECT_EQ(LevelForAbility(0.0, kCuts), 5);
    EXPECT_EQ(LevelForAbility(2.3, kCuts), 8);
}

TEST(Levels, RangeReflectsTheUncertainty) {
    const LevelRange precise = LevelRangeFor(0.3, 0.1, kCuts).value();
    EXPECT_EQ(precise.level, 5);
    EXPECT_EQ(precise.low, 5);
    EXPECT_EQ(precise.high, 5);
    const LevelRange vague = LevelRangeFor(0.3, 0.4, kCuts).value();  // 0.3 ± 0.784
    EXPECT_EQ(vague.level, 5);
    EXPECT_EQ(vague.low, 4);
    EXPECT_EQ(vague.high, 6);
    EXPECT_NEAR(vague.theta_low, 0.3 - 1.96 * 0.4, 1e-12);
    const LevelRange prior = LevelRangeFor(0.0, 1.0, kCuts).value();
    EXPECT_EQ(prior.low, 2);
    EXPECT_EQ(prior.high, 7);
}

TEST(Levels, RangeRefusesNonFiniteEstimates) {
    // A NaN estimate used to map to level 1 with the range [1, 1].
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(LevelRangeFor(nan, 0.3, kCuts).error().field, "mean");
    EXPECT_EQ(LevelRangeFor(inf, 0.3, kCuts).error().field, "mean");
    EXPECT_EQ(LevelRangeFor(0.0, nan, kCuts).error().field, "sd");
    EXPECT_EQ(LevelRangeFor(0.0, -0.1, kCuts).error().field, "sd");
    EXPECT_EQ(LevelRangeFor(0.0, 0.3, kCuts, nan).error().field, "z");
    EXPECT_TRUE(LevelRangeFor(0.0, 0.0, kCuts));
}

TEST(Levels, CutScoresValidated) {
    EXPECT_TRUE(ValidateCutScores(kCuts));
    EXPECT_EQ(ValidateCutScores(std::vector<double>{0, 1}).error().field, "cut_scores");
    EXPECT_EQ(ValidateCutScores(std::vector<double>{-3, -2, -1, 0, 0, 1, 2}).error().field, "cut_scores[4]");
    EXPECT_EQ(ValidateCutScores(std::vector<double>{-3, -2, -1, 0, 1, 2, std::nan("")}).error().field,
              "cut_scores[6]");
}

}  // namespace
}  // namespace passeur::assessment
