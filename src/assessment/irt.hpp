// Item response theory formulas on the logistic metric (D = 1). Pure, no allocation except
// GpcmProbabilities; every function is finite for any finite theta and valid parameters
// (|a·(θ−b)| up to 1e300 included): probabilities are computed from a numerically stable logistic
// and clamped away from exactly 0 and 1 where a logarithm or a division needs it.
//
// Dichotomous items: 3PL P(θ) = c + (1 − c)·L(a(θ − b)), L(z) = 1/(1 + e^−z); 2PL is c = 0, 1PL is
// a = 1, c = 0. Partial-credit items: generalized partial credit model (Muraki 1992) with categories
// 0..m and step difficulties b_1..b_m: P_k ∝ exp(Σ_{v≤k} a(θ − b_v)), P_0 ∝ 1.
#pragma once

#include <span>
#include <vector>

namespace passeur::assessment {

// L(z) = 1/(1 + e^−z), without overflow for any z.
double Logistic(double z);
// log L(z), exact for large |z| (log L(z) ≈ z for z → −∞).
double LogLogistic(double z);

// 3PL probability of a correct answer; c in [0, 1).
double Probability(double theta, double a, double b, double c = 0.0);
// 3PL Fisher information: a² (P − c)² Q / ((1 − c)² P); 2PL reduces to a² P Q.
double Information(double theta, double a, double b, double c = 0.0);

// GPCM category probabilities P_0..P_m for steps b_1..b_m (m = steps.size() ≥ 1), summing to 1
// (log-sum-exp: no overflow).
std::vector<double> GpcmProbabilities(double theta, double a, std::span<const double> steps);
// Same, written into `out` (size steps.size() + 1); no allocation.
void GpcmProbabilitiesInto(double theta, double a, std::span<const double> steps, std::span<double> out);
// GPCM Fisher information: a² · Var(k) under the category probabilities.
double GpcmInformation(double theta, double a, std::span<const double> steps);

// Derivatives used by the MLE/WLE estimators, for one item at θ. For a dichotomous item `score` is
// 0 or 1; for a GPCM item it is the category k.
struct ItemDerivatives {
    double score = 0;        // d log L / dθ
    double information = 0;  // Fisher information I(θ)
    double j = 0;            // Warm's J(θ) = Σ_k P_k' P_k'' / P_k
};
ItemDerivatives DichotomousDerivatives(double theta, double a, double b, double c, bool correct);
ItemDerivatives GpcmDerivatives(double theta, double a, std::span<const double> steps, int category);

}  // namespace passeur::assessment
