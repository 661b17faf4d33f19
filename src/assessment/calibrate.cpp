#include "assessment/calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <system_error>
#include <thread>
#include <utility>

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

// Responses grouped by person (CSR). General data: the table row of each answer, item × 2 + correct.
// Complete data (every person answered every item): only the correct answers' items. There
// log P − log Q = a(θ − b), so a person's log-likelihood on the nodes is Σ_j log Q_j(θ) (the same
// for everyone) + S·θ − T with S = Σ_correct a_j and T = Σ_correct a_j b_j: O(nodes) per person.
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

// The inputs of one E-step. Complete data: `log_table` unused, `slope`/`offset` = a_j, a_j b_j and
// `base` = log prior + Σ_j log Q_j. General: `log_table` = (item × 2 + correct) × nodes log P, `base`
// = log prior.
struct EInput {
    bool complete = false;
    const std::vector<double>* log_table = nullptr;
    const std::vector<double>* slope = nullptr;
    const std::vector<double>* offset = nullptr;
    const std::vector<double>* base = nullptr;
    const std::vector<double>* nodes = nullptr;
};

// On x86-64, built for AVX2 and for the baseline; the loader picks the one the CPU runs (GCC
// target_clones). Other architectures: one plain build.
#if defined(__x86_64__)
#define PASSEUR_ESTEP_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PASSEUR_ESTEP_CLONES
#endif
PASSEUR_ESTEP_CLONES void EStep(const ByPerson& data, std::size_t first, std::size_t last, const EInput& in,
                                Accumulator& acc) {
    const std::vector<double>& nodes = *in.nodes;
    const std::vector<double>& base = *in.base;
    const std::size_t q_count = nodes.size();
    std::vector<double> lp(q_count);
    std::fill(acc.counts.begin(), acc.counts.end(), 0.0);
    acc.total.assign(q_count, 0.0);
    acc.log_likelihood = acc.sum_mean = acc.sum_sq = 0;
    for (std::size_t p = first; p < last; ++p) {
        if (in.complete) {
            double slope = 0, offset = 0;
            for (std::size_t k = data.offset[p]; k < data.offset[p + 1]; ++k) {
                slope += (*in.slope)[data.row[k]];
                offset += (*in.offset)[data.row[k]];
            }
            for (std::size_t q = 0; q < q_count; ++q) lp[q] = base[q] + slope * nodes[q] - offset;
        } else {
            std::copy(base.begin(), base.end(), lp.begin());
            for (std::size_t k = data.offset[p]; k < data.offset[p + 1]; ++k) {
                const double* t = in.log_table->data() + static_cast<std::size_t>(data.row[k]) * q_count;
                for (std::size_t q = 0; q < q_count; ++q) lp[q] += t[q];
            }
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

constexpr double kMinLogA = -2.995732273553991;       // log 0.05
constexpr double kMaxLogA = 2.302585092994046;        // log 10
constexpr double kMinLogSigma = -1.6094379124341003;  // log 0.2
constexpr double kMaxLogSigma = 1.6094379124341003;   // log 5

// MAP of (log a, b) for one item by Fisher scoring from (alpha, b), from the expected counts at
// each node (wrong: n0, right: n1).
void MStep(const double* n0, const double* n1, const std::vector<double>& nodes, const CalibrationOptions& o,
           double& alpha, double& b) {
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
        alpha = std::clamp(alpha + step_alpha, kMinLogA, kMaxLogA);
        b = std::clamp(b + step_b, -10.0, 10.0);
        if (std::abs(step_alpha) < 1e-8 && std::abs(step_b) < 1e-8) break;
    }
}

// The EM map and the objective. A point x holds, per item j, x[2j] = log a_j and x[2j + 1] = b_j,
// then x[2n] = population mean and x[2n + 1] = log population SD. Evaluate (the E-step) leaves the
// expected counts of that point in counts_; MapStep (the M-step) reads them.
class Em {
public:
    Em(const ByPerson& rows, bool complete, std::size_t n_items, std::size_t n_persons,
       const std::vector<bool>& estimated, bool anchored, std::size_t threads, const CalibrationOptions& o)
        : rows_(rows),
          complete_(complete),
          n_items_(n_items),
          n_persons_(n_persons),
          estimated_(estimated),
          anchored_(anchored),
          o_(o),
          q_count_(static_cast<std::size_t>(o.nodes)),
          row_count_(complete ? n_items : n_items * 2),
          nodes_(q_count_),
          accs_(threads),
          base_(q_count_),
          counts_(n_items * 2 * q_count_) {
        for (std::size_t q = 0; q < q_count_; ++q)
            nodes_[q] = -6.0 + 12.0 * static_cast<double>(q) / static_cast<double>(q_count_ - 1);
        for (auto& acc : accs_) acc.counts.assign(row_count_ * q_count_, 0.0);
        if (complete) {
            slope_.resize(n_items);
            offset_.resize(n_items);
        } else {
            log_table_.resize(row_count_ * q_count_);
        }
    }

    struct Value {
        double log_likelihood = 0;
        double objective = 0;  // log-likelihood + log priors of the estimated items
        double sum_mean = 0;
        double sum_sq = 0;
    };

    Value Evaluate(const std::vector<double>& x) {
        const double mu = x[2 * n_items_], sigma = std::exp(x[2 * n_items_ + 1]);
        double norm = 0;
        for (std::size_t q = 0; q < q_count_; ++q) {
            const double z = (nodes_[q] - mu) / sigma;
            base_[q] = -0.5 * z * z;
            norm += std::exp(base_[q]);
        }
        for (double& v : base_) v -= std::log(norm);
        for (std::size_t j = 0; j < n_items_; ++j) {
            const double a = std::exp(x[2 * j]), b = x[2 * j + 1];
            if (complete_) {
                slope_[j] = a;
                offset_[j] = a * b;
                for (std::size_t q = 0; q < q_count_; ++q) base_[q] += LogLogistic(-a * (nodes_[q] - b));
            } else {
                for (std::size_t q = 0; q < q_count_; ++q) {
                    const double z = a * (nodes_[q] - b);
                    log_table_[(j * 2 + 1) * q_count_ + q] = LogLogistic(z);
                    log_table_[(j * 2) * q_count_ + q] = LogLogistic(-z);
                }
            }
        }
        const EInput in{complete_, &log_table_, &slope_, &offset_, &base_, &nodes_};
        const std::size_t threads = accs_.size();
        if (threads == 1) {
            EStep(rows_, 0, n_persons_, in, accs_[0]);
        } else {
            auto chunk = [&](std::size_t t) {
                EStep(rows_, n_persons_ * t / threads, n_persons_ * (t + 1) / threads, in, accs_[t]);
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
        // Reduction in thread order: the same sums run to run.
        Value v{accs_[0].log_likelihood, 0, accs_[0].sum_mean, accs_[0].sum_sq};
        for (std::size_t t = 1; t < threads; ++t) {
            for (std::size_t k = 0; k < accs_[0].counts.size(); ++k) accs_[0].counts[k] += accs_[t].counts[k];
            for (std::size_t q = 0; q < q_count_; ++q) accs_[0].total[q] += accs_[t].total[q];
            v.log_likelihood += accs_[t].log_likelihood;
            v.sum_mean += accs_[t].sum_mean;
            v.sum_sq += accs_[t].sum_sq;
        }
        if (complete_) {
            // Right: the accumulated counts; wrong: everyone else.
            for (std::size_t j = 0; j < n_items_; ++j) {
                for (std::size_t q = 0; q < q_count_; ++q) {
                    const double right = accs_[0].counts[j * q_count_ + q];
                    counts_[(j * 2 + 1) * q_count_ + q] = right;
                    counts_[(j * 2) * q_count_ + q] = std::max(accs_[0].total[q] - right, 0.0);
                }
            }
        } else {
            std::copy(accs_[0].counts.begin(), accs_[0].counts.end(), counts_.begin());
        }
        const double va = o_.prior_log_a_sd * o_.prior_log_a_sd;
        const double vb = o_.prior_b_sd * o_.prior_b_sd;
        v.objective = v.log_likelihood;
        for (std::size_t j = 0; j < n_items_; ++j) {
            if (estimated_[j])
                v.objective -= x[2 * j] * x[2 * j] / (2 * va) + x[2 * j + 1] * x[2 * j + 1] / (2 * vb);
        }
        last_ = v;
        return v;
    }

    // The EM map from x, using the counts of the last Evaluate (which must have been at x).
    std::vector<double> MapStep(const std::vector<double>& x) const {
        std::vector<double> y = x;
        for (std::size_t j = 0; j < n_items_; ++j) {
            if (!estimated_[j]) continue;
            MStep(counts_.data() + j * 2 * q_count_, counts_.data() + (j * 2 + 1) * q_count_, nodes_, o_,
                  y[2 * j], y[2 * j + 1]);
        }
        if (anchored_) {
            const double n = static_cast<double>(n_persons_);
            // The nodes stay on [-6, 6]: the population mean is kept within [-3, 3] so that its
            // bulk stays on them (anchors implying a population beyond that are a data problem).
            const double mu = std::clamp(last_.sum_mean / n, -3.0, 3.0);
            const double sigma = std::clamp(std::sqrt(std::max(last_.sum_sq / n - mu * mu, 1e-6)), 0.2, 5.0);
            y[2 * n_items_] = mu;
            y[2 * n_items_ + 1] = std::log(sigma);
        }
        return y;
    }

    // Largest change between two points in the reported units (a, b, mean, SD).
    double Move(const std::vector<double>& x, const std::vector<double>& y) const {
        double moved = 0;
        for (std::size_t j = 0; j < n_items_; ++j) {
            moved = std::max({moved, std::abs(std::exp(x[2 * j]) - std::exp(y[2 * j])),
                              std::abs(x[2 * j + 1] - y[2 * j + 1])});
        }
        return std::max({moved, std::abs(x[2 * n_items_] - y[2 * n_items_]),
                         std::abs(std::exp(x[2 * n_items_ + 1]) - std::exp(y[2 * n_items_ + 1]))});
    }

    // Keeps an extrapolated point inside the box the M-step keeps (its fixed coordinates unchanged).
    void Project(std::vector<double>& x) const {
        for (std::size_t j = 0; j < n_items_; ++j) {
            x[2 * j] = std::clamp(x[2 * j], kMinLogA, kMaxLogA);
            x[2 * j + 1] = std::clamp(x[2 * j + 1], -10.0, 10.0);
        }
        x[2 * n_items_] = std::clamp(x[2 * n_items_], -3.0, 3.0);
        x[2 * n_items_ + 1] = std::clamp(x[2 * n_items_ + 1], kMinLogSigma, kMaxLogSigma);
    }

    const std::vector<double>& nodes() const { return nodes_; }
    const std::vector<double>& counts() const { return counts_; }

private:
    const ByPerson& rows_;
    bool complete_;
    std::size_t n_items_, n_persons_;
    const std::vector<bool>& estimated_;
    bool anchored_;
    const CalibrationOptions& o_;
    std::size_t q_count_, row_count_;
    std::vector<double> nodes_;
    std::vector<Accumulator> accs_;
    std::vector<double> log_table_, slope_, offset_, base_, counts_;
    Value last_;
};

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

    std::vector<bool> estimated(n_items, true);
    bool anchored = false;
    // The starting point: x[2j] = log a, x[2j + 1] = b, then the population mean and log SD.
    std::vector<double> x(n_items * 2 + 2, 0.0);
    for (std::size_t j = 0; j < n_items; ++j) {
        if (!start.empty()) {
            x[2 * j] = std::log(start[j].a);
            x[2 * j + 1] = start[j].b;
            if (start[j].anchor) {
                estimated[j] = false;
                anchored = true;
            }
        }
        if (per_item[j] < o.min_responses) estimated[j] = false;
    }

    CalibrationResult result;
    // One count table per thread: fewer threads rather than more than the memory cap.
    const std::size_t table_bytes = row_count * q_count * sizeof(double);
    const std::size_t memory_threads = std::max<std::size_t>(1, o.max_accumulator_bytes / table_bytes);
    const std::size_t threads = std::min({static_cast<std::size_t>(o.threads), n_persons, memory_threads});
    result.threads_used = static_cast<int>(threads);
    Em em(rows, complete, n_items, n_persons, estimated, anchored, threads, o);

    // SQUAREM (Varadhan & Roland 2008, scheme S3): from x0, two EM steps x1, x2; r = x1 − x0,
    // v = x2 − 2x1 + x0, step α = ‖r‖/‖v‖ within [1, step_max] (α = 1 is x2), extrapolated point
    // x0 + 2αr + α²v (projected on the parameter box), then one EM step from it (stabilisation). The
    // result is accepted when its objective is not below x0's; otherwise the plain EM point x2 is
    // taken and step_max shrinks. step_max starts at 1 and grows 4-fold each time α reaches it.
    // Convergence: the plain EM step from the current point moves no parameter more than
    // `tolerance` (the same rule as plain EM).
    Em::Value value = em.Evaluate(x);
    int cycles = 1;
    result.objective_trace.push_back(value.objective);
    double step_max = 1.0;
    constexpr double kStepFactor = 4.0;
    std::vector<double> final_x;
    while (true) {
        std::vector<double> x1 = em.MapStep(x);
        if (em.Move(x, x1) < o.tolerance) {
            result.converged = true;
            final_x = std::move(x1);
            break;
        }
        if (cycles >= o.max_cycles) {
            final_x = std::move(x1);
            break;
        }
        if (o.acceleration == EmAcceleration::kNone || cycles + 4 > o.max_cycles) {
            x = std::move(x1);
            value = em.Evaluate(x);
            ++cycles;
            result.objective_trace.push_back(value.objective);
            continue;
        }
        em.Evaluate(x1);
        ++cycles;
        std::vector<double> x2 = em.MapStep(x1);
        double rr = 0, vv = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double r = x1[i] - x[i];
            const double v = x2[i] - 2 * x1[i] + x[i];
            rr += r * r;
            vv += v * v;
        }
        double alpha = vv > 0 ? std::sqrt(rr / vv) : 1.0;
        if (!std::isfinite(alpha)) alpha = 1.0;
        alpha = std::clamp(alpha, 1.0, step_max);
        std::vector<double> next;
        if (alpha == 1.0) {
            next = x2;
        } else {
            std::vector<double> xp(x.size());
            for (std::size_t i = 0; i < x.size(); ++i) {
                const double r = x1[i] - x[i];
                const double v = x2[i] - 2 * x1[i] + x[i];
                xp[i] = x[i] + 2 * alpha * r + alpha * alpha * v;
            }
            em.Project(xp);
            em.Evaluate(xp);
            ++cycles;
            next = em.MapStep(xp);
        }
        Em::Value next_value = em.Evaluate(next);
        ++cycles;
        if (!(next_value.objective >= value.objective)) {
            // Refused: the plain EM point (its objective is at least x0's, EM being monotone).
            ++result.squarem_fallbacks;
            next = std::move(x2);
            next_value = em.Evaluate(next);
            ++cycles;
            step_max = std::max(1.0, step_max / kStepFactor);
        } else if (alpha == step_max) {
            step_max *= kStepFactor;
        }
        x = std::move(next);
        value = next_value;
        result.objective_trace.push_back(value.objective);
    }
    result.cycles = cycles;
    result.log_likelihood = value.log_likelihood;
    const std::vector<double>& nodes = em.nodes();
    const std::vector<double>& counts = em.counts();
    const double mu = final_x[2 * n_items], sigma = std::exp(final_x[2 * n_items + 1]);
    std::vector<double> a(n_items), b(n_items);
    for (std::size_t j = 0; j < n_items; ++j) {
        a[j] = std::exp(final_x[2 * j]);
        b[j] = final_x[2 * j + 1];
        // Fixed parameters come back exactly as given (no exp(log a) rounding).
        if (!estimated[j]) {
            a[j] = start.empty() ? 1.0 : start[j].a;
            b[j] = start.empty() ? 0.0 : start[j].b;
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
