#include "assessment/irt.hpp"

#include <algorithm>
#include <cmath>

namespace passeur::assessment {

double Logistic(double z) {
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double LogLogistic(double z) {
    if (z >= 0) return -std::log1p(std::exp(-z));
    return z - std::log1p(std::exp(z));
}

double Probability(double theta, double a, double b, double c) {
    return c + (1.0 - c) * Logistic(a * (theta - b));
}

namespace {

// The parts of a dichotomous item at θ: L, 1 − L (each exact, no cancellation) and
// r = P'/(P·Q) = a·L / (c + (1 − c)·L), finite even when L underflows.
struct Parts {
    double l = 0;
    double one_minus_l = 0;
    double r = 0;
};

Parts PartsAt(double theta, double a, double b, double c) {
    const double z = a * (theta - b);
    Parts p;
    p.l = Logistic(z);
    p.one_minus_l = Logistic(-z);
    p.r = c == 0.0 ? a : a * p.l / (c + (1.0 - c) * p.l);
    return p;
}

}  // namespace

double Information(double theta, double a, double b, double c) {
    const Parts p = PartsAt(theta, a, b, c);
    return (1.0 - c) * a * p.l * p.one_minus_l * p.r;
}

void GpcmProbabilitiesInto(double theta, double a, std::span<const double> steps, std::span<double> out) {
    double s = 0;
    double max = 0;
    out[0] = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        s += a * (theta - steps[k]);
        out[k + 1] = s;
        max = std::max(max, s);
    }
    double sum = 0;
    for (double& v : out) {
        v = std::exp(v - max);
        sum += v;
    }
    for (double& v : out) v /= sum;
}

std::vector<double> GpcmProbabilities(double theta, double a, std::span<const double> steps) {
    std::vector<double> out(steps.size() + 1);
    GpcmProbabilitiesInto(theta, a, steps, out);
    return out;
}

namespace {

// Mean, variance and third central moment of the category under GPCM probabilities.
struct Moments {
    double mean = 0;
    double var = 0;
    double mu3 = 0;
};

Moments GpcmMoments(double theta, double a, std::span<const double> steps) {
    double buffer[64];
    std::vector<double> heap;
    std::span<double> p;
    if (steps.size() + 1 <= 64) {
        p = std::span<double>(buffer, steps.size() + 1);
    } else {
        heap.resize(steps.size() + 1);
        p = heap;
    }
    GpcmProbabilitiesInto(theta, a, steps, p);
    Moments m;
    for (std::size_t k = 0; k < p.size(); ++k) m.mean += static_cast<double>(k) * p[k];
    for (std::size_t k = 0; k < p.size(); ++k) {
        const double d = static_cast<double>(k) - m.mean;
        m.var += d * d * p[k];
        m.mu3 += d * d * d * p[k];
    }
    return m;
}

}  // namespace

double GpcmInformation(double theta, double a, std::span<const double> steps) {
    return a * a * GpcmMoments(theta, a, steps).var;
}

ItemDerivatives DichotomousDerivatives(double theta, double a, double b, double c, bool correct) {
    const Parts p = PartsAt(theta, a, b, c);
    // u − P, with P − c = (1 − c)L and Q = (1 − c)(1 − L) written without cancellation.
    const double residual = correct ? (1.0 - c) * p.one_minus_l : -(c + (1.0 - c) * p.l);
    ItemDerivatives d;
    d.score = residual * p.r;
    d.information = (1.0 - c) * a * p.l * p.one_minus_l * p.r;
    d.j = (1.0 - c) * a * a * p.l * p.one_minus_l * (p.one_minus_l - p.l) * p.r;
    return d;
}

ItemDerivatives GpcmDerivatives(double theta, double a, std::span<const double> steps, int category) {
    const Moments m = GpcmMoments(theta, a, steps);
    ItemDerivatives d;
    d.score = a * (static_cast<double>(category) - m.mean);
    d.information = a * a * m.var;
    d.j = a * a * a * m.mu3;
    return d;
}

}  // namespace passeur::assessment
