// 2PL calibration by marginal maximum likelihood (Bock–Aitkin EM) with priors on the parameters:
// log a ~ N(0, prior_log_a_sd²), b ~ N(0, prior_b_sd²) (MAP in (log a, b)), θ on a fixed grid of
// quadrature nodes. The scale is fixed by a N(0, 1) population when no item is anchored; anchored
// items keep their parameters and the population mean and SD are then estimated with the items.
// Items with fewer than `min_responses` answers keep their start values. EM is accelerated by SQUAREM
// (Varadhan & Roland 2008, step length S3) with a fallback to the plain EM step whenever the
// extrapolated point lowers the objective (marginal log-likelihood + log priors), so the objective of
// the accepted iterates never decreases. Pure: no I/O; the E-step may run on several threads
// (`threads`), with a result that is the same run to run for a given thread count and independent of
// it up to floating-point summation order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace passeur::assessment {

// Calibrate refuses more observations than this (memory bound).
inline constexpr std::size_t kMaxCalibrationObservations = 100'000'000;

struct Observation {
    std::uint32_t person = 0;
    std::uint32_t item = 0;
    std::uint8_t correct = 0;  // 0 or 1
};

struct ResponseData {
    std::vector<std::string> persons;
    std::vector<std::string> items;
    std::vector<Observation> observations;  // at most one per (person, item)
};

struct ItemStart {
    double a = 1.0;
    double b = 0.0;
    bool anchor = false;  // parameters fixed, the scale follows them
};

enum class EmAcceleration {
    kNone,     // plain Bock–Aitkin EM (linear convergence)
    kSquarem,  // SQUAREM, S3 step length, monotone (default)
};

// The E-step keeps one expected-count table per thread (items × 2 × nodes doubles); the thread count
// actually used is lowered so that these tables stay under this many bytes together.
inline constexpr std::size_t kMaxCalibrationAccumulatorBytes = 512U * 1024U * 1024U;

struct CalibrationOptions {
    int nodes = 61;               // quadrature nodes on [-6, 6], 11..201
    int max_cycles = 1000;        // 1..10000
    double tolerance = 1e-4;      // stop when no a or b moves more than this in a cycle, (0, 1]; EM
                                  // converges linearly, so a looser test stops visibly short of the MML
    double prior_log_a_sd = 0.5;  // > 0
    double prior_b_sd = 2.0;      // > 0
    std::size_t min_responses = 20;
    int threads = 1;  // 1..64
    EmAcceleration acceleration = EmAcceleration::kSquarem;
    // Memory cap of the per-thread count tables (bytes); the thread count is lowered to fit.
    std::size_t max_accumulator_bytes = kMaxCalibrationAccumulatorBytes;
};

struct ItemFit {
    std::string id;
    double a = 1.0;
    double b = 0.0;
    std::size_t responses = 0;
    bool estimated = false;  // false: anchored, or too few responses (start values kept)
    double change_a = 0;     // fitted − start
    double change_b = 0;
    // Root mean squared difference between the observed and the model proportion correct over the
    // quadrature nodes, weighted by the expected number of persons at each node.
    double rmsd = 0;
};

struct CalibrationResult {
    std::vector<ItemFit> items;
    int cycles = 0;  // E-steps (evaluations of the EM map), at most max_cycles
    bool converged = false;
    double population_mean = 0;  // within [-3, 3] (the quadrature nodes are fixed on [-6, 6])
    double population_sd = 1;
    double log_likelihood = 0;  // marginal, at the last E-step
    // Objective (marginal log-likelihood + log priors of the estimated items) of each accepted
    // iterate, in order: never decreasing up to rounding (M-steps by Fisher scoring to 1e-8).
    std::vector<double> objective_trace;
    int squarem_fallbacks = 0;  // extrapolations refused (objective lower): plain EM step taken
    int threads_used = 1;       // after the accumulator memory cap and the person count
};

// The responses stored by the learners' tests, ready for Calibrate (filled from the store by
// assessment/service/calibration_source.hpp; declared here so that the commands stay free of the
// store). `data.persons` are test (assessment) ids, `data.items` item ids in id order; `start` and
// `items` hold one entry per `data.items`.
struct StoredItem {
    std::string framework;
    std::string competence;
    int level = 0;  // 1..8
};
struct StoredCalibrationInput {
    ResponseData data;
    std::vector<ItemStart> start;  // the item's current parameters and anchor flag
    std::vector<StoredItem> items;
    std::size_t answers_deleted_items = 0;  // answers to items since deleted from the bank (skipped)
    std::size_t deleted_items = 0;          // distinct such items
    std::size_t answers_other_model = 0;    // answers not scored 0/1 under the 2PL (skipped)
    std::size_t bank_items_unanswered = 0;  // items of the bank that no stored answer concerns
};

// `start`: one entry per item of `data` (empty: a = 1, b = 0, none anchored). Errors name the field.
core::Result<CalibrationResult> Calibrate(const ResponseData& data, const std::vector<ItemStart>& start,
                                          const CalibrationOptions& options);

}  // namespace passeur::assessment
