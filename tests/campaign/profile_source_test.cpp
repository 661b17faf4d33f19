// ProfileSourceFrom over the framework service with the shipped frameworks and profiles (SQLite).
#include "campaign/profile_source.hpp"

#include <memory>

#include <gtest/gtest.h>

#include "account/authorizer.hpp"
#include "core/clock.hpp"
#include "support/test_store.hpp"

namespace passeur::campaign {
namespace {

TEST(ProfileSourceTest, ReadsShippedProfiles) {
    auto opened = passeur::testing::OpenTestStore(passeur::testing::Engine::kSqlite, "unused");
    ASSERT_NE(opened.store, nullptr);
    core::FakeClock clock;
    account::Authorizer authorizer(*opened.store);
    framework::FrameworkService frameworks(*opened.db, clock, authorizer);
    ASSERT_TRUE(frameworks.SeedShipped(PASSEUR_CAMPAIGN_TEST_DATA_DIR));
    ProfileSource source = ProfileSourceFrom(frameworks);
    auto profile = source("socle-emploi");
    ASSERT_TRUE(profile) << profile.error().message;
    EXPECT_EQ(profile->id, "socle-emploi");
    EXPECT_EQ(profile->name, "Socle numérique pour l'emploi");
    auto stored = frameworks.GetProfile("socle-emploi");
    ASSERT_TRUE(stored);
    ASSERT_EQ(profile->competences.size(), stored->profile.requirements.size());
    ASSERT_FALSE(profile->competences.empty());
    for (std::size_t i = 0; i < profile->competences.size(); ++i) {
        EXPECT_EQ(profile->competences[i].framework, stored->profile.requirements[i].framework);
        EXPECT_EQ(profile->competences[i].competence, stored->profile.requirements[i].competence);
        EXPECT_EQ(profile->competences[i].target_level, stored->profile.requirements[i].level);
    }
    auto missing = source("no-such-profile");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace passeur::campaign
