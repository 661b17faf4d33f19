// The responses stored by the learners' tests (assessment_answers, migration 0005) as the input of
// Calibrate, for `passeur calibrate` without --responses (docs/assessment.md, "Calibration"). SQL
// written once for SQLite and PostgreSQL; reads only, outside any transaction (a test answered
// while it runs may or may not be counted).
//
// One person per test (assessment id, tests in id order), one observation per stored answer with
// correct = engine_score (0 or 1), items in id order. Every test counts, completed or in progress
// (an answer is a response whatever happened next). Start values are the item's current effective
// parameters (the stored `irt`, else item::DefaultIrt(level): the items table keeps them) and its
// anchor flag. Skipped and counted: answers to items since deleted from the bank, and answers not
// scored 0/1 under the 2PL model.
//
// Errors: kInvalidArgument (field "observations") when more than `max_observations` answers are
// stored, checked before they are read and again while reading; kUnavailable/kInternal from the store.
#pragma once

#include <cstddef>

#include "assessment/calibrate.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace passeur::assessment {

// Answers read per query (keyset pages on (assessment_id, position)).
inline constexpr std::size_t kCalibrationPageRows = 20'000;

core::Result<StoredCalibrationInput> LoadStoredResponses(
    store::Database& db, std::size_t max_observations = kMaxCalibrationObservations);

}  // namespace passeur::assessment
