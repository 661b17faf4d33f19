// The simulation through the real engine, with loose statistical bounds that a broken engine
// would miss (e.g. RMSE of the prior alone is 1).
#include "assessment/simulate.hpp"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

namespace passeur::assessment {
namespace {

struct Fixture {
    ItemBank bank;
    std::vector<double> abilities;
};

Fixture ScenarioA(std::size_t examinees, std::uint64_t seed = 1) {
    core::SeededRandom random(seed);
    auto bank = ItemBank::Create(GenerateScenarioABank(random, 500));
    EXPECT_TRUE(bank);
    auto abilities = DrawAbilities(random, examinees, 1, 0.0);
    EXPECT_TRUE(abilities);
    return {std::move(*bank), std::move(*abilities)};
}

TEST(Generators, ScenarioDistributions) {
    core::SeededRandom random(1);
    const auto items = GenerateScenarioABank(random, 500);
    ASSERT_EQ(items.size(), 500U);
    double mean_log_a = 0, mean_b = 0;
    for (const auto& it : items) {
        EXPECT_GE(it.a, 0.4);
        EXPECT_LE(it.a, 2.5);
        EXPECT_GE(it.b, -3.5);
        EXPECT_LE(it.b, 3.5);
        mean_log_a += std::log(it.a) / 500;
        mean_b += it.b / 500;
    }
    EXPECT_NEAR(mean_log_a, 0.0, 0.05);
    EXPECT_NEAR(mean_b, 0.0, 0.15);
    const auto b = GenerateScenarioBBank(random).value();
    ASSERT_EQ(b.size(), 2000U);
    EXPECT_EQ(b[0].competence, "c01");
    EXPECT_EQ(b[15].competence, "c16");
    // 0 competences used to divide by zero (i % 0).
    auto none = GenerateScenarioBBank(random, 10, 0);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().field, "competences");
    auto abilities = DrawAbilities(random, 5000, 4, 0.6);
    ASSERT_TRUE(abilities);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t e = 0; e < 5000; ++e) {
        const double x = (*abilities)[e * 4], y = (*abilities)[e * 4 + 3];
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
    }
    EXPECT_NEAR(sxy / std::sqrt(sxx * syy), 0.6, 0.03);
    EXPECT_NEAR(sxx / 5000, 1.0, 0.06);
    EXPECT_FALSE(DrawAbilities(random, 10, 3, -0.6));
}

TEST(Simulate, ScenarioAFixedLength) {
    const Fixture f = ScenarioA(400);
    core::SeededRandom random(2);
    SimulationSpec spec{{0}, TestConfig{.se_target = std::nullopt, .max_length = 20}, f.abilities};
    auto r = Simulate(f.bank, spec, random);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->examinees, 400U);
    EXPECT_DOUBLE_EQ(r->mean_length, 20.0);
    EXPECT_EQ(r->max_length, 20U);
    EXPECT_LT(r->rmse, 0.34);  // ≈ 0.28 expected; the prior alone gives 1
    EXPECT_GT(r->rmse, 0.20);
    EXPECT_LT(std::abs(r->bias), 0.06);
    EXPECT_DOUBLE_EQ(r->max_exposure, 1.0);  // no exposure control: everyone starts with the same item
    EXPECT_FALSE(r->share_se_met);
    EXPECT_EQ(r->stopped_max, 400U);
    EXPECT_EQ(r->steps, 8000U);
    EXPECT_EQ(r->steps_per_second, 0.0);  // no stopwatch
}

TEST(Simulate, VariableLengthMeetsTheTarget) {
    const Fixture f = ScenarioA(300);
    core::SeededRandom random(3);
    SimulationSpec spec{{0}, TestConfig{.se_target = 0.30, .min_length = 5, .max_length = 40}, f.abilities};
    auto r = Simulate(f.bank, spec, random);
    ASSERT_TRUE(r);
    EXPECT_GT(r->mean_length, 12.0);
    EXPECT_LT(r->mean_length, 22.0);
    ASSERT_TRUE(r->share_se_met);
    EXPECT_GT(*r->share_se_met, 0.9);
    EXPECT_EQ(r->stopped_se + r->stopped_max, 300U);
}

TEST(Simulate, SameSeedSameResult) {
    const Fixture f = ScenarioA(200);
    TestConfig config{.se_target = 0.35, .max_length = 30};
    config.exposure.kind = ExposureControl::kRandomesque;
    SimulationSpec spec{{0}, config, f.abilities};
    core::SeededRandom r1(9), r2(9), r3(10);
    auto a = Simulate(f.bank, spec, r1);
    auto b = Simulate(f.bank, spec, r2);
    auto c = Simulate(f.bank, spec, r3);
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->rmse, b->rmse);
    EXPECT_EQ(a->mean_length, b->mean_length);
    EXPECT_EQ(a->exposure, b->exposure);
    EXPECT_NE(a->exposure, c->exposure);
}

TEST(Simulate, SympsonHetterLowersMaxExposure) {
    const Fixture f = ScenarioA(300);
    SimulationSpec spec{{0}, TestConfig{.se_target = std::nullopt, .max_length = 10}, f.abilities};
    core::SeededRandom random(4);
    auto none = Simulate(f.bank, spec, random);
    ASSERT_TRUE(none);
    auto k = CalibrateSympsonHetter(f.bank, spec, 0.3, 6, random);
    ASSERT_TRUE(k);
    EXPECT_LT(*std::min_element(k->begin(), k->end()), 0.5);
    spec.config.exposure.kind = ExposureControl::kSympsonHetter;
    spec.config.exposure.sympson_hetter = *k;
    auto controlled = Simulate(f.bank, spec, random);
    ASSERT_TRUE(controlled);
    EXPECT_DOUBLE_EQ(none->max_exposure, 1.0);
    EXPECT_LT(controlled->max_exposure, 0.42);
    EXPECT_LT(controlled->rmse, none->rmse + 0.1);  // a cost, but a bounded one
    EXPECT_FALSE(CalibrateSympsonHetter(f.bank, spec, 0.0, 6, random));
}

TEST(Simulate, CorrelatedProfileIsShorterThanIndependentTests) {
    core::SeededRandom random(5);
    auto bank = ItemBank::Create(GenerateScenarioBBank(random).value());
    ASSERT_TRUE(bank);
    auto abilities = DrawAbilities(random, 150, 4, 0.6);
    ASSERT_TRUE(abilities);
    TestConfig config{.se_target = 0.4, .max_length = 160};
    config.prior_correlation = 0.6;
    SimulationSpec spec{{0, 1, 2, 3}, config, *abilities};
    auto joint = Simulate(*bank, spec, random);
    spec.config.prior_correlation = 0.0;
    auto alone = Simulate(*bank, spec, random);
    ASSERT_TRUE(joint && alone);
    EXPECT_LT(joint->mean_length, 0.85 * alone->mean_length);
    for (const auto& c : joint->competences) EXPECT_LT(c.rmse, 0.5) << c.competence;
    EXPECT_GT(*joint->share_se_met, 0.95);
}

TEST(Simulate, InjectedStopwatch) {
    const Fixture f = ScenarioA(10);
    std::int64_t now = 0;
    Stopwatch stopwatch = [&now] { return now += 1000; };  // each test lasts 1 µs
    SimulationSpec spec{{0}, TestConfig{.se_target = std::nullopt, .max_length = 20}, f.abilities};
    core::SeededRandom random(1);
    auto r = Simulate(f.bank, spec, random, stopwatch);
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->steps_per_second, 200.0 / 10e-6, 1e-3);
    EXPECT_NEAR(r->median_us_per_step, 1.0 / 20.0, 1e-12);
}

TEST(Simulate, RejectsBadAbilities) {
    const Fixture f = ScenarioA(2);
    const std::vector<double> bad = {0.0, std::nan("")};
    core::SeededRandom random(1);
    EXPECT_FALSE(Simulate(f.bank, SimulationSpec{{0}, TestConfig{}, bad}, random));
    EXPECT_FALSE(Simulate(f.bank, SimulationSpec{{0}, TestConfig{}, {}}, random));
}

}  // namespace
}  // namespace passeur::assessment
