// Ability estimation against independent computations: the one-competence EAP against a dense
// numerical integral, the multidimensional EP posterior against a brute-force product grid, and
// MLE/WLE against closed forms.
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "assessment/adaptive_test.hpp"
#include "assessment/irt.hpp"
#include "assessment/reference.hpp"
#include "assessment/simulate.hpp"

namespace passeur::assessment {
namespace {

ItemBank MakeBank(std::vector<BankItem> items) {
    auto bank = ItemBank::Create(std::move(items));
    EXPECT_TRUE(bank) << bank.error().message;
    return std::move(*bank);
}

BankItem Item(std::string id, std::string competence, double a, double b, double c = 0) {
    BankItem it;
    it.id = std::move(id);
    it.competence = std::move(competence);
    it.a = a;
    it.b = b;
    it.c = c;
    return it;
}

// Posterior mean and SD for a N(0,1) prior by the trapezoid rule on 40,001 points over [−10, 10].
std::pair<double, double> DenseEap(const ItemBank& bank, const std::vector<Response>& responses) {
    const int n = 40'001;
    double s0 = 0, s1 = 0, s2 = 0;
    for (int g = 0; g < n; ++g) {
        const double x = -10.0 + 20.0 * g / (n - 1);
        double log_w = -0.5 * x * x;
        for (const Response& r : responses) {
            const BankItem& it = bank.item(r.item);
            const double p = it.partial()
                                 ? GpcmProbabilities(x, it.a, it.steps)[static_cast<std::size_t>(r.category)]
                                 : (r.category == 1 ? Probability(x, it.a, it.b, it.c)
                                                    : 1 - Probability(x, it.a, it.b, it.c));
            log_w += std::log(p);
        }
        const double w = std::exp(log_w) * (g == 0 || g == n - 1 ? 0.5 : 1.0);
        s0 += w;
        s1 += w * x;
        s2 += w * x * x;
    }
    const double m = s1 / s0;
    return {m, std::sqrt(s2 / s0 - m * m)};
}

TEST(Estimation, PriorOnlyIsStandardNormal) {
    const ItemBank bank = MakeBank({Item("i1", "A", 1, 0)});
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{});
    ASSERT_TRUE(test);
    EXPECT_NEAR(test->estimate(0).mean, 0.0, 1e-12);
    EXPECT_NEAR(test->estimate(0).sd, 1.0, 1e-5);  // N(0,1) truncated to [−5, 5] on 61 nodes
}

TEST(Estimation, OneCompetenceEapMatchesDenseIntegral) {
    std::vector<BankItem> items;
    for (int i = 0; i < 30; ++i) {
        items.push_back(
            Item("i" + std::to_string(i), "A", 0.5 + 0.07 * i, -2.5 + 0.17 * i, i % 7 == 0 ? 0.2 : 0.0));
    }
    BankItem partial = Item("p", "A", 1.2, 0);
    partial.steps = {-0.8, 0.6};
    items.push_back(partial);
    const ItemBank bank = MakeBank(items);
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{.se_target = std::nullopt, .max_length = 40});
    ASSERT_TRUE(test);
    double worst_mean = 0, worst_sd = 0;
    for (int i = 0; i < 30; ++i) {
        ASSERT_TRUE(test->Answer(static_cast<std::size_t>(i), (i * 7) % 3 == 0 ? 0.0 : 1.0));
        if (i == 10) {
            ASSERT_TRUE(test->Answer(30, 0.5));  // category 1 of 2
        }
        const auto [m, s] = DenseEap(bank, test->responses());
        worst_mean = std::max(worst_mean, std::abs(test->estimate(0).mean - m));
        worst_sd = std::max(worst_sd, std::abs(test->estimate(0).sd - s));
    }
    // Grid of 61 nodes on [−5, 5] against the dense integral (N(0,1) mass beyond ±5: 6e-7).
    EXPECT_LT(worst_mean, 1e-5);
    EXPECT_LT(worst_sd, 1e-5);
}

TEST(Estimation, ExtremePatternsStayFinite) {
    std::vector<BankItem> items;
    for (int i = 0; i < 200; ++i) items.push_back(Item("i" + std::to_string(i), "A", 4.0, -9.5));
    const ItemBank bank = MakeBank(items);
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{.se_target = std::nullopt, .max_length = 200});
    ASSERT_TRUE(test);
    // 200 wrong answers to items far too easy: the likelihood underflows many times over.
    for (std::size_t i = 0; i < 200; ++i) ASSERT_TRUE(test->Answer(i, 0.0));
    EXPECT_TRUE(std::isfinite(test->estimate(0).mean));
    EXPECT_TRUE(std::isfinite(test->estimate(0).sd));
    EXPECT_LT(test->estimate(0).mean, -4.5);
}

TEST(Estimation, MleAndWleClosedForms) {
    const ItemBank bank = MakeBank({Item("i1", "A", 1, 0), Item("i2", "A", 1, 0), Item("i3", "A", 1, 0.5),
                                    Item("i4", "A", 1, 0.5), Item("i5", "A", 1.7, -0.3)});
    const TestConfig config{.se_target = std::nullopt, .max_length = 5};
    {
        auto test = AdaptiveTest::Create(bank, {0}, config);
        ASSERT_TRUE(test);
        EXPECT_FALSE(test->Point(0, PointMethod::kMle));  // no answer
        ASSERT_TRUE(test->Answer(0, 1.0));
        // One correct answer to a = 1, b = 0: MLE at the upper bound; WLE solves
        // (1 − P) + (1 − 2P)/2 = 0 → P = 3/4 → θ = ln 3.
        auto mle = test->Point(0, PointMethod::kMle);
        ASSERT_TRUE(mle);
        EXPECT_TRUE(mle->at_bound);
        EXPECT_DOUBLE_EQ(mle->theta, 5.0);
        auto wle = test->Point(0, PointMethod::kWle);
        ASSERT_TRUE(wle);
        EXPECT_FALSE(wle->at_bound);
        EXPECT_NEAR(wle->theta, std::log(3.0), 1e-9);
        ASSERT_TRUE(test->Answer(1, 0.0));
        // One right, one wrong on two identical items: MLE = b = 0, SE = 1/sqrt(2 · 1/4).
        mle = test->Point(0, PointMethod::kMle);
        EXPECT_FALSE(mle->at_bound);
        EXPECT_NEAR(mle->theta, 0.0, 1e-9);
        EXPECT_NEAR(mle->se, std::sqrt(2.0), 1e-9);
        EXPECT_NEAR(test->Point(0, PointMethod::kWle)->theta, 0.0, 1e-9);  // symmetric pattern
    }
    {
        auto test = AdaptiveTest::Create(bank, {0}, config);
        ASSERT_TRUE(test) << test.error().message;
        for (std::size_t i = 0; i < 5; ++i) ASSERT_TRUE(test->Answer(i, 0.0));
        auto mle = test->Point(0, PointMethod::kMle);
        EXPECT_TRUE(mle->at_bound);
        EXPECT_DOUBLE_EQ(mle->theta, -5.0);
        auto wle = test->Point(0, PointMethod::kWle);
        EXPECT_FALSE(wle->at_bound);
        EXPECT_GT(wle->theta, -5.0);
        EXPECT_LT(wle->theta, -0.5);
    }
}

// The MLE's score equation holds at the estimate for a mixed pattern with a 3PL and a GPCM item.
TEST(Estimation, MleSolvesScoreEquation) {
    BankItem partial = Item("p", "A", 0.8, 0);
    partial.steps = {-1.0, 0.2, 1.4};
    const ItemBank bank = MakeBank(
        {Item("i1", "A", 1.3, -0.4), Item("i2", "A", 0.9, 0.8, 0.2), Item("i3", "A", 1.1, 0.1), partial});
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{.se_target = std::nullopt, .max_length = 4});
    ASSERT_TRUE(test) << test.error().message;
    ASSERT_TRUE(test->Answer(0, 1.0));
    ASSERT_TRUE(test->Answer(1, 0.0));
    ASSERT_TRUE(test->Answer(2, 1.0));
    ASSERT_TRUE(test->Answer(3, 1.0 / 3.0));  // category 1
    const double t = test->Point(0, PointMethod::kMle)->theta;
    const double score = DichotomousDerivatives(t, 1.3, -0.4, 0, true).score +
                         DichotomousDerivatives(t, 0.9, 0.8, 0.2, false).score +
                         DichotomousDerivatives(t, 1.1, 0.1, 0, true).score +
                         GpcmDerivatives(t, 0.8, partial.steps, 1).score;
    EXPECT_NEAR(score, 0.0, 1e-9);
}

// EP against the brute-force posterior on a 61^D product grid, along whole adaptive tests.
TEST(Estimation, MultidimensionalMatchesBruteForce) {
    core::SeededRandom random(7);
    auto items = GenerateScenarioBBank(random, 60, 3).value();
    const ItemBank bank = MakeBank(items);
    double worst_mean = 0, worst_sd = 0;
    for (double correlation : {0.0, 0.5, 0.8}) {
        TestConfig config{.se_target = std::nullopt, .max_length = 18};
        config.prior_correlation = correlation;
        auto test = AdaptiveTest::Create(bank, {0, 1, 2}, config);
        ASSERT_TRUE(test);
        auto abilities = DrawAbilities(random, 3, 3, 0.6);
        ASSERT_TRUE(abilities);
        Deviates dev(random);
        for (std::size_t e = 0; e < 3; ++e) {
            test->Reset();
            int step = 0;
            while (auto item = test->Next(random)) {
                const std::size_t d = bank.competence_of(*item);
                const BankItem& it = bank.item(*item);
                ASSERT_TRUE(test->Answer(
                    *item, dev.Uniform() < Probability((*abilities)[e * 3 + d], it.a, it.b) ? 1 : 0));
                if (++step % 6 != 0) continue;
                auto ref = BruteForcePosterior(bank, {0, 1, 2}, config, test->responses(), 61, -5, 5);
                ASSERT_TRUE(ref);
                for (std::size_t k = 0; k < 3; ++k) {
                    const double dm = std::abs(test->estimate(k).mean - ref->mean[k]);
                    const double ds = std::abs(test->estimate(k).sd - ref->sd[k]);
                    if (correlation == 0.0) {
                        // Independent dimensions: EP is exact.
                        EXPECT_LT(dm, 1e-6);
                        EXPECT_LT(ds, 1e-6);
                    }
                    worst_mean = std::max(worst_mean, dm);
                    worst_sd = std::max(worst_sd, ds);
                }
            }
        }
    }
    std::printf("EP vs brute force, worst |Δmean| %.4f, worst |ΔSD| %.4f\n", worst_mean, worst_sd);
    EXPECT_LT(worst_mean, 0.005);
    EXPECT_LT(worst_sd, 0.005);
}

// 3PL (not log-concave) and partial-credit items, strongly correlated prior, surprising answers.
TEST(Estimation, MultidimensionalWithGuessingAndPartialCredit) {
    core::SeededRandom random(11);
    auto items = GenerateScenarioBBank(random, 40, 2).value();
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i % 3 == 0) items[i].c = 0.25;
        if (i % 5 == 0) {
            items[i].c = 0;
            items[i].steps = {items[i].b - 0.6, items[i].b + 0.6};
        }
    }
    const ItemBank bank = MakeBank(items);
    TestConfig config{.se_target = std::nullopt, .max_length = 24};
    config.prior_correlation = 0.8;
    config.prior_means = {0.5, -0.5};
    config.prior_sds = {1.2, 0.8};
    auto test = AdaptiveTest::Create(bank, {0, 1}, config);
    ASSERT_TRUE(test);
    double worst = 0;
    int step = 0;
    while (auto item = test->Next(random)) {
        // Competence c01 answers everything right, c02 everything wrong: the prior disagrees.
        ASSERT_TRUE(test->Answer(*item, bank.competence_of(*item) == 0 ? 1.0 : 0.0));
        if (++step % 4 != 0) continue;
        auto ref = BruteForcePosterior(bank, {0, 1}, config, test->responses(), 201, -5, 5);
        ASSERT_TRUE(ref);
        for (std::size_t k = 0; k < 2; ++k) {
            worst = std::max({worst, std::abs(test->estimate(k).mean - ref->mean[k]),
                              std::abs(test->estimate(k).sd - ref->sd[k])});
        }
    }
    std::printf("EP with 3PL/GPCM items vs brute force, worst difference %.4f\n", worst);
    EXPECT_LT(worst, 0.02);
}

TEST(Estimation, CorrelatedPriorSpreadsEvidence) {
    core::SeededRandom random(3);
    const ItemBank bank = MakeBank(GenerateScenarioBBank(random, 40, 2).value());
    for (double correlation : {0.0, 0.6}) {
        TestConfig config;
        config.prior_correlation = correlation;
        auto test = AdaptiveTest::Create(bank, {0, 1}, config);
        ASSERT_TRUE(test);
        for (std::size_t i = 0; i < 40; i += 2) ASSERT_TRUE(test->Answer(i, 1.0));  // competence c01 only
        EXPECT_GT(test->estimate(0).mean, 1.0);
        if (correlation == 0.0) {
            EXPECT_NEAR(test->estimate(1).mean, 0.0, 1e-9);
            EXPECT_NEAR(test->estimate(1).sd, 1.0, 1e-5);
        } else {
            EXPECT_GT(test->estimate(1).mean, 0.4);
            EXPECT_LT(test->estimate(1).sd, 0.9);
        }
    }
}

}  // namespace
}  // namespace passeur::assessment
