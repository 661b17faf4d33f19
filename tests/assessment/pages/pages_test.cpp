// The learner's adaptive-test pages (src/assessment/pages) in the real Application: access, the
// list of profiles, starting a test, the question page (learner view only), "je ne sais pas", an
// empty answer (error, nothing stored), a replayed answer (flash, nothing stored), a full run to
// the result page (chart + table + feedback), progress over time, and other people's tests (404).
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assessment/pages/assessment_pages.hpp"
#include "support/app_pages.hpp"

namespace passeur::assessment {
namespace {

constexpr const char* kProfile = "socle-emploi";  // 10 competences, learner audience

class AssessmentPages : public testing::AppPages {
protected:
    static std::size_t Count(const std::string& text, const std::string& needle) {
        std::size_t n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }

    static std::string Capture(const std::string& text, const std::string& pattern) {
        std::smatch m;
        if (!std::regex_search(text, m, std::regex(pattern))) return "";
        return m[1];
    }

    // Starts a test through the form; the test id.
    static std::string Start(const Session& session, const std::string& profile = kProfile,
                             std::vector<std::pair<std::string, std::string>> extra = {}) {
        extra.insert(extra.begin(), {"target_profile_id", profile});
        auto reply = Post("/tests", session, extra);
        EXPECT_EQ(reply.status, 303U) << reply.body;
        EXPECT_TRUE(reply.location.starts_with("/tests/")) << reply.location;
        return reply.location.substr(std::string("/tests/").size());
    }

    static std::string PendingItem(const std::string& body) {
        return Capture(body, "name=\"item_id\" value=\"([^\"]+)\"");
    }

    // The principal of a logged-in session (for reading the stored test beside the pages).
    static account::Principal PrincipalOf(const Session& session) {
        http::Request request;
        request.headers.emplace_back("cookie", session.cookie);
        auto principal = App().Accounts().Auth().Authenticate(request);
        EXPECT_TRUE(principal.has_value());
        return principal ? *principal : account::Principal{};
    }

    static int Answered(const Session& session, const std::string& id) {
        auto summary = App().Assessments().Get(PrincipalOf(session), id);
        EXPECT_TRUE(summary.has_value());
        return summary ? summary->answered : -1;
    }

    // Answers the question shown in `body`: the first option of a choice item, else "je ne sais pas".
    static Reply AnswerShown(const Session& session, const std::string& id, const std::string& body) {
        const std::string item_id = PendingItem(body);
        EXPECT_FALSE(item_id.empty()) << body.substr(0, 2000);
        std::vector<std::pair<std::string, std::string>> fields = {{"item_id", item_id}};
        const std::string option =
            Capture(body, "type=\"(?:radio|checkbox)\" id=\"[^\"]+\" name=\"answer\" value=\"([^\"]+)\"");
        if (!option.empty()) {
            fields.emplace_back("answer", option);
        } else {
            fields.emplace_back("dont_know", "1");
        }
        return Post("/tests/" + id + "/reponse", session, fields);
    }

    // Answers until the test is done; the number of answers given.
    static int RunToTheEnd(const Session& session, const std::string& id) {
        for (int n = 0; n < 200; ++n) {
            auto page = Get("/tests/" + id, session);
            if (page.status == 303U) {
                EXPECT_EQ(page.location, "/tests/" + id + "/resultat");
                return n;
            }
            EXPECT_EQ(page.status, 200U) << page.body.substr(0, 500);
            if (page.status != 200U) return n;
            auto reply = AnswerShown(session, id, page.body);
            EXPECT_EQ(reply.status, 303U) << reply.body.substr(0, 500);
            if (reply.location == "/tests/" + id + "/resultat") return n + 1;
            EXPECT_EQ(reply.location, "/tests/" + id + "#question");
        }
        ADD_FAILURE() << "the test did not end";
        return -1;
    }

    static std::string FlashCookie(const Reply& reply) {
        for (const auto& [name, value] : reply.headers) {
            if (http::EqualsIgnoreCase(name, "Set-Cookie") && value.starts_with("passeur_flash=")) {
                return value.substr(0, value.find(';'));
            }
        }
        return "";
    }
};

TEST_F(AssessmentPages, AnonymousVisitorsAreSentToTheLoginPage) {
    for (const std::string path : {"/tests", "/tests/abc", "/tests/abc/resultat"}) {
        auto reply = Get(path);
        EXPECT_EQ(reply.status, 303U) << path;
        EXPECT_TRUE(reply.location.starts_with("/connexion?retour=")) << path << " -> " << reply.location;
    }
    EXPECT_EQ(Call("POST", "/tests", {}, "target_profile_id=socle-emploi").status, 303U);
    EXPECT_EQ(Call("POST", "/tests/abc/reponse", {}, "item_id=x&dont_know=1").status, 303U);
}

TEST_F(AssessmentPages, TheListOffersEveryProfileWithTheNeeds) {
    Session session = Login(kMediator);
    auto reply = Get("/tests", session);
    ASSERT_EQ(reply.status, 200U);
    EXPECT_NE(reply.body.find("<h1>Mes tests</h1>"), std::string::npos);
    EXPECT_NE(reply.body.find("href=\"/tests\" aria-current=\"page\">Mes tests</a>"), std::string::npos);
    auto profiles = App().Frameworks().ListProfiles();
    ASSERT_TRUE(profiles.has_value());
    ASSERT_FALSE(profiles->empty());
    EXPECT_EQ(Count(reply.body, "<form method=\"post\" action=\"/tests\""), profiles->size());
    EXPECT_NE(reply.body.find("name=\"target_profile_id\" value=\"socle-emploi\""), std::string::npos);
    EXPECT_NE(reply.body.find("10 compétences. Entre 10 et 50 questions"), std::string::npos);
    for (const char* need : {"screen_reader", "no_colour", "no_timer"}) {
        EXPECT_EQ(Count(reply.body, std::string("name=\"need\" value=\"") + need + "\""), profiles->size())
            << need;
    }
    EXPECT_NE(reply.body.find("utilise un lecteur d&apos;écran"), std::string::npos);
    EXPECT_NE(reply.body.find("pas encore terminé de test."), std::string::npos);
    // The home page calls to action.
    auto home = Get("/", session);
    EXPECT_NE(home.body.find("href=\"/tests\">Passer un test</a>"), std::string::npos);
}

TEST_F(AssessmentPages, TheQuestionPageShowsNoKeyNorFeedbackAndATrueProgress) {
    Session session = Login(kLearner);
    const std::string id = Start(session, kProfile, {{"need", "screen_reader"}});
    auto page = Get("/tests/" + id, session);
    ASSERT_EQ(page.status, 200U);
    EXPECT_NE(page.body.find("<h1 id=\"question\" tabindex=\"-1\">Question 1</h1>"), std::string::npos);
    EXPECT_NE(page.body.find("Compétences abordées : 0 sur 10"), std::string::npos);
    EXPECT_NE(page.body.find("action=\"/tests/" + id + "/reponse\""), std::string::npos);
    EXPECT_NE(page.body.find("name=\"dont_know\" value=\"1\">Je ne sais pas</button>"), std::string::npos);
    EXPECT_NE(
        page.body.find("<a class=\"fr-link fr-icon-pause-circle-line fr-link--icon-left\" href=\"/tests\">"),
        std::string::npos);
    EXPECT_EQ(page.body.find('%'), std::string::npos) << "no percentage of an adaptive length";
    const std::string item_id = PendingItem(page.body);
    ASSERT_FALSE(item_id.empty());
    auto stored = App().Items().Get(item_id, item::Actor::System());
    ASSERT_TRUE(stored.has_value());
    EXPECT_FALSE(stored->item.feedback.empty());
    EXPECT_EQ(page.body.find(stored->item.feedback.substr(0, 40)), std::string::npos);
    // The same question (same option order) until it is answered.
    auto again = Get("/tests/" + id, session);
    EXPECT_EQ(PendingItem(again.body), item_id);
    EXPECT_EQ(again.body, page.body);
    // Listed as in progress, with "Reprendre".
    auto list = Get("/tests", session);
    EXPECT_NE(list.body.find("href=\"/tests/" + id + "#question\">Reprendre"), std::string::npos);
}

TEST_F(AssessmentPages, DontKnowIsStoredAndLeadsToTheNextQuestion) {
    Session session = Login(kLearner);
    const std::string id = Start(session);
    auto page = Get("/tests/" + id, session);
    const std::string first = PendingItem(page.body);
    auto reply =
        Post("/tests/" + id + "/reponse", session, {{"item_id", first}, {"dont_know", "1"}, {"answer", "a"}});
    ASSERT_EQ(reply.status, 303U) << reply.body;
    EXPECT_EQ(reply.location, "/tests/" + id + "#question");
    EXPECT_EQ(Answered(session, id), 1);
    auto result = App().Assessments().Result(PrincipalOf(session), id);
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->answers.size(), 1U);
    EXPECT_TRUE(result->answers[0].skipped);
    auto next = Get("/tests/" + id, session);
    EXPECT_NE(next.body.find(">Question 2</h1>"), std::string::npos);
    EXPECT_NE(next.body.find("Compétences abordées : 1 sur 10"), std::string::npos);
    EXPECT_NE(PendingItem(next.body), first);
}

TEST_F(AssessmentPages, AnEmptyAnswerIsAskedAgainAndNothingIsStored) {
    Session session = Login(kLearner);
    const std::string id = Start(session);
    const std::string item_id = PendingItem(Get("/tests/" + id, session).body);
    for (const auto& fields : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {{"item_id", item_id}}, {{"item_id", item_id}, {"answer", "   "}}}) {
        auto reply = Post("/tests/" + id + "/reponse", session, fields);
        EXPECT_EQ(reply.status, 400U);
        EXPECT_NE(reply.body.find("Choisissez une réponse ou « Je ne sais pas »."), std::string::npos);
        EXPECT_NE(reply.body.find("fr-alert--error"), std::string::npos);
        EXPECT_EQ(PendingItem(reply.body), item_id);
        EXPECT_NE(reply.body.find(">Question 1</h1>"), std::string::npos);
    }
    EXPECT_EQ(Answered(session, id), 0);
    // Without the CSRF token nothing happens either.
    auto forged = Call("POST", "/tests/" + id + "/reponse", session, "item_id=" + item_id + "&dont_know=1");
    EXPECT_EQ(forged.status, 403U);
    EXPECT_EQ(Answered(session, id), 0);
}

TEST_F(AssessmentPages, AReplayedAnswerGivesAFlashAndNoSecondAnswer) {
    Session session = Login(kLearner);
    const std::string id = Start(session);
    const std::string item_id = PendingItem(Get("/tests/" + id, session).body);
    ASSERT_EQ(Post("/tests/" + id + "/reponse", session, {{"item_id", item_id}, {"dont_know", "1"}}).status,
              303U);
    // Back button, then the same form sent again.
    auto replay = Post("/tests/" + id + "/reponse", session, {{"item_id", item_id}, {"dont_know", "1"}});
    ASSERT_EQ(replay.status, 303U);
    EXPECT_EQ(replay.location, "/tests/" + id + "#question");
    EXPECT_EQ(Answered(session, id), 1);
    const std::string flash = FlashCookie(replay);
    ASSERT_FALSE(flash.empty());
    auto shown = Get("/tests/" + id, Session{session.cookie + "; " + flash, session.csrf});
    EXPECT_NE(shown.body.find("Vous avez déjà répondu à cette question."), std::string::npos);
    EXPECT_NE(shown.body.find(">Question 2</h1>"), std::string::npos);
}

TEST_F(AssessmentPages, AFullRunEndsOnTheResultWithChartTableAndFeedback) {
    Session session = Login(kLearner);
    const std::string id = Start(session);
    const int answers = RunToTheEnd(session, id);
    ASSERT_GE(answers, 10);
    EXPECT_LE(answers, 50);
    auto result = Get("/tests/" + id + "/resultat", session);
    ASSERT_EQ(result.status, 200U);
    const std::string& body = result.body;
    EXPECT_NE(body.find("<h1>Votre résultat</h1>"), std::string::npos);
    EXPECT_NE(body.find("<svg xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
    EXPECT_NE(body.find("role=\"img\" aria-labelledby=\"profil-title profil-desc\""), std::string::npos);
    EXPECT_EQ(Count(body, "class=\"passeur-chart__row\""), 10U);
    EXPECT_NE(body.find("<caption>Votre niveau pour chaque compétence</caption>"), std::string::npos);
    // One table row per competence, each with a level in words and a verdict with its icon.
    const std::size_t table = body.find("<caption>Votre niveau pour chaque compétence</caption>");
    const std::size_t table_end = body.find("</table>", table);
    const std::string rows = body.substr(table, table_end - table);
    EXPECT_EQ(Count(rows, "<th scope=\"row\">"), 10U);
    EXPECT_EQ(Count(rows, "aria-hidden=\"true\"></span> Acquis") +
                  Count(rows, "aria-hidden=\"true\"></span> À travailler") +
                  Count(rows, "aria-hidden=\"true\"></span> À confirmer"),
              10U);
    EXPECT_TRUE(std::regex_search(rows, std::regex("<td>niveau [1-8]( \\(entre [1-8] et [1-8]\\))?</td>")));
    // The answers with their feedback, in <details>.
    EXPECT_EQ(Count(body, "<details class=\"passeur-answer\">"), static_cast<std::size_t>(answers));
    auto stored = App().Assessments().Result(PrincipalOf(session), id);
    ASSERT_TRUE(stored.has_value());
    ASSERT_FALSE(stored->answers.empty());
    const std::string feedback = stored->answers.front().feedback;
    ASSERT_FALSE(feedback.empty());
    const std::string words = feedback.substr(0, feedback.find_first_of("*_`[\n'\"<>&"));
    EXPECT_NE(body.find(words.substr(0, 30)), std::string::npos) << words;
    // The question page now leads to the result; answering is refused with the flash.
    auto page = Get("/tests/" + id, session);
    EXPECT_EQ(page.status, 303U);
    EXPECT_EQ(page.location, "/tests/" + id + "/resultat");
    // The list shows the completed test with its result link.
    auto list = Get("/tests", session);
    EXPECT_NE(list.body.find("href=\"/tests/" + id + "/resultat\">Voir le résultat"), std::string::npos);
}

TEST_F(AssessmentPages, ProgressOverTimeAppearsAfterASecondTest) {
    Session session = Login(kMediator);
    const std::string profile = "aidant-habilite-aidants-connect";
    const std::string first = Start(session, profile);
    ASSERT_GT(RunToTheEnd(session, first), 0);
    auto list = Get("/tests", session);
    EXPECT_EQ(list.body.find("<h2>Vos progrès</h2>"), std::string::npos);
    const std::string second = Start(session, profile);
    ASSERT_GT(RunToTheEnd(session, second), 0);
    list = Get("/tests", session);
    ASSERT_NE(list.body.find("<h2>Vos progrès</h2>"), std::string::npos);
    const std::size_t at = list.body.find("<h2>Vos progrès</h2>");
    const std::string history = list.body.substr(at);
    EXPECT_NE(history.find("<caption>Aidant habilité Aidants Connect</caption>"), std::string::npos);
    EXPECT_NE(history.find("href=\"/tests/" + first + "/resultat\""), std::string::npos);
    EXPECT_NE(history.find("href=\"/tests/" + second + "/resultat\""), std::string::npos);
    EXPECT_LT(history.find(first), history.find(second)) << "oldest first";
    EXPECT_EQ(Count(history.substr(0, history.find("</table>")), "<th scope=\"row\">"), 8U + 1U);
}

TEST_F(AssessmentPages, AnotherAccountGetsNotFound) {
    Session owner = Login(kLearner);
    const std::string id = Start(owner);
    const std::string item_id = PendingItem(Get("/tests/" + id, owner).body);
    Session other = Login(kMediator);
    EXPECT_EQ(Get("/tests/" + id, other).status, 404U);
    EXPECT_EQ(Get("/tests/" + id + "/resultat", other).status, 404U);
    EXPECT_EQ(Post("/tests/" + id + "/reponse", other, {{"item_id", item_id}, {"dont_know", "1"}}).status,
              404U);
    EXPECT_EQ(Answered(owner, id), 0);
    auto list = Get("/tests", other);
    EXPECT_EQ(list.body.find(id), std::string::npos);
    EXPECT_EQ(Get("/tests/inconnu", owner).status, 404U);
}

TEST_F(AssessmentPages, AnUnknownProfileOrNeedIsRefused) {
    Session session = Login(kLearner);
    EXPECT_EQ(Post("/tests", session, {{"target_profile_id", "inconnu"}}).status, 404U);
    EXPECT_EQ(Post("/tests", session, {{"target_profile_id", kProfile}, {"need", "telepathie"}}).status,
              400U);
}

}  // namespace
}  // namespace passeur::assessment
