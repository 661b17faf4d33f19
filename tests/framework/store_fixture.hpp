// A migrated store for the framework repository/service tests: SQLite in memory, or PostgreSQL in
// its own schema when PASSEUR_TEST_PG_URL / PASSEUR_TEST_PG_URL_FILE is set (skipped otherwise,
// failed under CI=true).
#pragma once

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "framework/framework_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"
#include "support/test_store.hpp"

namespace passeur::framework::testing {

using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_framework_test";

class StoreTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        authorizer_ = std::make_unique<account::Authorizer>(*store_);
        audit_ = std::make_unique<account::AuditLog>(*store_, clock_, random_);
        service_ = std::make_unique<FrameworkService>(*db_, clock_, *authorizer_, audit_.get());
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
    std::unique_ptr<FrameworkService> service_;
    account::Principal admin_;
    account::Principal someone_;
};

}  // namespace passeur::framework::testing
