#include "assessment/linalg.hpp"

#include <algorithm>
#include <cmath>

namespace passeur::assessment {
namespace {

// Lower Cholesky factor in place (upper part left as is).
bool Cholesky(std::vector<double>& l, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        // Pivot relative to its own diagonal entry (scale invariant: a row scaled by 10^6 against
        // another is still accepted), and NaN refused.
        const double diagonal = l[j * n + j];
        double d = diagonal;
        for (std::size_t k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
        if (!(diagonal > 0) || !(d > 1e-12 * diagonal) || !std::isfinite(d)) return false;
        d = std::sqrt(d);
        l[j * n + j] = d;
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = l[i * n + j];
            for (std::size_t k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = s / d;
        }
    }
    return true;
}

}  // namespace

bool IsPositiveDefinite(const std::vector<double>& a, std::size_t n) {
    std::vector<double> l = a;
    return Cholesky(l, n);
}

bool InvertSpd(std::vector<double>& a, std::size_t n) {
    if (!Cholesky(a, n)) return false;
    // inv(L) into a lower-triangular buffer, then inv(A) = inv(L)^T inv(L).
    std::vector<double> inv(n * n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        inv[j * n + j] = 1.0 / a[j * n + j];
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = 0;
            for (std::size_t k = j; k < i; ++k) s -= a[i * n + k] * inv[k * n + j];
            inv[i * n + j] = s / a[i * n + i];
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = 0;
            for (std::size_t k = i; k < n; ++k) s += inv[k * n + i] * inv[k * n + j];
            a[i * n + j] = s;
            a[j * n + i] = s;
        }
    }
    return true;
}

}  // namespace passeur::assessment
