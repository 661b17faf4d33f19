// PlaceRepository and PlaceService over the store, on SQLite and (with the pg fixture) PostgreSQL:
// import / re-import / rejected rows / atomicity, an organisation's places and their permissions,
// the territory view, search (== brute force on the demo data and on random data, filters, hours)
// and zones blanches.
#include <algorithm>
#include <cmath>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "places/geo/geo_point.hpp"
#include "places/place_repository.hpp"
#include "store_fixture.hpp"

namespace passeur::places::testing {
namespace {

Place SamplePlace(const std::string& id) {
    auto imported = ImportPlaces(MiniCsvHeader() + MiniCsvRow(id, "Lieu " + id, "48.1", "-1.6"));
    EXPECT_TRUE(imported && imported->places.size() == 1);
    return imported->places.front();
}

using PlacesRepository = StoreTest;
using PlacesService = StoreTest;

TEST_P(PlacesRepository, InsertGetUpdateListDelete) {
    PlaceRecord r;
    r.place = SamplePlace("p1");
    r.place.horaires = "Mo-Fr 09:00-12:00";
    r.status = PlaceStatus::kPublished;
    r.department = DepartmentOfPlace(r.place);
    r.source = "import";
    r.created_at = r.updated_at = 1000;
    ASSERT_TRUE(PlaceRepository::Insert(*db_, r));
    auto again = PlaceRepository::Insert(*db_, r);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);

    auto got = PlaceRepository::Get(*db_, "p1");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(got->place, r.place);
    EXPECT_EQ(got->department, "35");
    EXPECT_EQ(got->status, PlaceStatus::kPublished);
    EXPECT_EQ(got->organization_id, "");
    EXPECT_EQ(got->created_at, 1000);

    r.place.nom = "Autre nom";
    r.status = PlaceStatus::kDraft;
    r.updated_at = 2000;
    ASSERT_TRUE(PlaceRepository::Update(*db_, r));
    got = PlaceRepository::Get(*db_, "p1");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->place.nom, "Autre nom");
    EXPECT_EQ(got->updated_at, 2000);
    EXPECT_TRUE(PlaceRepository::ListPublished(*db_)->empty());
    EXPECT_EQ(PlaceRepository::ListByDepartment(*db_, "35")->size(), 1u);
    EXPECT_TRUE(PlaceRepository::ListByDepartment(*db_, "22")->empty());

    PlaceRecord unknown_org = r;
    unknown_org.place.id = "p2";
    unknown_org.organization_id = "no-such-org";
    auto fk = PlaceRepository::Insert(*db_, unknown_org);
    ASSERT_FALSE(fk);
    EXPECT_EQ(fk.error().code, core::ErrorCode::kConflict);

    ASSERT_TRUE(PlaceRepository::Delete(*db_, "p1"));
    EXPECT_EQ(PlaceRepository::Get(*db_, "p1").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(PlaceRepository::Delete(*db_, "p1").error().code, core::ErrorCode::kNotFound);
}

TEST_P(PlacesRepository, DepartmentOfPlace) {
    Place p;
    p.code_insee = "97411";
    EXPECT_EQ(DepartmentOfPlace(p), "974");
    p.code_insee = "2A004";
    EXPECT_EQ(DepartmentOfPlace(p), "2A");
    p.code_insee.clear();
    p.code_postal = "20200";
    EXPECT_EQ(DepartmentOfPlace(p), "2B");
    p.code_postal = "20090";
    EXPECT_EQ(DepartmentOfPlace(p), "2A");
    p.code_postal = "35000";
    EXPECT_EQ(DepartmentOfPlace(p), "35");
}

TEST_P(PlacesService, ImportThenReimportUpdatesWithoutDuplicates) {
    auto first = service_->Import(DemoCsv(), {}, admin_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->rows, 40u);
    EXPECT_EQ(first->accepted, 40u);
    EXPECT_EQ(first->created, 40u);
    EXPECT_TRUE(first->rejected.empty());
    EXPECT_EQ(Count(), 40);

    auto second = service_->Import(DemoCsv(), {}, admin_);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->created, 0u);
    EXPECT_EQ(second->unchanged, 40u);
    EXPECT_EQ(Count(), 40);

    // One place changed in the file: updated in place, the rest unchanged.
    std::string changed = DemoCsv();
    const auto at = changed.find("Espace public numérique Villejean (démo)");
    ASSERT_NE(at, std::string::npos);
    changed.replace(at, 6, "Centre");
    auto third = service_->Import(changed, {}, admin_);
    ASSERT_TRUE(third);
    EXPECT_EQ(third->updated, 1u);
    EXPECT_EQ(third->unchanged, 39u);
    EXPECT_EQ(Count(), 40);
    auto got = service_->GetPublished("demo-35-001");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->place.nom, "Centre public numérique Villejean (démo)");
    EXPECT_EQ(got->department, "35");

    account::Principal nobody;
    nobody.user.id = "someone";
    EXPECT_EQ(service_->Import(DemoCsv(), {}, nobody).error().code, core::ErrorCode::kPermissionDenied);
}

TEST_P(PlacesService, HalfBadFileKeepsGoodRowsAndStoresNoneOfTheBad) {
    const std::string csv = MiniCsvHeader() + MiniCsvRow("good-1", "Bon un", "48.1", "-1.6") +
                            MiniCsvRow("bad-1", "", "48.1", "-1.6") +                    // line 3: nom
                            MiniCsvRow("good-2", "Bon deux", "48.2", "-1.7") +           // line 4
                            MiniCsvRow("bad-2", "Mauvais", "48.1", "-1.6", "Cuisine") +  // line 5: services
                            MiniCsvRow("bad-3", "Mauvais", "95.0", "-1.6");              // line 6: latitude
    auto report = service_->Import(csv, {}, admin_);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->rows, 5u);
    EXPECT_EQ(report->accepted, 2u);
    ASSERT_EQ(report->rejected.size(), 3u);
    EXPECT_EQ(report->rejected[0].line, 3u);
    EXPECT_EQ(report->rejected[0].field, "nom");
    EXPECT_EQ(report->rejected[1].line, 5u);
    EXPECT_EQ(report->rejected[1].field, "services");
    EXPECT_EQ(report->rejected[2].line, 6u);
    EXPECT_EQ(report->rejected[2].field, "latitude");
    EXPECT_EQ(Count(), 2);
    EXPECT_TRUE(service_->GetPublished("good-1"));
    EXPECT_TRUE(service_->GetPublished("good-2"));
    for (const char* bad : {"bad-1", "bad-2", "bad-3"}) {
        EXPECT_EQ(service_->GetPublished(bad).error().code, core::ErrorCode::kNotFound) << bad;
    }
    // A whole-file error stores nothing.
    auto broken = service_->Import(MiniCsvHeader() + "x,\"unterminated\n", {}, admin_);
    EXPECT_FALSE(broken);
    EXPECT_EQ(Count(), 2);
}

TEST_P(PlacesService, FailingWriteRollsBackTheWholeImport) {
    ASSERT_TRUE(service_->Import(MiniCsvHeader() + MiniCsvRow("a", "Un", "48.1", "-1.6"), {}, admin_));
    // Row 1 updates "a"; row 2 creates "b" for an unknown organisation (foreign key): nothing stays.
    PlaceImportOptions options;
    options.organization_id = "no-such-org";
    auto report = service_->Import(MiniCsvHeader() + MiniCsvRow("a", "Un modifié", "48.1", "-1.6") +
                                       MiniCsvRow("b", "Deux", "48.1", "-1.6"),
                                   options, admin_);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(Count(), 1);
    EXPECT_EQ(service_->GetPublished("a")->place.nom, "Un");
}

TEST_P(PlacesService, OrganisationsManageOnlyTheirOwnPlaces) {
    auto mediator_a = Member("org-a", "35", "med.a@exemple.fr", "mediator");
    auto learner_a = Member("org-a", "35", "learner.a@exemple.fr", "learner");
    auto admin_b = Member("org-b", "22", "admin.b@exemple.fr", "org_admin");

    Place place = SamplePlace("tmp");
    place.id.clear();
    auto created = service_->Create("org-a", place, mediator_a);
    ASSERT_TRUE(created) << created.error().message;
    EXPECT_EQ(created->status, PlaceStatus::kDraft);
    EXPECT_EQ(created->organization_id, "org-a");
    EXPECT_EQ(created->place.id.size(), 36u);  // a new UUID
    const std::string id = created->place.id;

    EXPECT_EQ(service_->Create("org-a", place, learner_a).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->Create("org-b", place, mediator_a).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetForOrg("org-b", id, admin_b).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Update("org-b", id, created->place, admin_b).error().code,
              core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->Delete("org-b", id, admin_b).error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->SetStatus("org-b", id, PlaceStatus::kPublished, admin_b).error().code,
              core::ErrorCode::kNotFound);

    Place invalid = created->place;
    invalid.code_postal = "123";
    invalid.services.clear();
    auto rejected = service_->Update("org-a", id, invalid, mediator_a);
    ASSERT_FALSE(rejected);
    EXPECT_EQ(rejected.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(rejected.error().field, "code_postal");
    EXPECT_NE(rejected.error().message.find("services"), std::string::npos);

    EXPECT_EQ(service_->GetPublished(id).error().code, core::ErrorCode::kNotFound);  // a draft
    ASSERT_TRUE(service_->SetStatus("org-a", id, PlaceStatus::kPublished, mediator_a));
    EXPECT_TRUE(service_->GetPublished(id));
    Place renamed = created->place;
    renamed.nom = "Nouveau nom";
    auto updated = service_->Update("org-a", id, renamed, mediator_a);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->status, PlaceStatus::kPublished);
    EXPECT_EQ(service_->ListForOrg("org-a", learner_a)->size(), 1u);
    EXPECT_EQ(service_->ListForOrg("org-a", admin_b).error().code, core::ErrorCode::kNotFound);
    ASSERT_TRUE(service_->Delete("org-a", id, mediator_a));
    EXPECT_EQ(Count(), 0);
}

TEST_P(PlacesService, CoordinatorsSeeTheirTerritory) {
    ASSERT_TRUE(service_->Import(DemoCsv(), {}, admin_));
    auto coordinator = Member("coord-35", "35", "coord@exemple.fr", "coordinator");
    auto mediator = Member("epn-35", "35", "med@exemple.fr", "mediator");
    Place draft = SamplePlace("draft-1");
    ASSERT_TRUE(service_->Create("epn-35", draft, mediator));

    auto departments = service_->CoordinatedDepartments(coordinator);
    ASSERT_TRUE(departments);
    EXPECT_EQ(*departments, std::vector<std::string>{"35"});
    auto places = service_->ListForTerritory("35", coordinator);
    ASSERT_TRUE(places) << places.error().message;
    EXPECT_EQ(places->size(), 41u);  // drafts included
    EXPECT_EQ(service_->ListForTerritory("22", coordinator).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->ListForTerritory("35", mediator).error().code, core::ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->ListForTerritory("99", coordinator).error().code, core::ErrorCode::kNotFound);
    EXPECT_TRUE(service_->ListForTerritory("22", admin_));
}

// Brute force over the published places: every one accepted by `keep`, by (distance, id).
std::vector<std::pair<std::string, double>> BruteForce(store::Database& db, geo::LatLon from,
                                                       std::size_t limit,
                                                       const std::function<bool(const Place&)>& keep) {
    std::vector<std::pair<double, std::string>> all;
    auto published = PlaceRepository::ListPublished(db);
    EXPECT_TRUE(published);
    for (const PlaceRecord& r : *published) {
        if (!r.place.latitude || !keep(r.place)) continue;
        all.emplace_back(geo::HaversineKm(from, {*r.place.latitude, *r.place.longitude}), r.place.id);
    }
    std::sort(all.begin(), all.end());
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t i = 0; i < all.size() && i < limit; ++i) out.emplace_back(all[i].second, all[i].first);
    return out;
}

std::vector<std::pair<std::string, double>> Hits(const SearchResult& result) {
    std::vector<std::pair<std::string, double>> out;
    for (const SearchHit& h : result.hits) out.emplace_back(h.record.place.id, h.distance_km);
    return out;
}

TEST_P(PlacesService, SearchEqualsBruteForceOnDemoData) {
    ASSERT_TRUE(service_->Import(DemoCsv(), {}, admin_));
    auto all = [](const Place&) { return true; };
    for (geo::LatLon from : {geo::LatLon{48.11198, -1.67429}, geo::LatLon{47.65, -2.08},
                             geo::LatLon{48.6, -1.2}, geo::LatLon{43.3, 5.4}}) {
        for (std::size_t limit : {1u, 5u, 40u, 100u}) {
            SearchQuery q;
            q.point = from;
            q.limit = limit;
            auto result = service_->Search(q);
            ASSERT_TRUE(result) << result.error().message;
            EXPECT_EQ(Hits(*result), BruteForce(*db_, from, limit, all)) << from.lat << "," << from.lon;
        }
    }
    // By commune name: the commune centre, said so.
    SearchQuery by_name;
    by_name.commune_name = "redon";
    by_name.street = "3 rue du Port";
    by_name.limit = 3;
    auto result = service_->Search(by_name);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->origin_is_commune_centre);
    ASSERT_NE(result->commune, nullptr);
    EXPECT_EQ(result->commune->insee, "35236");
    EXPECT_NE(result->note.find("centre de la commune"), std::string::npos);
    EXPECT_NE(result->note.find("3 rue du Port"), std::string::npos);
    EXPECT_EQ(Hits(*result), BruteForce(*db_, *result->commune->position, 3, all));
    EXPECT_EQ(result->hits.front().record.place.commune, "Redon");
    // Its places stand in their streets, a few hundred metres from the commune's centre.
    EXPECT_GT(result->hits.front().distance_km, 0.05);
    EXPECT_LT(result->hits.front().distance_km, 1.0);
    // By postcode and INSEE code.
    SearchQuery by_postcode;
    by_postcode.postcode = "35300";
    EXPECT_EQ(service_->Search(by_postcode)->commune->insee, "35115");
    SearchQuery by_insee;
    by_insee.insee = "35288";
    EXPECT_EQ(service_->Search(by_insee)->hits.front().record.place.commune, "Saint-Malo");
    SearchQuery unknown;
    unknown.commune_name = "zzzzzz";
    EXPECT_EQ(service_->Search(unknown).error().code, core::ErrorCode::kNotFound);
    SearchQuery nothing;
    EXPECT_EQ(service_->Search(nothing).error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(PlacesService, SearchEqualsBruteForceOnRandomData) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lat(47.6, 48.7);
    std::uniform_real_distribution<double> lon(-2.3, -1.0);
    std::string csv = MiniCsvHeader();
    const std::vector<std::string> services = {
        "Aide aux démarches administratives", "Loisirs et créations numériques",
        "Aide aux démarches administratives|Loisirs et créations numériques"};
    for (int i = 0; i < 300; ++i) {
        csv +=
            MiniCsvRow(fmt::format("r{:04d}", i), fmt::format("Lieu {}", i), fmt::format("{:.6f}", lat(rng)),
                       fmt::format("{:.6f}", lon(rng)), services[static_cast<std::size_t>(i) % 3]);
    }
    ASSERT_TRUE(service_->Import(csv, {}, admin_));
    auto loisirs = [](const Place& p) {
        return std::find(p.services.begin(), p.services.end(), Service::kLoisirsEtCreationsNumeriques) !=
               p.services.end();
    };
    for (int trial = 0; trial < 25; ++trial) {
        const geo::LatLon from{lat(rng), lon(rng)};
        SearchQuery q;
        q.point = from;
        q.limit = 1 + static_cast<std::size_t>(trial) * 4;
        auto plain = service_->Search(q);
        ASSERT_TRUE(plain);
        EXPECT_EQ(Hits(*plain), BruteForce(*db_, from, q.limit, [](const Place&) { return true; }));
        q.services = {Service::kLoisirsEtCreationsNumeriques};
        auto filtered = service_->Search(q);
        ASSERT_TRUE(filtered);
        EXPECT_EQ(Hits(*filtered), BruteForce(*db_, from, q.limit, loisirs));
        q.radius_km = 10.0;
        q.limit = 100;
        auto within = service_->Search(q);
        ASSERT_TRUE(within);
        auto expected = BruteForce(*db_, from, 100, loisirs);
        expected.erase(
            std::remove_if(expected.begin(), expected.end(), [](auto& e) { return e.second > 10.0; }),
            expected.end());
        EXPECT_EQ(Hits(*within), expected);
    }
}

TEST_P(PlacesService, IndexFollowsWrites) {
    ASSERT_TRUE(service_->Import(MiniCsvHeader() + MiniCsvRow("a", "Un", "48.1", "-1.6"), {}, admin_));
    SearchQuery q;
    q.point = geo::LatLon{48.1, -1.6};
    EXPECT_EQ(service_->Search(q)->hits.size(), 1u);
    ASSERT_TRUE(service_->Import(MiniCsvHeader() + MiniCsvRow("b", "Deux", "48.2", "-1.6"), {}, admin_));
    EXPECT_EQ(service_->Search(q)->hits.size(), 2u);
}

TEST_P(PlacesService, HoursFiltersKeepUnparsedPlacesFlagged) {
    ASSERT_TRUE(service_->Import(DemoCsv(), {}, admin_));
    SearchQuery q;
    q.point = geo::LatLon{48.11198, -1.67429};
    q.limit = 100;
    q.open_on_weekday = 5;  // Saturday
    auto saturday = service_->Search(q);
    ASSERT_TRUE(saturday) << saturday.error().message;
    std::set<std::string> unparsed, missing, open;
    for (const SearchHit& h : saturday->hits) {
        if (h.hours == HoursStatus::kUnparsed) unparsed.insert(h.record.place.id);
        if (h.hours == HoursStatus::kMissing) missing.insert(h.record.place.id);
        if (h.hours == HoursStatus::kOpen) {
            open.insert(h.record.place.id);
            EXPECT_EQ(OpeningHours::Parse(h.record.place.horaires).OpensOn(5), true) << h.record.place.id;
        }
    }
    EXPECT_EQ(unparsed, (std::set<std::string>{"demo-35-014", "demo-35-037"}));  // "...; SH off"
    EXPECT_EQ(missing, (std::set<std::string>{"demo-35-021", "demo-35-040"}));   // no hours given
    EXPECT_GE(open.size(), 10u);
    EXPECT_EQ(open.count("demo-35-002"), 0u);  // Mo-Fr only
    EXPECT_TRUE(service_->GetPublished("demo-35-014")->hours_unparsed);
    // Ordered by distance like every search.
    for (std::size_t i = 1; i < saturday->hits.size(); ++i) {
        EXPECT_LE(saturday->hits[i - 1].distance_km, saturday->hits[i].distance_km);
    }

    // Open now, a Saturday at 11:00 in Rennes (10:00 UTC in November).
    clock_.Set(static_cast<std::int64_t>(DaysFromCivil({2026, 11, 21})) * 86'400'000 + 10 * 3'600'000);
    SearchQuery now = q;
    now.open_on_weekday.reset();
    now.open_now = true;
    auto open_now = service_->Search(now);
    ASSERT_TRUE(open_now);
    std::set<std::string> ids;
    for (const SearchHit& h : open_now->hits) ids.insert(h.record.place.id);
    EXPECT_EQ(ids.count("demo-35-001"), 1u);  // Tu-Sa 10:00-12:30
    EXPECT_EQ(ids.count("demo-35-002"), 0u);  // Mo-Fr
    EXPECT_EQ(ids.count("demo-35-005"), 0u);  // Tu,Th 17:00-20:00
    EXPECT_EQ(ids.count("demo-35-014"), 1u);  // unparsed: kept
    // Services filter: every hit offers it.
    SearchQuery ressourcerie;
    ressourcerie.point = q.point;
    ressourcerie.services = {Service::kAcquisitionDeMaterielInformatiqueAPrixSolidaire};
    auto found = service_->Search(ressourcerie);
    ASSERT_TRUE(found);
    ASSERT_EQ(found->hits.size(), 2u);
}

TEST_P(PlacesService, WhiteZonesOfIlleEtVilaine) {
    ASSERT_TRUE(service_->Import(DemoCsv(), {}, admin_));
    WhiteZonesQuery q;
    q.department = "35";
    q.km = 10.0;
    auto zones = service_->WhiteZones(q);
    ASSERT_TRUE(zones) << zones.error().message;
    const auto& j = zones->json;
    for (const char* key : {"communes_total", "communes_with_coords", "population_with_coords",
                            "population_beyond", "share_beyond", "communes_beyond"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_EQ(j["communes_total"], 332);
    EXPECT_EQ(j["places"], 40);
    const double share = j["share_beyond"].get<double>();
    EXPECT_GE(share, 0.0);
    EXPECT_LE(share, 1.0);
    EXPECT_GT(j["population_beyond"].get<std::int64_t>(), 0);
    EXPECT_TRUE(j["communes"][0]["nearest_place"].is_string());
    EXPECT_EQ(zones->places.size(), 40u);
    ASSERT_NE(zones->outline, nullptr);
    // Rennes' centre is less than a kilometre from a place.
    bool rennes_found = false;
    for (const auto& c : j["communes"]) {
        if (c["insee"] == "35238") {
            rennes_found = true;
            EXPECT_LT(c["distance_km"].get<double>(), 1.0);
        }
    }
    EXPECT_TRUE(rennes_found);
    // A service no demo place offers in the area: everybody with coordinates is beyond.
    q.service = Service::kParentaliteEtEducationAvecLeNumerique;
    auto parentalite = service_->WhiteZones(q);
    ASSERT_TRUE(parentalite);
    EXPECT_LT(parentalite->json["places"].get<int>(), 40);
    EXPECT_GE(parentalite->json["share_beyond"].get<double>(), share);
    q.department = "99";
    EXPECT_EQ(service_->WhiteZones(q).error().code, core::ErrorCode::kNotFound);
    q.department = "35";
    q.km = 0;
    EXPECT_EQ(service_->WhiteZones(q).error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(PlacesService, ExportIsTheV1OfPublishedPlaces) {
    ASSERT_TRUE(service_->Import(DemoCsv(), {}, admin_));
    auto mediator = Member("epn-35", "35", "med@exemple.fr", "mediator");
    ASSERT_TRUE(service_->Create("epn-35", SamplePlace("draft-1"), mediator));
    auto csv = service_->Export(ExportFormat::kCsv);
    ASSERT_TRUE(csv);
    auto back = ImportPlaces(*csv);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->places.size(), 40u);  // the draft is not exported
    auto original = ImportPlaces(DemoCsv());
    ASSERT_TRUE(original);
    EXPECT_EQ(back->places, original->places);  // both by id
    auto json = service_->Export(ExportFormat::kJson, "22");
    ASSERT_TRUE(json);
    EXPECT_EQ(*json, ExportJson(std::vector<Place>{}));
}

TEST_P(PlacesService, SeedDemoPlacesAttachesSomeToTheDemoOrganisation) {
    auto member = Member("demo-org", "35", "demo@exemple.fr", "org_admin");
    auto seeded = SeedDemoPlaces(*service_, PASSEUR_PLACES_DATA_DIR, "demo-org");
    ASSERT_TRUE(seeded) << seeded.error().message;
    EXPECT_EQ(seeded->created, 40u);
    auto again = SeedDemoPlaces(*service_, PASSEUR_PLACES_DATA_DIR, "demo-org");
    ASSERT_TRUE(again);
    EXPECT_EQ(again->unchanged, 40u);
    auto own = service_->ListForOrg("demo-org", member);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->size(), 4u);
    EXPECT_EQ(Count(), 40);
    EXPECT_FALSE(SeedDemoPlaces(*service_, "/nonexistent", "demo-org"));
}

TEST(PlacesLocalTime, ParisSummerTimeAndOverseas) {
    auto at = [](int y, int m, int d, int h, int min) {
        return static_cast<std::int64_t>(DaysFromCivil({y, m, d})) * 86'400'000 + (h * 60 + min) * 60'000LL;
    };
    EXPECT_EQ(LocalTimeIn("35", at(2026, 1, 15, 12, 0)).minute, 13 * 60);
    EXPECT_EQ(LocalTimeIn("35", at(2026, 7, 14, 12, 0)).minute, 14 * 60);
    EXPECT_EQ(LocalTimeIn("35", at(2026, 3, 29, 0, 59)).minute, 1 * 60 + 59);
    EXPECT_EQ(LocalTimeIn("35", at(2026, 3, 29, 1, 0)).minute, 3 * 60);
    EXPECT_EQ(LocalTimeIn("35", at(2026, 10, 25, 0, 59)).minute, 2 * 60 + 59);
    EXPECT_EQ(LocalTimeIn("35", at(2026, 10, 25, 1, 0)).minute, 2 * 60);
    auto reunion = LocalTimeIn("974", at(2026, 12, 31, 22, 30));
    EXPECT_EQ(reunion.date, (Date{2027, 1, 1}));
    EXPECT_EQ(reunion.minute, 2 * 60 + 30);
    EXPECT_EQ(LocalTimeIn("971", at(2026, 1, 1, 2, 0)).date, (Date{2025, 12, 31}));
}

INSTANTIATE_TEST_SUITE_P(Engines, PlacesRepository, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, PlacesService, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::places::testing
