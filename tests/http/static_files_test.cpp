#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace passeur::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() /
                ("passeur_static_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "css");
        fs::create_directories(root_ / ".git");
        Write("css/site.css", "body{color:red}");
        Write("app.js", "console.log(1)");
        Write("mod.mjs", "export {}");
        Write("logo.svg", "<svg/>");
        Write("logo.png", "png");
        Write("favicon.ico", "ico");
        Write("f.woff", "w");
        Write("f.woff2", "w2");
        Write("data.json", "{}");
        Write("site.webmanifest", "{}");
        Write("robots.txt", "User-agent: *");
        Write("page.html", "<p>");
        Write("app.js.map", "{}");
        Write("blob.bin", "?");
        Write(".secret", "hidden");
        Write(".git/config", "hidden");
        Write("big.txt", std::string(2000, 'x'));
    }
    void TearDown() override { fs::remove_all(root_); }

    void Write(const std::string& relative, const std::string& content) {
        std::ofstream(root_ / relative, std::ios::binary) << content;
    }

    Request Get(std::string if_none_match = {}) {
        Request request;
        request.method = "GET";
        if (!if_none_match.empty()) request.headers.emplace_back("if-none-match", if_none_match);
        return request;
    }

    fs::path root_;
};

TEST_F(StaticFilesTest, ServesWithEtagAndImmutableCache) {
    StaticFiles files({root_.string()}, 1000);
    auto response = files.Serve(Get(), "css/site.css");
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200u);
    EXPECT_EQ(response->body, "body{color:red}");
    EXPECT_EQ(response->Header("Content-Type"), "text/css; charset=utf-8");
    const std::string etag = "\"" + core::Sha256Hex("body{color:red}").substr(0, 16) + "\"";
    EXPECT_EQ(response->Header("ETag"), etag);
    EXPECT_EQ(response->Header("Cache-Control"), "public, max-age=31536000, immutable");

    auto not_modified = files.Serve(Get(etag), "css/site.css");
    ASSERT_TRUE(not_modified);
    EXPECT_EQ(not_modified->status, 304u);
    EXPECT_TRUE(not_modified->body.empty());
    EXPECT_EQ(not_modified->Header("ETag"), etag);
    EXPECT_EQ(files.Serve(Get("\"other\", W/" + etag), "css/site.css")->status, 304u);
    EXPECT_EQ(files.Serve(Get("\"other\""), "css/site.css")->status, 200u);
}

TEST_F(StaticFilesTest, ContentTypesByExtension) {
    StaticFiles files({root_.string()});
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"app.js", "text/javascript; charset=utf-8"},
        {"mod.mjs", "text/javascript; charset=utf-8"},
        {"logo.svg", "image/svg+xml"},
        {"logo.png", "image/png"},
        {"favicon.ico", "image/x-icon"},
        {"f.woff", "font/woff"},
        {"f.woff2", "font/woff2"},
        {"data.json", "application/json; charset=utf-8"},
        {"site.webmanifest", "application/manifest+json"},
        {"robots.txt", "text/plain; charset=utf-8"},
        {"page.html", "text/html; charset=utf-8"},
        {"app.js.map", "application/json; charset=utf-8"},
        {"blob.bin", "application/octet-stream"},
    };
    for (const auto& [path, type] : expected) {
        auto response = files.Serve(Get(), path);
        ASSERT_TRUE(response) << path;
        EXPECT_EQ(response->Header("Content-Type"), type) << path;
    }
}

TEST_F(StaticFilesTest, TraversalHiddenAndOversizedAreNotFound) {
    StaticFiles files({root_.string()}, 1000);
    for (std::string_view path :
         std::vector<std::string_view>{"../etc/passwd", "css/../app.js", "./app.js", ".secret", ".git/config",
                                       "css//site.css", "/app.js", "", "missing.css", "css", "big.txt",
                                       "app.js\\..", std::string_view("app.js\0x", 8)}) {
        auto response = files.Serve(Get(), path);
        ASSERT_FALSE(response) << path;
        EXPECT_EQ(response.error().code, core::ErrorCode::kNotFound) << path;
    }
}

TEST_F(StaticFilesTest, RootsSearchedInOrderAndVersionTracksContent) {
    fs::path second = root_ / "second";
    fs::create_directories(second);
    std::ofstream(second / "only-here.txt") << "2";
    std::ofstream(second / "app.js") << "shadowed";
    StaticFiles files({root_.string(), second.string()});
    EXPECT_EQ(files.Serve(Get(), "only-here.txt")->body, "2");
    EXPECT_EQ(files.Serve(Get(), "app.js")->body, "console.log(1)");

    StaticFiles again({root_.string(), second.string()});
    EXPECT_EQ(files.Version(), again.Version());
    EXPECT_GE(files.Version().size(), 8u);
    Write("app.js", "console.log(2); // longer");
    StaticFiles changed({root_.string(), second.string()});
    EXPECT_NE(files.Version(), changed.Version());
}

TEST_F(StaticFilesTest, RegistersGetAndHeadUnderVersionedPrefix) {
    StaticFiles files({root_.string()});
    Router router;
    files.Register(router, "/static");
    auto match = router.Match("GET", "/static/" + files.Version() + "/css/site.css");
    ASSERT_NE(match.handler, nullptr);
    EXPECT_EQ(match.pattern, "/static/{version}/{path...}");
    ASSERT_NE(router.Match("HEAD", "/static/v/app.js").handler, nullptr);
    Request request = Get();
    request.path_params = match.params;
    auto response = (*match.handler)(request);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "body{color:red}");
    // Encoded traversal decodes inside the rest parameter and is then refused.
    auto traversal = router.Match("GET", "/static/v/..%2F..%2Fetc%2Fpasswd");
    ASSERT_NE(traversal.handler, nullptr);
    request.path_params = traversal.params;
    EXPECT_FALSE((*traversal.handler)(request));
}

}  // namespace
}  // namespace passeur::http
