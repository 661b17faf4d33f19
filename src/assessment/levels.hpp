// Abilities to levels 1–8 through the framework's cut scores (framework::Framework::cut_scores:
// 7 increasing thresholds of levels 2..8 on the logit scale), with the uncertainty shown as a range
// of levels rather than a single, falsely precise one.
#pragma once

#include <span>

#include "core/result.hpp"

namespace passeur::assessment {

inline constexpr int kLevelCount = 8;

// Exactly 7 finite, strictly increasing values; kInvalidArgument "cut_scores[i]: ..." otherwise.
core::Result<void> ValidateCutScores(std::span<const double> cut_scores);

// 1 + the number of cut scores at or below theta (cut scores valid).
int LevelForAbility(double theta, std::span<const double> cut_scores);

struct LevelRange {
    int level = 1;          // level of the estimate
    int low = 1;            // level of estimate − z·sd
    int high = 1;           // level of estimate + z·sd
    double theta_low = 0;   // estimate − z·sd
    double theta_high = 0;  // estimate + z·sd
};

// The level of `mean` and the levels its interval mean ± z·sd spans (z = 1.96: 95 %). With a large
// sd the range is wide: that is the point. kInvalidArgument (field "mean", "sd" or "z") unless mean
// is finite, sd finite and ≥ 0, z finite and ≥ 0: a NaN estimate never maps to a level.
core::Result<LevelRange> LevelRangeFor(double mean, double sd, std::span<const double> cut_scores,
                                       double z = 1.96);

}  // namespace passeur::assessment
