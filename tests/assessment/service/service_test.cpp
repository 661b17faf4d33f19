// AssessmentService over the store: start/next/answer/result, the pending item stable across calls,
// refused answers (out of order, replayed, after completion, other account, concurrent) storing
// nothing, "je ne sais pas", replay by a new service instance and after reopening the database
// file, levels consistent with LevelRangeFor, deletion of the user cascading.
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "assessment/levels.hpp"
#include "assessment/service/assessment_service.hpp"
#include "fixture.hpp"
#include "store/sql_store.hpp"

namespace passeur::assessment::testing {
namespace {

class AssessmentServiceTest : public ServiceFixture {
protected:
    std::int64_t Count(const std::string& sql, const std::string& id) {
        auto rows = db_->Query(sql, {id});
        EXPECT_TRUE(rows);
        return rows && !rows->empty() ? store::AsInt((*rows)[0][0]) : -1;
    }
    std::int64_t Answers(const std::string& id) {
        return Count("SELECT COUNT(*) FROM assessment_answers WHERE assessment_id = $1", id);
    }

    // Answers every item (right iff `right(position)`) until the test stops; returns the count.
    int RunToEnd(const account::Principal& p, const std::string& id, const std::function<bool(int)>& right) {
        for (int guard = 0; guard < 200; ++guard) {
            auto step = service_->Next(p, id);
            EXPECT_TRUE(step) << step.error().message;
            if (!step || step->done) return guard;
            const item::Item item = ItemOf(step->item->id);
            auto outcome = service_->Answer(p, id, item.id, ResponseFor(item, right(step->position)));
            EXPECT_TRUE(outcome) << outcome.error().message;
            if (!outcome) return guard;
        }
        ADD_FAILURE() << "the test never stopped";
        return -1;
    }
};

TEST_P(AssessmentServiceTest, StartNextAnswerResult) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, kScreenReader});
    ASSERT_TRUE(started) << started.error().message;
    EXPECT_EQ(started->competences, 8);
    EXPECT_EQ(started->status, AssessmentStatus::kInProgress);
    EXPECT_EQ(started->profile_name.fr.empty(), false);
    EXPECT_EQ(service_->CachedBanks(), 1u);

    auto first = service_->Next(p, started->id);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_FALSE(first->done);
    EXPECT_EQ(first->position, 1);
    EXPECT_EQ(first->progress.answered, 0);
    EXPECT_EQ(first->progress.competences_total, 8);
    EXPECT_TRUE(first->item->accessibility.screen_reader);  // the learner's needs filter the bank

    const int answered = RunToEnd(p, started->id, [](int position) { return position % 3 != 0; });
    EXPECT_GE(answered, 8);  // min_length = number of competences
    EXPECT_LE(answered, DefaultTestConfig(8, 0).max_length);
    EXPECT_EQ(Answers(started->id), answered);

    auto done = service_->Next(p, started->id);
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->done);
    auto result = service_->Result(p, started->id);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_FALSE(result->in_progress);
    ASSERT_TRUE(result->score.has_value());
    EXPECT_GE(*result->score, 0);
    EXPECT_LE(*result->score, 100);
    EXPECT_EQ(result->summary.status, AssessmentStatus::kCompleted);
    EXPECT_NE(result->summary.completed_at, 0);
    EXPECT_FALSE(result->summary.stop_reason.empty());
    ASSERT_EQ(result->competences.size(), 8u);
    auto profile = frameworks_->GetProfile(kProfile);
    ASSERT_TRUE(profile);
    int items = 0;
    for (std::size_t d = 0; d < 8; ++d) {
        const CompetenceResult& c = result->competences[d];
        EXPECT_EQ(c.competence, profile->profile.requirements[d].competence);  // profile order
        EXPECT_EQ(c.target_level, profile->profile.requirements[d].level);
        EXPECT_FALSE(c.name.fr.empty());
        auto fw = frameworks_->Get(c.framework, c.framework_version);
        ASSERT_TRUE(fw);
        auto range = LevelRangeFor(c.mean, c.sd, fw->framework.cut_scores);
        ASSERT_TRUE(range);
        EXPECT_EQ(c.range.level, range->level);
        EXPECT_EQ(c.range.low, range->low);
        EXPECT_EQ(c.range.high, range->high);
        EXPECT_LE(c.range.low, c.range.level);
        EXPECT_LE(c.range.level, c.range.high);
        const char* expected = c.range.low >= c.target_level   ? "met"
                               : c.range.high < c.target_level ? "gap"
                                                               : "uncertain";
        EXPECT_EQ(c.verdict, expected);
        EXPECT_GE(c.items, 1);
        items += c.items;
    }
    EXPECT_EQ(items, answered);
    ASSERT_EQ(result->answers.size(), static_cast<std::size_t>(answered));
    for (const AnsweredItem& a : result->answers) {
        EXPECT_FALSE(a.feedback.empty()) << a.item_id;
        EXPECT_FALSE(a.stem.empty());
        EXPECT_EQ(a.verdict, a.position % 3 != 0 ? "correct" : "incorrect") << a.item_id;
    }

    auto mine = service_->ListMine(p);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].score, result->score);
    EXPECT_EQ((*mine)[0].answered, answered);
    EXPECT_TRUE(service_->ListMine(PrincipalOf(other_))->empty());
}

TEST_P(AssessmentServiceTest, PendingItemAndOptionOrderAreStable) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    // Look for a choice item with several options whose order is shuffled.
    for (int i = 0; i < 12; ++i) {
        auto a = service_->Next(p, started->id);
        auto b = service_->Next(p, started->id);
        AssessmentService other(*db_, clock_, random_, *frameworks_);  // a new instance replays the same
        auto c = other.Next(p, started->id);
        ASSERT_TRUE(a && b && c);
        ASSERT_FALSE(a->done);
        EXPECT_EQ(a->item->id, b->item->id);
        EXPECT_EQ(a->item->id, c->item->id);
        EXPECT_EQ(a->position, b->position);
        EXPECT_EQ(a->item->options, b->item->options);
        EXPECT_EQ(a->item->options, c->item->options);
        EXPECT_EQ(a->item->right, c->item->right);
        const item::Item item = ItemOf(a->item->id);
        ASSERT_TRUE(service_->Answer(p, started->id, item.id, ResponseFor(item, i % 2 == 0)));
    }
}

TEST_P(AssessmentServiceTest, RefusedAnswersStoreNothing) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    const std::string id = started->id;
    // No pending item yet: any answer is out of order.
    auto early = service_->Answer(p, id, "cn-1.2-001", json("a"));
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, core::ErrorCode::kConflict);

    auto step = service_->Next(p, id);
    ASSERT_TRUE(step && !step->done);
    const item::Item pending = ItemOf(step->item->id);
    // Another item than the pending one.
    auto wrong_item =
        service_->Answer(p, id, pending.id == "cn-1.2-001" ? "cn-1.2-002" : "cn-1.2-001", json("a"));
    ASSERT_FALSE(wrong_item);
    EXPECT_EQ(wrong_item.error().code, core::ErrorCode::kConflict);
    // Another account: not found (no leak), also for Next and Result; admins may read, not answer.
    const account::Principal o = PrincipalOf(other_);
    EXPECT_EQ(service_->Answer(o, id, pending.id, json("a")).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Next(o, id).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Result(o, id).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Get(o, id).error().code, core::ErrorCode::kNotFound);
    const account::Principal admin = PrincipalOf(admin_);
    EXPECT_TRUE(service_->Result(admin, id));
    EXPECT_EQ(service_->Answer(admin, id, pending.id, json("a")).error().code, core::ErrorCode::kNotFound);
    // API tokens are refused.
    account::Principal token;
    token.kind = account::PrincipalKind::kApiToken;
    token.token_id = "t";
    EXPECT_EQ(service_->Start(token, {kProfile, 0}).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->ListMine(token).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(Answers(id), 0);

    // "Je ne sais pas": accepted, stored as null with credit 0.
    auto skipped = service_->Answer(p, id, pending.id, json(nullptr));
    ASSERT_TRUE(skipped) << skipped.error().message;
    EXPECT_EQ(skipped->position, 1);
    EXPECT_TRUE(skipped->accepted);
    EXPECT_EQ(skipped->progress.answered, 1);
    EXPECT_EQ(skipped->progress.competences_covered, 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assessment_answers WHERE assessment_id = $1 AND response IS NULL "
                    "AND credit = 0",
                    id),
              1);
    // Replayed: refused, nothing more stored.
    auto replay = service_->Answer(p, id, pending.id, ResponseFor(pending, true));
    ASSERT_FALSE(replay);
    EXPECT_EQ(replay.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(Answers(id), 1);
    auto partial = service_->Result(p, id);
    ASSERT_TRUE(partial);
    EXPECT_TRUE(partial->in_progress);
    EXPECT_FALSE(partial->score.has_value());
    ASSERT_EQ(partial->answers.size(), 1u);
    EXPECT_TRUE(partial->answers[0].skipped);
    EXPECT_EQ(partial->answers[0].verdict, "skipped");

    // After completion: refused.
    RunToEnd(p, id, [](int) { return true; });
    const std::int64_t stored = Answers(id);
    auto after = service_->Answer(p, id, pending.id, json("a"));
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(Answers(id), stored);
}

TEST_P(AssessmentServiceTest, ConcurrentDoubleAnswerAcceptsOne) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    for (int round = 0; round < 3; ++round) {
        auto step = service_->Next(p, started->id);
        ASSERT_TRUE(step && !step->done);
        const item::Item item = ItemOf(step->item->id);
        const json response = ResponseFor(item, true);
        std::atomic<int> accepted{0}, conflicts{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                auto outcome = service_->Answer(p, started->id, item.id, response);
                if (outcome) {
                    ++accepted;
                } else if (outcome.error().code == core::ErrorCode::kConflict) {
                    ++conflicts;
                }
            });
        }
        for (auto& t : threads) t.join();
        EXPECT_EQ(accepted.load(), 1);
        EXPECT_EQ(conflicts.load(), 3);
        EXPECT_EQ(Answers(started->id), round + 1);
    }
}

TEST_P(AssessmentServiceTest, NewInstanceReplaysToTheSameEstimate) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    for (int i = 0; i < 10; ++i) {
        auto step = service_->Next(p, started->id);
        ASSERT_TRUE(step && !step->done);
        const item::Item item = ItemOf(step->item->id);
        ASSERT_TRUE(service_->Answer(p, started->id, item.id, ResponseFor(item, i % 2 == 0)));
    }
    auto before = service_->Result(p, started->id);
    ASSERT_TRUE(before);
    auto next_before = service_->Next(p, started->id);
    ASSERT_TRUE(next_before);

    // Recalibrate and retire an answered item: the replay keeps the stored parameters.
    const std::string answered = before->answers[0].item_id;
    item::Item recalibrated = ItemOf(answered);
    recalibrated.irt = item::Irt{3.5, 4.0};
    auto updated = items_->Update(answered, item::ItemToJson(recalibrated, item::JsonScope::kFull),
                                  item::Actor::System());
    ASSERT_TRUE(updated) << updated.error().message;
    auto retired = items_->Retire(answered, item::Actor::System());
    ASSERT_TRUE(retired) << retired.error().message;

    AssessmentService fresh(*db_, clock_, random_, *frameworks_);
    auto after = fresh.Result(p, started->id);
    ASSERT_TRUE(after) << after.error().message;
    ASSERT_EQ(after->competences.size(), before->competences.size());
    for (std::size_t d = 0; d < before->competences.size(); ++d) {
        EXPECT_DOUBLE_EQ(after->competences[d].mean, before->competences[d].mean);
        EXPECT_DOUBLE_EQ(after->competences[d].sd, before->competences[d].sd);
    }
    auto next_after = fresh.Next(p, started->id);
    ASSERT_TRUE(next_after);
    EXPECT_EQ(next_after->item->id, next_before->item->id);
    // The test goes on to its end with the retired item in its past.
    RunToEnd(p, started->id, [](int) { return false; });
    EXPECT_TRUE(fresh.Result(p, started->id));
}

TEST_P(AssessmentServiceTest, DeletingTheUserDeletesTheTests) {
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    auto step = service_->Next(p, started->id);
    ASSERT_TRUE(step && !step->done);
    ASSERT_TRUE(service_->Answer(p, started->id, step->item->id, json(nullptr)));
    ASSERT_EQ(Answers(started->id), 1);
    ASSERT_TRUE(accounts_->Accounts().DeleteAccount(p, kPassword, "192.0.2.1"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM assessments WHERE id = $1", started->id), 0);
    EXPECT_EQ(Answers(started->id), 0);
}

TEST_P(AssessmentServiceTest, AccountExportCarriesTheTestsAndTheirAnswers) {
    accounts_->Accounts().AddExportSection("assessments", [this](const account::Principal& principal) {
        return ExportAssessments(*service_, principal);
    });
    const account::Principal p = PrincipalOf(learner_);
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started);
    auto step = service_->Next(p, started->id);
    ASSERT_TRUE(step && !step->done);
    ASSERT_TRUE(service_->Answer(p, started->id, step->item->id, json(nullptr)));
    ASSERT_TRUE(service_->Start(PrincipalOf(other_), {kProfile, 0}));  // not the learner's

    auto exported = accounts_->Accounts().Export(p);
    ASSERT_TRUE(exported) << exported.error().message;
    ASSERT_TRUE((*exported)["assessments"].is_array());
    ASSERT_EQ((*exported)["assessments"].size(), 1u);
    const std::string dumped = (*exported)["assessments"][0].dump();
    EXPECT_NE(dumped.find(started->id), std::string::npos);
    EXPECT_NE(dumped.find(step->item->id), std::string::npos);  // the answer given
    EXPECT_TRUE((*exported)["user"].is_object());               // the account's own part is kept
}

TEST_P(AssessmentServiceTest, StartValidates) {
    const account::Principal p = PrincipalOf(learner_);
    EXPECT_EQ(service_->Start(p, {"", 0}).error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(service_->Start(p, {"profil-absent", 0}).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Start(p, {kProfile, 8}).error().field, "needs");
    EXPECT_EQ(service_->Next(p, "pas-un-test").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(ParseNeeds({"screen_reader", "no_timer"}).value(), kScreenReader | kNoTimer);
    EXPECT_EQ(ParseNeeds({"daltonien"}).error().field, "needs[0]");
    EXPECT_EQ(NeedNames(kNoColour), std::vector<std::string>{"no_colour"});
    // More than 16 competences: refused.
    json profiles = {{"format", "passeur-target-profiles/1"}, {"profiles", json::array()}};
    json reqs = json::array();
    auto fw = frameworks_->Get("competences-numeriques");
    ASSERT_TRUE(fw);
    for (const auto& area : fw->framework.areas) {
        for (const auto& c : area.competences)
            reqs.push_back({{"framework", fw->framework.id}, {"competence", c.code}, {"level", 3}});
    }
    auto med = frameworks_->Get("mediation-numerique");
    ASSERT_TRUE(med);
    for (const auto& area : med->framework.areas) {
        for (const auto& c : area.competences)
            reqs.push_back({{"framework", med->framework.id}, {"competence", c.code}, {"level", 3}});
    }
    ASSERT_GT(reqs.size(), kMaxProfileCompetences);
    profiles["profiles"].push_back({{"id", "tout-le-referentiel"},
                                    {"name", {{"fr", "Tout"}, {"en", "All"}}},
                                    {"description", {{"fr", "Tout"}, {"en", "All"}}},
                                    {"audience", "learner"},
                                    {"requirements", reqs}});
    auto imported = frameworks_->ImportProfiles(profiles, framework::Actor::System());
    ASSERT_TRUE(imported) << imported.error().message;
    auto refused = service_->Start(p, {"tout-le-referentiel", 0});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().field, "target_profile_id");
}

// A campaign's settings (issue 7): max_length and se_target override the defaults, are stored
// with the test (a new service instance replays with them) and are bounded.
TEST_P(AssessmentServiceTest, StartWithCampaignSettings) {
    const account::Principal p = PrincipalOf(learner_);
    StartRequest request{kProfile, 0};
    request.max_length = 10;
    request.se_target = 0.30;  // not reachable in 10 answers: the length rule stops the test
    auto started = service_->Start(p, request);
    ASSERT_TRUE(started) << started.error().message;
    auto first = service_->Next(p, started->id);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->progress.max_length, 10);
    EXPECT_EQ(RunToEnd(p, started->id, [](int position) { return position % 2 == 0; }), 10);
    auto result = service_->Result(p, started->id);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->summary.stop_reason, "max_length");
    EXPECT_EQ(result->answers.size(), 10u);

    // Stored with the test: another instance of the service sees the same limit.
    AssessmentService again(*db_, clock_, random_, *frameworks_);
    auto second = again.Start(p, request);
    ASSERT_TRUE(second);
    auto step = again.Next(p, second->id);
    ASSERT_TRUE(step);
    EXPECT_EQ(step->progress.max_length, 10);

    StartRequest bad{kProfile, 0};
    bad.max_length = 7;  // fewer than the profile's 8 competences
    EXPECT_EQ(service_->Start(p, bad).error().field, "max_length");
    bad.max_length = kMaxTestLength + 1;
    EXPECT_EQ(service_->Start(p, bad).error().field, "max_length");
    bad.max_length = std::nullopt;
    bad.se_target = 0.1;
    EXPECT_EQ(service_->Start(p, bad).error().field, "se_target");
    bad.se_target = std::nan("");
    EXPECT_EQ(service_->Start(p, bad).error().field, "se_target");
    bad.se_target = 1.5;
    EXPECT_EQ(service_->Start(p, bad).error().field, "se_target");
}

// Completion listeners run once, after the completing answer committed, with the owner and the
// completed result; a throwing listener is logged and never fails the answer.
TEST_P(AssessmentServiceTest, CompletionListenersSeeTheCommittedResult) {
    const account::Principal p = PrincipalOf(learner_);
    struct Call {
        std::string user_id;
        AssessmentResult result;
        std::int64_t stored_completed_at = -1;  // read in the listener: the completion is committed
    };
    std::vector<Call> calls;
    service_->AddCompletionListener(
        [](const std::string&, const AssessmentResult&) { throw std::runtime_error("listener en panne"); });
    service_->AddCompletionListener([&](const std::string& user_id, const AssessmentResult& result) {
        calls.push_back({user_id, result,
                         Count("SELECT completed_at FROM assessments WHERE id = $1", result.summary.id)});
    });
    auto started = service_->Start(p, {kProfile, 0});
    ASSERT_TRUE(started) << started.error().message;
    int answered = 0;
    bool done = false;
    for (int guard = 0; guard < 200 && !done; ++guard) {
        auto step = service_->Next(p, started->id);
        ASSERT_TRUE(step) << step.error().message;
        ASSERT_FALSE(step->done);
        const item::Item item = ItemOf(step->item->id);
        auto outcome = service_->Answer(p, started->id, item.id, ResponseFor(item, true));
        ASSERT_TRUE(outcome) << outcome.error().message;  // the throwing listener fails nothing
        ++answered;
        done = outcome->done;
        EXPECT_EQ(calls.size(), done ? 1u : 0u) << "after answer " << answered;
    }
    ASSERT_TRUE(done);
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].user_id, learner_.user.id);
    EXPECT_GT(calls[0].stored_completed_at, 0);
    const AssessmentResult& seen = calls[0].result;
    EXPECT_FALSE(seen.in_progress);
    EXPECT_EQ(seen.summary.id, started->id);
    auto result = service_->Result(p, started->id);
    ASSERT_TRUE(result);
    EXPECT_EQ(ResultToJson(seen), ResultToJson(*result));
    // Reading the completed test again calls nobody.
    EXPECT_TRUE(service_->Next(p, started->id)->done);
    EXPECT_TRUE(service_->Result(p, started->id));
    EXPECT_EQ(calls.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AssessmentServiceTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineName);

// A restart: the database file closed and opened again, a new service replays the same state.
TEST(AssessmentServiceFile, StateSurvivesReopeningTheStore) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("passeur-assessment-" + std::to_string(::getpid()) + ".sqlite");
    std::filesystem::remove(path);
    core::FakeClock clock;
    core::SeededRandom random(5);
    account::AccountConfig config;
    config.argon2_opslimit = account::kArgon2OpsLimitMin;
    config.argon2_memlimit = account::kArgon2MemLimitMin;
    std::string id;
    account::Principal p;
    std::vector<double> means;
    std::string pending;
    {
        auto opened = store::OpenStore("sqlite:" + path.string(), {.pool_size = 2});
        ASSERT_TRUE(opened);
        ASSERT_TRUE((*opened)->Migrate());
        store::Database& db = *store::DatabaseOf(**opened);
        account::AccountModule accounts(**opened, clock, random, config);
        framework::FrameworkService frameworks(db, clock, accounts.Authz());
        ASSERT_TRUE(frameworks.SeedShipped(PASSEUR_ASSESSMENT_BANK_DATA_DIR));
        item::ItemService items(db, clock, accounts.Authz(), frameworks, "");
        ASSERT_TRUE(items.SeedShipped(PASSEUR_ASSESSMENT_BANK_DATA_DIR));
        account::NewUser input;
        input.email = "fichier@passeur.example";
        input.password = kPassword;
        auto user = accounts.Accounts().CreateUser(input, "", "192.0.2.1");
        ASSERT_TRUE(user);
        p.user = *user;
        AssessmentService service(db, clock, random, frameworks);
        auto started = service.Start(p, {kProfile, 0});
        ASSERT_TRUE(started);
        id = started->id;
        for (int i = 0; i < 7; ++i) {
            auto step = service.Next(p, id);
            ASSERT_TRUE(step && !step->done);
            auto item = items.Get(step->item->id, item::Actor::System());
            ASSERT_TRUE(item);
            ASSERT_TRUE(service.Answer(p, id, item->item.id, ResponseFor(item->item, i < 4)));
        }
        auto step = service.Next(p, id);
        ASSERT_TRUE(step && !step->done);
        pending = step->item->id;
        auto result = service.Result(p, id);
        ASSERT_TRUE(result);
        for (const auto& c : result->competences) means.push_back(c.mean);
    }
    {
        auto opened = store::OpenStore("sqlite:" + path.string(), {.pool_size = 2});
        ASSERT_TRUE(opened);
        store::Database& db = *store::DatabaseOf(**opened);
        account::AccountModule accounts(**opened, clock, random, config);
        framework::FrameworkService frameworks(db, clock, accounts.Authz());
        AssessmentService service(db, clock, random, frameworks);
        auto result = service.Result(p, id);
        ASSERT_TRUE(result) << result.error().message;
        ASSERT_EQ(result->answers.size(), 7u);
        ASSERT_EQ(result->competences.size(), means.size());
        for (std::size_t d = 0; d < means.size(); ++d)
            EXPECT_DOUBLE_EQ(result->competences[d].mean, means[d]);
        auto step = service.Next(p, id);
        ASSERT_TRUE(step && !step->done);
        EXPECT_EQ(step->item->id, pending);
        EXPECT_EQ(step->position, 8);
    }
    std::filesystem::remove(path);
}

}  // namespace
}  // namespace passeur::assessment::testing
