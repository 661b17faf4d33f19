// Simulated examinees with known abilities through the real engine (AdaptiveTest), and the
// reference scenarios of issue 4. Pure: the bank, abilities and config come in, randomness is a
// core::Random (same seed → same result), time is an injected stopwatch (timing fields only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "assessment/adaptive_test.hpp"
#include "assessment/bank.hpp"
#include "assessment/calibrate.hpp"
#include "core/random.hpp"
#include "core/result.hpp"

namespace passeur::assessment {

// Uniform and standard normal deviates from a core::Random: 53-bit uniforms, Box–Muller normals
// (no std:: distribution, so the sequence is the same with every standard library).
class Deviates {
public:
    explicit Deviates(core::Random& random) : random_(&random) {}
    double Uniform();  // [0, 1)
    double Normal();

private:
    core::Random* random_;
    bool has_spare_ = false;
    double spare_ = 0;
};

// Scenario A: `items` 2PL items of competence "A": a = exp(0.3·N(0,1)) clipped to [0.4, 2.5],
// b ~ N(0,1) clipped to [−3.5, 3.5]; ids "a0001"...
std::vector<BankItem> GenerateScenarioABank(core::Random& random, std::size_t items = 500);
// Scenario B: `items` items spread evenly over `competences` competences "c01".."c16" (same a, b
// distributions as A); ids "b0001"... kInvalidArgument "competences" unless 1..kMaxBankCompetences.
core::Result<std::vector<BankItem>> GenerateScenarioBBank(core::Random& random, std::size_t items = 2000,
                                                          std::size_t competences = 16);
// `examinees` × `dims` abilities, examinee-major: multivariate normal, mean 0, unit variances,
// every pair correlated at `correlation`. Error when the correlation matrix is not positive definite.
core::Result<std::vector<double>> DrawAbilities(core::Random& random, std::size_t examinees, std::size_t dims,
                                                double correlation);

// Monotonic nanoseconds (e.g. std::chrono::steady_clock), or empty for no timing.
using Stopwatch = std::function<std::int64_t()>;

struct CompetenceStats {
    std::string competence;
    double rmse = 0;
    double bias = 0;        // mean (estimate − true)
    double mean_items = 0;  // items administered on this competence
};

struct SimulationResult {
    std::size_t examinees = 0;
    double rmse = 0;  // over every (examinee, competence) pair
    double bias = 0;
    double mean_length = 0;
    std::size_t max_length = 0;
    std::optional<double> share_se_met;  // share of tests ending with every SD ≤ se_target
    double max_exposure = 0;             // largest share of tests an item was administered in
    std::vector<double> exposure;        // per bank item
    std::vector<double> selection_rate;  // per bank item: share of tests it was selected in (SH)
    std::vector<CompetenceStats> competences;
    std::size_t stopped_se = 0, stopped_max = 0, stopped_exhausted = 0;
    // Timing (0 without a stopwatch). A step = recording an answer (ability update) + choosing the
    // next item; the simulated answer's draw (one logistic) is inside the timed loop.
    std::size_t steps = 0;
    double engine_seconds = 0;
    double steps_per_second = 0;
    double median_us_per_step = 0;  // median over examinees of their mean time per step
};

struct SimulationSpec {
    std::vector<std::size_t> profile;  // bank competence indices
    TestConfig config;
    // True abilities, examinee-major (examinees × profile.size()).
    std::span<const double> abilities;
    // Optional pre-drawn answers, examinee-major (examinees × bank.size(), 0 or 1): the answer of
    // examinee e to item i is answers[e·bank.size() + i] instead of a draw (the same answers in
    // another engine make a comparison exact). Dichotomous banks only. Empty: answers are drawn.
    std::span<const std::uint8_t> answers = {};
};

// Answers drawn once for every (examinee, item) pair: correct iff u < P(θ; a, b, c), u uniform
// (Deviates), examinee-major, item in bank order; a profile of one competence. For SimulationSpec::answers.
core::Result<std::vector<std::uint8_t>> DrawAnswerMatrix(const ItemBank& bank,
                                                         std::span<const double> abilities,
                                                         core::Random& random);

core::Result<SimulationResult> Simulate(const ItemBank& bank, const SimulationSpec& spec,
                                        core::Random& random, const Stopwatch& stopwatch = {});

// Sympson–Hetter exposure parameters by the classic iterative procedure: start with K = 1, simulate
// the examinees of `spec` (its config's exposure is replaced), set K_i = r / P(selected_i) where
// P(selected_i) > r, else 1; `iterations` rounds (1..100). r in (0, 1].
core::Result<std::vector<double>> CalibrateSympsonHetter(const ItemBank& bank, const SimulationSpec& spec,
                                                         double r, int iterations, core::Random& random);

// Calibration recovery: items drawn as in scenario A, persons θ ~ N(0, 1), responses simulated from
// these true parameters — complete (every person answers every item) or, with
// `answers_per_person` > 0, the logs of adaptive tests of that fixed length (EAP, run with the true
// parameters, under `exposure`) — then Calibrate, and the parameter RMSE.
// persons × (answers_per_person, or items when 0) at most kMaxCalibrationObservations (10^8),
// checked before any allocation.
struct RecoveryExposure {
    // Default: what the live test service uses (randomesque among the 3 most informative items).
    ExposureControl kind = ExposureControl::kRandomesque;
    int top_k = 3;  // randomesque k, 1..100
    // Sympson–Hetter: K calibrated to r (0, 1] by `sh_iterations` rounds (1..100) of
    // CalibrateSympsonHetter on an independent draw of min(persons, 10,000) persons.
    double sh_r = 0.3;
    int sh_iterations = 8;
};

struct RecoverySpec {
    std::size_t persons = 5000;  // 1..10,000,000
    std::size_t items = 200;     // 2..100,000
    std::size_t answers_per_person = 0;
    RecoveryExposure exposure{};  // adaptive logs only
    CalibrationOptions options{};
};

// RMSE of the fitted parameters over a group of items; an item Calibrate did not estimate (fewer
// than options.min_responses answers) counts at its start values a = 1, b = 0.
struct RecoveryGroup {
    std::size_t items = 0;
    double rmse_a = 0;
    double rmse_b = 0;
};

struct RecoveryResult {
    std::size_t observations = 0;
    std::size_t estimated_items = 0;
    double rmse_a = 0;  // over the estimated items
    double rmse_b = 0;
    RecoveryGroup all;          // every item of the bank
    RecoveryGroup answered_20;  // items with at least 20 answers
    RecoveryGroup answered_200;
    // Answers per item over the bank (the median of an even count is the lower middle).
    std::size_t answers_min = 0;
    std::size_t answers_median = 0;
    std::size_t answers_max = 0;
    int cycles = 0;
    bool converged = false;
    double seconds = 0;  // Calibrate alone (0 without a stopwatch)
};

core::Result<RecoveryResult> CalibrationRecovery(const RecoverySpec& spec, core::Random& random,
                                                 const Stopwatch& stopwatch = {});

}  // namespace passeur::assessment
