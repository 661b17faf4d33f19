// A migrated store and a PlaceService for the places repository/service/API/command tests:
// SQLite in memory, or PostgreSQL in its own schema when PASSEUR_TEST_PG_URL /
// PASSEUR_TEST_PG_URL_FILE is set (skipped otherwise, failed under CI=true). The territory of
// data/geo is loaded once per test binary.
#pragma once

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "places/geo/territory_loader.hpp"
#include "places/place_service.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"
#include "support/test_store.hpp"

namespace passeur::places::testing {

using passeur::testing::Engine;
using passeur::testing::EngineName;

inline constexpr const char* kPgSchema = "passeur_places_test";

inline std::shared_ptr<const geo::Territory> SharedTerritory() {
    static const std::shared_ptr<const geo::Territory> territory = [] {
        auto loaded = geo::LoadTerritory(std::string(PASSEUR_PLACES_DATA_DIR) + "/geo");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message;
            return std::make_shared<const geo::Territory>();
        }
        return std::make_shared<const geo::Territory>(std::move(*loaded));
    }();
    return territory;
}

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string DemoCsv() {
    return ReadFile(std::string(PASSEUR_PLACES_DATA_DIR) + "/places/demo-35.csv");
}

inline account::Principal SystemAdmin() {
    account::Principal p;
    p.user.platform_role = std::string(account::kPlatformAdmin);
    return p;
}

// A v1 CSV with the required columns and `rows` (each: id, nom, commune, code_postal, code_insee,
// latitude, longitude, services, horaires).
inline std::string MiniCsvHeader() {
    return "id,pivot,nom,commune,code_postal,code_insee,adresse,latitude,longitude,date_maj,services,"
           "horaires\n";
}
inline std::string MiniCsvRow(const std::string& id, const std::string& nom, const std::string& lat,
                              const std::string& lon,
                              const std::string& services = "Aide aux démarches administratives",
                              const std::string& horaires = "", const std::string& insee = "35238",
                              const std::string& postcode = "35000") {
    return id + ",12345678901234," + nom + ",Rennes," + postcode + "," + insee + ",1 rue de la Paix," + lat +
           "," + lon + ",2026-11-02," + services + "," + horaires + "\n";
}

class StoreTest : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        PASSEUR_OPEN_TEST_STORE(GetParam(), kPgSchema);
        authorizer_ = std::make_unique<account::Authorizer>(*store_);
        service_ =
            std::make_unique<PlaceService>(*store_, *db_, clock_, random_, *authorizer_, SharedTerritory());
        admin_ = SystemAdmin();
    }

    // An organisation with a member of `role` (returns the member's principal).
    account::Principal Member(const std::string& org_id, const std::string& department,
                              const std::string& email, const std::string& role) {
        if (!store_->Organizations().Get(org_id)) {
            store::Organization org{org_id, "Structure " + org_id, "epn", department, clock_.NowMillis()};
            EXPECT_TRUE(store_->Organizations().Create(org));
        }
        store::User user;
        user.id = "user-" + email.substr(0, email.find('@'));
        user.email = email;
        user.password_hash = "x";
        user.locale = "fr";
        user.created_at = clock_.NowMillis();
        EXPECT_TRUE(store_->Users().Create(user));
        store::Membership m;
        m.org_id = org_id;
        m.user_id = user.id;
        m.role = role;
        m.created_at = clock_.NowMillis();
        EXPECT_TRUE(store_->Memberships().Upsert(m));
        account::Principal p;
        p.user = user;
        return p;
    }

    std::int64_t Count() {
        auto rows = db_->Query("SELECT COUNT(*) FROM places");
        EXPECT_TRUE(rows);
        return rows ? store::AsInt(rows->front().front()) : -1;
    }

    core::FakeClock clock_;  // 2026-01-01T00:00:00Z
    core::SeededRandom random_{17};
    std::unique_ptr<store::Store> store_;
    store::Database* db_ = nullptr;
    std::unique_ptr<account::Authorizer> authorizer_;
    std::unique_ptr<PlaceService> service_;
    account::Principal admin_;
};

}  // namespace passeur::places::testing
