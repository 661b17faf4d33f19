#include "assessment/adaptive_test.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "assessment/irt.hpp"
#include "assessment/linalg.hpp"

namespace passeur::assessment {
namespace {

constexpr std::uint8_t kFree = 0;
constexpr std::uint8_t kAnswered = 1;
constexpr std::uint8_t kSetAside = 2;
constexpr std::uint8_t kUnusable = 3;
// Under this a likelihood node counts as 0 (relative to a maximum of about 1): avoids subnormals.
constexpr double kTiny = 1e-280;
// The likelihood is rescaled when its total falls under this.
constexpr double kRescaleBelow = 1e-200;
constexpr double kPriorFloor = 1e-250;

// log P(category | θ) computed from the parameters (not the tables, which underflow to 0).
double LogProbability(const BankItem& it, double theta, int category) {
    if (it.partial()) {
        double s = 0, top = 0;  // s_0 = 0
        double chosen = 0;      // s_category
        std::array<double, kMaxSteps + 1> z{};
        for (std::size_t v = 0; v < it.steps.size(); ++v) {
            s += it.a * (theta - it.steps[v]);
            z[v + 1] = s;
            top = std::max(top, s);
            if (static_cast<int>(v) + 1 == category) chosen = s;
        }
        double sum = 0;
        for (std::size_t k = 0; k <= it.steps.size(); ++k) sum += std::exp(z[k] - top);
        return chosen - top - std::log(sum);
    }
    const double zz = it.a * (theta - it.b);
    if (category == 1) {
        return it.c > 0 ? std::log(it.c + (1.0 - it.c) * Logistic(zz)) : LogLogistic(zz);
    }
    return std::log1p(-it.c) + LogLogistic(-zz);
}

core::Error Invalid(std::string field, std::string_view what) {
    return core::Error::InvalidArgument(fmt::format("{}: {}", field, what), field);
}

bool Finite(double v) { return std::isfinite(v); }

double Uniform(core::Random& random) {
    return static_cast<double>(random.NextU64() >> 11) * (1.0 / 9007199254740992.0);
}

}  // namespace

std::string_view StopReasonName(StopReason reason) {
    switch (reason) {
        case StopReason::kNotStopped:
            return "not_stopped";
        case StopReason::kSeTarget:
            return "se_target";
        case StopReason::kMaxLength:
            return "max_length";
        case StopReason::kBankExhausted:
            return "bank_exhausted";
    }
    return "not_stopped";
}

core::Result<void> ValidateConfig(const TestConfig& c, std::size_t competences, std::size_t bank_size) {
    if (competences == 0 || competences > kMaxProfileCompetences) {
        return core::Fail(Invalid("profile", "must hold 1 to 16 competences"));
    }
    if (c.se_target && !(Finite(*c.se_target) && *c.se_target > 0 && *c.se_target <= 5)) {
        return core::Fail(Invalid("se_target", "must be within (0, 5]"));
    }
    if (c.max_length < 1 || c.max_length > 1000)
        return core::Fail(Invalid("max_length", "must be within 1..1000"));
    if (c.min_length < 0 || c.min_length > c.max_length) {
        return core::Fail(Invalid("min_length", "must be within 0..max_length"));
    }
    if (!c.se_target && c.min_length != c.max_length && c.min_length != 0) {
        // Without an SE target the test always runs to max_length; a different min is a mistake.
        return core::Fail(
            Invalid("min_length", "without se_target the test runs to max_length: leave min_length 0"));
    }
    if (c.min_items_per_competence < 0 || c.min_items_per_competence > c.max_length) {
        return core::Fail(Invalid("min_items_per_competence", "must be within 0..max_length"));
    }
    const std::size_t d = competences;
    if (static_cast<std::size_t>(c.min_items_per_competence) * d > static_cast<std::size_t>(c.max_length)) {
        return core::Fail(
            Invalid("min_items_per_competence", fmt::format("{} competences × {} items exceed max_length {}",
                                                            d, c.min_items_per_competence, c.max_length)));
    }
    if (!c.prior_means.empty()) {
        if (c.prior_means.size() != d) return core::Fail(Invalid("prior_means", "one value per competence"));
        for (double m : c.prior_means) {
            if (!(Finite(m) && std::abs(m) <= 5))
                return core::Fail(Invalid("prior_means", "each within [-5, 5]"));
        }
    }
    if (!c.prior_sds.empty()) {
        if (c.prior_sds.size() != d) return core::Fail(Invalid("prior_sds", "one value per competence"));
        for (double s : c.prior_sds) {
            if (!(Finite(s) && s >= 0.05 && s <= 5))
                return core::Fail(Invalid("prior_sds", "each within [0.05, 5]"));
        }
    }
    std::vector<double> r(d * d, c.prior_correlation);
    if (c.prior_correlations.empty()) {
        if (!(Finite(c.prior_correlation) && c.prior_correlation > -1 && c.prior_correlation < 1)) {
            return core::Fail(Invalid("prior_correlation", "must be within (-1, 1)"));
        }
        for (std::size_t i = 0; i < d; ++i) r[i * d + i] = 1.0;
        if (!IsPositiveDefinite(r, d)) {
            return core::Fail(
                Invalid("prior_correlation", "the correlation matrix is not positive definite"));
        }
    } else {
        if (c.prior_correlations.size() != d * d) {
            return core::Fail(Invalid("prior_correlations", fmt::format("must hold {}×{} values", d, d)));
        }
        for (std::size_t i = 0; i < d; ++i) {
            for (std::size_t j = 0; j < d; ++j) {
                const double v = c.prior_correlations[i * d + j];
                const std::string where = fmt::format("prior_correlations[{}][{}]", i, j);
                if (!Finite(v) || std::abs(v) > 1)
                    return core::Fail(Invalid(where, "must be within [-1, 1]"));
                if (i == j && v != 1.0) return core::Fail(Invalid(where, "the diagonal must be 1"));
                if (v != c.prior_correlations[j * d + i])
                    return core::Fail(Invalid(where, "must be symmetric"));
            }
        }
        if (!IsPositiveDefinite(c.prior_correlations, d)) {
            return core::Fail(Invalid("prior_correlations", "the matrix is not positive definite"));
        }
    }
    if (c.exposure.kind == ExposureControl::kRandomesque &&
        (c.exposure.top_k < 1 || c.exposure.top_k > 100)) {
        return core::Fail(Invalid("exposure.top_k", "must be within 1..100"));
    }
    if (!c.exposure.sympson_hetter.empty()) {
        if (c.exposure.sympson_hetter.size() != bank_size) {
            return core::Fail(Invalid("exposure.sympson_hetter", "one parameter per bank item"));
        }
        for (std::size_t i = 0; i < bank_size; ++i) {
            const double k = c.exposure.sympson_hetter[i];
            if (!(Finite(k) && k >= 0 && k <= 1)) {
                return core::Fail(
                    Invalid(fmt::format("exposure.sympson_hetter[{}]", i), "must be within [0, 1]"));
            }
        }
    }
    if ((c.needs & ~kAllConditions) != 0) return core::Fail(Invalid("needs", "unknown condition bit"));
    if (c.ep_max_sweeps < 1 || c.ep_max_sweeps > 100) {
        return core::Fail(Invalid("ep_max_sweeps", "must be within 1..100"));
    }
    if (!(Finite(c.ep_tolerance) && c.ep_tolerance > 0 && c.ep_tolerance <= 0.1)) {
        return core::Fail(Invalid("ep_tolerance", "must be within (0, 0.1]"));
    }
    return core::Ok();
}

namespace {

// What the bank's grid (step h) can resolve: a prior SD under 2h is a point mass on a node, an SE
// target under h is met after one item by a posterior squeezed onto a node, and a prior whose
// mean ± 3 SD leaves the grid is truncated.
core::Result<void> ValidateResolution(const TestConfig& c, std::size_t competences,
                                      std::span<const double> nodes) {
    const double lo = nodes.front(), hi = nodes.back();
    const double h = nodes[1] - nodes[0];
    if (c.se_target && *c.se_target < h) {
        return core::Fail(Invalid("se_target", fmt::format("must be at least the grid step {:.4g}", h)));
    }
    for (std::size_t i = 0; i < competences; ++i) {
        const double m = c.prior_means.empty() ? 0.0 : c.prior_means[i];
        const double sd = c.prior_sds.empty() ? 1.0 : c.prior_sds[i];
        if (sd < 2 * h) {
            return core::Fail(Invalid(fmt::format("prior_sds[{}]", i),
                                      fmt::format("must be at least 2 grid steps ({:.4g})", 2 * h)));
        }
        if (m - 3 * sd < lo || m + 3 * sd > hi) {
            return core::Fail(
                Invalid(fmt::format("prior_means[{}]", i),
                        fmt::format("mean ± 3 SD ({:.4g} ± {:.4g}) must lie within the grid [{:.4g}, {:.4g}]",
                                    m, 3 * sd, lo, hi)));
        }
    }
    return core::Ok();
}

}  // namespace

AdaptiveTest::AdaptiveTest(const ItemBank& bank, std::vector<std::size_t> profile, TestConfig config)
    : bank_(&bank), profile_(std::move(profile)), config_(std::move(config)) {}

core::Result<AdaptiveTest> AdaptiveTest::Create(const ItemBank& bank, std::vector<std::size_t> profile,
                                                TestConfig config) {
    PASSEUR_TRY(ValidateConfig(config, profile.size(), bank.size()));
    PASSEUR_TRY(ValidateResolution(config, profile.size(), bank.nodes()));
    std::vector<int> dim_of(bank.competences().size(), -1);
    for (std::size_t d = 0; d < profile.size(); ++d) {
        if (profile[d] >= bank.competences().size()) {
            return core::Fail(Invalid(fmt::format("profile[{}]", d), "no such competence in the bank"));
        }
        if (dim_of[profile[d]] != -1) {
            return core::Fail(Invalid(fmt::format("profile[{}]", d), "competence listed twice"));
        }
        dim_of[profile[d]] = static_cast<int>(d);
    }
    AdaptiveTest test(bank, std::move(profile), std::move(config));
    test.dim_of_competence_ = std::move(dim_of);
    test.points_ = bank.nodes().size();
    test.base_state_.assign(bank.size(), kFree);
    for (std::size_t i = 0; i < bank.size(); ++i) {
        if ((test.config_.needs & ~bank.item(i).usable_in) != 0) test.base_state_[i] = kUnusable;
    }
    test.InitPrior();
    test.Reset();
    return test;
}

void AdaptiveTest::InitPrior() {
    const std::size_t d = profile_.size();
    auto mean_of = [&](std::size_t i) { return config_.prior_means.empty() ? 0.0 : config_.prior_means[i]; };
    auto sd_of = [&](std::size_t i) { return config_.prior_sds.empty() ? 1.0 : config_.prior_sds[i]; };
    if (d == 1) {
        prior_w_.resize(points_);
        double sum = 0;
        const double m = mean_of(0), s = sd_of(0);
        for (std::size_t g = 0; g < points_; ++g) {
            const double z = (bank_->nodes()[g] - m) / s;
            // Floored so that no node has a prior weight of exactly 0: the posterior moments then
            // stay defined (s0 > 0) whatever node the likelihood concentrates on.
            prior_w_[g] = std::max(std::exp(-0.5 * z * z), kPriorFloor);
            sum += prior_w_[g];
        }
        for (double& w : prior_w_) w /= sum;
        return;
    }
    // Prior covariance Σ0 = S R S, precision and h0 = Σ0⁻¹ μ0.
    prec0_.assign(d * d, 0.0);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) {
            double r = i == j ? 1.0
                              : (config_.prior_correlations.empty() ? config_.prior_correlation
                                                                    : config_.prior_correlations[i * d + j]);
            prec0_[i * d + j] = r * sd_of(i) * sd_of(j);
        }
    }
    InvertSpd(prec0_, d);  // validated positive definite
    h0_.assign(d, 0.0);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) h0_[i] += prec0_[i * d + j] * mean_of(j);
    }
}

void AdaptiveTest::Reset() {
    const std::size_t d = profile_.size();
    state_ = base_state_;
    responses_.clear();
    selected_.clear();
    count_.assign(d, 0);
    exhausted_ = false;
    like_.assign(d * points_, 1.0);
    mean_.assign(d, 0.0);
    sd_.assign(d, 1.0);
    if (d == 1) {
        double m = 0, v = 0;
        for (std::size_t g = 0; g < points_; ++g) m += prior_w_[g] * bank_->nodes()[g];
        for (std::size_t g = 0; g < points_; ++g) {
            const double x = bank_->nodes()[g] - m;
            v += prior_w_[g] * x * x;
        }
        mean_[0] = m;
        sd_[0] = std::sqrt(v);
        return;
    }
    tau_.assign(d, 0.0);
    nu_.assign(d, 0.0);
    RecomputeCovariance();
}

void AdaptiveTest::RecomputeCovariance() {
    const std::size_t d = profile_.size();
    // Σ = (Σ0⁻¹ + diag τ)⁻¹ afresh (it drifts under the rank-one updates). Sites are only accepted
    // when this stays positive definite, but should the inversion still fail (rounding), the
    // rank-one-updated Σ is kept rather than a half-written factor. At Reset τ = 0, and Σ0⁻¹ (the
    // inverse of the validated positive definite Σ0) inverts back.
    scratch_ = prec0_;
    for (std::size_t i = 0; i < d; ++i) scratch_[i * d + i] += tau_[i];
    if (InvertSpd(scratch_, d)) sigma_.swap(scratch_);
    mu_.assign(d, 0.0);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) mu_[i] += sigma_[i * d + j] * (h0_[j] + nu_[j]);
    }
    for (std::size_t i = 0; i < d; ++i) {
        mean_[i] = mu_[i];
        sd_[i] = std::sqrt(sigma_[i * d + i]);
    }
}

double AdaptiveTest::covariance(std::size_t i, std::size_t j) const {
    if (profile_.size() == 1) return sd_[0] * sd_[0];
    return sigma_[i * profile_.size() + j];
}

StopReason AdaptiveTest::stop_reason() const {
    const auto n = static_cast<int>(responses_.size());
    if (n >= config_.max_length) return StopReason::kMaxLength;
    if (config_.se_target && n >= config_.min_length) {
        bool met = true;
        for (std::size_t d = 0; d < profile_.size() && met; ++d) {
            if (!(sd_[d] <= *config_.se_target)) met = false;  // a NaN SD never meets the target
            if (static_cast<int>(count_[d]) < config_.min_items_per_competence && HasEligible(d)) met = false;
        }
        if (met) return StopReason::kSeTarget;
    }
    if (exhausted_) return StopReason::kBankExhausted;
    return StopReason::kNotStopped;
}

bool AdaptiveTest::HasEligible(std::size_t d) const {
    for (std::uint32_t i : bank_->ItemsOf(profile_[d])) {
        if (state_[i] == kFree || state_[i] == kSetAside) return true;
    }
    return false;
}

bool AdaptiveTest::ReleaseSetAside(std::size_t d) {
    // Only items set aside by the Sympson–Hetter lottery remain: they come back rather than
    // ending the test.
    bool any = false;
    for (std::uint32_t i : bank_->ItemsOf(profile_[d])) {
        if (state_[i] == kSetAside) {
            state_[i] = kFree;
            any = true;
        }
    }
    return any;
}

std::optional<std::size_t> AdaptiveTest::BestEligible(std::size_t d, double theta) const {
    const std::size_t competence = profile_[d];
    for (std::uint32_t i : bank_->Ranked(competence, bank_->BinOf(theta))) {
        if (state_[i] == kFree) return i;
    }
    // Every ranked item is taken: scan the competence (exact information at theta).
    std::optional<std::size_t> best;
    double best_info = -1;
    for (std::uint32_t i : bank_->ItemsOf(competence)) {
        if (state_[i] != kFree) continue;
        const double info = bank_->InformationAt(i, theta);
        if (info > best_info) {
            best_info = info;
            best = i;
        }
    }
    return best;
}

std::optional<std::size_t> AdaptiveTest::Choose(std::size_t d, double theta, core::Random& random) {
    const ExposureConfig& e = config_.exposure;
    const std::size_t competence = profile_[d];
    // Eligible items in decreasing information at theta (the ranking of theta's bin, then, past its
    // depth, the rest of the competence by exact information).
    auto ordered = [&](std::size_t wanted) {
        std::vector<std::size_t> out;
        for (std::uint32_t i : bank_->Ranked(competence, bank_->BinOf(theta))) {
            if (state_[i] == kFree) out.push_back(i);
            if (out.size() == wanted) return out;
        }
        std::vector<std::pair<double, std::size_t>> rest;
        const auto ranked = bank_->Ranked(competence, bank_->BinOf(theta));
        for (std::uint32_t i : bank_->ItemsOf(competence)) {
            if (state_[i] != kFree) continue;
            if (std::find(ranked.begin(), ranked.end(), i) != ranked.end()) continue;
            rest.emplace_back(-bank_->InformationAt(i, theta), i);
        }
        std::sort(rest.begin(), rest.end());
        for (const auto& [info, i] : rest) {
            out.push_back(i);
            if (out.size() == wanted) break;
        }
        return out;
    };
    switch (e.kind) {
        case ExposureControl::kNone: {
            auto best = BestEligible(d, theta);
            if (best) selected_.push_back(*best);
            return best;
        }
        case ExposureControl::kRandomesque: {
            auto top = ordered(static_cast<std::size_t>(e.top_k));
            if (top.empty()) return std::nullopt;
            const auto pick = static_cast<std::size_t>(Uniform(random) * static_cast<double>(top.size()));
            const std::size_t item = top[std::min(pick, top.size() - 1)];
            selected_.push_back(item);
            return item;
        }
        case ExposureControl::kSympsonHetter: {
            if (!BestEligible(d, theta)) ReleaseSetAside(d);
            std::optional<std::size_t> last;
            while (auto best = BestEligible(d, theta)) {
                selected_.push_back(*best);
                const double k = e.sympson_hetter.empty() ? 1.0 : e.sympson_hetter[*best];
                if (k >= 1.0 || Uniform(random) < k) return best;
                state_[*best] = kSetAside;
                last = best;
            }
            // The lottery set every eligible item aside: administer the last one tried.
            if (last) state_[*last] = kFree;
            return last;
        }
    }
    return std::nullopt;
}

std::optional<std::size_t> AdaptiveTest::Next(core::Random& random) {
    if (stop_reason() != StopReason::kNotStopped) return std::nullopt;
    const std::size_t dims = profile_.size();
    if (dims == 1) {
        auto item = Choose(0, mean_[0], random);
        if (!item) exhausted_ = true;
        return item;
    }
    // Competences still above the SE target (all of them without a target or when all are met
    // before min_length).
    std::uint32_t active = 0;
    if (config_.se_target) {
        for (std::size_t d = 0; d < dims; ++d) {
            if (sd_[d] > *config_.se_target) active |= 1U << d;
        }
    }
    if (active == 0) active = (1U << dims) - 1;
    // Content balancing: competences under their minimum count come first.
    std::uint32_t under = 0;
    for (std::size_t d = 0; d < dims; ++d) {
        if (static_cast<int>(count_[d]) < config_.min_items_per_competence) under |= 1U << d;
    }
    // Pick the competence whose best eligible item most reduces the summed posterior variance of the
    // active competences (Gaussian approximation: an item of information I on competence d reduces
    // Σ_kk by I·Σ_kd² / (1 + I·Σ_dd)); the least precise competences weigh the most.
    std::optional<std::size_t> chosen;
    for (std::uint32_t candidates : {under, active, static_cast<std::uint32_t>((1U << dims) - 1)}) {
        double best_gain = -1;
        for (std::size_t d = 0; d < dims; ++d) {
            if ((candidates & (1U << d)) == 0) continue;
            auto item = BestEligible(d, mean_[d]);
            if (!item && ReleaseSetAside(d)) item = BestEligible(d, mean_[d]);
            if (!item) continue;
            const double info = bank_->InformationAt(*item, mean_[d]);
            double spread = 0;
            for (std::size_t k = 0; k < dims; ++k) {
                if ((active & (1U << k)) == 0) continue;
                const double s = sigma_[k * dims + d];
                spread += s * s;
            }
            const double gain = info / (1.0 + info * sigma_[d * dims + d]) * spread;
            if (gain > best_gain) {
                best_gain = gain;
                chosen = d;
            }
        }
        if (chosen) break;
    }
    if (!chosen) {
        exhausted_ = true;
        return std::nullopt;
    }
    auto item = Choose(*chosen, mean_[*chosen], random);
    if (!item) exhausted_ = true;
    return item;
}

core::Result<void> AdaptiveTest::Answer(std::size_t item, double score) {
    if (stop_reason() != StopReason::kNotStopped) {
        return core::Fail(Invalid("item", fmt::format("the test has stopped ({}): no further answer",
                                                      StopReasonName(stop_reason()))));
    }
    if (item >= bank_->size()) return core::Fail(Invalid("item", "no such item in the bank"));
    const int dim = dim_of_competence_[bank_->competence_of(item)];
    if (dim < 0) return core::Fail(Invalid("item", "the item's competence is not in the profile"));
    if (state_[item] == kAnswered) return core::Fail(Invalid("item", "the item was already answered"));
    if (state_[item] == kUnusable) {
        return core::Fail(Invalid("item", "the item is not usable with the learner's accessibility needs"));
    }
    if (!(Finite(score) && score >= 0 && score <= 1))
        return core::Fail(Invalid("score", "must be within [0, 1]"));
    const BankItem& it = bank_->item(item);
    int category = 0;
    if (it.partial()) {
        category = static_cast<int>(std::lround(score * static_cast<double>(it.steps.size())));
    } else {
        if (score != 0.0 && score != 1.0) {
            return core::Fail(Invalid("score", "a dichotomous item takes 0 or 1"));
        }
        category = score == 1.0 ? 1 : 0;
    }
    // Items set aside by the Sympson–Hetter lottery stay aside for the rest of the test (the
    // original procedure).
    state_[item] = kAnswered;
    responses_.push_back({item, category});
    const auto d = static_cast<std::size_t>(dim);
    ++count_[d];
    const auto row = bank_->Table(item).subspan(static_cast<std::size_t>(category) * points_, points_);
    if (profile_.size() == 1) {
        UpdateUni(row);
    } else {
        UpdateMulti(d, row);
    }
    return core::Ok();
}

void AdaptiveTest::UpdateUni(std::span<const double> row) {
    double* like = like_.data();
    const double* w = prior_w_.data();
    const double* x = bank_->nodes().data();
    const double* p = row.data();
    const std::size_t n = points_;
    double s0 = 0, s1 = 0, s2 = 0;
    for (std::size_t g = 0; g < n; ++g) {
        double v = like[g] * p[g];
        v = v < kTiny ? 0.0 : v;
        like[g] = v;
        const double q = v * w[g];
        s0 += q;
        s1 += q * x[g];
        s2 += q * x[g] * x[g];
    }
    if (!(s0 > 0)) {
        // Every node underflowed to 0 (e.g. a surprising answer to a high-a item): without this,
        // 1/top = inf and 0·inf = NaN. The log domain keeps the likelihood's shape.
        RebuildLikelihoodInLogs(0);
        s0 = 0;  // falls into the rescaling pass below, which recomputes the moments
    }
    if (s0 < kRescaleBelow) {
        // Rescale so the largest node is 1 (then s0 is at least one prior weight).
        const double top = *std::max_element(like, like + n);
        const double f = 1.0 / top;
        s0 = s1 = s2 = 0;
        for (std::size_t g = 0; g < n; ++g) {
            double v = like[g] * f;
            v = v < kTiny ? 0.0 : v;
            like[g] = v;
            const double q = v * w[g];
            s0 += q;
            s1 += q * x[g];
            s2 += q * x[g] * x[g];
        }
    }
    // s0 ≥ (largest node = 1) × kPriorFloor / Σw > 0 here, so m and sd are finite.
    const double m = s1 / s0;
    mean_[0] = m;
    sd_[0] = std::sqrt(std::max(0.0, s2 / s0 - m * m));
}

void AdaptiveTest::UpdateMulti(std::size_t d, std::span<const double> row) {
    double* like = like_.data() + d * points_;
    double top = 0;
    for (std::size_t g = 0; g < points_; ++g) {
        double v = like[g] * row[g];
        v = v < kTiny ? 0.0 : v;
        like[g] = v;
        top = std::max(top, v);
    }
    if (!(top > 0)) {
        RebuildLikelihoodInLogs(d);  // every node underflowed to 0; top is 1 afterwards
        top = 1.0;
    }
    if (top < kRescaleBelow) {
        const double f = 1.0 / top;
        for (std::size_t g = 0; g < points_; ++g) {
            const double v = like[g] * f;
            like[g] = v < kTiny ? 0.0 : v;
        }
    }
    UpdateSite(d);
    for (int sweep = 0; sweep < config_.ep_max_sweeps; ++sweep) {
        double moved = 0;
        for (std::size_t k = 0; k < profile_.size(); ++k) {
            if (count_[k] > 0) moved = std::max(moved, UpdateSite(k));
        }
        if (moved < config_.ep_tolerance) break;
    }
    RecomputeCovariance();
}

void AdaptiveTest::RebuildLikelihoodInLogs(std::size_t d) {
    const auto nodes = bank_->nodes();
    std::vector<double> log_like(points_, 0.0);
    for (const Response& r : responses_) {
        if (dim_of_competence_[bank_->competence_of(r.item)] != static_cast<int>(d)) continue;
        const BankItem& it = bank_->item(r.item);
        for (std::size_t g = 0; g < points_; ++g) log_like[g] += LogProbability(it, nodes[g], r.category);
    }
    const double top = *std::max_element(log_like.begin(), log_like.end());
    double* like = like_.data() + d * points_;
    for (std::size_t g = 0; g < points_; ++g) {
        const double v = std::exp(log_like[g] - top);
        like[g] = v < kTiny ? 0.0 : v;
    }
}

double AdaptiveTest::UpdateSite(std::size_t d) {
    const std::size_t dims = profile_.size();
    const double s = sigma_[d * dims + d];
    const double lambda = 1.0 / s - tau_[d];  // cavity precision
    if (!(lambda > 1e-10)) return 0;
    const double mc = (mu_[d] / s - nu_[d]) / lambda;  // cavity mean
    if (!Finite(mc)) return 0;
    // Cavity density on the grid, up to a constant, by the exact recurrence
    // c(x + h) = c(x)·r(x), r(x + h) = r(x)·q, started at the node nearest mc (value 1), so only
    // 3 exponentials are needed; tails under 1e-300 are cut.
    const auto nodes = bank_->nodes();
    const double* like = like_.data() + d * points_;
    const double lo = nodes.front();
    const double h = nodes[1] - nodes[0];
    // Clamped as a double before the cast (a cast of a value beyond size_t is undefined).
    const double pos = std::clamp(std::round((mc - lo) / h), 0.0, static_cast<double>(points_ - 1));
    const auto j0 = static_cast<std::size_t>(pos);
    const double q = std::exp(-lambda * h * h);
    double s0 = 0, s1 = 0, s2 = 0;
    {
        const double u0 = nodes[j0] - mc;
        const double w = like[j0];
        s0 += w;
        s1 += w * u0;
        s2 += w * u0 * u0;
        double c = 1.0;
        double r = std::exp(-0.5 * lambda * (2.0 * u0 * h + h * h));
        for (std::size_t g = j0 + 1; g < points_ && c > 1e-300; ++g) {
            c *= r;
            r *= q;
            const double u = nodes[g] - mc;
            const double wg = c * like[g];
            s0 += wg;
            s1 += wg * u;
            s2 += wg * u * u;
        }
        c = 1.0;
        r = std::exp(-0.5 * lambda * (-2.0 * u0 * h + h * h));
        for (std::size_t g = j0; g-- > 0 && c > 1e-300;) {
            c *= r;
            r *= q;
            const double u = nodes[g] - mc;
            const double wg = c * like[g];
            s0 += wg;
            s1 += wg * u;
            s2 += wg * u * u;
        }
    }
    if (!(s0 > 0) || !Finite(s0)) return 0;
    const double shift = s1 / s0;
    // The grid cannot resolve a variance below that of a uniform over one cell (h²/12): a likelihood
    // concentrated on one node gives that, rather than a skipped (no-op) site update.
    const double v = std::max(s2 / s0 - shift * shift, h * h / 12.0);
    if (!Finite(v)) return 0;
    const double m = mc + shift;
    const double new_tau = 1.0 / v - lambda;
    const double new_nu = m / v - lambda * mc;
    const double delta = new_tau - tau_[d];
    const double denom = 1.0 + delta * s;
    if (!(denom > 1e-9)) return 0;  // would leave the approximation not positive definite
    const double moved = std::max(std::abs(delta), std::abs(new_nu - nu_[d]));
    // Σ' = Σ − (Δτ / (1 + Δτ Σ_dd)) Σ_{:,d} Σ_{d,:}; μ' = Σ' (h0 + ν').
    scratch_.assign(sigma_.begin() + static_cast<std::ptrdiff_t>(d * dims),
                    sigma_.begin() + static_cast<std::ptrdiff_t>((d + 1) * dims));
    const double f = delta / denom;
    for (std::size_t i = 0; i < dims; ++i) {
        for (std::size_t j = 0; j < dims; ++j) sigma_[i * dims + j] -= f * scratch_[i] * scratch_[j];
    }
    tau_[d] = new_tau;
    nu_[d] = new_nu;
    for (std::size_t i = 0; i < dims; ++i) {
        double acc = 0;
        for (std::size_t j = 0; j < dims; ++j) acc += sigma_[i * dims + j] * (h0_[j] + nu_[j]);
        mu_[i] = acc;
    }
    return moved;
}

std::optional<PointEstimate> AdaptiveTest::Point(std::size_t d, PointMethod method) const {
    std::vector<Response> mine;
    for (const Response& r : responses_) {
        if (dim_of_competence_[bank_->competence_of(r.item)] == static_cast<int>(d)) mine.push_back(r);
    }
    if (mine.empty()) return std::nullopt;
    const double lo = bank_->grid().low, hi = bank_->grid().high;
    // f(θ) = d/dθ of the objective: log-likelihood (MLE) or log-likelihood + ½ log I (WLE).
    auto eval = [&](double theta, double& objective_slope, double& info, double& loglik) {
        double score = 0, j = 0;
        info = 0;
        loglik = 0;
        for (const Response& r : mine) {
            const BankItem& it = bank_->item(r.item);
            ItemDerivatives der;
            if (it.partial()) {
                der = GpcmDerivatives(theta, it.a, it.steps, r.category);
                loglik += std::log(std::max(
                    GpcmProbabilities(theta, it.a, it.steps)[static_cast<std::size_t>(r.category)], 1e-300));
            } else {
                der = DichotomousDerivatives(theta, it.a, it.b, it.c, r.category == 1);
                const double z = it.a * (theta - it.b);
                const double p =
                    r.category == 1 ? it.c + (1.0 - it.c) * Logistic(z) : (1.0 - it.c) * Logistic(-z);
                loglik += std::log(std::max(p, 1e-300));
            }
            score += der.score;
            info += der.information;
            j += der.j;
        }
        objective_slope = score + (method == PointMethod::kWle && info > 0 ? j / (2.0 * info) : 0.0);
    };
    auto objective = [&](double theta) {
        double slope = 0, info = 0, loglik = 0;
        eval(theta, slope, info, loglik);
        return method == PointMethod::kWle ? loglik + 0.5 * std::log(std::max(info, 1e-300)) : loglik;
    };
    auto slope_at = [&](double theta) {
        double slope = 0, info = 0, loglik = 0;
        eval(theta, slope, info, loglik);
        return slope;
    };
    // Scan for the maxima (slope + → −), refine each by bisection, keep the best objective; the
    // bounds compete too (no interior maximum: at_bound).
    constexpr int kScan = 160;
    double best_theta = lo;
    double best_value = objective(lo);
    bool at_bound = true;
    if (double v = objective(hi); v > best_value) {
        best_value = v;
        best_theta = hi;
    }
    double prev_x = lo;
    double prev_f = slope_at(lo);
    for (int k = 1; k <= kScan; ++k) {
        const double x = lo + (hi - lo) * k / kScan;
        const double f = slope_at(x);
        if (prev_f > 0 && f <= 0) {
            double a = prev_x, b = x;
            for (int it = 0; it < 60; ++it) {
                const double mid = 0.5 * (a + b);
                if (slope_at(mid) > 0) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            const double root = 0.5 * (a + b);
            const double v = objective(root);
            if (v >= best_value || at_bound) {
                best_value = v;
                best_theta = root;
                at_bound = false;
            }
        }
        prev_x = x;
        prev_f = f;
    }
    double slope = 0, info = 0, loglik = 0;
    eval(best_theta, slope, info, loglik);
    PointEstimate out;
    out.theta = best_theta;
    out.se = info > 0 ? 1.0 / std::sqrt(info) : std::numeric_limits<double>::infinity();
    out.at_bound = at_bound;
    return out;
}

}  // namespace passeur::assessment
