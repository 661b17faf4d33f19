// `passeur simulate` and `passeur calibrate` (CLI11). simulate: simulated examinees with known abilities
// through the real adaptive engine, on a generated reference bank (scenario a or b of issue 4) or an external
// one:
//   simulate [--scenario a|b] [--bank FILE.csv] [--profile C1,C2,...]
//            [--thetas FILE.csv | --examinees N] [--true-correlation R]
//            [--length N | --se X --min N --max N] [--prior-correlation R]
//            [--exposure none|randomesque:K|sympson-hetter:R] [--sh-iterations N]
//            [--seed S] [--json] [--no-timing]
// Prints a table (or JSON with --json): RMSE and bias per competence and overall, mean and max
// length, share of tests meeting the SE target, max item exposure, engine steps per second and
// median µs per step. Scenario b also runs the same examinees as independent one-competence tests
// (prior correlation 0) and prints the length reduction; exposure control also runs without it and
// prints the RMSE cost. Same seed, same output (timing fields aside; --no-timing leaves them out).
//
// `passeur calibrate` fits 2PL parameters by marginal maximum likelihood (EM, priors on a and b):
//   calibrate --responses FILE.csv [--anchors FILE.csv] [--out FILE] [--json]
//             [--min-responses N] [--max-cycles N] [--threads N]
//     responses: `person,item,correct` rows or a wide 0/1 matrix whose header holds item ids;
//     anchors `id,a,b` are kept fixed and carry the scale. Prints `id,a,b` CSV (or JSON with the
//     per-item fit, response counts and parameter changes); the summary goes to stderr.
//   calibrate [--db URL] [--out FILE.csv|FILE.json] [--json] [--min-responses N] [--max-cycles N]
//             [--threads N]
//     neither --responses nor --recovery: the responses stored by the learners' tests in the
//     database (default env.default_db), read by the `loader` given to AddAssessmentCommands
//     (without one: exit 1). Items start from their current parameters; items marked anchor keep
//     theirs and carry the scale; items with fewer than --min-responses answers keep theirs.
//     Prints a per-item table (or JSON): responses, estimated or kept (anchor / too few), a, b,
//     changes, RMSD; totals. --out writes `id,a,b` (CSV, or a JSON array when FILE ends in .json).
//     Nothing is written to the item bank. No usable stored answer: says so, exit 0, --out gets
//     no row.
//   calibrate --recovery [--persons N] [--items N] [--answers N]
//             [--exposure none|randomesque:K|sympson-hetter:R] [--sh-iterations N]
//             [--seed S] [--threads N] [--json]
//     simulates responses from known parameters (complete, or adaptive tests of N answers under the
//     exposure control given, default randomesque:3 as the live test service; --exposure is refused
//     without --answers), calibrates and prints the parameter RMSE (estimated items, every item,
//     items with ≥ 20 and ≥ 200 answers), the answers per item (min/median/max) and the time.
// Exit 0 on success, 1 when a file or a value is wrong (message on stderr, file:line for CSV).
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "assessment/calibrate.hpp"
#include "core/command.hpp"
#include "core/result.hpp"

namespace passeur::assessment {

// Reads the stored responses of the database at `db_url` (the app opens the store and calls
// LoadStoredResponses of assessment/service/calibration_source.hpp).
using StoredResponsesLoader = std::function<core::Result<StoredCalibrationInput>(const std::string& db_url)>;

core::CommandRunner AddAssessmentCommands(CLI::App& cli, const core::CommandEnv& env,
                                          StoredResponsesLoader loader = {});

}  // namespace passeur::assessment
