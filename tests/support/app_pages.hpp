// The real Application on a temporary SQLite database, for tests of server-rendered pages: logs
// people in and calls routes (GET, form POST with the session's CSRF token) through the router,
// as the server would. The data folder is a temporary copy: the shipped frameworks and geodata
// are linked, data/items is copied and items/images/ holds two test images (dessin.svg, photo.png).
// One Application per test suite (SetUpTestSuite): tests must use their own item ids.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "app/application.hpp"
#include "app/demo.hpp"
#include "core/encoding.hpp"
#include "http/error_mapping.hpp"
#include <unistd.h>

namespace passeur::testing {

class AppPages : public ::testing::Test {
public:
    static constexpr const char* kPassword = "une phrase de passe solide";
    static constexpr const char* kAdmin = "admin@exemple.fr";         // platform admin
    static constexpr const char* kLearner = "apprenant@exemple.fr";   // learner of an organisation
    static constexpr const char* kMediator = "mediateur@exemple.fr";  // mediator of the same organisation

    struct Session {
        std::string cookie;  // "" for an anonymous visitor
        std::string csrf;
    };
    struct Reply {
        unsigned status = 0;
        std::string body;
        std::string location;  // Location header of redirects
        http::FieldList headers;

        std::string Header(std::string_view name) const {
            for (const auto& [n, v] : headers) {
                if (http::EqualsIgnoreCase(n, name)) return v;
            }
            return {};
        }
    };

    static void SetUpTestSuite() {
        namespace fs = std::filesystem;
        dir_ = fs::temp_directory_path() / ("passeur-pages-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_suite()->name());
        fs::remove_all(dir_);
        const fs::path source = PASSEUR_DEFAULT_DATA_DIR;
        const fs::path data = dir_ / "data";
        fs::create_directories(data / "items" / "images");
        for (const char* name : {"frameworks", "geo", "places"})
            fs::create_directory_symlink(source / name, data / name);
        for (const auto& entry : fs::directory_iterator(source / "items")) {
            if (entry.is_directory() && entry.path().filename() != "images") {
                fs::copy(entry.path(), data / "items" / entry.path().filename(), fs::copy_options::recursive);
            }
        }
        std::ofstream(data / "items" / "images" / "dessin.svg")
            << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" "
               "height=\"10\"/></svg>";
        std::ofstream(data / "items" / "images" / "photo.png", std::ios::binary)
            << std::string("\x89PNG\r\n\x1a\n", 8);
        std::ofstream(dir_ / "secret.txt") << "secret";

        app::AppConfig config;
        config.db_url = "sqlite:" + (dir_ / "pages.db").string();
        config.data_dir = data.string();
        config.port = 0;
        config.threads = 1;
        config.access_log = false;
        config.argon2_profile = "min";
        auto app = app::Application::Create(config);
        ASSERT_TRUE(app.has_value()) << app.error().message;
        app_ = std::move(*app);

        auto system = app::SystemPrincipal();
        auto& orgs = app_->Accounts().Organizations();
        const std::string org = orgs.Create(system, {"Structure A", "epn", "35"}, "test").value().id;
        for (auto [email, role] : std::vector<std::pair<std::string, std::string>>{
                 {kAdmin, ""}, {kLearner, "learner"}, {kMediator, "mediator"}}) {
            account::NewUser u;
            u.email = email;
            u.password = kPassword;
            u.display_name = email.substr(0, email.find('@'));
            if (role.empty()) u.platform_role = "platform_admin";
            auto created = app_->Accounts().Accounts().CreateUser(u, "", "test");
            ASSERT_TRUE(created.has_value()) << created.error().message;
            if (!role.empty()) {
                ASSERT_TRUE(orgs.AddMember(system, org, email, role, "test").has_value());
            }
        }
    }

    void SetUp() override { ASSERT_NE(app_, nullptr) << "the application did not start (see above)"; }

    static void TearDownTestSuite() {
        app_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    static app::Application& App() { return *app_; }
    static const std::filesystem::path& Dir() { return dir_; }

    static Session Login(const std::string& email) {
        auto login = app_->Accounts().Accounts().Login(email, kPassword, "127.0.0.1");
        EXPECT_TRUE(login.has_value()) << email;
        if (!login) return {};
        return {std::string(account::kSessionCookieName) + "=" + login->secret, login->session.csrf_token};
    }

    // `target` is a path with an optional query ("/a?b=c"), already percent-encoded.
    static Reply Call(const std::string& method, const std::string& target, const Session& session,
                      const std::string& body = "") {
        http::Request r;
        r.method = method;
        r.target = target;
        const std::size_t question = target.find('?');
        auto path = core::PercentDecode(target.substr(0, question), false);
        r.path = path ? *path : target.substr(0, question);
        if (question != std::string::npos)
            r.query = http::ParseUrlEncoded(target.substr(question + 1)).value();
        r.request_id = "pages-test";
        r.remote_ip = "127.0.0.1";
        r.headers.emplace_back("accept-language", "fr-FR");
        if (!session.cookie.empty()) r.headers.emplace_back("cookie", session.cookie);
        if (method == "POST") {
            r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
            r.body = body;
        }
        auto match = app_->Router().Match(method, r.path);
        if (match.handler == nullptr) return {404, "", "", {}};
        r.route = match.pattern;
        r.path_params = match.params;
        auto result = (*match.handler)(r);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, "", {}};
        Reply reply{result->status, result->body, "", result->headers};
        if (auto location = result->Header("Location")) reply.location = std::string(*location);
        return reply;
    }

    static Reply Get(const std::string& target, const Session& session = {}) {
        return Call("GET", target, session);
    }

    // A form POST carrying the session's CSRF token as `_csrf`.
    static Reply Post(const std::string& target, const Session& session,
                      const std::vector<std::pair<std::string, std::string>>& fields) {
        std::string body = "_csrf=" + core::PercentEncode(session.csrf);
        for (const auto& [name, value] : fields) body += "&" + name + "=" + core::PercentEncode(value);
        return Call("POST", target, session, body);
    }

private:
    static inline std::filesystem::path dir_;
    static inline std::unique_ptr<app::Application> app_;
};

}  // namespace passeur::testing
