// `passeur items check|import` on the shipped bank, the engine's test bank and a fresh SQLite file.
#include "item/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"
#include "support/command_run.hpp"
#include <unistd.h>

namespace passeur::item::testing {
namespace {

using nlohmann::json;

class ItemCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = std::filesystem::temp_directory_path() /
                ("passeur_item_cmd_" + std::to_string(::getpid()) + ".db");
        Remove();
        env_.default_db = "sqlite:" + path_.string();
        env_.data_dir = PASSEUR_ITEM_BANK_DATA_DIR;
    }
    void TearDown() override { Remove(); }
    void Remove() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
    }

    using Run = passeur::testing::CommandRun;
    Run Invoke(std::vector<std::string> args) {
        return passeur::testing::RunCommand([this](CLI::App& app) { return AddItemCommands(app, env_); },
                                            args);
    }

    std::filesystem::path path_;
    core::CommandEnv env_;
};

TEST_F(ItemCommandsTest, CheckTheShippedBankExitsZero) {
    Run run = Invoke({"items", "check", "--json"});
    ASSERT_EQ(run.code, 0) << run.out.substr(0, 2000) << run.err;
    json report = json::parse(run.out);
    EXPECT_EQ(report["ok"], true);
    EXPECT_GE(report["items_total"].get<int>(), 320);
    EXPECT_TRUE(report["frameworks"].contains("competences-numeriques"));
}

TEST_F(ItemCommandsTest, CheckExitCodesForProblemsAndAMissingFolder) {
    Run problems = Invoke({"items", "check", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/bank"});
    EXPECT_EQ(problems.code, 1);
    EXPECT_NE(problems.out.find(".json:"), std::string::npos) << problems.out;
    Run missing =
        Invoke({"items", "check", "--json", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/absent"});
    EXPECT_EQ(missing.code, 2);
    EXPECT_TRUE(json::parse(missing.out).contains("error"));
    Run ok = Invoke({"items", "check", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/ok"});
    EXPECT_EQ(ok.code, 0) << ok.out;
}

TEST_F(ItemCommandsTest, ImportLoadsTheBankAndRefusesABadOne) {
    Run bad = Invoke({"items", "import", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/bank"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_NE(bad.err.find("rien n'a été importé"), std::string::npos) << bad.err;
    Run good = Invoke({"items", "import", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/ok"});
    ASSERT_EQ(good.code, 0) << good.err;
    EXPECT_NE(good.out.find("1 question(s) créée(s)"), std::string::npos) << good.out;
    Run again = Invoke({"items", "import", "--dir", std::string(PASSEUR_ITEM_TEST_DATA_DIR) + "/ok"});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("1 inchangée(s)"), std::string::npos) << again.out;
}

TEST_F(ItemCommandsTest, OtherCommandsAreNotOurs) {
    CLI::App app{"passeur"};
    auto runner = AddItemCommands(app, env_);
    app.add_subcommand("autre", "");
    std::vector<const char*> argv = {"passeur", "autre"};
    app.parse(2, const_cast<char**>(argv.data()));
    EXPECT_FALSE(runner().has_value());
}

}  // namespace
}  // namespace passeur::item::testing
