// Brute-force reference for the multidimensional posterior, to measure the engine's accuracy
// (tests, bench): the exact posterior N(μ0, Σ0) × Π likelihood summed on a product grid. Cost
// points^D × D²: meant for D ≤ 4 and points ≤ 81.
#pragma once

#include <cstddef>
#include <vector>

#include "assessment/adaptive_test.hpp"
#include "assessment/bank.hpp"
#include "core/result.hpp"

namespace passeur::assessment {

struct ReferencePosterior {
    std::vector<double> mean;
    std::vector<double> sd;
};

// The prior is the one `config` describes for `profile` (validated); `responses` are bank items of
// the profile's competences. points^D must not exceed 2e7.
core::Result<ReferencePosterior> BruteForcePosterior(const ItemBank& bank,
                                                     const std::vector<std::size_t>& profile,
                                                     const TestConfig& config,
                                                     const std::vector<Response>& responses, int points,
                                                     double low, double high);

}  // namespace passeur::assessment
