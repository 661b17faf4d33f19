// The demo territory (campaign/demo.hpp): fictitious people who cannot log in, enough of them for
// the coordinator's groups to show, and a second run that changes nothing.
#include "campaign/demo.hpp"

#include <string>

#include <gtest/gtest.h>

#include "fixture.hpp"

namespace passeur::campaign::testing {
namespace {

class DemoTerritoryTest : public CampaignFixture {
protected:
    void SetUp() override {
        CampaignFixture::SetUp();
        if (IsSkipped()) return;
        profiles_["mediateur-numerique"] = {"mediateur-numerique",
                                            "Médiateur numérique",
                                            {{kFramework, "1.1", 4}, {kFramework, "2.1", 5}},
                                            "mediator"};
        Person("mediatrice@demo.passeur.fr", org_, account::kRoleMediator);
    }
};

TEST_P(DemoTerritoryTest, TwelveFictitiousPeopleShareAndNobodyCanLogIn) {
    auto seeded = SeedDemoTerritory(*service_, *store_, clock_, random_, org_);
    ASSERT_TRUE(seeded) << seeded.error().message;
    EXPECT_EQ(*seeded, kDemoTerritoryPeople);
    const std::int64_t users = Count("SELECT COUNT(*) FROM users");

    auto again = SeedDemoTerritory(*service_, *store_, clock_, random_, org_);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, kDemoTerritoryPeople);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), users);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM campaigns WHERE audience = 'mediator'"), 1);

    auto person = store_->Users().FindByEmail("personne.demo01@demo.passeur.fr");
    ASSERT_TRUE(person);
    EXPECT_TRUE(person->disabled);
    EXPECT_EQ(person->password_hash, "");

    // The coordinator of the département sees them as a group, by job too; levels are spread, so
    // both met and gap verdicts occur.
    auto territory = service_->Territory(coordinator_, "59");
    ASSERT_TRUE(territory) << territory.error().message;
    EXPECT_EQ(territory->people, kDemoTerritoryPeople);
    ASSERT_EQ(territory->jobs.size(), 1u);
    EXPECT_EQ(territory->jobs[0].audience, "mediator");
    ASSERT_EQ(territory->competences.size(), 2u);
    int met = 0, gap = 0;
    for (const CompetenceGroup& c : territory->competences) {
        met += c.met;
        gap += c.gap;
    }
    EXPECT_GT(met, 0);
    EXPECT_GT(gap, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DemoTerritoryTest,
                         ::testing::Values(passeur::testing::Engine::kSqlite,
                                           passeur::testing::Engine::kPostgres),
                         passeur::testing::EngineName);

}  // namespace
}  // namespace passeur::campaign::testing
