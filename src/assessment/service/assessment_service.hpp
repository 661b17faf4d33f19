// The learner's adaptive test as a stored, replay-safe service (issue 4; docs/assessment_service.md,
// docs/api/openapi.assessment.json). A learner starts a test on a target profile; the service draws items
// with the adaptive engine (AdaptiveTest over an ItemBank of the profile's active items), stores the pending
// item and every answer, and reports the result per competence with a range of levels.
//
// Replay: the engine is never serialised. Each call rebuilds AdaptiveTest by replaying the stored
// answers in order (Answer(item, credit)), with the a/b stored with each answer, so a test whose
// items were since retired or recalibrated replays to the same estimate. Randomness is derived
// from the assessment's stored seed: option order of an item from (seed, item id), exposure draws
// of position p from (seed, p). An answer is committed (one transaction, compare-and-set on the
// assessment's version) before the reply: a restart loses no acknowledged answer.
//
// Access: only the owner's session may start, see and answer its tests; another account gets
// kNotFound (no leak of existence). Platform admins may read any test (Get, Result) but never
// answer. API tokens are refused (kPermissionDenied): a test is personal, tokens act for an
// organisation, not a person.
//
// Errors: kInvalidArgument (field named: "target_profile_id", "needs", "item_id", "response"),
// kNotFound (unknown test or profile, or not the caller's), kConflict (answer out of order,
// replayed, after completion, or raced by a concurrent answer; profile with more than
// kMaxProfileCompetences competences is kInvalidArgument), kConflict (field "target_profile_id")
// when the profile has no usable item, kPermissionDenied (API token), kUnavailable/kInternal from
// the store.
//
// Thread-safety: thread-safe (banks cached under a mutex, state in the database).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/principal.hpp"
#include "assessment/adaptive_test.hpp"
#include "assessment/bank.hpp"
#include "assessment/levels.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "framework/framework_service.hpp"
#include "item/learner_view.hpp"
#include "item/model.hpp"
#include "store/database.hpp"

namespace passeur::assessment {

enum class AssessmentStatus { kInProgress, kCompleted };
std::string_view AssessmentStatusName(AssessmentStatus status);  // "in_progress" | "completed"

// Learner needs (assessment::kScreenReader | kNoColour | kNoTimer) <-> names
// "screen_reader", "no_colour", "no_timer". ParseNeeds: kInvalidArgument (field "needs") on an
// unknown name; duplicates allowed.
core::Result<std::uint8_t> ParseNeeds(const std::vector<std::string>& names);
std::vector<std::string> NeedNames(std::uint8_t needs);

// The engine settings of a new test (stored with it as JSON, so later changes of these defaults
// do not change running tests): se_target 0.40, min_length = number of competences,
// max_length = max(40, 5 × competences) (16 competences: 80), prior correlation 0.5,
// randomesque exposure control among the 3 most informative items.
TestConfig DefaultTestConfig(std::size_t competences, std::uint8_t needs);

// Bounds of the per-test engine settings a campaign may choose (issue 7).
inline constexpr double kMinSeTarget = 0.20;
inline constexpr double kMaxSeTarget = 1.00;
inline constexpr int kMaxTestLength = 200;

struct StartRequest {
    std::string target_profile_id;
    std::uint8_t needs = 0;
    // Overrides of DefaultTestConfig for this test (set by a campaign; nullopt keeps the default).
    // se_target in [kMinSeTarget, kMaxSeTarget] (kInvalidArgument "se_target"); max_length in
    // [number of competences, kMaxTestLength] (kInvalidArgument "max_length"). Stored with the
    // test's config, so the test replays with them.
    std::optional<double> se_target = std::nullopt;
    std::optional<int> max_length = std::nullopt;
};

// One stored test, without its answers.
struct AssessmentSummary {
    std::string id;
    std::string user_id;
    std::string target_profile_id;
    framework::Text profile_name;  // empty when the profile was since deleted
    AssessmentStatus status = AssessmentStatus::kInProgress;
    std::string stop_reason;  // "" while in progress, else StopReasonName ("se_target", ...)
    std::uint8_t needs = 0;
    int answered = 0;
    int competences = 0;
    std::optional<int> score;  // 0–100 (see AssessmentResult::score), completed tests only
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
    std::int64_t completed_at = 0;  // 0 while in progress
};

struct Progress {
    int answered = 0;             // answers stored
    int competences_covered = 0;  // competences with at least one answer
    int competences_total = 0;
    int max_length = 0;  // the test stops at the latest after this many answers
};

// What Next returns: an item to answer (never its key, feedback or IRT parameters), or done.
struct NextStep {
    bool done = false;
    std::optional<item::ItemView> item;  // set iff !done
    int position = 0;  // 1-based position of the item in the test (answered + 1); 0 when done
    Progress progress;
};

struct AnswerOutcome {
    int position = 0;  // the position just answered
    bool accepted = true;
    bool done = false;  // the engine stopped after this answer: the test is completed
    Progress progress;
};

// One competence of the result, in profile order.
struct CompetenceResult {
    std::string framework;
    std::string framework_version;
    std::string competence;  // competence code
    framework::Text name;    // competence name (empty if the framework lost it)
    double mean = 0;         // EAP (logit scale)
    double sd = 1;           // posterior SD
    LevelRange range;        // LevelRangeFor(mean, sd, framework cut scores), z = 1.96
    int target_level = 1;    // the profile's required level
    // "met" when range.low ≥ target, "gap" when range.high < target, else "uncertain".
    std::string verdict;
    int items = 0;  // answers in this competence
};

// One stored answer with what the learner may now see.
struct AnsweredItem {
    int position = 0;
    std::string item_id;
    std::int64_t item_revision = 0;
    std::string framework;
    std::string competence;
    bool skipped = false;  // "je ne sais pas" (response null)
    double credit = 0;     // fraction in [0, 1]
    // "correct" (credit 1), "partial" (0 < credit < 1), "incorrect" (0), "skipped".
    std::string verdict;
    std::string stem;      // Markdown source of the answered revision
    std::string feedback;  // Markdown source of the answered revision
    std::int64_t answered_at = 0;
};

struct AssessmentResult {
    AssessmentSummary summary;
    // True for a test still in progress: the estimates so far (partial result), no score.
    bool in_progress = false;
    std::vector<CompetenceResult> competences;
    std::vector<AnsweredItem> answers;  // by position
    // 0–100: round(100 × mean over competences of Logistic(mean_d)) — the expected chance of
    // success on an item of middle difficulty (b = 0), averaged. Set for completed tests.
    std::optional<int> score;
};

nlohmann::json SummaryToJson(const AssessmentSummary& summary);
nlohmann::json ProgressToJson(const Progress& progress);
// {"done": true, "progress"} or {"done": false, "position", "item": ItemViewToJson, "progress"}.
nlohmann::json NextStepToJson(const NextStep& step);
nlohmann::json AnswerOutcomeToJson(const AnswerOutcome& outcome);
nlohmann::json ResultToJson(const AssessmentResult& result);

class AssessmentService {
public:
    // `random` draws assessment ids and seeds (SystemRandom in production). The service owns none
    // of its arguments; they must outlive it.
    AssessmentService(store::Database& db, core::Clock& clock, core::Random& random,
                      framework::FrameworkService& frameworks);
    ~AssessmentService();

    // Starts a test for the principal's user. kInvalidArgument "target_profile_id" when empty or
    // more than kMaxProfileCompetences competences, kNotFound when the profile is unknown,
    // kConflict when some competence of the profile has no active item usable with the needs.
    core::Result<AssessmentSummary> Start(const account::Principal& principal, const StartRequest& request);

    // The principal's own tests, newest first (at most 500).
    core::Result<std::vector<AssessmentSummary>> ListMine(const account::Principal& principal);

    core::Result<AssessmentSummary> Get(const account::Principal& principal, std::string_view id);

    // The pending item (the same one, same option order, on every call until it is answered), or
    // a newly selected one (stored as pending), or done (the test is then completed).
    core::Result<NextStep> Next(const account::Principal& principal, std::string_view id);

    // Records the answer to the pending item: `response` as for item::ScoreResponse, or null for
    // "je ne sais pas" (credit 0). kConflict when item_id is not the pending item, was answered,
    // the test is completed, or another request answered first; nothing is then stored.
    core::Result<AnswerOutcome> Answer(const account::Principal& principal, std::string_view id,
                                       std::string_view item_id, const nlohmann::json& response);

    // The result: completed tests, or a partial one (in_progress = true) for a running test.
    core::Result<AssessmentResult> Result(const account::Principal& principal, std::string_view id);

    // The result of test `id` with no access check, for another component's service that has
    // applied its own rule (a campaign reads a test its owner chose to share). Never answer a
    // request with it directly. kNotFound for an unknown test.
    core::Result<AssessmentResult> ResultForSystem(std::string_view id);

    // Cached item banks (for tests and metrics).
    std::size_t CachedBanks() const;

    // Called once per test that completes (the answer that stops it, or the Next call that finds the
    // bank exhausted), after that change has committed, on the request's thread, with the owner's
    // user id and the completed result. A listener's failure (exception) is logged and never fails
    // the request; a result that cannot be computed is logged and no listener is called.
    // Register while the application is built, before any request (not thread-safe).
    using CompletionListener =
        std::function<void(const std::string& user_id, const AssessmentResult& result)>;
    void AddCompletionListener(CompletionListener listener);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// GDPR export of the principal's tests: [ResultToJson of each test, newest first] — every answer
// given, with its credit, and the estimates (partial ones for tests in progress).
core::Result<nlohmann::json> ExportAssessments(AssessmentService& service,
                                               const account::Principal& principal);

}  // namespace passeur::assessment
