// One adaptive test: ability estimation, item selection and stopping over an ItemBank, for one
// ability per competence of a target profile. Pure: no I/O, randomness injected (only exposure
// control draws), deterministic for a given sequence of draws.
//
// Estimation (docs in docs/assessment.md):
// - One competence: exact EAP on the bank's quadrature grid. The likelihood is kept in linear scale
//   on the grid (multiplied by the item's precomputed category-probability row at each answer,
//   rescaled when it gets small; a node whose likelihood falls below 1e-280 of the largest is set to
//   0), and the posterior mean and SD come from one fused O(grid) pass with the prior weights.
// - Several competences: the posterior is N(μ0, Σ0) × Π_d L_d(θ_d) where L_d is competence d's
//   likelihood on the grid (each item loads on one competence). It is approximated by expectation
//   propagation with one Gaussian site per competence: the site's tilted distribution (Gaussian
//   cavity × L_d) is integrated exactly on the grid, and the correlated dimensions follow by Gaussian
//   conditioning (rank-one update of Σ). Sweeps run until the sites move by less than
//   `ep_tolerance`. Reported: the marginal mean and SD per competence.
// Thread-safety: none (one test per thread); the bank may be shared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "assessment/bank.hpp"
#include "core/random.hpp"
#include "core/result.hpp"

namespace passeur::assessment {

inline constexpr std::size_t kMaxProfileCompetences = 16;

enum class ExposureControl { kNone, kRandomesque, kSympsonHetter };

struct ExposureConfig {
    ExposureControl kind = ExposureControl::kNone;
    int top_k = 5;  // randomesque: uniform among the k most informative eligible items, 1..100
    // Sympson–Hetter: one exposure parameter K_i in [0, 1] per bank item (bank order); a selected
    // item is administered with probability K_i, else set aside for the rest of this test and the
    // next one tried (set-aside items come back only when a competence has nothing else left).
    // Empty: every K_i = 1.
    std::vector<double> sympson_hetter{};
};

struct TestConfig {
    // Stop when every competence's posterior SD is at or below this (logit scale), 0 < x <= 5;
    // nullopt: only the length rules stop the test (fixed length when min_length == max_length).
    std::optional<double> se_target = 0.40;
    int min_length = 0;                // 0..max_length
    int max_length = 60;               // 1..1000
    int min_items_per_competence = 1;  // content balancing: competences × this ≤ max_length
    // Prior: means (default 0) and SDs (default 1) per profile competence, and correlations: the
    // D×D row-major matrix `prior_correlations` when given (symmetric, unit diagonal, positive
    // definite), else `prior_correlation` off the diagonal.
    double prior_correlation = 0.5;
    std::vector<double> prior_correlations{};
    std::vector<double> prior_means{};
    std::vector<double> prior_sds{};
    ExposureConfig exposure{};
    std::uint8_t needs = 0;      // accessibility conditions the learner asked for (kScreenReader | ...)
    int ep_max_sweeps = 10;      // 1..100
    double ep_tolerance = 1e-6;  // (0, 0.1]
};

// kInvalidArgument naming the field ("max_length", "prior_correlations", "exposure.top_k", ...).
core::Result<void> ValidateConfig(const TestConfig& config, std::size_t competences, std::size_t bank_size);

enum class StopReason { kNotStopped, kSeTarget, kMaxLength, kBankExhausted };
std::string_view StopReasonName(StopReason reason);  // "not_stopped", "se_target", ...

struct Estimate {
    double mean = 0;  // posterior mean (EAP)
    double sd = 1;    // posterior SD (the standard error reported)
};

enum class PointMethod { kMle, kWle };
struct PointEstimate {
    double theta = 0;
    double se = 0;          // 1/sqrt(test information at theta)
    bool at_bound = false;  // no interior maximum (e.g. MLE of all-correct): theta is the bound
};

struct Response {
    std::size_t item = 0;  // bank index
    int category = 0;      // 0/1 for dichotomous items, 0..m for partial-credit items
};

class AdaptiveTest {
public:
    // `profile`: bank competence indices, 1..16, distinct. The config is validated, also against the
    // bank's grid step h: se_target ≥ h, every prior SD ≥ 2h, every prior mean ± 3 SD within the
    // grid (errors name the field: "se_target", "prior_sds[i]", "prior_means[i]"). The test keeps a
    // pointer to `bank`, which must outlive it (and not move).
    static core::Result<AdaptiveTest> Create(const ItemBank& bank, std::vector<std::size_t> profile,
                                             TestConfig config);

    // Back to the state before any answer (keeps the allocations).
    void Reset();

    // The next item to present (bank index), or nullopt when the test stops (see stop_reason()).
    // Draws from `random` only under exposure control. Does not record the item: call Answer.
    std::optional<std::size_t> Next(core::Random& random);

    // Records the answer to bank item `item`: `score` in [0, 1] as given by item::Score; a
    // dichotomous item takes 0 or 1, a partial-credit item with m steps is read as category
    // round(score × m). Errors: item out of range, outside the profile, not usable with the
    // learner's needs, already answered; score out of range; the test has stopped (stop_reason()
    // is not kNotStopped: an answer after the stop is refused, the estimate stays as reported).
    core::Result<void> Answer(std::size_t item, double score);

    StopReason stop_reason() const;
    std::size_t length() const { return responses_.size(); }
    std::size_t dimensions() const { return profile_.size(); }
    const std::vector<std::size_t>& profile() const { return profile_; }
    const std::vector<Response>& responses() const { return responses_; }
    // Per profile competence, in profile order; always finite. D = 1: the exact posterior on the
    // grid (a likelihood that underflows to 0 on every node is rebuilt from log-probabilities).
    // D > 1: the expectation-propagation Gaussian. An answer's site update is skipped (the answer
    // is recorded but leaves the Gaussian unchanged until a later sweep can use it) when the cavity
    // is degenerate (precision ≤ 1e-10 or mean not finite), when the tilted distribution has no
    // mass within the cavity's reach (every node weight below 1e-300), or when the update would
    // make the covariance not positive definite (1 + Δτ Σ_dd ≤ 1e-9). A tilted variance below the
    // grid's h²/12 is raised to h²/12 (the grid cannot resolve less).
    Estimate estimate(std::size_t d) const { return {mean_[d], sd_[d]}; }
    std::size_t items_in(std::size_t d) const { return count_[d]; }
    // Posterior covariance of competences i and j (the Gaussian approximation when D > 1).
    double covariance(std::size_t i, std::size_t j) const;

    // MLE or WLE (Warm) of competence d from its own answers only (no prior), on the grid range;
    // nullopt when d has no answer. All-correct / all-wrong patterns give the bound for MLE
    // (at_bound), a finite interior value for WLE of 2PL/GPCM items.
    std::optional<PointEstimate> Point(std::size_t d, PointMethod method) const;

    // Sympson–Hetter bookkeeping for simulations: the item chosen before the lottery at the last
    // Next() calls (every one tried, in order), cleared by Reset.
    const std::vector<std::size_t>& selected() const { return selected_; }

private:
    AdaptiveTest(const ItemBank& bank, std::vector<std::size_t> profile, TestConfig config);
    void InitPrior();
    std::optional<std::size_t> BestEligible(std::size_t d, double theta) const;
    std::optional<std::size_t> Choose(std::size_t d, double theta, core::Random& random);
    bool HasEligible(std::size_t d) const;
    bool ReleaseSetAside(std::size_t d);
    void UpdateUni(std::span<const double> row);
    void UpdateMulti(std::size_t d, std::span<const double> row);
    // Rebuilds like_ of dimension d from the log-likelihood of its responses, scaled so that its
    // largest node is 1: used when the product of tabulated probabilities vanished on every node.
    void RebuildLikelihoodInLogs(std::size_t d);
    double UpdateSite(std::size_t d);
    void RecomputeCovariance();

    const ItemBank* bank_;
    std::vector<std::size_t> profile_;
    TestConfig config_;
    std::size_t points_ = 0;
    std::vector<int> dim_of_competence_;  // bank competence -> profile index or -1
    std::vector<std::uint8_t> base_state_;
    std::vector<std::uint8_t> state_;  // per bank item: 0 free, 1 answered, 2 set aside, 3 unusable
    std::vector<Response> responses_;
    std::vector<std::size_t> count_;
    std::vector<std::size_t> selected_;
    bool exhausted_ = false;
    std::vector<double> mean_, sd_;
    // Likelihood per competence on the grid (D × points), scaled so its maximum is about 1.
    std::vector<double> like_;
    // One competence: prior weights on the grid.
    std::vector<double> prior_w_;
    // Several competences: prior precision and its product with the prior mean; EP sites;
    // the current Gaussian N(mu_, sigma_).
    std::vector<double> prec0_, h0_, tau_, nu_, sigma_, mu_;
    std::vector<double> scratch_;
};

}  // namespace passeur::assessment
