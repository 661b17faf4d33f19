// A migrated store with the shipped frameworks seeded, for the item repository/service/API tests:
// SQLite in memory, or PostgreSQL in its own schema when PASSEUR_TEST_PG_URL /
// PASSEUR_TEST_PG_URL_FILE is set (skipped otherwise, failed under CI=true).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "item/item_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"
#include "support/test_store.hpp"

namespace passeur::item::testing {

using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_item_test";

// A fresh temporary folder, removed at destruction.
class TempDir {
public:
    TempDir() {
        static int counter = 0;
        path_ = std::filesystem::temp_directory_path() /
                ("passeur-item-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    void Write(const std::string& relative, const std::string& text) const {
        auto file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << text;
    }

private:
    std::filesystem::path path_;
};

// A valid single-choice item of competences-numeriques 1.1 (JsonScope::kFull).
inline nlohmann::json SampleItem(const std::string& id = "cn-1.1-901",
                                 const std::string& stem = "Quelle touche ?") {
    return {{"id", id},
            {"framework", "competences-numeriques"},
            {"competence", "1.1"},
            {"level", 2},
            {"type", "single_choice"},
            {"stem", stem},
            {"options", {{{"id", "a"}, {"text", "Entrée"}}, {{"id", "b"}, {"text", "Échap"}}}},
            {"answer", "a"},
            {"feedback", "La touche **Entrée** valide."}};
}

// An item file of competences-numeriques/1.1.json holding `items` (kFileItem objects).
inline std::string ItemFile(const nlohmann::json& items) {
    return nlohmann::json{{"format", "passeur-items/1"},
                          {"framework", "competences-numeriques"},
                          {"competence", "1.1"},
                          {"items", items}}
        .dump(2);
}

// SampleItem without the kFull members, for item files.
inline nlohmann::json FileItem(const std::string& id, const std::string& stem = "Quelle touche ?") {
    nlohmann::json item = SampleItem(id, stem);
    item.erase("framework");
    item.erase("competence");
    return item;
}

class StoreTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        authorizer_ = std::make_unique<account::Authorizer>(*store_);
        audit_ = std::make_unique<account::AuditLog>(*store_, clock_, random_);
        frameworks_ = std::make_unique<framework::FrameworkService>(*db_, clock_, *authorizer_);
        auto seeded = frameworks_->SeedShipped(PASSEUR_ITEM_BANK_DATA_DIR);
        ASSERT_TRUE(seeded) << seeded.error().message;
        service_ = std::make_unique<ItemService>(*db_, clock_, *authorizer_, *frameworks_, "", audit_.get());
        admin_ = MakePrincipal("admin@passeur.example", std::string(account::kPlatformAdmin));
        someone_ = MakePrincipal("mediatrice@passeur.example", "");
    }

    account::Principal MakePrincipal(const std::string& email, const std::string& platform_role) {
        store::User user;
        user.id = "user-" + email.substr(0, email.find('@'));
        user.email = email;
        user.password_hash = "x";
        user.locale = "fr";
        user.platform_role = platform_role;
        user.created_at = clock_.NowMillis();
        EXPECT_TRUE(store_->Users().Create(user));
        account::Principal p;
        p.kind = account::PrincipalKind::kSession;
        p.user = user;
        return p;
    }

    std::int64_t Count(const std::string& table) {
        auto rows = db_->Query("SELECT COUNT(*) FROM " + table);
        EXPECT_TRUE(rows);
        return rows ? store::AsInt(rows->front().front()) : -1;
    }

    core::FakeClock clock_;
    core::SeededRandom random_{11};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::Authorizer> authorizer_;
    std::unique_ptr<account::AuditLog> audit_;
    std::unique_ptr<framework::FrameworkService> frameworks_;
    std::unique_ptr<ItemService> service_;
    account::Principal admin_;
    account::Principal someone_;
};

}  // namespace passeur::item::testing
