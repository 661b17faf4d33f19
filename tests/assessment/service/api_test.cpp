// The /api/v1/assessments routes through the router as the server calls them, and the issue's
// integration test: scripted examinees of known ability take full tests through the HTTP API over
// the shipped bank and land within the expected range.
#include "assessment/service/api.hpp"

#include <cmath>
#include <random>

#include "fixture.hpp"

namespace passeur::assessment::testing {
namespace {

class AssessmentApiTest : public ServiceFixture {};

// Every key fragment of an item (option ids of the key, accepted texts, numbers): none may show
// in /next beyond what the learner view carries anyway.
bool JsonHasMember(const json& j, const std::string& name) {
    if (j.is_object()) {
        for (const auto& [key, value] : j.items()) {
            if (key == name || JsonHasMember(value, name)) return true;
        }
    } else if (j.is_array()) {
        for (const auto& v : j) {
            if (JsonHasMember(v, name)) return true;
        }
    }
    return false;
}

TEST_P(AssessmentApiTest, RoutesStartNextAnswerResult) {
    EXPECT_EQ(
        passeur::testing::CallRoute(router_, passeur::testing::MakeApiRequest("GET", "/api/v1/assessments"))
            .status,
        401u);
    auto no_csrf = passeur::testing::CallRoute(
        router_, passeur::testing::WithSession(
                     passeur::testing::MakeApiRequest("POST", "/api/v1/assessments",
                                                      json{{"target_profile_id", kProfile}}.dump()),
                     learner_, false));
    EXPECT_EQ(no_csrf.status, 403u);
    EXPECT_EQ(Call("POST", "/api/v1/assessments", learner_, "[]").status, 400u);
    EXPECT_EQ(Call("POST", "/api/v1/assessments", learner_, R"({"target_profile_id": 3})").status, 400u);
    auto bad_need = Call("POST", "/api/v1/assessments", learner_,
                         json{{"target_profile_id", kProfile}, {"needs", {"daltonien"}}}.dump());
    EXPECT_EQ(bad_need.status, 400u);
    EXPECT_EQ(bad_need.error.field, "needs[0]");
    EXPECT_EQ(
        Call("POST", "/api/v1/assessments", learner_, json{{"target_profile_id", "absent"}}.dump()).status,
        404u);
    EXPECT_EQ(Call("POST", "/api/v1/assessments", learner_, std::string(70 * 1024, ' ')).status, 413u);

    auto created = Call("POST", "/api/v1/assessments", learner_,
                        json{{"target_profile_id", kProfile}, {"needs", {"no_timer"}}}.dump());
    ASSERT_EQ(created.status, 201u) << created.error.message;
    const std::string id = created.body["id"];
    EXPECT_EQ(created.response.Header("Location"), "/api/v1/assessments/" + id);
    EXPECT_EQ(created.body["status"], "in_progress");
    EXPECT_EQ(created.body["needs"], json({"no_timer"}));
    EXPECT_EQ(Call("GET", "/api/v1/assessments/" + id, learner_).body["id"], id);
    EXPECT_EQ(Call("GET", "/api/v1/assessments/" + id, other_).status, 404u);
    EXPECT_EQ(Call("GET", "/api/v1/assessments/" + id + "/next", other_).status, 404u);

    auto next = Call("GET", "/api/v1/assessments/" + id + "/next", learner_);
    ASSERT_EQ(next.status, 200u) << next.error.message;
    EXPECT_EQ(next.body["done"], false);
    EXPECT_EQ(next.body["position"], 1);
    const std::string item_id = next.body["item"]["id"];
    EXPECT_EQ(Call("POST", "/api/v1/assessments/" + id + "/answers", learner_, R"({"item_id": "x"})").status,
              400u);
    EXPECT_EQ(
        Call("POST", "/api/v1/assessments/" + id + "/answers", learner_, R"({"response": null})").status,
        400u);
    auto answered = Call("POST", "/api/v1/assessments/" + id + "/answers", learner_,
                         json{{"item_id", item_id}, {"response", nullptr}}.dump());
    ASSERT_EQ(answered.status, 200u) << answered.error.message;
    EXPECT_EQ(answered.body["position"], 1);
    EXPECT_EQ(answered.body["accepted"], true);
    EXPECT_EQ(answered.body["done"], false);
    auto replay = Call("POST", "/api/v1/assessments/" + id + "/answers", learner_,
                       json{{"item_id", item_id}, {"response", nullptr}}.dump());
    EXPECT_EQ(replay.status, 409u);

    auto partial = Call("GET", "/api/v1/assessments/" + id + "/result", learner_);
    ASSERT_EQ(partial.status, 200u);
    EXPECT_EQ(partial.body["in_progress"], true);
    EXPECT_EQ(partial.body["answers"][0]["verdict"], "skipped");
    EXPECT_FALSE(partial.body.contains("score"));
    EXPECT_EQ(Call("GET", "/api/v1/assessments/" + id + "/result", admin_).status, 200u);
    EXPECT_EQ(Call("GET", "/api/v1/assessments/" + id + "/result", other_).status, 404u);

    auto list = Call("GET", "/api/v1/assessments", learner_);
    ASSERT_EQ(list.status, 200u);
    ASSERT_EQ(list.body["assessments"].size(), 1u);
    EXPECT_EQ(list.body["assessments"][0]["answered"], 1);
    EXPECT_EQ(Call("GET", "/api/v1/assessments", other_).body["assessments"].size(), 0u);
}

TEST_P(AssessmentApiTest, NextNeverShowsTheKeyOrFeedback) {
    auto created =
        Call("POST", "/api/v1/assessments", learner_, json{{"target_profile_id", kProfile}}.dump());
    ASSERT_EQ(created.status, 201u);
    const std::string id = created.body["id"];
    for (int i = 0; i < 40; ++i) {
        auto next = Call("GET", "/api/v1/assessments/" + id + "/next", learner_);
        ASSERT_EQ(next.status, 200u);
        if (next.body["done"] == true) break;
        for (const char* secret :
             {"answer", "feedback", "irt", "accepted", "order", "pairs", "a", "b", "revision"}) {
            EXPECT_FALSE(JsonHasMember(next.body["item"], secret)) << secret << " in " << next.body.dump();
        }
        const item::Item item = ItemOf(next.body["item"]["id"]);
        EXPECT_EQ(next.body.dump().find(item.feedback), std::string::npos);
        if (const auto* text = std::get_if<item::ShortTextKey>(&item.answer)) {
            EXPECT_EQ(next.body.dump().find(json(text->accepted.front()).dump()), std::string::npos);
        }
        auto answered = Call("POST", "/api/v1/assessments/" + id + "/answers", learner_,
                             json{{"item_id", item.id}, {"response", ResponseFor(item, i % 2 == 1)}}.dump());
        ASSERT_EQ(answered.status, 200u) << answered.error.message;
    }
}

// Scripted examinees of known ability θ answer right with probability P(θ; a, b) of each item
// (2PL, the item's effective parameters), through the HTTP API, over the shipped bank.
TEST_P(AssessmentApiTest, ScriptedExamineesLandNearTheirAbility) {
    constexpr int kPerAbility = 8;
    const double abilities[] = {-1.5, 0.0, 1.5};
    std::mt19937_64 rng(2024);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double mean_estimate[3] = {0, 0, 0};
    int in_range = 0, estimates = 0;
    for (int k = 0; k < 3; ++k) {
        const double theta = abilities[k];
        double sum = 0;
        int count = 0;
        for (int e = 0; e < kPerAbility; ++e) {
            auto created =
                Call("POST", "/api/v1/assessments", learner_, json{{"target_profile_id", kProfile}}.dump());
            ASSERT_EQ(created.status, 201u) << created.error.message;
            const std::string id = created.body["id"];
            bool done = false;
            for (int guard = 0; guard < 200 && !done; ++guard) {
                auto next = Call("GET", "/api/v1/assessments/" + id + "/next", learner_);
                ASSERT_EQ(next.status, 200u) << next.error.message;
                if (next.body["done"] == true) {
                    done = true;
                    break;
                }
                const item::Item item = ItemOf(next.body["item"]["id"]);
                const item::Irt irt = item.EffectiveIrt();
                const bool right = unit(rng) < Probability(theta, irt.a, irt.b);
                auto answered =
                    Call("POST", "/api/v1/assessments/" + id + "/answers", learner_,
                         json{{"item_id", item.id}, {"response", ResponseFor(item, right)}}.dump());
                ASSERT_EQ(answered.status, 200u) << answered.error.message;
            }
            ASSERT_TRUE(done);
            auto result = Call("GET", "/api/v1/assessments/" + id + "/result", learner_);
            ASSERT_EQ(result.status, 200u);
            ASSERT_EQ(result.body["in_progress"], false);
            for (const json& c : result.body["competences"]) {
                const double mean = c["mean"];
                const double theta_low = c["theta_low"];
                const double theta_high = c["theta_high"];
                sum += mean;
                ++count;
                ++estimates;
                if (theta_low <= theta && theta <= theta_high) ++in_range;
            }
        }
        mean_estimate[k] = sum / count;
    }
    EXPECT_LT(mean_estimate[0], mean_estimate[1]);
    EXPECT_LT(mean_estimate[1], mean_estimate[2]);
    // The prior (N(0, 1)) shrinks estimates towards 0; still each lands near its ability.
    for (int k = 0; k < 3; ++k) {
        EXPECT_LT(std::abs(mean_estimate[k] - abilities[k]), 0.6)
            << "theta " << abilities[k] << " mean estimate " << mean_estimate[k];
    }
    // The 95 % intervals cover the true ability most of the time.
    EXPECT_GE(static_cast<double>(in_range) / estimates, 0.75) << in_range << "/" << estimates;
}

INSTANTIATE_TEST_SUITE_P(Engines, AssessmentApiTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::assessment::testing
