// Adaptive testing engine (issue 4): steps per second on reference scenario A (500 2PL items,
// one competence) and time per step on scenario B (2,000 items over 16 competences, a profile of 4
// correlated at 0.6), plus the accuracy figures of the full simulations (counters) and the
// multidimensional estimate against a brute-force posterior. A step = ability update after an
// answer + choice of the next item; the simulated answer (one logistic) is inside the loop.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include <benchmark/benchmark.h>

#include <assessment/adaptive_test.hpp>
#include <assessment/irt.hpp>
#include <assessment/reference.hpp>
#include <assessment/simulate.hpp>

namespace passeur::assessment {
namespace {

template <typename T>
T OrDie(core::Result<T> r) {
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        std::abort();
    }
    return std::move(*r);
}

struct Scenario {
    std::unique_ptr<ItemBank> bank;
    std::vector<std::size_t> profile;
    std::vector<double> abilities;
};

const Scenario& ScenarioA() {
    static const Scenario* s = [] {
        core::SeededRandom random(1);
        auto* out = new Scenario;
        out->bank = std::make_unique<ItemBank>(OrDie(ItemBank::Create(GenerateScenarioABank(random))));
        out->profile = {0};
        out->abilities = OrDie(DrawAbilities(random, 10'000, 1, 0.0));
        return out;
    }();
    return *s;
}

const Scenario& ScenarioB() {
    static const Scenario* s = [] {
        core::SeededRandom random(1);
        auto* out = new Scenario;
        out->bank = std::make_unique<ItemBank>(OrDie(ItemBank::Create(OrDie(GenerateScenarioBBank(random)))));
        out->profile = {0, 1, 2, 3};
        out->abilities = OrDie(DrawAbilities(random, 10'000, 4, 0.6));
        return out;
    }();
    return *s;
}

// Runs whole tests, examinee after examinee, and counts steps.
void RunSteps(benchmark::State& state, const Scenario& s, const TestConfig& config) {
    AdaptiveTest test = OrDie(AdaptiveTest::Create(*s.bank, s.profile, config));
    core::SeededRandom random(2);
    Deviates dev(random);
    const std::size_t dims = s.profile.size();
    const std::size_t examinees = s.abilities.size() / dims;
    std::vector<double> us(100'000);
    for (double& u : us) u = dev.Uniform();
    std::size_t e = 0, k = 0, steps = 0;
    for (auto _ : state) {
        test.Reset();
        const double* theta = s.abilities.data() + (e++ % examinees) * dims;
        while (auto item = test.Next(random)) {
            const BankItem& it = s.bank->item(*item);
            const std::size_t d = static_cast<std::size_t>(
                std::find(s.profile.begin(), s.profile.end(), s.bank->competence_of(*item)) -
                s.profile.begin());
            const double score = us[k++ % us.size()] < Probability(theta[d], it.a, it.b) ? 1.0 : 0.0;
            if (!test.Answer(*item, score)) std::abort();
        }
        steps += test.length();
    }
    state.counters["steps_per_second"] =
        benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
    state.counters["time_per_step"] = benchmark::Counter(
        static_cast<double>(steps), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["mean_length"] = static_cast<double>(steps) / static_cast<double>(state.iterations());
}

void BM_ScenarioA_Fixed20(benchmark::State& state) {
    RunSteps(state, ScenarioA(), TestConfig{.se_target = std::nullopt, .max_length = 20});
}
BENCHMARK(BM_ScenarioA_Fixed20);

void BM_ScenarioA_Se030(benchmark::State& state) {
    RunSteps(state, ScenarioA(), TestConfig{.se_target = 0.30, .min_length = 5, .max_length = 40});
}
BENCHMARK(BM_ScenarioA_Se030);

void BM_ScenarioB_Se040(benchmark::State& state) {
    TestConfig config{.se_target = 0.40, .max_length = 160};
    config.prior_correlation = static_cast<double>(state.range(0)) / 10.0;
    RunSteps(state, ScenarioB(), config);
}
BENCHMARK(BM_ScenarioB_Se040)->Arg(5)->Arg(6)->Arg(0);

// Whole simulations of 10,000 examinees (one iteration): the accuracy figures as counters.
void Report(benchmark::State& state, const SimulationResult& r) {
    state.counters["rmse"] = r.rmse;
    state.counters["bias"] = r.bias;
    state.counters["mean_length"] = r.mean_length;
    state.counters["max_exposure"] = r.max_exposure;
    state.counters["share_se_met"] = r.share_se_met.value_or(-1);
    double worst = 0;
    for (const auto& c : r.competences) worst = std::max(worst, c.rmse);
    state.counters["worst_competence_rmse"] = worst;
}

void BM_Simulate(benchmark::State& state, const Scenario& s, TestConfig config, double sympson_hetter_r) {
    for (auto _ : state) {
        core::SeededRandom random(3);
        SimulationSpec spec{s.profile, config, s.abilities};
        if (sympson_hetter_r > 0) {
            core::SeededRandom calibration(4);
            spec.config.exposure.kind = ExposureControl::kSympsonHetter;
            spec.config.exposure.sympson_hetter =
                OrDie(CalibrateSympsonHetter(*s.bank, spec, sympson_hetter_r, 8, calibration));
        }
        Report(state, OrDie(Simulate(*s.bank, spec, random)));
    }
}
BENCHMARK_CAPTURE(BM_Simulate, A_fixed20, ScenarioA(),
                  TestConfig{.se_target = std::nullopt, .max_length = 20}, 0.0)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Simulate, A_se030, ScenarioA(),
                  TestConfig{.se_target = 0.30, .min_length = 5, .max_length = 40}, 0.0)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
// Sympson–Hetter calibrated (8 rounds on another random stream) to r = Arg / 100.
void BM_SimulateA_SympsonHetter(benchmark::State& state) {
    BM_Simulate(state, ScenarioA(), TestConfig{.se_target = std::nullopt, .max_length = 20},
                static_cast<double>(state.range(0)) / 100.0);
}
BENCHMARK(BM_SimulateA_SympsonHetter)->Arg(30)->Arg(28)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_SimulateB(benchmark::State& state) {
    TestConfig config{.se_target = 0.40, .max_length = 160};
    config.prior_correlation = static_cast<double>(state.range(0)) / 10.0;
    for (auto _ : state) {
        core::SeededRandom random(3);
        Report(state,
               OrDie(Simulate(*ScenarioB().bank,
                              SimulationSpec{ScenarioB().profile, config, ScenarioB().abilities}, random)));
    }
}
BENCHMARK(BM_SimulateB)->Arg(5)->Arg(6)->Arg(0)->Iterations(1)->Unit(benchmark::kMillisecond);

// The EP estimate against the brute-force posterior (41^4 product grid on [−5, 5]) at the end of
// scenario B tests: worst and mean absolute differences of the posterior means and SDs.
void BM_ScenarioB_AccuracyVsBruteForce(benchmark::State& state) {
    const Scenario& s = ScenarioB();
    TestConfig config{.se_target = 0.40, .max_length = 160};
    config.prior_correlation = 0.6;
    AdaptiveTest test = OrDie(AdaptiveTest::Create(*s.bank, s.profile, config));
    double worst_mean = 0, worst_sd = 0, sum_mean = 0, sum_sd = 0;
    std::size_t n = 0;
    for (auto _ : state) {
        core::SeededRandom random(5);
        Deviates dev(random);
        for (std::size_t e = 0; e < 20; ++e) {
            test.Reset();
            const double* theta = s.abilities.data() + e * 4;
            while (auto item = test.Next(random)) {
                const BankItem& it = s.bank->item(*item);
                const double p = Probability(theta[s.bank->competence_of(*item)], it.a, it.b);
                if (!test.Answer(*item, dev.Uniform() < p ? 1.0 : 0.0)) std::abort();
            }
            const auto ref =
                OrDie(BruteForcePosterior(*s.bank, s.profile, config, test.responses(), 41, -5, 5));
            for (std::size_t d = 0; d < 4; ++d) {
                const double dm = std::abs(test.estimate(d).mean - ref.mean[d]);
                const double ds = std::abs(test.estimate(d).sd - ref.sd[d]);
                worst_mean = std::max(worst_mean, dm);
                worst_sd = std::max(worst_sd, ds);
                sum_mean += dm;
                sum_sd += ds;
                ++n;
            }
        }
    }
    state.counters["worst_abs_mean_diff"] = worst_mean;
    state.counters["worst_abs_sd_diff"] = worst_sd;
    state.counters["mean_abs_mean_diff"] = sum_mean / static_cast<double>(n);
    state.counters["mean_abs_sd_diff"] = sum_sd / static_cast<double>(n);
}
BENCHMARK(BM_ScenarioB_AccuracyVsBruteForce)->Iterations(1)->Unit(benchmark::kMillisecond);

// Calibration recovery (issue 4): complete 5,000 × 200 responses, and the logs of 100,000 adaptive
// tests of 20 answers on a 300-item bank under an exposure control (none = maximum information;
// randomesque top k; Sympson–Hetter r); Arg = E-step threads. `calibration_seconds` times Calibrate
// alone (the simulated data are built before).
void BM_CalibrationRecovery(benchmark::State& state, std::size_t persons, std::size_t items,
                            std::size_t answers, std::size_t min_responses, RecoveryExposure exposure) {
    RecoverySpec spec;
    spec.options.min_responses = min_responses;
    spec.persons = persons;
    spec.items = items;
    spec.answers_per_person = answers;
    spec.exposure = exposure;
    spec.options.threads = static_cast<int>(state.range(0));
    Stopwatch stopwatch = [] {
        return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                             std::chrono::steady_clock::now().time_since_epoch())
                                             .count());
    };
    for (auto _ : state) {
        core::SeededRandom random(6);
        const RecoveryResult r = OrDie(CalibrationRecovery(spec, random, stopwatch));
        state.counters["calibration_seconds"] = r.seconds;
        state.counters["rmse_a"] = r.rmse_a;
        state.counters["rmse_b"] = r.rmse_b;
        state.counters["rmse_a_all"] = r.all.rmse_a;
        state.counters["rmse_b_all"] = r.all.rmse_b;
        state.counters["items_200"] = static_cast<double>(r.answered_200.items);
        state.counters["rmse_a_200"] = r.answered_200.rmse_a;
        state.counters["rmse_b_200"] = r.answered_200.rmse_b;
        state.counters["answers_max"] = static_cast<double>(r.answers_max);
        state.counters["cycles"] = r.cycles;
        state.counters["estimated_items"] = static_cast<double>(r.estimated_items);
        state.counters["observations"] = static_cast<double>(r.observations);
    }
}
constexpr RecoveryExposure kServiceExposure{};  // randomesque top 3, as the live test service
constexpr RecoveryExposure kNoExposure{.kind = ExposureControl::kNone};
constexpr RecoveryExposure kRandomesque5{.kind = ExposureControl::kRandomesque, .top_k = 5};
constexpr RecoveryExposure kSympsonHetter03{.kind = ExposureControl::kSympsonHetter, .sh_r = 0.3};
BENCHMARK_CAPTURE(BM_CalibrationRecovery, complete_5000x200, 5000, 200, 0, 20, kServiceExposure)
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CalibrationRecovery, adaptive_100000x20_on_300_none, 100'000, 300, 20, 20, kNoExposure)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CalibrationRecovery, adaptive_100000x20_on_300_randomesque3, 100'000, 300, 20, 20,
                  kServiceExposure)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CalibrationRecovery, adaptive_100000x20_on_300_randomesque5, 100'000, 300, 20, 20,
                  kRandomesque5)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_CalibrationRecovery, adaptive_100000x20_on_300_sympson_hetter03, 100'000, 300, 20, 20,
                  kSympsonHetter03)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
// The same logs (randomesque 5), estimating only the items with at least 200 answers.
BENCHMARK_CAPTURE(BM_CalibrationRecovery, adaptive_100000x20_on_300_randomesque5_min200, 100'000, 300, 20,
                  200, kRandomesque5)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace passeur::assessment
BENCHMARK_MAIN();
