// `passeur framework list|export|import` on a fresh SQLite file.
#include "framework/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/command_run.hpp"
#include "test_support.hpp"
#include <unistd.h>

namespace passeur::framework::testing {
namespace {

using nlohmann::json;

class FrameworkCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() /
                ("passeur_framework_cmd_" + std::to_string(::getpid()) + ".db");
        Remove();
        env_.default_db = "sqlite:" + path_.string();
        env_.data_dir = PASSEUR_FRAMEWORK_TEST_DATA_DIR;
    }
    void TearDown() override { Remove(); }
    void Remove() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
    }

    using Run = passeur::testing::CommandRun;
    Run Invoke(std::vector<std::string> args) {
        return passeur::testing::RunCommand([this](CLI::App& app) { return AddFrameworkCommands(app, env_); },
                                            args);
    }

    std::filesystem::path path_;
    core::CommandEnv env_;
};

TEST_F(FrameworkCommandsTest, AFreshDatabaseListsTheShippedFrameworks) {
    auto run = Invoke({"framework", "list", "--json"});
    ASSERT_EQ(run.code, 0) << run.err;
    json list = json::parse(run.out);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0]["id"], "competences-numeriques");
    EXPECT_EQ(list[0]["version"], "1.0");
    EXPECT_EQ(list[0]["competence_count"], 16);
    EXPECT_EQ(list[0]["name"], LoadShipped("competences-numeriques").name.fr);
    EXPECT_EQ(list[1]["competence_count"], 7);
    auto text = Invoke({"framework", "list"});
    ASSERT_EQ(text.code, 0);
    EXPECT_NE(text.out.find("mediation-numerique"), std::string::npos);
}

TEST_F(FrameworkCommandsTest, ExportThenImportUnderAnotherVersion) {
    auto exported = Invoke({"framework", "export", "--format", "case", "mediation-numerique", "--public-url",
                            "https://passeur.example"});
    ASSERT_EQ(exported.code, 0) << exported.err;
    json package = json::parse(exported.out);
    EXPECT_EQ(package["CFDocument"]["title"], LoadShipped("mediation-numerique").name.fr);
    EXPECT_TRUE(package["CFItems"][0]["uri"].get<std::string>().starts_with(
        "https://passeur.example/ims/case/v1p0/CFItems/"));

    const std::string file = path_.string() + ".case.json";
    package["CFDocument"]["version"] = "1.1";
    {
        std::FILE* f = std::fopen(file.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(package.dump().c_str(), f);
        std::fclose(f);
    }
    auto imported = Invoke({"framework", "import", file});
    EXPECT_EQ(imported.code, 0) << imported.err;
    EXPECT_NE(imported.out.find("mediation-numerique 1.1"), std::string::npos) << imported.out;
    auto again = Invoke({"framework", "import", file});
    EXPECT_EQ(again.code, 1);
    EXPECT_NE(again.err.find("existe déjà"), std::string::npos) << again.err;
    std::filesystem::remove(file);

    auto foreign = Invoke({"framework", "import", FixturePath("riverton_cs_standards.case.json")});
    EXPECT_EQ(foreign.code, 0) << foreign.err;
    auto list = Invoke({"framework", "list", "--json"});
    EXPECT_EQ(json::parse(list.out).size(), 3u);
    auto native =
        Invoke({"framework", "export", "--format", "native", "mediation-numerique", "--version", "1.0"});
    ASSERT_EQ(native.code, 0);
    EXPECT_EQ(json::parse(native.out)["version"], "1.0");
}

TEST_F(FrameworkCommandsTest, ErrorsGoToStderrWithThePath) {
    const std::string file = path_.string() + ".bad.json";
    json package = ReadJson(FixturePath("riverton_cs_standards.case.json"));
    package["CFItems"][2].erase("fullStatement");
    {
        std::FILE* f = std::fopen(file.c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs(package.dump().c_str(), f);
        std::fclose(f);
    }
    auto run = Invoke({"framework", "import", file});
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.err.find("/CFItems/2/fullStatement"), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty());
    std::filesystem::remove(file);
    EXPECT_EQ(Invoke({"framework", "import", "/nonexistent/file.json"}).code, 1);
    EXPECT_EQ(Invoke({"framework", "export", "inconnu"}).code, 1);
    EXPECT_EQ(Invoke({"framework", "export", "--format", "pdf", "x"}).code, 2);
}

TEST_F(FrameworkCommandsTest, OtherCommandsAreNotOurs) {
    CLI::App app{"passeur"};
    auto runner = AddFrameworkCommands(app, env_);
    app.add_subcommand("version");
    const char* argv[] = {"passeur", "version"};
    app.parse(2, const_cast<char**>(argv));
    EXPECT_FALSE(runner().has_value());
}

}  // namespace
}  // namespace passeur::framework::testing
