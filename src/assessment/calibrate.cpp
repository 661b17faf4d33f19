#include "assessment/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "assessment/irt.hpp"

namespace passeur::assessment {
namespace {

constexpr std::size_t kMaxItems = 100'000;
constexpr std::size_t kMaxPersons = 10'000'000;
constexpr std::size_t kMaxObservations = kMaxCalibrationObservations;

core::Error Invalid(std::string field, std::string_view what) {
    return core::Error::InvalidArgument(fmt::format("{}: {}", field, what), field);
}

// Responses grouped by person (CSR): the table row of each answer — item × 2 + correct in general;
// with complete data (every person answered every item) only the correct answers, row = item, as
// log P − log Q = a(θ − b) added to a base holding Σ log Q: half the work.
struct ByPerson {
    std::vector<std::size_t> offset;
    std::vector<std::uint32_t> row;
};

// What one E-step pass accumulates over its persons.
struct Accumulator {
    std::vector<double> counts;  // row × nodes: expected persons at each node, per table row
    std::vector<double> total;   // nodes: expected persons at each node, all persons
    double log_likelihood = 0;
    double sum_mean = 0;  // Σ_p E[θ | p]
    double sum_sq = 0;    // Σ_p E[θ² | p]
};

// On x86-64, built for AVX2 and for the baseline; the loader picks the one the CPU runs (GCC
// target_clones). Other architectures: one plain build.
#if defined(__x86_64__)
#define PASSEUR_ESTEP_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PASSEUR_ESTEP_CLONES
#endif
PASSEUR_ESTEP_CLONES void EStep(const ByPerson& data, std::size_t first, std::size_t last,
                                const std::vector<double>& log_table, const std::vector<double>& log_prior,
                                const std::vector<double>& nodes, Accumulator& acc) {
    const std::size_t q_count = nodes.size();
    std::vector<double> lp(q_count);
    std::fill(acc.counts.begin(), acc.counts.end(), 0.0);
    acc.total.assign(q_count, 0.0);
    acc.log_likelihood = acc.sum_mean = acc.sum_sq = 0;
    for (std::size_t p = first; p < last; ++p) {
        std::copy(log_prior.begin(), log_prior.end(), lp.begin());
        for (std::size_t k = data.offset[p]; k < data.offset[p + 1]; ++k) {
            const double* t = log_table.data() + static_cast<std::size_t>(data.row[k]) * q_count;
            for (std::size_t q = 0; q < q_count; ++q) lp[q] += t[q];
        }
        const double top = *std::max_element(lp.begin(), lp.end());
        double sum = 0;
        for (std::size_t q = 0; q < q_count; ++q) {
            lp[q] = std::exp(lp[q] - top);
            sum += lp[q];
        }
        acc.log_likelihood += top + std::log(sum);
        const double inv = 1.0 / sum;
        double m = 0, m2 = 0;
        for (std::size_t q = 0; q < q_count; ++q) {
            lp[q] *= inv;
            m += lp[q] * nodes[q];
            m2 += lp[q] * nodes[q] * nodes[q];
        }
        acc.sum_mean += m;
        acc.sum_sq += m2;
        for (std::size_t q = 0; q < q_count; ++q) acc.total[q] += lp[q];
        for (std::size_t k = data.offset[p]; k < data.offset[p + 1]; ++k) {
            double* c = acc.counts.data() + static_cast<std::size_t>(data.row[k]) * q_count;
            for (std::size_t q = 0; q < q_count; ++q) c[q] += lp[q];
        }
    }
}

// MAP of (log a, b) for one item by Fisher scoring, from the expected counts at each node
// (wrong: n0, right: n1).
void MStep(const double* n0, const double* n1, const std::vector<double>& nodes, const CalibrationOptions& o,
           double& a, double& b) {
    double alpha = std::log(a);
    const double va = o.prior_log_a_sd * o.prior_log_a_sd;
    const double vb = o.prior_b_sd * o.prior_b_sd;
    for (int it = 0; it < 25; ++it) {
        const double aa = std::exp(alpha);
        double s_res_d = 0, s_res = 0, s_w_dd = 0, s_w_d = 0, s_w = 0;
        for (std::size_t q = 0; q < nodes.size(); ++q) {
            const double n = n0[q] + n1[q];
            if (n <= 0) continue;
            const double d = nodes[q] - b;
            const double p = Logistic(aa * d);
            const double res = n1[q] - n * p;
            const double w = n * p * (1.0 - p);
            s_res_d += res * d;
            s_res += res;
            s_w_dd += w * d * d;
            s_w_d += w * d;
            s_w += w;
        }
        const double g_alpha = aa * s_res_d - alpha / va;
        const double g_b = -aa * s_res - b / vb;
        const double i_aa = aa * aa * s_w_dd + 1.0 / va;
        const double i_bb = aa * aa * s_w + 1.0 / vb;
        const double i_ab = -aa * aa * s_w_d;
        const double det = i_aa * i_bb - i_ab * i_ab;
        if (!(det > 0)) break;
        double step_alpha = (i_bb * g_alpha - i_ab * g_b) / det;
        double step_b = (i_aa * g_b - i_ab * g_alpha) / det;
        step_alpha = std::clamp(step_alpha, -0.5, 0.5);
        step_b = std::clamp(step_b, -1.0, 1.0);
        alpha = std::clamp(alpha + step_alpha, std::log(0.05), std::log(10.0));
        b = std::clamp(b + step_b, -10.0, 10.0);
        if (std::abs(step_alpha) < 1e-8 && std::abs(step_b) < 1e-8) break;
    }
    a = std::exp(alpha);
}

}  // namespace

core::Result<CalibrationResult> Calibrate(const ResponseData& data, const std::vector<ItemStart>& start,
                                          const CalibrationOptions& o) {
    if (o.nodes < 11 || o.nodes > 201) return core::Fail(Invalid("nodes", "must be within 11..201"));
    if (o.max_cycles < 1 || o.max_cycles > 10'000)
        return core::Fail(Invalid("max_cycles", "must be within 1..10000"));
    if (!(o.tolerance > 0 && o.tolerance <= 1))
        return core::Fail(Invalid("tolerance", "must be within (0, 1]"));
    if (!(o.prior_log_a_sd > 0 && std::isfinite(o.prior_log_a_sd))) {
        return core::Fail(Invalid("prior_log_a_sd", "must be positive"));
    }
    if (!(o.prior_b_sd > 0 && std::isfinite(o.prior_b_sd)))
        return core::Fail(Invalid("prior_b_sd", "must be positive"));
    if (o.threads < 1 || o.threads > 64) return core::Fail(Invalid("threads", "must be within 1..64"));
    const std::size_t n_items = data.items.size();
    const std::size_t n_persons = data.persons.size();
    if (n_items == 0 || n_items > kMaxItems)
        return core::Fail(Invalid("items", "must hold 1 to 100000 items"));
    if (n_persons == 0 || n_persons > kMaxPersons) {
        return core::Fail(Invalid("persons", "must hold 1 to 10000000 persons"));
    }
    if (data.observations.size() > kMaxObservations) {
        return core::Fail(Invalid("observations", "more than 100000000"));
    }
    if (!start.empty() && start.size() != n_items) return core::Fail(Invalid("start", "one entry per item"));
    for (std::size_t j = 0; j < start.size(); ++j) {
        if (!(start[j].a > 0 && start[j].a <= 10) || !(std::abs(start[j].b) <= 10)) {
            return core::Fail(Invalid(fmt::format("start[{}]", j), "a within (0, 10], b within [-10, 10]"));
        }
    }

    // Group by person; check indices and duplicates.
    ByPerson by;
    by.offset.assign(n_persons + 1, 0);
    std::vector<std::size_t> per_item(n_items, 0);
    for (std::size_t k = 0; k < data.observations.size(); ++k) {
        const Observation& ob = data.observations[k];
        if (ob.person >= n_persons || ob.item >= n_items || ob.correct > 1) {
            return core::Fail(Invalid(fmt::format("observations[{}]", k),
                                      "person or item out of range, or correct not 0/1"));
        }
        ++by.offset[ob.person + 1];
        ++per_item[ob.item];
    }
    for (std::size_t p = 0; p < n_persons; ++p) by.offset[p + 1] += by.offset[p];
    by.row.resize(data.observations.size());
    {
        std::vector<std::size_t> fill(by.offset.begin(), by.offset.end() - 1);
        for (const Observation& ob : data.observations) by.row[fill[ob.person]++] = ob.item * 2U + ob.correct;
    }
    ByPerson correct_only;
    for (std::size_t p = 0; p < n_persons; ++p) {
        auto first = by.row.begin() + static_cast<std::ptrdiff_t>(by.offset[p]);
        auto last = by.row.begin() + static_cast<std::ptrdiff_t>(by.offset[p + 1]);
        std::sort(first, last);
        for (auto it = first; it != last && it + 1 != last; ++it) {
            if ((*it >> 1) == (*(it + 1) >> 1)) {
                return core::Fail(
                    Invalid("observations", fmt::format("person \"{}\" answered item \"{}\" twice",
                                                        data.persons[p], data.items[*it >> 1])));
            }
        }
    }

    // Duplicates are excluded above, so this count means every pair once.
    const bool complete = data.observations.size() == n_persons * n_items;
    if (complete) {
        correct_only.offset.assign(n_persons + 1, 0);
        for (std::size_t p = 0; p < n_persons; ++p) {
            for (std::size_t k = by.offset[p]; k < by.offset[p + 1]; ++k) {
                if ((by.row[k] & 1U) != 0) correct_only.row.push_back(by.row[k] >> 1);
            }
            correct_only.offset[p + 1] = correct_only.row.size();
        }
    }
    const ByPerson& rows = complete ? correct_only : by;
    const std::size_t row_count = complete ? n_items : n_items * 2;

    const auto q_count = static_cast<std::size_t>(o.nodes);
    std::vector<double> nodes(q_count);
    for (std::size_t q = 0; q < q_count; ++q)
        nodes[q] = -6.0 + 12.0 * static_cast<double>(q) / static_cast<double>(q_count - 1);
    std::vector<double> a(n_items, 1.0), b(n_items, 0.0);
    std::vector<bool> estimated(n_items, true);
    bool anchored = false;
    for (std::size_t j = 0; j < n_items; ++j) {
        if (!start.empty()) {
            a[j] = start[j].a;
            b[j] = start[j].b;
            if (start[j].anchor) {
                estimated[j] = false;
                anchored = true;
            }
        }
        if (per_item[j] < o.min_responses) estimated[j] = false;
    }

    CalibrationResult result;
    const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(o.threads), n_persons);
    std::vector<Accumulator> accs(threads);
    for (auto& acc : accs) acc.counts.assign(row_count * q_count, 0.0);
    std::vector<double> log_table(row_count * q_count), log_prior(q_count), counts(n_items * 2 * q_count);
    double mu = 0, sigma = 1;
    for (int cycle = 1; cycle <= o.max_cycles; ++cycle) {
        {
            double norm = 0;
            for (std::size_t q = 0; q < q_count; ++q) {
                const double z = (nodes[q] - mu) / sigma;
                log_prior[q] = -0.5 * z * z;
                norm += std::exp(log_prior[q]);
            }
            for (double& v : log_prior) v -= std::log(norm);
        }
        for (std::size_t j = 0; j < n_items; ++j) {
            for (std::size_t q = 0; q < q_count; ++q) {
                const double z = a[j] * (nodes[q] - b[j]);
                if (complete) {
                    log_table[j * q_count + q] = z;
                    log_prior[q] += LogLogistic(-z);
                } else {
                    log_table[(j * 2 + 1) * q_count + q] = LogLogistic(z);
                    log_table[(j * 2) * q_count + q] = LogLogistic(-z);
                }
            }
        }
        if (threads == 1) {
            EStep(rows, 0, n_persons, log_table, log_prior, nodes, accs[0]);
        } else {
            auto chunk = [&](std::size_t t) {
                EStep(rows, n_persons * t / threads, n_persons * (t + 1) / threads, log_table, log_prior,
                      nodes, accs[t]);
            };
            std::vector<std::thread> pool;
            pool.reserve(threads);
            try {
                for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(chunk, t);
            } catch (const std::system_error&) {
                // No further thread could be started (resource limit): the chunks without one run
                // here below; the result is the same, only slower. No exception escapes.
            }
            for (std::size_t t = pool.size(); t < threads; ++t) chunk(t);
            for (auto& th : pool) th.join();
        }
        double ll = accs[0].log_likelihood, sm = accs[0].sum_mean, sq = accs[0].sum_sq;
        for (std::size_t t = 1; t < threads; ++t) {
            for (std::size_t k = 0; k < accs[0].counts.size(); ++k) accs[0].counts[k] += accs[t].counts[k];
            for (std::size_t q = 0; q < q_count; ++q) accs[0].total[q] += accs[t].total[q];
            ll += accs[t].log_likelihood;
            sm += accs[t].sum_mean;
            sq += accs[t].sum_sq;
        }
        if (complete) {
            // Right: the accumulated counts; wrong: everyone else.
            for (std::size_t j = 0; j < n_items; ++j) {
                for (std::size_t q = 0; q < q_count; ++q) {
                    const double right = accs[0].counts[j * q_count + q];
                    counts[(j * 2 + 1) * q_count + q] = right;
                    counts[(j * 2) * q_count + q] = std::max(accs[0].total[q] - right, 0.0);
                }
            }
        } else {
            std::copy(accs[0].counts.begin(), accs[0].counts.end(), counts.begin());
        }
        result.log_likelihood = ll;
        result.cycles = cycle;
        double moved = 0;
        for (std::size_t j = 0; j < n_items; ++j) {
            if (!estimated[j]) continue;
            const double old_a = a[j], old_b = b[j];
            MStep(counts.data() + j * 2 * q_count, counts.data() + (j * 2 + 1) * q_count, nodes, o, a[j],
                  b[j]);
            moved = std::max({moved, std::abs(a[j] - old_a), std::abs(b[j] - old_b)});
        }
        if (anchored) {
            const double n = static_cast<double>(n_persons);
            // The nodes stay on [-6, 6]: the population mean is kept within [-3, 3] so that its
            // bulk stays on them (anchors implying a population beyond that are a data problem).
            const double new_mu = std::clamp(sm / n, -3.0, 3.0);
            const double new_sigma =
                std::clamp(std::sqrt(std::max(sq / n - new_mu * new_mu, 1e-6)), 0.2, 5.0);
            moved = std::max({moved, std::abs(new_mu - mu), std::abs(new_sigma - sigma)});
            mu = new_mu;
            sigma = new_sigma;
        }
        if (moved < o.tolerance) {
            result.converged = true;
            break;
        }
    }
    result.population_mean = mu;
    result.population_sd = sigma;
    for (std::size_t j = 0; j < n_items; ++j) {
        ItemFit fit;
        fit.id = data.items[j];
        fit.a = a[j];
        fit.b = b[j];
        fit.responses = per_item[j];
        fit.estimated = estimated[j];
        fit.change_a = a[j] - (start.empty() ? 1.0 : start[j].a);
        fit.change_b = b[j] - (start.empty() ? 0.0 : start[j].b);
        double num = 0, den = 0;
        for (std::size_t q = 0; q < q_count; ++q) {
            const double n0 = counts[(j * 2) * q_count + q], n1 = counts[(j * 2 + 1) * q_count + q];
            const double n = n0 + n1;
            if (n <= 0) continue;
            const double diff = n1 / n - Probability(nodes[q], a[j], b[j]);
            num += n * diff * diff;
            den += n;
        }
        fit.rmsd = den > 0 ? std::sqrt(num / den) : 0.0;
        result.items.push_back(std::move(fit));
    }
    return result;
}

}  // namespace passeur::assessment
