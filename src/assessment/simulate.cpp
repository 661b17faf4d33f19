#include "assessment/simulate.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "assessment/irt.hpp"

namespace passeur::assessment {

double Deviates::Uniform() {
    return static_cast<double>(random_->NextU64() >> 11) * (1.0 / 9007199254740992.0);
}

double Deviates::Normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    double u1 = 0;
    do {
        u1 = Uniform();
    } while (u1 <= 0);
    const double u2 = Uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
}

namespace {

void DrawAb(Deviates& dev, BankItem& item) {
    item.a = std::clamp(std::exp(0.3 * dev.Normal()), 0.4, 2.5);
    item.b = std::clamp(dev.Normal(), -3.5, 3.5);
}

}  // namespace

std::vector<BankItem> GenerateScenarioABank(core::Random& random, std::size_t items) {
    Deviates dev(random);
    std::vector<BankItem> out(items);
    for (std::size_t i = 0; i < items; ++i) {
        out[i].id = fmt::format("a{:04}", i + 1);
        out[i].competence = "A";
        DrawAb(dev, out[i]);
    }
    return out;
}

core::Result<std::vector<BankItem>> GenerateScenarioBBank(core::Random& random, std::size_t items,
                                                          std::size_t competences) {
    if (competences == 0 || competences > kMaxBankCompetences) {
        return core::Fail(core::Error::InvalidArgument("competences: must be within 1..2000", "competences"));
    }
    Deviates dev(random);
    std::vector<BankItem> out(items);
    for (std::size_t i = 0; i < items; ++i) {
        out[i].id = fmt::format("b{:04}", i + 1);
        out[i].competence = fmt::format("c{:02}", i % competences + 1);
        DrawAb(dev, out[i]);
    }
    return out;
}

core::Result<std::vector<double>> DrawAbilities(core::Random& random, std::size_t examinees, std::size_t dims,
                                                double correlation) {
    if (dims == 0) return core::Fail(core::Error::InvalidArgument("dims: must be at least 1", "dims"));
    // Lower Cholesky factor of the correlation matrix.
    std::vector<double> l(dims * dims, 0.0);
    for (std::size_t j = 0; j < dims; ++j) {
        for (std::size_t i = j; i < dims; ++i) {
            double s = i == j ? 1.0 : correlation;
            for (std::size_t k = 0; k < j; ++k) s -= l[i * dims + k] * l[j * dims + k];
            if (i == j) {
                if (!(s > 1e-12)) {
                    return core::Fail(core::Error::InvalidArgument(
                        "correlation: the correlation matrix is not positive definite", "correlation"));
                }
                l[j * dims + j] = std::sqrt(s);
            } else {
                l[i * dims + j] = s / l[j * dims + j];
            }
        }
    }
    Deviates dev(random);
    std::vector<double> out(examinees * dims);
    std::vector<double> z(dims);
    for (std::size_t e = 0; e < examinees; ++e) {
        for (double& v : z) v = dev.Normal();
        for (std::size_t i = 0; i < dims; ++i) {
            double v = 0;
            for (std::size_t k = 0; k <= i; ++k) v += l[i * dims + k] * z[k];
            out[e * dims + i] = v;
        }
    }
    return out;
}

namespace {

// The simulated answer (score in [0, 1]) of an examinee of ability theta to item `it`, from one
// uniform deviate u.
double SimulatedScore(const BankItem& it, double theta, double u) {
    if (!it.partial()) return u < Probability(theta, it.a, it.b, it.c) ? 1.0 : 0.0;
    double probs[kMaxSteps + 1];
    std::span<double> p(probs, it.steps.size() + 1);
    GpcmProbabilitiesInto(theta, it.a, it.steps, p);
    std::size_t k = 0;
    double cumulative = p[0];
    while (k + 1 < p.size() && u >= cumulative) cumulative += p[++k];
    return static_cast<double>(k) / static_cast<double>(it.steps.size());
}

}  // namespace

core::Result<std::vector<std::uint8_t>> DrawAnswerMatrix(const ItemBank& bank,
                                                         std::span<const double> abilities,
                                                         core::Random& random) {
    if (bank.competences().size() != 1) {
        return core::Fail(
            core::Error::InvalidArgument("bank: an answer matrix needs one competence", "bank"));
    }
    if (abilities.size() * bank.size() > kMaxCalibrationObservations) {
        return core::Fail(core::Error::InvalidArgument(
            "abilities: examinees × items more than 100000000 answers", "abilities"));
    }
    Deviates dev(random);
    std::vector<std::uint8_t> out;
    out.reserve(abilities.size() * bank.size());
    for (double theta : abilities) {
        for (std::size_t i = 0; i < bank.size(); ++i) {
            const BankItem& it = bank.item(i);
            if (it.partial()) {
                return core::Fail(
                    core::Error::InvalidArgument("bank: an answer matrix needs dichotomous items", "bank"));
            }
            out.push_back(dev.Uniform() < Probability(theta, it.a, it.b, it.c) ? 1 : 0);
        }
    }
    return out;
}

core::Result<SimulationResult> Simulate(const ItemBank& bank, const SimulationSpec& spec,
                                        core::Random& random, const Stopwatch& stopwatch) {
    const std::size_t dims = spec.profile.size();
    if (dims == 0 || spec.abilities.size() % dims != 0 || spec.abilities.empty()) {
        return core::Fail(core::Error::InvalidArgument(
            "abilities: must hold one value per profile competence for each examinee", "abilities"));
    }
    for (double v : spec.abilities) {
        if (!std::isfinite(v) || std::abs(v) > 10) {
            return core::Fail(
                core::Error::InvalidArgument("abilities: each must be within [-10, 10]", "abilities"));
        }
    }
    if (!spec.answers.empty()) {
        if (spec.answers.size() != spec.abilities.size() / dims * bank.size()) {
            return core::Fail(core::Error::InvalidArgument(
                "answers: must hold one answer per examinee and bank item", "answers"));
        }
        for (std::size_t i = 0; i < bank.size(); ++i) {
            if (bank.item(i).partial()) {
                return core::Fail(core::Error::InvalidArgument(
                    "answers: pre-drawn answers need a dichotomous bank", "answers"));
            }
        }
    }
    auto created = AdaptiveTest::Create(bank, spec.profile, spec.config);
    if (!created) return core::Fail(created.error());
    AdaptiveTest& test = *created;
    const std::size_t examinees = spec.abilities.size() / dims;
    Deviates dev(random);

    SimulationResult r;
    r.examinees = examinees;
    std::vector<std::size_t> administered(bank.size(), 0), selected(bank.size(), 0);
    std::vector<double> err_sum(dims, 0), err_sq(dims, 0), items_sum(dims, 0);
    std::vector<double> us(static_cast<std::size_t>(spec.config.max_length));
    std::vector<double> per_examinee_us;
    std::vector<std::size_t> seen_selected;
    std::vector<std::uint8_t> mark(bank.size(), 0);
    std::size_t length_sum = 0, se_met = 0;
    std::int64_t total_ns = 0;
    for (std::size_t e = 0; e < examinees; ++e) {
        const double* theta = spec.abilities.data() + e * dims;
        for (double& u : us) u = dev.Uniform();
        test.Reset();
        const std::int64_t start = stopwatch ? stopwatch() : 0;
        std::size_t k = 0;
        while (auto item = test.Next(random)) {
            const std::size_t d = static_cast<std::size_t>(
                std::find(spec.profile.begin(), spec.profile.end(), bank.competence_of(*item)) -
                spec.profile.begin());
            const double score = spec.answers.empty()
                                     ? SimulatedScore(bank.item(*item), theta[d], us[k])
                                     : static_cast<double>(spec.answers[e * bank.size() + *item]);
            ++k;
            auto answered = test.Answer(*item, score);
            if (!answered) return core::Fail(answered.error());
        }
        if (stopwatch) {
            const std::int64_t ns = stopwatch() - start;
            total_ns += ns;
            if (test.length() > 0) {
                per_examinee_us.push_back(static_cast<double>(ns) / 1000.0 /
                                          static_cast<double>(test.length()));
            }
        }
        switch (test.stop_reason()) {
            case StopReason::kSeTarget:
                ++r.stopped_se;
                break;
            case StopReason::kMaxLength:
                ++r.stopped_max;
                break;
            default:
                ++r.stopped_exhausted;
                break;
        }
        length_sum += test.length();
        r.steps += test.length();
        r.max_length = std::max(r.max_length, test.length());
        bool met = spec.config.se_target.has_value();
        for (std::size_t d = 0; d < dims; ++d) {
            const double err = test.estimate(d).mean - theta[d];
            err_sum[d] += err;
            err_sq[d] += err * err;
            items_sum[d] += static_cast<double>(test.items_in(d));
            if (spec.config.se_target && test.estimate(d).sd > *spec.config.se_target) met = false;
        }
        if (met) ++se_met;
        for (const Response& resp : test.responses()) ++administered[resp.item];
        // An item counts once per test in the selection rate.
        seen_selected.clear();
        for (std::size_t i : test.selected()) {
            if (mark[i] == 0) {
                mark[i] = 1;
                seen_selected.push_back(i);
                ++selected[i];
            }
        }
        for (std::size_t i : seen_selected) mark[i] = 0;
    }
    const auto n = static_cast<double>(examinees);
    double all_sum = 0, all_sq = 0;
    for (std::size_t d = 0; d < dims; ++d) {
        CompetenceStats s;
        s.competence = bank.competences()[spec.profile[d]];
        s.rmse = std::sqrt(err_sq[d] / n);
        s.bias = err_sum[d] / n;
        s.mean_items = items_sum[d] / n;
        r.competences.push_back(s);
        all_sum += err_sum[d];
        all_sq += err_sq[d];
    }
    r.rmse = std::sqrt(all_sq / (n * static_cast<double>(dims)));
    r.bias = all_sum / (n * static_cast<double>(dims));
    r.mean_length = static_cast<double>(length_sum) / n;
    if (spec.config.se_target) r.share_se_met = static_cast<double>(se_met) / n;
    r.exposure.resize(bank.size());
    r.selection_rate.resize(bank.size());
    for (std::size_t i = 0; i < bank.size(); ++i) {
        r.exposure[i] = static_cast<double>(administered[i]) / n;
        r.selection_rate[i] = static_cast<double>(selected[i]) / n;
        r.max_exposure = std::max(r.max_exposure, r.exposure[i]);
    }
    if (stopwatch && total_ns > 0) {
        r.engine_seconds = static_cast<double>(total_ns) / 1e9;
        r.steps_per_second = static_cast<double>(r.steps) / r.engine_seconds;
        if (!per_examinee_us.empty()) {
            auto mid = per_examinee_us.begin() + static_cast<std::ptrdiff_t>(per_examinee_us.size() / 2);
            std::nth_element(per_examinee_us.begin(), mid, per_examinee_us.end());
            r.median_us_per_step = *mid;
        }
    }
    return r;
}

core::Result<std::vector<double>> CalibrateSympsonHetter(const ItemBank& bank, const SimulationSpec& spec,
                                                         double r, int iterations, core::Random& random) {
    if (!(std::isfinite(r) && r > 0 && r <= 1)) {
        return core::Fail(core::Error::InvalidArgument("sympson_hetter.r: must be within (0, 1]", "r"));
    }
    if (iterations < 1 || iterations > 100) {
        return core::Fail(
            core::Error::InvalidArgument("sympson_hetter.iterations: must be within 1..100", "iterations"));
    }
    std::vector<double> k(bank.size(), 1.0);
    SimulationSpec round = spec;
    round.config.exposure.kind = ExposureControl::kSympsonHetter;
    for (int it = 0; it < iterations; ++it) {
        round.config.exposure.sympson_hetter = k;
        auto result = Simulate(bank, round, random);
        if (!result) return core::Fail(result.error());
        for (std::size_t i = 0; i < bank.size(); ++i) {
            const double p = result->selection_rate[i];
            k[i] = p > r ? r / p : 1.0;
        }
    }
    return k;
}

core::Result<RecoveryResult> CalibrationRecovery(const RecoverySpec& spec, core::Random& random,
                                                 const Stopwatch& stopwatch) {
    if (spec.persons < 1 || spec.persons > 10'000'000) {
        return core::Fail(core::Error::InvalidArgument("persons: must be within 1..10000000", "persons"));
    }
    if (spec.items < 2 || spec.items > kMaxBankItems) {
        return core::Fail(core::Error::InvalidArgument("items: must be within 2..100000", "items"));
    }
    if (spec.answers_per_person > spec.items) {
        return core::Fail(core::Error::InvalidArgument("answers_per_person: at most the number of items",
                                                       "answers_per_person"));
    }
    // Checked before anything is allocated: Calibrate would refuse the data only after the
    // persons × answers observations had been generated (10^12 for 10^7 persons × 10^5 items).
    const std::size_t per_person = spec.answers_per_person == 0 ? spec.items : spec.answers_per_person;
    if (spec.persons * per_person > kMaxCalibrationObservations) {
        return core::Fail(core::Error::InvalidArgument(
            "persons × answers: more than 100000000 observations (persons × items, or persons × "
            "answers_per_person)",
            "persons"));
    }
    auto truth = GenerateScenarioABank(random, spec.items);
    auto thetas = DrawAbilities(random, spec.persons, 1, 0.0);
    if (!thetas) return core::Fail(thetas.error());
    Deviates dev(random);
    ResponseData data;
    data.persons.reserve(spec.persons);
    for (std::size_t p = 0; p < spec.persons; ++p) data.persons.push_back(std::to_string(p + 1));
    for (const auto& it : truth) data.items.push_back(it.id);
    if (spec.answers_per_person == 0) {
        data.observations.reserve(spec.persons * spec.items);
        for (std::size_t p = 0; p < spec.persons; ++p) {
            for (std::size_t j = 0; j < spec.items; ++j) {
                const bool correct = dev.Uniform() < Probability((*thetas)[p], truth[j].a, truth[j].b);
                data.observations.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(j),
                                             static_cast<std::uint8_t>(correct)});
            }
        }
    } else {
        auto bank = ItemBank::Create(truth);
        if (!bank) return core::Fail(bank.error());
        TestConfig config{.se_target = std::nullopt, .max_length = static_cast<int>(spec.answers_per_person)};
        config.exposure.kind = spec.exposure.kind;
        config.exposure.top_k = spec.exposure.top_k;
        if (spec.exposure.kind == ExposureControl::kSympsonHetter) {
            // K fitted on other persons than those whose logs are calibrated, as the live service
            // would use K fitted beforehand.
            const std::size_t n = std::min<std::size_t>(spec.persons, 10'000);
            auto others = DrawAbilities(random, n, 1, 0.0);
            if (!others) return core::Fail(others.error());
            SimulationSpec fit{.profile = {0}, .config = config, .abilities = *others};
            auto k =
                CalibrateSympsonHetter(*bank, fit, spec.exposure.sh_r, spec.exposure.sh_iterations, random);
            if (!k) return core::Fail(k.error());
            config.exposure.sympson_hetter = std::move(*k);
        }
        auto test = AdaptiveTest::Create(*bank, {0}, config);
        if (!test) return core::Fail(test.error());
        data.observations.reserve(spec.persons * spec.answers_per_person);
        for (std::size_t p = 0; p < spec.persons; ++p) {
            test->Reset();
            while (auto item = test->Next(random)) {
                const bool correct =
                    dev.Uniform() < Probability((*thetas)[p], truth[*item].a, truth[*item].b);
                auto answered = test->Answer(*item, correct ? 1.0 : 0.0);
                if (!answered) return core::Fail(answered.error());
                data.observations.push_back({static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(*item),
                                             static_cast<std::uint8_t>(correct)});
            }
        }
    }
    const std::int64_t start = stopwatch ? stopwatch() : 0;
    auto fitted = Calibrate(data, {}, spec.options);
    const std::int64_t end = stopwatch ? stopwatch() : 0;
    if (!fitted) return core::Fail(fitted.error());
    RecoveryResult r;
    r.observations = data.observations.size();
    r.cycles = fitted->cycles;
    r.converged = fitted->converged;
    r.seconds = static_cast<double>(end - start) / 1e9;
    double sa = 0, sb = 0;
    for (std::size_t j = 0; j < truth.size(); ++j) {
        const ItemFit& fit = fitted->items[j];
        if (!fit.estimated) continue;
        ++r.estimated_items;
        sa += (fit.a - truth[j].a) * (fit.a - truth[j].a);
        sb += (fit.b - truth[j].b) * (fit.b - truth[j].b);
    }
    if (r.estimated_items > 0) {
        r.rmse_a = std::sqrt(sa / static_cast<double>(r.estimated_items));
        r.rmse_b = std::sqrt(sb / static_cast<double>(r.estimated_items));
    }
    const auto group = [&](std::size_t min_answers) {
        RecoveryGroup g;
        double ga = 0, gb = 0;
        for (std::size_t j = 0; j < truth.size(); ++j) {
            const ItemFit& fit = fitted->items[j];
            if (fit.responses < min_answers) continue;
            ++g.items;
            ga += (fit.a - truth[j].a) * (fit.a - truth[j].a);
            gb += (fit.b - truth[j].b) * (fit.b - truth[j].b);
        }
        if (g.items > 0) {
            g.rmse_a = std::sqrt(ga / static_cast<double>(g.items));
            g.rmse_b = std::sqrt(gb / static_cast<double>(g.items));
        }
        return g;
    };
    r.all = group(0);
    r.answered_20 = group(20);
    r.answered_200 = group(200);
    std::vector<std::size_t> counts;
    counts.reserve(fitted->items.size());
    for (const ItemFit& fit : fitted->items) counts.push_back(fit.responses);
    std::sort(counts.begin(), counts.end());
    r.answers_min = counts.front();
    r.answers_median = counts[(counts.size() - 1) / 2];
    r.answers_max = counts.back();
    return r;
}

}  // namespace passeur::assessment
