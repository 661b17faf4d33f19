// 2PL calibration (EM/MML): recovery on simulated data with loose bounds, anchoring, items with
// too few responses, threads, input checks; the responses CSV reader.
#include "assessment/calibrate.hpp"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "assessment/csv_input.hpp"
#include "assessment/irt.hpp"
#include "assessment/simulate.hpp"

namespace passeur::assessment {
namespace {

struct Simulated {
    std::vector<BankItem> truth;
    ResponseData data;
};

// Complete responses of `persons` N(mean, 1) persons to `items` scenario-A items.
Simulated Complete(std::size_t persons, std::size_t items, double mean = 0.0, std::uint64_t seed = 1) {
    core::SeededRandom random(seed);
    Simulated s;
    s.truth = GenerateScenarioABank(random, items);
    auto thetas = DrawAbilities(random, persons, 1, 0.0);
    Deviates dev(random);
    for (std::size_t p = 0; p < persons; ++p) s.data.persons.push_back("p" + std::to_string(p));
    for (const auto& it : s.truth) s.data.items.push_back(it.id);
    for (std::size_t p = 0; p < persons; ++p) {
        for (std::size_t j = 0; j < items; ++j) {
            const bool correct = dev.Uniform() < Probability((*thetas)[p] + mean, s.truth[j].a, s.truth[j].b);
            s.data.observations.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(j),
                                           static_cast<std::uint8_t>(correct)});
        }
    }
    return s;
}

double Rmse(const Simulated& s, const CalibrationResult& r, bool b) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t j = 0; j < s.truth.size(); ++j) {
        if (!r.items[j].estimated) continue;
        const double d = b ? r.items[j].b - s.truth[j].b : r.items[j].a - s.truth[j].a;
        sum += d * d;
        ++n;
    }
    return std::sqrt(sum / static_cast<double>(n));
}

TEST(Calibrate, RecoversParametersFromCompleteData) {
    const Simulated s = Complete(1500, 25);
    auto r = Calibrate(s.data, {}, CalibrationOptions{});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->converged);
    EXPECT_LT(Rmse(s, *r, false), 0.12);
    EXPECT_LT(Rmse(s, *r, true), 0.15);
    EXPECT_DOUBLE_EQ(r->population_mean, 0.0);  // no anchor: N(0, 1) fixes the scale
    for (const auto& f : r->items) {
        EXPECT_TRUE(f.estimated);
        EXPECT_EQ(f.responses, 1500U);
        EXPECT_LT(f.rmsd, 0.1);
    }
}

// The complete-data shortcut and the general path give the same fit (one response removed makes
// the data incomplete; the removed response changes the fit only slightly).
TEST(Calibrate, CompleteShortcutMatchesGeneralPath) {
    Simulated s = Complete(600, 12);
    auto full = Calibrate(s.data, {}, CalibrationOptions{.tolerance = 1e-6});
    s.data.observations.pop_back();
    auto general = Calibrate(s.data, {}, CalibrationOptions{.tolerance = 1e-6});
    ASSERT_TRUE(full && general);
    for (std::size_t j = 0; j + 1 < s.truth.size(); ++j) {
        EXPECT_NEAR(full->items[j].a, general->items[j].a, 0.01);
        EXPECT_NEAR(full->items[j].b, general->items[j].b, 0.01);
    }
}

TEST(Calibrate, ThreadsGiveTheSameFit) {
    Simulated s = Complete(500, 10);
    s.data.observations.pop_back();  // general path
    auto one = Calibrate(s.data, {}, CalibrationOptions{.threads = 1});
    auto two = Calibrate(s.data, {}, CalibrationOptions{.threads = 2});
    ASSERT_TRUE(one && two);
    EXPECT_EQ(one->cycles, two->cycles);
    for (std::size_t j = 0; j < 10; ++j) {
        EXPECT_NEAR(one->items[j].a, two->items[j].a, 1e-9);
        EXPECT_NEAR(one->items[j].b, two->items[j].b, 1e-9);
    }
}

TEST(Calibrate, AnchorsCarryTheScale) {
    // Persons one logit above the anchors' scale: with the anchors fixed at their true values the
    // population mean comes out near 1 and the free items keep their true difficulties.
    const Simulated s = Complete(1500, 20, 1.0);
    std::vector<ItemStart> start(20);
    for (std::size_t j = 0; j < 8; ++j) start[j] = {s.truth[j].a, s.truth[j].b, true};
    auto r = Calibrate(s.data, start, CalibrationOptions{});
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->population_mean, 1.0, 0.15);
    for (std::size_t j = 0; j < 8; ++j) {
        EXPECT_FALSE(r->items[j].estimated);
        EXPECT_EQ(r->items[j].b, s.truth[j].b);
    }
    EXPECT_LT(Rmse(s, *r, true), 0.2);
    // Without anchors the scale is the persons': difficulties come out about 1 logit lower.
    auto free = Calibrate(s.data, {}, CalibrationOptions{});
    double shift = 0;
    for (std::size_t j = 8; j < 20; ++j) shift += (free->items[j].b - s.truth[j].b) / 12.0;
    EXPECT_NEAR(shift, -1.0, 0.2);
}

TEST(Calibrate, PopulationMeanStaysOnTheNodes) {
    // Persons 5 logits above the anchors: the fixed nodes [-6, 6] cannot carry N(5, 1); the mean
    // used to follow the data off the grid, it is now held at 3.
    const Simulated s = Complete(800, 12, 5.0);
    std::vector<ItemStart> start(12);
    for (std::size_t j = 0; j < 6; ++j) start[j] = {s.truth[j].a, s.truth[j].b, true};
    auto r = Calibrate(s.data, start, CalibrationOptions{.max_cycles = 200});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_LE(r->population_mean, 3.0);
    EXPECT_GT(r->population_mean, 2.5);
    EXPECT_TRUE(std::isfinite(r->log_likelihood));
}

// The default stopping rule stops close to the fully converged MML solution (a rule of 1e-3 on
// the per-cycle move, with EM's linear convergence, stopped visibly short of it).
TEST(Calibrate, DefaultToleranceIsCloseToTheLimit) {
    const Simulated s = Complete(2000, 30, 0.0, 5);
    auto loose = Calibrate(s.data, {}, CalibrationOptions{});
    auto tight = Calibrate(s.data, {}, CalibrationOptions{.max_cycles = 5000, .tolerance = 1e-7});
    ASSERT_TRUE(loose);
    ASSERT_TRUE(tight);
    ASSERT_TRUE(tight->converged);
    double worst = 0;
    for (std::size_t j = 0; j < 30; ++j) {
        worst = std::max({worst, std::abs(loose->items[j].a - tight->items[j].a),
                          std::abs(loose->items[j].b - tight->items[j].b)});
    }
    EXPECT_LT(worst, 2e-3);
}

// SQUAREM must land on plain EM's fixed point (the MAP), in far fewer E-steps.
TEST(Calibrate, SquaremReachesThePlainEmFixedPoint) {
    Simulated s = Complete(2000, 30, 0.0, 5);
    for (bool complete : {true, false}) {
        if (!complete) s.data.observations.pop_back();
        auto plain = Calibrate(
            s.data, {},
            CalibrationOptions{.max_cycles = 5000, .tolerance = 1e-7, .acceleration = EmAcceleration::kNone});
        auto fast = Calibrate(s.data, {}, CalibrationOptions{.max_cycles = 5000, .tolerance = 1e-7});
        ASSERT_TRUE(plain && fast);
        ASSERT_TRUE(plain->converged && fast->converged);
        for (std::size_t j = 0; j < s.truth.size(); ++j) {
            EXPECT_NEAR(plain->items[j].a, fast->items[j].a, 2e-5) << j;
            EXPECT_NEAR(plain->items[j].b, fast->items[j].b, 2e-5) << j;
        }
        EXPECT_NEAR(plain->log_likelihood, fast->log_likelihood, 1e-6 * std::abs(plain->log_likelihood));
        EXPECT_LT(fast->cycles * 2, plain->cycles) << fast->cycles << " vs " << plain->cycles;
    }
}

// The objective (log-likelihood + log priors) of the accepted iterates never decreases, with and
// without acceleration, complete or not, anchored or not.
TEST(Calibrate, ObjectiveOfAcceptedStepsNeverDecreases) {
    Simulated s = Complete(1200, 20, 0.5, 7);
    std::vector<ItemStart> anchors(20);
    for (std::size_t j = 0; j < 5; ++j) anchors[j] = {s.truth[j].a, s.truth[j].b, true};
    for (int variant = 0; variant < 4; ++variant) {
        if (variant == 2) s.data.observations.pop_back();
        CalibrationOptions o{.tolerance = 1e-6};
        if (variant == 3) o.acceleration = EmAcceleration::kNone;
        auto r = Calibrate(s.data, variant % 2 == 1 ? anchors : std::vector<ItemStart>{}, o);
        ASSERT_TRUE(r) << r.error().message;
        ASSERT_GE(r->objective_trace.size(), 3U);
        for (std::size_t k = 1; k < r->objective_trace.size(); ++k) {
            EXPECT_GE(r->objective_trace[k],
                      r->objective_trace[k - 1] - 1e-9 * std::abs(r->objective_trace[k - 1]))
                << "variant " << variant << " step " << k;
        }
    }
}

// SQUAREM's default budget: the cycles of the default options stay a fraction of plain EM's.
TEST(Calibrate, SquaremNeedsFewerCycles) {
    const Simulated s = Complete(2000, 40, 0.0, 9);
    auto plain = Calibrate(s.data, {}, CalibrationOptions{.acceleration = EmAcceleration::kNone});
    auto fast = Calibrate(s.data, {}, CalibrationOptions{});
    ASSERT_TRUE(plain && fast);
    EXPECT_LT(fast->cycles * 2, plain->cycles);
}

// The per-thread count tables are capped: the thread count goes down rather than the memory up
// (100,000 items × 201 nodes × 64 threads would have been 20 GB).
TEST(Calibrate, AccumulatorMemoryCapLowersTheThreadCount) {
    Simulated s = Complete(100, 50);
    s.data.observations.pop_back();  // general path: 100 table rows × 61 nodes × 8 bytes = 48,800
    auto r = Calibrate(s.data, {},
                       CalibrationOptions{.max_cycles = 3, .threads = 8, .max_accumulator_bytes = 100'000});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->threads_used, 2);
    auto one =
        Calibrate(s.data, {}, CalibrationOptions{.max_cycles = 3, .threads = 8, .max_accumulator_bytes = 1});
    ASSERT_TRUE(one);
    EXPECT_EQ(one->threads_used, 1);
    EXPECT_NEAR(one->items[3].b, r->items[3].b, 1e-9);
}

TEST(Calibrate, TooFewResponsesKeepTheStart) {
    Simulated s = Complete(300, 6);
    s.data.items.push_back("rare");
    for (std::uint32_t p = 0; p < 5; ++p) s.data.observations.push_back({p, 6, 1});
    std::vector<ItemStart> start(7);
    start[6] = {1.3, -0.4, false};
    auto r = Calibrate(s.data, start, CalibrationOptions{.min_responses = 20});
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->items[6].estimated);
    EXPECT_EQ(r->items[6].a, 1.3);
    EXPECT_EQ(r->items[6].b, -0.4);
    EXPECT_EQ(r->items[6].responses, 5U);
    EXPECT_TRUE(r->items[0].estimated);
}

TEST(Calibrate, RejectsBadInput) {
    ResponseData d{{"p"}, {"i"}, {{0, 0, 1}, {0, 0, 0}}};
    auto dup = Calibrate(d, {}, {});
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().message, "observations: person \"p\" answered item \"i\" twice");
    d.observations = {{0, 3, 1}};
    EXPECT_EQ(Calibrate(d, {}, {}).error().field, "observations[0]");
    d.observations = {{0, 0, 1}};
    EXPECT_EQ(Calibrate(d, {}, CalibrationOptions{.nodes = 5}).error().field, "nodes");
    EXPECT_EQ(Calibrate(d, {}, CalibrationOptions{.threads = 0}).error().field, "threads");
    EXPECT_EQ(Calibrate(d, {{1, 0, false}, {1, 0, false}}, {}).error().field, "start");
    EXPECT_EQ(Calibrate(d, {{0, 0, false}}, {}).error().field, "start[0]");
}

TEST(ResponsesCsv, LongAndWideFormats) {
    auto lng = ParseResponsesCsv("person,item,correct\nann,q1,1\nann,q2,0\nbob,q1,0\n", "r.csv");
    ASSERT_TRUE(lng) << lng.error().message;
    EXPECT_EQ(lng->persons, (std::vector<std::string>{"ann", "bob"}));
    EXPECT_EQ(lng->items, (std::vector<std::string>{"q1", "q2"}));
    ASSERT_EQ(lng->observations.size(), 3U);
    EXPECT_EQ(lng->observations[2].person, 1U);
    EXPECT_EQ(lng->observations[2].correct, 0);
    auto wide = ParseResponsesCsv("q1,q2,q3\n1,0,\n0,NA,1\n", "w.csv");
    ASSERT_TRUE(wide);
    EXPECT_EQ(wide->persons, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(wide->observations.size(), 4U);
    auto named = ParseResponsesCsv("person,q1\nann,1\n", "w.csv");
    ASSERT_TRUE(named);
    EXPECT_EQ(named->persons, std::vector<std::string>{"ann"});
    EXPECT_EQ(ParseResponsesCsv("person,item,correct\nann,q1,2\n", "r.csv").error().message,
              "r.csv:2: correct: \"2\" is not 0 or 1");
    EXPECT_EQ(ParseResponsesCsv("person,item,correct\nann,q1,1\n\nann,q1,0\n", "r.csv").error().message,
              "r.csv:4: person \"ann\" answers item \"q1\" twice");
    EXPECT_EQ(ParseResponsesCsv("q1,q2\n1,x\n", "w.csv").error().message,
              "w.csv:2: q2: \"x\" is not 0, 1, empty or NA");
    EXPECT_EQ(ParseResponsesCsv("q1,q1\n1,0\n", "w.csv").error().message, "w.csv:1: item \"q1\" twice");
    EXPECT_EQ(ParseResponsesCsv("q1\n\n", "w.csv").error().message, "w.csv:1: no response after the header");
}

TEST(ItemParamsCsv, ReadsAndChecks) {
    auto p = ParseItemParamsCsv("id,b,a\nq1,0.5,1.2\n", "anchors.csv");
    ASSERT_TRUE(p);
    EXPECT_EQ((*p)[0].id, "q1");
    EXPECT_DOUBLE_EQ((*p)[0].a, 1.2);
    EXPECT_DOUBLE_EQ((*p)[0].b, 0.5);
    EXPECT_EQ(ParseItemParamsCsv("id,a\n", "anchors.csv").error().message,
              "anchors.csv:1: the header must name id, a and b");
    EXPECT_EQ(ParseItemParamsCsv("id,a,b\nq,0,1\n", "anchors.csv").error().message,
              "anchors.csv:2: a: must be within (0, 10]");
}

TEST(Recovery, CompleteAndAdaptiveLogs) {
    core::SeededRandom random(3);
    auto complete = CalibrationRecovery(RecoverySpec{.persons = 1000, .items = 20}, random);
    ASSERT_TRUE(complete);
    EXPECT_EQ(complete->observations, 20'000U);
    EXPECT_LT(complete->rmse_a, 0.15);
    EXPECT_LT(complete->rmse_b, 0.15);
    auto adaptive = CalibrationRecovery(
        RecoverySpec{
            .persons = 2000, .items = 40, .answers_per_person = 10, .options = {.min_responses = 100}},
        random);
    ASSERT_TRUE(adaptive);
    EXPECT_EQ(adaptive->observations, 20'000U);
    EXPECT_GT(adaptive->estimated_items, 10U);
    EXPECT_LT(adaptive->rmse_b, 0.3);
    EXPECT_FALSE(
        CalibrationRecovery(RecoverySpec{.persons = 10, .items = 5, .answers_per_person = 6}, random));
}

// The exposure control of the adaptive logs is applied: without it every person starts with the
// same item (maximum information at θ = 0), so one item has every person's answer; randomesque and
// Sympson–Hetter spread the answers over more items.
TEST(Recovery, AdaptiveLogsFollowTheExposureControl) {
    const auto run = [](RecoveryExposure exposure) {
        core::SeededRandom random(8);
        return CalibrationRecovery(RecoverySpec{.persons = 600,
                                                .items = 40,
                                                .answers_per_person = 8,
                                                .exposure = exposure,
                                                .options = {.max_cycles = 50}},
                                   random);
    };
    auto none = run({.kind = ExposureControl::kNone});
    auto randomesque = run({.kind = ExposureControl::kRandomesque, .top_k = 5});
    auto sympson_hetter = run({.kind = ExposureControl::kSympsonHetter, .sh_r = 0.3, .sh_iterations = 5});
    ASSERT_TRUE(none) << none.error().message;
    ASSERT_TRUE(randomesque) << randomesque.error().message;
    ASSERT_TRUE(sympson_hetter) << sympson_hetter.error().message;
    EXPECT_EQ(none->answers_max, 600U);
    EXPECT_LT(randomesque->answers_max, none->answers_max);
    EXPECT_LT(randomesque->answers_max, 540U);
    EXPECT_LT(sympson_hetter->answers_max, 270U);  // r = 0.3 is 180 of 600; margin for 5 rounds
    EXPECT_GE(randomesque->answered_20.items, none->answered_20.items);
    for (const auto* r : {&*none, &*randomesque, &*sympson_hetter}) {
        EXPECT_EQ(r->observations, 600U * 8U);
        EXPECT_EQ(r->all.items, 40U);
        EXPECT_LE(r->answers_min, r->answers_median);
        EXPECT_LE(r->answers_median, r->answers_max);
        EXPECT_LE(r->answered_200.items, r->answered_20.items);
        EXPECT_EQ(r->answered_20.items, r->estimated_items);  // min_responses 20
    }
    // A bad exposure parameter is refused, naming it.
    auto bad = run({.kind = ExposureControl::kRandomesque, .top_k = 0});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "exposure.top_k");
    auto bad_r = run({.kind = ExposureControl::kSympsonHetter, .sh_r = 1.5});
    ASSERT_FALSE(bad_r);
    EXPECT_EQ(bad_r.error().field, "r");
}

TEST(Recovery, RefusesTooManyObservationsBeforeAllocating) {
    // 10^7 persons × 10^5 items used to reserve 10^12 observations (bad_alloc) before Calibrate's check.
    core::SeededRandom random(4);
    auto huge = CalibrationRecovery(RecoverySpec{.persons = 10'000'000, .items = 100'000}, random);
    ASSERT_FALSE(huge);
    EXPECT_EQ(huge.error().field, "persons");
    EXPECT_NE(huge.error().message.find("more than 100000000 observations"), std::string::npos);
    auto just_over = CalibrationRecovery(RecoverySpec{.persons = 1'000'001, .items = 100}, random);
    ASSERT_FALSE(just_over);
    EXPECT_EQ(just_over.error().field, "persons");
    auto adaptive_over = CalibrationRecovery(
        RecoverySpec{.persons = 10'000'000, .items = 1000, .answers_per_person = 20}, random);
    ASSERT_FALSE(adaptive_over);
    EXPECT_EQ(adaptive_over.error().field, "persons");
}

}  // namespace
}  // namespace passeur::assessment
