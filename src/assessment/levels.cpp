#include "assessment/levels.hpp"

#include <cmath>

#include <fmt/format.h>

namespace passeur::assessment {

core::Result<void> ValidateCutScores(std::span<const double> cut_scores) {
    if (cut_scores.size() != kLevelCount - 1) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("cut_scores: expected 7 values, got {}", cut_scores.size()), "cut_scores"));
    }
    for (std::size_t i = 0; i < cut_scores.size(); ++i) {
        const std::string field = fmt::format("cut_scores[{}]", i);
        if (!std::isfinite(cut_scores[i])) {
            return core::Fail(core::Error::InvalidArgument(field + ": must be finite", field));
        }
        if (i > 0 && !(cut_scores[i] > cut_scores[i - 1])) {
            return core::Fail(
                core::Error::InvalidArgument(field + ": must be greater than the previous one", field));
        }
    }
    return core::Ok();
}

int LevelForAbility(double theta, std::span<const double> cut_scores) {
    int level = 1;
    for (double cut : cut_scores) {
        if (cut <= theta) ++level;
    }
    return level;
}

core::Result<LevelRange> LevelRangeFor(double mean, double sd, std::span<const double> cut_scores, double z) {
    if (!std::isfinite(mean)) return core::Fail(core::Error::InvalidArgument("mean: must be finite", "mean"));
    if (!(std::isfinite(sd) && sd >= 0)) {
        return core::Fail(core::Error::InvalidArgument("sd: must be finite and non-negative", "sd"));
    }
    if (!(std::isfinite(z) && z >= 0)) {
        return core::Fail(core::Error::InvalidArgument("z: must be finite and non-negative", "z"));
    }
    LevelRange r;
    r.theta_low = mean - z * sd;
    r.theta_high = mean + z * sd;
    r.level = LevelForAbility(mean, cut_scores);
    r.low = LevelForAbility(r.theta_low, cut_scores);
    r.high = LevelForAbility(r.theta_high, cut_scores);
    return r;
}

}  // namespace passeur::assessment
