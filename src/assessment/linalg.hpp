// Small dense symmetric matrices (row-major, n ≤ 16) for the prior and the EP posterior.
#pragma once

#include <cstddef>
#include <vector>

namespace passeur::assessment {

// In place: `a` (n×n, symmetric) becomes its inverse. False when `a` is not positive definite
// (a Cholesky pivot ≤ 1e-12 times its own diagonal entry, or not finite); `a` is then unspecified.
bool InvertSpd(std::vector<double>& a, std::size_t n);

// True when the symmetric matrix is positive definite (Cholesky succeeds).
bool IsPositiveDefinite(const std::vector<double>& a, std::size_t n);

}  // namespace passeur::assessment
