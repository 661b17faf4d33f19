#include "assessment/reference.hpp"

#include <algorithm>
#include <cmath>

#include "assessment/irt.hpp"
#include "assessment/linalg.hpp"

namespace passeur::assessment {

core::Result<ReferencePosterior> BruteForcePosterior(const ItemBank& bank,
                                                     const std::vector<std::size_t>& profile,
                                                     const TestConfig& config,
                                                     const std::vector<Response>& responses, int points,
                                                     double low, double high) {
    PASSEUR_TRY(ValidateConfig(config, profile.size(), bank.size()));
    const std::size_t dims = profile.size();
    if (points < 3 || !(low < high) ||
        std::pow(static_cast<double>(points), static_cast<double>(dims)) > 2e7) {
        return core::Fail(
            core::Error::InvalidArgument("points: 3 or more, and points^D at most 2e7", "points"));
    }
    const auto n = static_cast<std::size_t>(points);
    std::vector<double> nodes(n);
    for (std::size_t g = 0; g < n; ++g)
        nodes[g] = low + (high - low) * static_cast<double>(g) / static_cast<double>(n - 1);
    // Log-likelihood per dimension on the nodes.
    std::vector<double> loglik(dims * n, 0.0);
    for (const Response& r : responses) {
        const auto it_dim = std::find(profile.begin(), profile.end(), bank.competence_of(r.item));
        if (it_dim == profile.end()) {
            return core::Fail(
                core::Error::InvalidArgument("responses: an item outside the profile", "responses"));
        }
        const auto d = static_cast<std::size_t>(it_dim - profile.begin());
        const BankItem& it = bank.item(r.item);
        for (std::size_t g = 0; g < n; ++g) {
            double p = 0;
            if (it.partial()) {
                p = GpcmProbabilities(nodes[g], it.a, it.steps)[static_cast<std::size_t>(r.category)];
            } else {
                const double z = it.a * (nodes[g] - it.b);
                p = r.category == 1 ? it.c + (1 - it.c) * Logistic(z) : (1 - it.c) * Logistic(-z);
            }
            loglik[d * n + g] += std::log(std::max(p, 1e-300));
        }
    }
    // Prior precision.
    std::vector<double> prec(dims * dims);
    std::vector<double> mean0(dims, 0.0);
    for (std::size_t i = 0; i < dims; ++i) {
        if (!config.prior_means.empty()) mean0[i] = config.prior_means[i];
        for (std::size_t j = 0; j < dims; ++j) {
            const double r =
                i == j ? 1.0
                       : (config.prior_correlations.empty() ? config.prior_correlation
                                                            : config.prior_correlations[i * dims + j]);
            const double si = config.prior_sds.empty() ? 1.0 : config.prior_sds[i];
            const double sj = config.prior_sds.empty() ? 1.0 : config.prior_sds[j];
            prec[i * dims + j] = r * si * sj;
        }
    }
    InvertSpd(prec, dims);
    // Two passes: the maximum log-density (for scaling), then the moments.
    std::vector<std::size_t> idx(dims, 0);
    std::vector<double> x(dims);
    auto log_density = [&]() {
        double q = 0;
        for (std::size_t i = 0; i < dims; ++i) {
            for (std::size_t j = 0; j < dims; ++j)
                q += (x[i] - mean0[i]) * prec[i * dims + j] * (x[j] - mean0[j]);
        }
        double l = -0.5 * q;
        for (std::size_t d = 0; d < dims; ++d) l += loglik[d * n + idx[d]];
        return l;
    };
    auto advance = [&]() {
        for (std::size_t d = 0; d < dims; ++d) {
            if (++idx[d] < n) return true;
            idx[d] = 0;
        }
        return false;
    };
    double top = -1e300;
    std::fill(idx.begin(), idx.end(), 0);
    do {
        for (std::size_t d = 0; d < dims; ++d) x[d] = nodes[idx[d]];
        top = std::max(top, log_density());
    } while (advance());
    double s0 = 0;
    std::vector<double> s1(dims, 0.0), s2(dims, 0.0);
    std::fill(idx.begin(), idx.end(), 0);
    do {
        for (std::size_t d = 0; d < dims; ++d) x[d] = nodes[idx[d]];
        const double w = std::exp(log_density() - top);
        s0 += w;
        for (std::size_t d = 0; d < dims; ++d) {
            s1[d] += w * x[d];
            s2[d] += w * x[d] * x[d];
        }
    } while (advance());
    ReferencePosterior out;
    for (std::size_t d = 0; d < dims; ++d) {
        const double m = s1[d] / s0;
        out.mean.push_back(m);
        out.sd.push_back(std::sqrt(std::max(0.0, s2[d] / s0 - m * m)));
    }
    return out;
}

}  // namespace passeur::assessment
