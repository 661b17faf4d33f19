// Walks EVERY route the real application registers (JSON API and HTML pages) whose pattern names
// an organisation, calling it as members of organisation A (each role, and an API token of A)
// with organisation B's ids: none may succeed. A positive control proves the walk reaches the
// handlers (A's own admin reads A's pages and resources).
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/application.hpp"
#include "app/demo.hpp"
#include "app/system_routes.hpp"
#include "badge/evidence_file.hpp"
#include "core/encoding.hpp"
#include "credential/pages/verify_pages.hpp"
#include "credential/service/routes.hpp"
#include "http/error_mapping.hpp"
#include "places/sample_places.hpp"
#include "store/sql_store.hpp"
#include <unistd.h>

namespace passeur::app {
namespace {

constexpr const char* kPassword = "une phrase de passe solide";

struct Caller {
    std::string label;
    std::string cookie;  // session cookie, or empty for a token
    std::string csrf;
    std::string bearer;  // "Bearer pst_..." for a token
};

class RouteWalk : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("passeur-walk-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        AppConfig config;
        config.db_url = "sqlite:" + (dir_ / "walk.db").string();
        config.port = 0;
        config.threads = 1;
        config.access_log = false;
        config.argon2_profile = "min";
        auto app = Application::Create(config);
        ASSERT_TRUE(app.has_value()) << app.error().message;
        app_ = std::move(*app);

        auto system = SystemPrincipal();
        auto& orgs = app_->Accounts().Organizations();
        org_a_ = orgs.Create(system, {"Structure A", "epn", "35"}, "test").value().id;
        org_b_ = orgs.Create(system, {"Structure B", "association", "22"}, "test").value().id;
        for (auto [email, org, role] : std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"admin.a@exemple.fr", org_a_, "org_admin"},
                 {"mediateur.a@exemple.fr", org_a_, "mediator"},
                 {"apprenant.a@exemple.fr", org_a_, "learner"},
                 {"coordination.a@exemple.fr", org_a_, "coordinator"},
                 {"admin.b@exemple.fr", org_b_, "org_admin"},
                 {"apprenant.b@exemple.fr", org_b_, "learner"}}) {
            account::NewUser u;
            u.email = email;
            u.password = kPassword;
            u.display_name = email.substr(0, email.find('@'));
            auto created = app_->Accounts().Accounts().CreateUser(u, "", "test");
            ASSERT_TRUE(created.has_value()) << created.error().message;
            user_ids_[email] = created->id;
            ASSERT_TRUE(orgs.AddMember(system, org, email, role, "test").has_value());
        }
        // B's resources that A's callers will aim at.
        auto admin_b = Login("admin.b@exemple.fr");
        auto principal_b = app_->Accounts().Auth().Authenticate(Request("GET", "/api/v1/me", admin_b, ""));
        ASSERT_TRUE(principal_b.has_value());
        invitation_b_ = orgs.CreateInvitation(*principal_b, org_b_, "futur@exemple.fr", "learner", "test")
                            .value()
                            .invitation.id;
        token_b_ = orgs.CreateToken(*principal_b, org_b_, "b", "mediator", "test").value().token.id;
        places::testing::Lcg rng(7);
        for (auto [org, id] : {std::pair{org_a_, &place_a_}, std::pair{org_b_, &place_b_}}) {
            auto place = places::testing::SamplePlace(id == &place_a_ ? 1 : 2, rng);
            place.id.clear();
            auto created = app_->Places().Create(org, place, system);
            ASSERT_TRUE(created.has_value()) << created.error().message;
            *id = created->place.id;
        }

        for (const char* email : {"admin.a@exemple.fr", "mediateur.a@exemple.fr", "apprenant.a@exemple.fr",
                                  "coordination.a@exemple.fr"}) {
            callers_.push_back(Login(email));
        }
        auto admin_a = callers_.front();
        auto principal_a = app_->Accounts().Auth().Authenticate(Request("GET", "/api/v1/me", admin_a, ""));
        ASSERT_TRUE(principal_a.has_value());
        auto token_a = orgs.CreateToken(*principal_a, org_a_, "a", "org_admin", "test").value();
        callers_.push_back({"token of A (org_admin)", "", "", "Bearer " + token_a.secret});
        // A shared result of A's learner in a campaign of A, so that A's staff may read their
        // progress (a person who never shared is 404 by design).
        campaign::CampaignInput campaign_input;
        campaign_input.name = "Campagne A";
        campaign_input.target_profile_id = "socle-emploi";
        auto campaign_a = app_->Campaigns().CreateCampaign(*principal_a, org_a_, campaign_input);
        ASSERT_TRUE(campaign_a.has_value()) << campaign_a.error().message;
        store::Database* db = store::DatabaseOf(app_->Store());
        ASSERT_NE(db, nullptr);
        ASSERT_TRUE(
            db->Exec("INSERT INTO participations (id, campaign_id, user_id, status, live, consent_at, "
                     "shared_at, created_at) VALUES ('p-a', $1, $2, 'shared', 1, 1, 2, 1)",
                     {campaign_a->id, user_ids_.at("apprenant.a@exemple.fr")})
                .has_value());
        ASSERT_TRUE(db->Exec("INSERT INTO participation_competences (participation_id, position, framework, "
                             "competence, level, level_low, level_high, target_level, verdict) VALUES "
                             "('p-a', 0, 'competences-numeriques', '1.1', 3, 2, 4, 3, 'uncertain')")
                        .has_value());
    }

    void TearDown() override {
        app_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    Caller Login(const std::string& email) {
        auto login = app_->Accounts().Accounts().Login(email, kPassword, "127.0.0.1");
        EXPECT_TRUE(login.has_value()) << email;
        return {email, std::string(account::kSessionCookieName) + "=" + login->secret,
                login->session.csrf_token, ""};
    }

    http::Request Request(const std::string& method, const std::string& path, const Caller& caller,
                          const std::string& pattern) const {
        http::Request r;
        r.method = method;
        r.target = path;
        r.path = path;
        r.route = pattern;
        r.request_id = "walk";
        r.remote_ip = "127.0.0.1";
        if (!caller.cookie.empty()) r.headers.emplace_back("cookie", caller.cookie);
        if (!caller.bearer.empty()) r.headers.emplace_back("authorization", caller.bearer);
        if (!caller.csrf.empty()) r.headers.emplace_back("x-csrf-token", caller.csrf);
        bool api = path.rfind("/api/", 0) == 0;
        if (method != "GET" && method != "HEAD") {
            if (api) {
                r.headers.emplace_back("content-type", "application/json");
                r.body = R"({})";
            } else {
                r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
                r.body = "_csrf=" + core::PercentEncode(caller.csrf) +
                         "&email=futur2%40exemple.fr&role=learner&name=X&display_name=X&kind=epn";
            }
        }
        return r;
    }

    // Substitutes {org} and the other parameters with ids of `org`'s resources.
    std::string Fill(std::string pattern, const std::string& org) const {
        const bool b = org == org_b_;
        std::map<std::string, std::string> values = {
            {"{org}", org},
            {"{user}", user_ids_.at(b ? "apprenant.b@exemple.fr" : "apprenant.a@exemple.fr")},
            {"{user_id}", user_ids_.at(b ? "apprenant.b@exemple.fr" : "apprenant.a@exemple.fr")},
            {"{invitation}", b ? invitation_b_ : "00000000-0000-4000-8000-000000000000"},
            {"{token}", b ? token_b_ : "00000000-0000-4000-8000-000000000000"},
            {"{place}", b ? place_b_ : place_a_},
        };
        for (const auto& [k, v] : values) {
            for (auto at = pattern.find(k); at != std::string::npos; at = pattern.find(k))
                pattern.replace(at, k.size(), v);
        }
        return pattern;
    }

    // Status the server would send for this call.
    unsigned Call(const std::string& method, const std::string& path, const Caller& caller) const {
        auto match = app_->Router().Match(method, path);
        EXPECT_NE(match.handler, nullptr) << method << " " << path;
        if (match.handler == nullptr) return 0;
        http::Request r = Request(method, path, caller, match.pattern);
        r.path_params = match.params;
        auto result = (*match.handler)(r);
        return result ? result->status : http::StatusFor(result.error().code);
    }

    std::filesystem::path dir_;
    std::unique_ptr<Application> app_;
    std::string org_a_, org_b_, invitation_b_, token_b_, place_a_, place_b_;
    std::map<std::string, std::string> user_ids_;
    std::vector<Caller> callers_;
};

TEST_F(RouteWalk, NoRouteNamingAnOrganisationServesAnotherOrganisation) {
    int checked = 0, html = 0, api = 0;
    for (const auto& route : app_->Router().Routes()) {
        if (route.pattern.find("{org}") == std::string::npos || route.method == "HEAD") continue;
        const std::string path = Fill(route.pattern, org_b_);
        for (const auto& caller : callers_) {
            if (!caller.bearer.empty() && route.kind == http::RouteKind::kHtml)
                continue;  // pages take sessions only
            unsigned status = Call(route.method, path, caller);
            EXPECT_TRUE(status == 403 || status == 404)
                << caller.label << " got " << status << " on " << route.method << " " << route.pattern;
            ++checked;
        }
        (route.kind == http::RouteKind::kHtml ? html : api)++;
    }
    // The walk must have covered both the API and the pages.
    EXPECT_GE(api, 10);
    EXPECT_GE(html, 4);
    EXPECT_GE(checked, 60);
}

TEST_F(RouteWalk, PositiveControlOwnOrganisationIsServed) {
    const Caller& admin_a = callers_.front();
    for (const auto& route : app_->Router().Routes()) {
        if (route.pattern.find("{org}") == std::string::npos || route.method != "GET") continue;
        if (route.pattern.find("{invitation}") != std::string::npos ||
            route.pattern.find("{token}") != std::string::npos) {
            continue;
        }
        EXPECT_EQ(Call("GET", Fill(route.pattern, org_a_), admin_a), 200U) << route.pattern;
    }
}

// Only the routes that take uploads or pasted credentials read bodies over the server's 1 MiB
// default (Router::SetMaxBodyBytes), each with its component's own bound.
TEST_F(RouteWalk, LargeBodiesOnlyWhereExpected) {
    std::map<std::string, std::uint64_t> large;
    for (const auto& route : app_->Router().Routes()) {
        std::string path;
        for (std::size_t i = 0; i < route.pattern.size(); ++i) {
            if (route.pattern[i] == '{') {
                i = route.pattern.find('}', i);
                path += "x";
            } else {
                path += route.pattern[i];
            }
        }
        const auto match = app_->Router().Match(route.method, path);
        ASSERT_NE(match.handler, nullptr) << route.method << " " << route.pattern;
        if (match.max_body_bytes > 0) large[route.method + " " + route.pattern] = match.max_body_bytes;
    }
    const std::map<std::string, std::uint64_t> expected = {
        {"POST /verify", credential::kMaxVerifyFormBytes},
        {"POST /api/v1/verify", credential::kMaxVerifyBodyBytes},
        {"POST /badges/{badge}/attribuer", badge::kMaxAwardUploadBytes},
        {"POST /api/v1/badges/{badge}/awards", badge::kMaxAwardUploadBytes},
    };
    EXPECT_EQ(large, expected);
}

// Every JSON route under /api/v1 is described in the served OpenAPI document (main file merged
// with the components' fragments), with the same method.
TEST_F(RouteWalk, EveryApiRouteIsInTheOpenApiDescription) {
    const nlohmann::json spec = nlohmann::json::parse(kOpenApiJson);
    ASSERT_TRUE(spec.contains("paths"));
    int documented = 0;
    for (const auto& route : app_->Router().Routes()) {
        if (!route.pattern.starts_with("/api/v1/") || route.pattern == "/api/v1/openapi.json") continue;
        std::string method = route.method;
        for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool present =
            spec["paths"].contains(route.pattern) && spec["paths"][route.pattern].contains(method);
        EXPECT_TRUE(present) << route.method << " " << route.pattern << " is not in docs/api/openapi*.json";
        documented += present ? 1 : 0;
    }
    EXPECT_GE(documented, 10);
}

}  // namespace
}  // namespace passeur::app
