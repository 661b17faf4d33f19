// Item selection, exposure control, stopping rules, answer checks and config validation.
#include "assessment/adaptive_test.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "assessment/irt.hpp"
#include "assessment/linalg.hpp"
#include "assessment/simulate.hpp"

namespace passeur::assessment {
namespace {

ItemBank MakeBank(std::vector<BankItem> items, GridSpec grid = {}) {
    auto bank = ItemBank::Create(std::move(items), grid);
    EXPECT_TRUE(bank) << bank.error().message;
    return std::move(*bank);
}

ItemBank ScenarioA(std::size_t items, std::uint64_t seed = 11) {
    core::SeededRandom random(seed);
    return MakeBank(GenerateScenarioABank(random, items));
}

TEST(Bank, RejectsBadItemsWithTheirField) {
    BankItem ok{.id = "x", .competence = "A"};
    auto bad = [&](auto mutate) {
        std::vector<BankItem> items = {ok, ok};
        items[1].id = "y";
        mutate(items[1]);
        auto bank = ItemBank::Create(items);
        EXPECT_FALSE(bank);
        return bank ? std::string() : bank.error().field;
    };
    EXPECT_EQ(bad([](BankItem& i) { i.a = 0; }), "items[1].a");
    EXPECT_EQ(bad([](BankItem& i) { i.b = std::nan(""); }), "items[1].b");
    EXPECT_EQ(bad([](BankItem& i) { i.c = 0.7; }), "items[1].c");
    EXPECT_EQ(bad([](BankItem& i) { i.id = "x"; }), "items[1].id");
    EXPECT_EQ(bad([](BankItem& i) { i.competence.clear(); }), "items[1].competence");
    EXPECT_EQ(bad([](BankItem& i) { i.steps = std::vector<double>(21, 0.0); }), "items[1].steps");
    EXPECT_FALSE(ItemBank::Create({}));
    EXPECT_EQ(ItemBank::Create({ok}, GridSpec{.points = 5}).error().field, "grid.points");
}

TEST(Bank, BinOfClampsNonFiniteAndHugeAbilities) {
    // +inf and 1e300 used to be cast to size_t (undefined behaviour) before the clamp.
    const ItemBank bank = ScenarioA(20);
    const std::size_t last = bank.BinOf(5.0);
    EXPECT_EQ(bank.BinOf(std::numeric_limits<double>::infinity()), last);
    EXPECT_EQ(bank.BinOf(1e300), last);
    EXPECT_EQ(bank.BinOf(-std::numeric_limits<double>::infinity()), 0U);
    EXPECT_EQ(bank.BinOf(std::nan("")), 0U);
    EXPECT_EQ(bank.BinOf(-4.97), 0U);
    EXPECT_EQ(bank.BinOf(-4.93), 1U);
}

TEST(Linalg, PivotTestIsScaleInvariant) {
    // diag(1e-8, 1e8) is positive definite; a pivot test relative to the largest diagonal refused it.
    std::vector<double> a = {1e-8, 0, 0, 1e8};
    EXPECT_TRUE(IsPositiveDefinite(a, 2));
    ASSERT_TRUE(InvertSpd(a, 2));
    EXPECT_NEAR(a[0], 1e8, 1e-3);
    EXPECT_NEAR(a[3], 1e-8, 1e-20);
    std::vector<double> singular = {1, 1, 1, 1};
    EXPECT_FALSE(InvertSpd(singular, 2));
    std::vector<double> nan = {1, 0, 0, std::nan("")};
    EXPECT_FALSE(IsPositiveDefinite(nan, 2));
}

TEST(Bank, RankingsAreByInformation) {
    const ItemBank bank = ScenarioA(300);
    for (double theta : {-2.0, 0.0, 1.3}) {
        const auto ranked = bank.Ranked(0, bank.BinOf(theta));
        ASSERT_EQ(ranked.size(), ItemBank::kRankDepth);
        // Near the bin centre the ranking is the information order (ties aside).
        const double centre = -5.0 + (static_cast<double>(bank.BinOf(theta)) + 0.5) * 0.05;
        for (std::size_t k = 1; k < ranked.size(); ++k) {
            EXPECT_GE(bank.InformationAt(ranked[k - 1], centre), bank.InformationAt(ranked[k], centre));
        }
        double best = 0;
        for (std::size_t i = 0; i < bank.size(); ++i) best = std::max(best, bank.InformationAt(i, centre));
        EXPECT_EQ(bank.InformationAt(ranked[0], centre), best);
    }
}

TEST(Selection, FirstItemIsTheMostInformativeAtThePriorMean) {
    const ItemBank bank = ScenarioA(500);
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{});
    ASSERT_TRUE(test);
    core::SeededRandom random(1);
    auto first = test->Next(random);
    ASSERT_TRUE(first);
    const double centre = 0.025;  // centre of θ = 0's bin
    for (std::size_t i = 0; i < bank.size(); ++i) {
        EXPECT_LE(bank.InformationAt(i, centre), bank.InformationAt(*first, centre));
    }
}

TEST(Selection, NeverRepeatsAndStopsWhenTheBankIsExhausted) {
    const ItemBank bank = ScenarioA(150);  // more than the ranking depth: the scan fallback runs too
    for (auto kind :
         {ExposureControl::kNone, ExposureControl::kRandomesque, ExposureControl::kSympsonHetter}) {
        TestConfig config{.se_target = std::nullopt, .max_length = 200};
        config.exposure.kind = kind;
        config.exposure.sympson_hetter.assign(bank.size(), 0.5);
        auto test = AdaptiveTest::Create(bank, {0}, config);
        ASSERT_TRUE(test);
        core::SeededRandom random(5);
        std::set<std::size_t> seen;
        int step = 0;
        while (auto item = test->Next(random)) {
            EXPECT_TRUE(seen.insert(*item).second) << "item " << *item << " twice";
            ASSERT_TRUE(test->Answer(*item, (step++ % 3) == 0 ? 0.0 : 1.0));
        }
        EXPECT_EQ(seen.size(), bank.size());
        EXPECT_EQ(test->stop_reason(), StopReason::kBankExhausted);
    }
}

TEST(Selection, RespectsAccessibilityNeeds) {
    core::SeededRandom random(2);
    auto items = GenerateScenarioABank(random, 100);
    for (std::size_t i = 0; i < items.size(); i += 3)
        items[i].usable_in = kNoColour | kNoTimer;  // no screen reader
    const ItemBank bank = MakeBank(items);
    TestConfig config{.se_target = std::nullopt, .max_length = 100};
    config.needs = kScreenReader;
    auto test = AdaptiveTest::Create(bank, {0}, config);
    ASSERT_TRUE(test);
    std::size_t given = 0;
    while (auto item = test->Next(random)) {
        EXPECT_NE(*item % 3, 0U);
        ASSERT_TRUE(test->Answer(*item, 1.0));
        ++given;
    }
    EXPECT_EQ(given, 66U);
    test->Reset();
    auto refused = test->Answer(0, 1.0);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "item");
}

TEST(Selection, ContentBalancingCoversEveryCompetence) {
    core::SeededRandom random(4);
    const ItemBank bank = MakeBank(GenerateScenarioBBank(random, 400, 8).value());
    TestConfig config{.se_target = std::nullopt, .max_length = 8};
    config.min_items_per_competence = 2;
    auto test = AdaptiveTest::Create(bank, {1, 3, 6, 7}, config);
    ASSERT_TRUE(test);
    Deviates dev(random);
    while (auto item = test->Next(random)) {
        // Only profile competences.
        const auto c = bank.competence_of(*item);
        EXPECT_TRUE(c == 1 || c == 3 || c == 6 || c == 7);
        ASSERT_TRUE(test->Answer(*item, dev.Uniform() < 0.5 ? 1.0 : 0.0));
    }
    for (std::size_t d = 0; d < 4; ++d) EXPECT_EQ(test->items_in(d), 2U) << d;
}

TEST(Selection, WeightsTowardTheLeastPreciseCompetence) {
    core::SeededRandom random(8);
    const ItemBank bank = MakeBank(GenerateScenarioBBank(random, 200, 2).value());
    TestConfig config{.se_target = 0.4, .max_length = 60, .min_items_per_competence = 0};
    config.prior_correlation = 0.0;
    auto test = AdaptiveTest::Create(bank, {0, 1}, config);
    ASSERT_TRUE(test);
    // Ten answers on competence 0: the next items go to competence 1.
    int given = 0;
    for (std::size_t i = 0; given < 10; i += 2, ++given) ASSERT_TRUE(test->Answer(i, given % 2 ? 1.0 : 0.0));
    auto next = test->Next(random);
    ASSERT_TRUE(next);
    EXPECT_EQ(bank.competence_of(*next), 1U);
}

TEST(Stopping, SeTargetMinAndMaxLength) {
    const ItemBank bank = ScenarioA(500);
    core::SeededRandom random(9);
    {
        auto test =
            AdaptiveTest::Create(bank, {0}, TestConfig{.se_target = 0.5, .min_length = 12, .max_length = 30});
        ASSERT_TRUE(test);
        while (auto item = test->Next(random))
            ASSERT_TRUE(test->Answer(*item, test->length() % 2 ? 1.0 : 0.0));
        EXPECT_EQ(test->stop_reason(), StopReason::kSeTarget);
        EXPECT_EQ(test->length(), 12U);  // SE 0.5 is met well before 12 items
        EXPECT_LE(test->estimate(0).sd, 0.5);
    }
    {
        // SE 0.05 needs a grid step ≤ 0.05 (here 0.025).
        core::SeededRandom bank_random(11);
        const ItemBank fine = MakeBank(GenerateScenarioABank(bank_random, 500), GridSpec{.points = 401});
        auto test = AdaptiveTest::Create(fine, {0}, TestConfig{.se_target = 0.05, .max_length = 15});
        ASSERT_TRUE(test) << test.error().message;
        while (auto item = test->Next(random)) ASSERT_TRUE(test->Answer(*item, 1.0));
        EXPECT_EQ(test->stop_reason(), StopReason::kMaxLength);
        EXPECT_EQ(test->length(), 15U);
        EXPECT_EQ(StopReasonName(test->stop_reason()), "max_length");
        // An answer after the stop is refused and changes nothing.
        std::size_t unused = 0;
        while (std::any_of(test->responses().begin(), test->responses().end(),
                           [&](const Response& r) { return r.item == unused; }))
            ++unused;
        const Estimate before = test->estimate(0);
        auto late = test->Answer(unused, 0.0);
        ASSERT_FALSE(late);
        EXPECT_EQ(late.error().field, "item");
        EXPECT_NE(late.error().message.find("stopped"), std::string::npos);
        EXPECT_EQ(test->length(), 15U);
        EXPECT_EQ(test->estimate(0).mean, before.mean);
    }
}

TEST(Answer, RejectsBadInput) {
    core::SeededRandom random(1);
    auto items = GenerateScenarioBBank(random, 20, 2).value();
    items[0].steps = {-0.5, 0.5};
    const ItemBank bank = MakeBank(items);
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{});
    ASSERT_TRUE(test);
    EXPECT_EQ(test->Answer(99, 1.0).error().field, "item");
    EXPECT_EQ(test->Answer(1, 1.0).error().field, "item");   // competence c02 is not in the profile
    EXPECT_EQ(test->Answer(2, 0.5).error().field, "score");  // dichotomous
    EXPECT_EQ(test->Answer(2, 1.5).error().field, "score");
    EXPECT_EQ(test->Answer(2, std::nan("")).error().field, "score");
    ASSERT_TRUE(test->Answer(0, 0.5));  // partial: category 1 of 2
    EXPECT_EQ(test->responses().back().category, 1);
    ASSERT_TRUE(test->Answer(2, 1.0));
    EXPECT_EQ(test->Answer(2, 1.0).error().field, "item");  // twice
}

TEST(Config, ValidationNamesTheField) {
    auto field = [](TestConfig c, std::size_t dims = 2, std::size_t bank = 10) {
        auto r = ValidateConfig(c, dims, bank);
        return r ? std::string("ok") : r.error().field;
    };
    EXPECT_EQ(field(TestConfig{}), "ok");
    EXPECT_EQ(field(TestConfig{.se_target = 0.0}), "se_target");
    EXPECT_EQ(field(TestConfig{.max_length = 0}), "max_length");
    EXPECT_EQ(field(TestConfig{.min_length = 70, .max_length = 60}), "min_length");
    EXPECT_EQ(field(TestConfig{.min_items_per_competence = -1}), "min_items_per_competence");
    EXPECT_EQ(field(TestConfig{}, 0), "profile");
    EXPECT_EQ(field(TestConfig{}, 17), "profile");
    TestConfig c;
    c.prior_correlation = -0.6;  // 3 × 3 with −0.6 off the diagonal is not positive definite
    EXPECT_EQ(field(c, 3), "prior_correlation");
    c = {};
    c.prior_correlations = {1, 0.5, 0.4, 1};
    EXPECT_EQ(field(c), "prior_correlations[0][1]");
    c.prior_correlations = {1, 0.5, 0.5, 1};
    EXPECT_EQ(field(c), "ok");
    c.prior_correlations = {1, 0.99, 0.99, 0.99, 1, -0.99, 0.99, -0.99, 1};
    EXPECT_EQ(field(c, 3), "prior_correlations");
    c = {};
    c.prior_sds = {1.0};
    EXPECT_EQ(field(c), "prior_sds");
    c = {};
    c.exposure.kind = ExposureControl::kRandomesque;
    c.exposure.top_k = 0;
    EXPECT_EQ(field(c), "exposure.top_k");
    c = {};
    c.exposure.sympson_hetter = std::vector<double>(10, 0.5);
    c.exposure.sympson_hetter[4] = 1.5;
    EXPECT_EQ(field(c), "exposure.sympson_hetter[4]");
    c = {};
    c.needs = 8;
    EXPECT_EQ(field(c), "needs");
    EXPECT_EQ(field(TestConfig{.ep_tolerance = 0}), "ep_tolerance");
    // 3 competences × 8 items cannot fit in 20 items.
    EXPECT_EQ(field(TestConfig{.max_length = 20, .min_items_per_competence = 8}, 3),
              "min_items_per_competence");
    EXPECT_EQ(field(TestConfig{.max_length = 24, .min_items_per_competence = 8}, 3), "ok");
    const ItemBank bank = ScenarioA(10);
    EXPECT_EQ(AdaptiveTest::Create(bank, {0, 0}, TestConfig{}).error().field, "profile[1]");
    EXPECT_EQ(AdaptiveTest::Create(bank, {3}, TestConfig{}).error().field, "profile[0]");
}

TEST(Selection, RandomesqueIsDeterministicForASeed) {
    const ItemBank bank = ScenarioA(300);
    TestConfig config{.se_target = std::nullopt, .max_length = 20};
    config.exposure.kind = ExposureControl::kRandomesque;
    config.exposure.top_k = 5;
    auto run = [&](std::uint64_t seed) {
        auto test = AdaptiveTest::Create(bank, {0}, config);
        EXPECT_TRUE(test);
        if (!test) return std::vector<std::size_t>{};
        core::SeededRandom random(seed);
        std::vector<std::size_t> items;
        while (auto item = test->Next(random)) {
            items.push_back(*item);
            EXPECT_TRUE(test->Answer(*item, items.size() % 2 ? 1.0 : 0.0));
        }
        return items;
    };
    EXPECT_EQ(run(42), run(42));
    EXPECT_NE(run(42), run(43));
}

TEST(Config, ResolutionOfTheGrid) {
    // Default grid: 61 nodes on [−5, 5], step h = 1/6. A point-mass prior or an SE target below h
    // used to be accepted (the test then stopped after one item with an SD of ≈ 0.015).
    const ItemBank bank = ScenarioA(50);
    const double h = bank.nodes()[1] - bank.nodes()[0];
    auto error = [&](TestConfig c, std::vector<std::size_t> profile = {0}) {
        auto r = AdaptiveTest::Create(bank, std::move(profile), std::move(c));
        return r ? std::string("ok") : r.error().field;
    };
    EXPECT_EQ(error(TestConfig{.se_target = 0.1}), "se_target");
    EXPECT_EQ(error(TestConfig{.se_target = h}), "ok");
    EXPECT_EQ(error(TestConfig{.prior_sds = {0.05}}), "prior_sds[0]");
    EXPECT_EQ(error(TestConfig{.prior_sds = {0.3}}), "prior_sds[0]");  // < 2h = 0.333
    EXPECT_EQ(error(TestConfig{.prior_sds = {0.34}}), "ok");
    EXPECT_EQ(error(TestConfig{.prior_means = {2.5}}), "prior_means[0]");  // 2.5 + 3 > 5
    EXPECT_EQ(error(TestConfig{.prior_means = {-2.0}}), "ok");
    EXPECT_EQ(error(TestConfig{.prior_means = {-2.5}, .prior_sds = {0.5}}), "ok");
    core::SeededRandom random(3);
    const ItemBank two = MakeBank(GenerateScenarioBBank(random, 40, 2).value());
    auto r = AdaptiveTest::Create(two, {0, 1}, TestConfig{.prior_means = {0, 0}, .prior_sds = {1, 0.2}});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "prior_sds[1]");
    EXPECT_NE(r.error().message.find("2 grid steps"), std::string::npos) << r.error().message;
}

// A GPCM item with 20 steps at −10 and a = 10: category 0 has probability < e^−1000 on every node
// of [−5, 5], so the tabulated row is exactly 0 and the likelihood product vanishes. Before the
// log-domain fallback this gave 1/0 = inf, 0·inf = NaN, and a NaN SD counted as "SE target met".
std::vector<BankItem> VanishingBank() {
    std::vector<BankItem> items;
    items.push_back(
        BankItem{.id = "steep", .competence = "A", .a = 10.0, .steps = std::vector<double>(20, -10.0)});
    for (int i = 0; i < 8; ++i) {
        items.push_back(
            BankItem{.id = "a" + std::to_string(i), .competence = "A", .a = 1.5, .b = -2.0 + 0.5 * i});
        items.push_back(
            BankItem{.id = "b" + std::to_string(i), .competence = "B", .a = 1.5, .b = -2.0 + 0.5 * i});
    }
    return items;
}

TEST(Estimation, VanishedLikelihoodStaysFiniteUnidimensional) {
    const ItemBank bank = MakeBank(VanishingBank());
    ASSERT_EQ(bank.Table(0).subspan(0, bank.nodes().size())[bank.nodes().size() - 1], 0.0);
    auto test = AdaptiveTest::Create(bank, {0}, TestConfig{.se_target = std::nullopt, .max_length = 6});
    ASSERT_TRUE(test);
    ASSERT_TRUE(test->Answer(0, 0.0));  // category 0 of the steep item
    const Estimate e = test->estimate(0);
    ASSERT_TRUE(std::isfinite(e.mean));
    ASSERT_TRUE(std::isfinite(e.sd));
    // log P_0 decreases in θ: the posterior piles up at the lowest node.
    EXPECT_NEAR(e.mean, bank.nodes().front(), 0.2);
    // Further answers keep it finite.
    ASSERT_TRUE(test->Answer(1, 1.0));
    EXPECT_TRUE(std::isfinite(test->estimate(0).mean));
    EXPECT_TRUE(std::isfinite(test->estimate(0).sd));
}

TEST(Estimation, VanishedLikelihoodStaysFiniteMultidimensional) {
    const ItemBank bank = MakeBank(VanishingBank());
    auto test = AdaptiveTest::Create(bank, {0, 1}, TestConfig{.se_target = 0.3, .max_length = 10});
    ASSERT_TRUE(test);
    ASSERT_TRUE(test->Answer(2, 1.0));  // competence B first
    ASSERT_TRUE(test->Answer(0, 0.0));
    for (std::size_t d = 0; d < 2; ++d) {
        EXPECT_TRUE(std::isfinite(test->estimate(d).mean)) << d;
        EXPECT_TRUE(std::isfinite(test->estimate(d).sd)) << d;
    }
    EXPECT_LT(test->estimate(0).mean, -1.0);
    EXPECT_NE(test->stop_reason(), StopReason::kSeTarget);  // B has one answer: SD well above 0.3
}

}  // namespace
}  // namespace passeur::assessment
