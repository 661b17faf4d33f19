#include "assessment/irt.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::assessment {
namespace {

TEST(Irt, LogisticHandValues) {
    EXPECT_DOUBLE_EQ(Logistic(0), 0.5);
    EXPECT_NEAR(Logistic(1.2), 0.7685247834990175, 1e-15);
    EXPECT_NEAR(Logistic(-1.2), 1 - 0.7685247834990175, 1e-15);
    EXPECT_NEAR(LogLogistic(0), -std::log(2.0), 1e-15);
    EXPECT_DOUBLE_EQ(LogLogistic(-1000), -1000);
    EXPECT_NEAR(LogLogistic(1000), 0, 1e-300);
}

TEST(Irt, TwoAndThreeParameterProbability) {
    EXPECT_NEAR(Probability(1.0, 1.5, 0.2), 0.7685247834990175, 1e-15);  // 2PL: L(1.5 × 0.8)
    EXPECT_DOUBLE_EQ(Probability(0.0, 1.0, 0.0, 0.2), 0.6);              // 3PL at θ = b
    EXPECT_DOUBLE_EQ(Probability(0.3, 1.0, 0.3), 0.5);                   // 1PL at θ = b
}

TEST(Irt, InformationHandValues) {
    EXPECT_DOUBLE_EQ(Information(0.5, 2.0, 0.5), 1.0);  // a²/4 at θ = b
    // 3PL: a²(P−c)²Q / ((1−c)²P) = 0.16·0.4/(0.64·0.6) at θ = b, a = 1, c = 0.2.
    EXPECT_NEAR(Information(0.0, 1.0, 0.0, 0.2), 0.16 * 0.4 / (0.64 * 0.6), 1e-15);
    EXPECT_NEAR(Information(1.0, 1.3, -0.4), 1.69 * Logistic(1.82) * Logistic(-1.82), 1e-15);
}

TEST(Irt, ExtremeValuesStayFinite) {
    const double huge = 1e300;
    for (double theta : {-huge, -800.0, -40.0, 40.0, 800.0, huge}) {
        for (double c : {0.0, 0.25}) {
            const double p = Probability(theta, 2.5, 0.0, c);
            const double info = Information(theta, 2.5, 0.0, c);
            EXPECT_TRUE(std::isfinite(p) && p >= c && p <= 1) << theta;
            EXPECT_TRUE(std::isfinite(info) && info >= 0) << theta;
            for (bool correct : {false, true}) {
                const ItemDerivatives d = DichotomousDerivatives(theta, 2.5, 0.0, c, correct);
                EXPECT_TRUE(std::isfinite(d.score) && std::isfinite(d.information) && std::isfinite(d.j))
                    << theta;
            }
        }
        const auto g = GpcmProbabilities(theta, 2.0, std::vector<double>{-1.0, 0.5, 2.0});
        double sum = 0;
        for (double p : g) {
            EXPECT_TRUE(std::isfinite(p));
            sum += p;
        }
        EXPECT_NEAR(sum, 1.0, 1e-12);
        EXPECT_TRUE(std::isfinite(GpcmInformation(theta, 2.0, std::vector<double>{-1.0, 0.5, 2.0})));
    }
}

TEST(Irt, GpcmHandValues) {
    // a = 1, steps {−1, 1}, θ = 0: exponents 0, 1, 0 → {1, e, 1}/(2 + e); E = 1, Var = 2/(2 + e).
    const double e = std::exp(1.0);
    const std::vector<double> steps = {-1.0, 1.0};
    const auto p = GpcmProbabilities(0.0, 1.0, steps);
    ASSERT_EQ(p.size(), 3U);
    EXPECT_NEAR(p[0], 1 / (2 + e), 1e-15);
    EXPECT_NEAR(p[1], e / (2 + e), 1e-15);
    EXPECT_NEAR(p[2], 1 / (2 + e), 1e-15);
    EXPECT_NEAR(GpcmInformation(0.0, 1.0, steps), 2 / (2 + e), 1e-15);
    // a = 2: exponents 0, 2, 0 → Var = 2/(2 + e²), I = a² Var.
    EXPECT_NEAR(GpcmInformation(0.0, 2.0, steps), 4 * 2 / (2 + e * e), 1e-14);
}

TEST(Irt, GpcmWithOneStepIs2pl) {
    for (double theta : {-2.0, 0.0, 0.7, 3.0}) {
        const auto p = GpcmProbabilities(theta, 1.4, std::vector<double>{0.3});
        EXPECT_NEAR(p[1], Probability(theta, 1.4, 0.3), 1e-14);
        EXPECT_NEAR(GpcmInformation(theta, 1.4, std::vector<double>{0.3}), Information(theta, 1.4, 0.3),
                    1e-14);
    }
}

// The analytic derivatives against finite differences of the log-likelihood and of I.
TEST(Irt, DerivativesMatchFiniteDifferences) {
    const double h = 1e-5;
    for (double theta : {-1.5, 0.2, 1.1}) {
        for (double c : {0.0, 0.2}) {
            for (bool correct : {false, true}) {
                auto loglik = [&](double t) {
                    const double p = Probability(t, 1.3, 0.4, c);
                    return std::log(correct ? p : 1 - p);
                };
                const ItemDerivatives d = DichotomousDerivatives(theta, 1.3, 0.4, c, correct);
                EXPECT_NEAR(d.score, (loglik(theta + h) - loglik(theta - h)) / (2 * h), 1e-7);
                EXPECT_NEAR(d.information, Information(theta, 1.3, 0.4, c), 1e-14);
                // J = P'P''/(PQ)
                auto p = [&](double t) { return Probability(t, 1.3, 0.4, c); };
                const double p1 = (p(theta + h) - p(theta - h)) / (2 * h);
                const double p2 = (p(theta + h) - 2 * p(theta) + p(theta - h)) / (h * h);
                EXPECT_NEAR(d.j, p1 * p2 / (p(theta) * (1 - p(theta))), 1e-4);
            }
        }
        const std::vector<double> steps = {-0.5, 0.4, 1.2};
        for (int k = 0; k <= 3; ++k) {
            auto loglik = [&](double t) {
                return std::log(GpcmProbabilities(t, 0.9, steps)[static_cast<std::size_t>(k)]);
            };
            const ItemDerivatives d = GpcmDerivatives(theta, 0.9, steps, k);
            EXPECT_NEAR(d.score, (loglik(theta + h) - loglik(theta - h)) / (2 * h), 1e-7);
            EXPECT_NEAR(d.information, GpcmInformation(theta, 0.9, steps), 1e-14);
        }
        // Information Σ P_k'²/P_k and Warm's J = Σ P_k' P_k''/P_k from finite differences of the
        // category probabilities (the closed forms are a²·Var(k) and a³·μ3(k)).
        double info = 0, j = 0;
        for (std::size_t k = 0; k <= 3; ++k) {
            auto pk = [&](double t) { return GpcmProbabilities(t, 0.9, steps)[k]; };
            const double p1 = (pk(theta + h) - pk(theta - h)) / (2 * h);
            const double p2 = (pk(theta + h) - 2 * pk(theta) + pk(theta - h)) / (h * h);
            info += p1 * p1 / pk(theta);
            j += p1 * p2 / pk(theta);
        }
        EXPECT_NEAR(GpcmInformation(theta, 0.9, steps), info, 1e-8);
        EXPECT_NEAR(GpcmDerivatives(theta, 0.9, steps, 0).j, j, 1e-4);
    }
}

}  // namespace
}  // namespace passeur::assessment
