// Evidence files of manual awards over the store (SQLite and PostgreSQL): accepted and refused
// uploads, bytes and SHA-256 stored as sent, the credential's Evidence entries, who may download
// (learner, staff, other organisation, anonymous before and after the learner made it public), the
// multipart API and its download route, the GDPR export and the account deletion; and the
// look-back of badges activated after tests were taken (real AssessmentService).
#include <array>
#include <string>
#include <vector>

#include "assessment/service/assessment_service.hpp"
#include "badge/badge_repository.hpp"
#include "core/encoding.hpp"
#include "credential/service/credential_service.hpp"
#include "fixture.hpp"
#include "item/item_service.hpp"
#include "item/scoring.hpp"

namespace passeur::badge::testing {
namespace {

// Bytes of the three accepted kinds, with NUL and high bytes (they must survive both engines).
std::string Pdf(std::size_t size = 1000) {
    std::string out = "%PDF-1.7\n";
    for (std::size_t i = 0; out.size() < size; ++i) out.push_back(static_cast<char>(i % 256));
    return out;
}
std::string Png(std::size_t size = 600) {
    std::string out("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    for (std::size_t i = 0; out.size() < size; ++i) out.push_back(static_cast<char>((i * 7) % 256));
    return out;
}
std::string Jpeg(std::size_t size = 700) {
    std::string out("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11);
    for (std::size_t i = 0; out.size() < size; ++i) out.push_back(static_cast<char>((i * 13) % 256));
    return out;
}

std::string Multipart(const std::vector<std::array<std::string, 3>>& parts, const std::string& boundary) {
    std::string body;
    for (const auto& [name, filename, value] : parts) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
        if (!filename.empty())
            body += "; filename=\"" + filename + "\"\r\nContent-Type: application/octet-stream";
        body += "\r\n\r\n" + value + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return body;
}

class EvidenceTest : public BadgeFixture {
protected:
    ManualAwardInput WithFiles(const account::LoginResult& learner, std::vector<EvidenceUpload> files) {
        ManualAwardInput in = Manual(learner);
        in.files = std::move(files);
        return in;
    }
    std::int64_t Files() { return Count("SELECT COUNT(*) FROM badge_award_files"); }
};

TEST_P(EvidenceTest, FilesAreCheckedStoredAndPutInTheCredential) {
    const Badge badge = Create("Démarche en ligne");
    const std::string pdf = Pdf(5000);
    const std::string png = Png();
    auto awarded = service_->AwardManually(
        P(mediator_), badge.id,
        WithFiles(learner_, {{"C:\\Users\\cam\\Attestation \"CAF\".PDF", pdf}, {"", png}}));
    ASSERT_TRUE(awarded) << awarded.error().field << ": " << awarded.error().message;
    ASSERT_EQ(awarded->files.size(), 2u);
    const EvidenceFile& f0 = awarded->files[0];
    EXPECT_EQ(f0.name, "Attestation _CAF_.pdf");
    EXPECT_EQ(f0.media_type, "application/pdf");
    EXPECT_EQ(f0.size, 5000);
    EXPECT_EQ(f0.sha256, core::Sha256Hex(pdf));
    EXPECT_EQ(f0.position, 0);
    EXPECT_EQ(awarded->files[1].name, "preuve-2.png");
    EXPECT_EQ(awarded->files[1].media_type, "image/png");
    EXPECT_EQ(awarded->files[1].sha256, core::Sha256Hex(png));
    EXPECT_EQ(Files(), 2);
    // The sha stored is the sha of the bytes read back.
    for (const EvidenceFile& f : awarded->files) {
        auto stored = BadgeRepository::ReadEvidenceFile(*db_, db_->Kind(), awarded->award.id, f.id);
        ASSERT_TRUE(stored) << stored.error().message;
        ASSERT_TRUE(*stored);
        EXPECT_EQ(core::Sha256Hex((*stored)->bytes), f.sha256);
        EXPECT_EQ((*stored)->bytes, f.position == 0 ? pdf : png);
    }

    // The credential: the observation, then one Evidence per file.
    const json& evidence = issuer_.inputs.back().evidence;
    ASSERT_EQ(evidence.size(), 3u);
    EXPECT_EQ(evidence[0]["genre"], "Observation");
    const json& e = evidence[1];
    EXPECT_EQ(e["id"], std::string(kBaseUrl) + "/preuves/" + awarded->award.id + "/" + f0.id);
    EXPECT_EQ(e["type"], json::array({"Evidence"}));
    EXPECT_EQ(e["name"], "Attestation _CAF_.pdf");
    EXPECT_EQ(e["mediaType"], "application/pdf");
    EXPECT_EQ(e["digestSRI"], Sha256Sri(f0.sha256));
    EXPECT_NE(e["description"].get<std::string>().find(f0.sha256), std::string::npos);
    EXPECT_EQ(awarded->award.credential["evidence"], evidence);
    const auto events = AuditOf("badge.awarded");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_NE(events[0].details_json.find("\"files\":2"), std::string::npos) << events[0].details_json;

    // The views list the files (the JSON of the API and the export too).
    auto read = service_->GetAward(P(mediator_), awarded->award.id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->files, awarded->files);
}

// Signed for real (CredentialService, eddsa-rdfc-2022 over the built-in contexts in safe mode): the
// Evidence entries of files use only defined terms, and the credential verifies; a changed digest
// does not.
TEST_P(EvidenceTest, SignedCredentialWithFilesVerifies) {
    std::array<std::uint8_t, 32> kek{};
    kek.fill(9);
    credential::CredentialService issuer(*db_, clock_, random_, credential::KeyVault::FromKek(kek),
                                         credential::CredentialConfig{kBaseUrl, "passeur"});
    ASSERT_TRUE(issuer.EnsureKey());
    BadgeService signing(*store_, *db_, clock_, random_, accounts_->Authz(), accounts_->Audit(), *frameworks_,
                         issuer, [] { return std::string(kBaseUrl); });
    const Badge badge = Create("Démarche en ligne", {}, 12);
    auto awarded = signing.AwardManually(
        P(mediator_), badge.id, WithFiles(learner_, {{"attestation.pdf", Pdf()}, {"photo.png", Png()}}));
    ASSERT_TRUE(awarded) << awarded.error().field << ": " << awarded.error().message;
    const json& credential = awarded->award.credential;
    ASSERT_EQ(credential["evidence"].size(), 3u);
    EXPECT_TRUE(credential.contains("proof"));
    auto verification = issuer.Verify(credential.dump());
    EXPECT_TRUE(verification.Ok()) << verification.reason;
    json tampered = credential;
    tampered["evidence"][1]["digestSRI"] = Sha256Sri(core::Sha256Hex("autre chose"));
    EXPECT_FALSE(issuer.Verify(tampered.dump()).Ok());
}

TEST_P(EvidenceTest, BadUploadsAreRefusedAndNothingIsStored) {
    const Badge badge = Create("Démarche en ligne");
    auto refused = [&](std::vector<EvidenceUpload> files, const std::string& field) {
        const int calls = issuer_.issue_calls;
        auto r = service_->AwardManually(P(mediator_), badge.id, WithFiles(learner_, std::move(files)));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, field) << r.error().message;
        EXPECT_EQ(issuer_.issue_calls, calls) << "refused before signing";
    };
    refused({{"photo.png", "GIF89a..."}}, "files[0]");  // wrong magic
    refused({{"a.pdf", Pdf()}, {"page.png", "<html><body>x</body></html>"}}, "files[1]");
    refused({{"scan.pdf", Pdf(kMaxEvidenceFileBytes + 1)}}, "files[0]");                          // too big
    refused({{"vide.pdf", ""}}, "files[0]");                                                      // empty
    refused({{"1.pdf", Pdf()}, {"2.png", Png()}, {"3.jpg", Jpeg()}, {"4.pdf", Pdf()}}, "files");  // too many
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards"), 0);
    EXPECT_EQ(Files(), 0);
    // The bounds themselves are accepted: three files, one of exactly 2 MiB.
    auto ok = service_->AwardManually(
        P(mediator_), badge.id,
        WithFiles(learner_, {{"1.pdf", Pdf(kMaxEvidenceFileBytes)}, {"2.png", Png()}, {"3.jpeg", Jpeg()}}));
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->files.size(), 3u);
    EXPECT_EQ(ok->files[2].name, "3.jpg");
    EXPECT_EQ(ok->files[2].media_type, "image/jpeg");
}

TEST_P(EvidenceTest, WhoMayDownload) {
    const Badge badge = Create("Démarche en ligne");
    const std::string pdf = Pdf();
    auto awarded =
        service_->AwardManually(P(mediator_), badge.id, WithFiles(learner_, {{"preuve.pdf", pdf}}));
    ASSERT_TRUE(awarded) << awarded.error().message;
    const std::string award = awarded->award.id;
    const std::string file = awarded->files.at(0).id;
    auto get = [&](const account::Principal* p) { return service_->EvidenceFileDownload(p, award, file); };
    const account::Principal learner = P(learner_), mediator = P(mediator_), admin = P(admin_),
                             root = P(root_), outsider = P(outsider_), other_learner = P(learner2_);
    for (const account::Principal* p : {&learner, &mediator, &admin, &root}) {
        auto got = get(p);
        ASSERT_TRUE(got) << p->user.email << ": " << got.error().message;
        EXPECT_EQ(got->bytes, pdf);
        EXPECT_EQ(got->file.media_type, "application/pdf");
    }
    for (const account::Principal* p :
         {&outsider, &other_learner, static_cast<const account::Principal*>(nullptr)}) {
        auto got = get(p);
        ASSERT_FALSE(got);
        EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound);
    }
    // Through the API: anonymous 404, then 200 once the learner made the badge public.
    const std::string target = "/api/v1/awards/" + award + "/files/" + file;
    EXPECT_EQ(Anonymous("GET", target).status, 404u);
    EXPECT_EQ(Call("GET", target, outsider_).status, 404u);
    ASSERT_TRUE(service_->SetPublic(learner, award, true));
    auto open = Anonymous("GET", target);
    ASSERT_EQ(open.status, 200u);
    EXPECT_EQ(open.response.body, pdf);
    EXPECT_EQ(open.response.Header("Content-Type").value_or(""), "application/pdf");
    EXPECT_EQ(open.response.Header("X-Content-Type-Options").value_or(""), "nosniff");
    EXPECT_EQ(open.response.Header("Content-Disposition").value_or(""),
              "attachment; filename=\"preuve.pdf\"; filename*=UTF-8''preuve.pdf");
    EXPECT_TRUE(get(&outsider));
    // An unknown file, or a file asked through another award: 404.
    EXPECT_EQ(Anonymous("GET", "/api/v1/awards/" + award + "/files/" + award).status, 404u);
    auto other = service_->AwardManually(P(mediator_), badge.id, Manual(learner2_));
    ASSERT_TRUE(other);
    EXPECT_EQ(Call("GET", "/api/v1/awards/" + other->award.id + "/files/" + file, mediator_).status, 404u);
    // Private again: 404 again.
    ASSERT_TRUE(service_->SetPublic(learner, award, false));
    EXPECT_EQ(Anonymous("GET", target).status, 404u);
}

TEST_P(EvidenceTest, MultipartApiAward) {
    const Badge badge = Create("Démarche en ligne");
    const std::string boundary = "----passeur-test-boundary";
    const std::string type = "multipart/form-data; boundary=" + boundary;
    auto post = [&](const std::vector<std::array<std::string, 3>>& parts) {
        return passeur::testing::CallRoute(
            router_, passeur::testing::WithSession(
                         passeur::testing::MakeApiRequest("POST", "/api/v1/badges/" + badge.id + "/awards",
                                                          Multipart(parts, boundary), type),
                         mediator_));
    };
    const std::string jpeg = Jpeg();
    const std::vector<std::array<std::string, 3>> text = {{"learner_id", "", learner_.user.id},
                                                          {"reason", "", "Atelier du jeudi"},
                                                          {"narrative", "", "A rempli seule sa déclaration."},
                                                          {"observed_on", "", IsoDate(clock_.NowMillis())}};
    auto with = [&](std::vector<std::array<std::string, 3>> files) {
        std::vector<std::array<std::string, 3>> parts = text;
        parts.insert(parts.end(), files.begin(), files.end());
        return parts;
    };
    auto bad = post(with({{"files", "script.jpg", "<script>alert(1)</script>"}}));
    EXPECT_EQ(bad.status, 400u);
    EXPECT_EQ(bad.error.field, "files[0]");
    auto unknown = post(with({{"fichier", "a.jpg", jpeg}}));
    EXPECT_EQ(unknown.status, 400u);
    EXPECT_EQ(unknown.error.field, "fichier");
    auto created = post(with({{"files", "photo atelier.jpg", jpeg}, {"files", "", ""}}));
    ASSERT_EQ(created.status, 201u) << created.error.message;
    ASSERT_EQ(created.body["files"].size(), 1u);
    const json& f = created.body["files"][0];
    EXPECT_EQ(f["name"], "photo atelier.jpg");
    EXPECT_EQ(f["media_type"], "image/jpeg");
    EXPECT_EQ(f["size"], jpeg.size());
    EXPECT_EQ(f["sha256"], core::Sha256Hex(jpeg));
    EXPECT_EQ(f["url"], std::string(kBaseUrl) + "/preuves/" + created.body["id"].get<std::string>() + "/" +
                            f["id"].get<std::string>());
    EXPECT_EQ(created.body["credential"]["evidence"].size(), 2u);
    EXPECT_EQ(Files(), 1);
}

TEST_P(EvidenceTest, ExportListsFilesAndDeletionRemovesThem) {
    const Badge badge = Create("Démarche en ligne");
    const std::string png = Png();
    auto awarded =
        service_->AwardManually(P(mediator_), badge.id, WithFiles(learner_, {{"capture.png", png}}));
    ASSERT_TRUE(awarded);
    auto other = service_->AwardManually(P(mediator_), badge.id, WithFiles(learner2_, {{"b.pdf", Pdf()}}));
    ASSERT_TRUE(other);
    accounts_->Accounts().AddExportSection(
        "badges", [this](const account::Principal& p) { return ExportBadges(*service_, p); });
    auto exported = accounts_->Accounts().Export(P(learner_));
    ASSERT_TRUE(exported) << exported.error().message;
    ASSERT_EQ((*exported)["badges"].size(), 1u);
    const json& files = (*exported)["badges"][0]["files"];
    ASSERT_EQ(files.size(), 1u);
    EXPECT_EQ(files[0]["name"], "capture.png");
    EXPECT_EQ(files[0]["media_type"], "image/png");
    EXPECT_EQ(files[0]["size"], png.size());
    EXPECT_EQ(files[0]["sha256"], core::Sha256Hex(png));
    EXPECT_EQ(Files(), 2);
    // The learner's account goes: their award and its files go with it; the other learner's stay.
    ASSERT_TRUE(accounts_->Accounts().DeleteAccount(P(learner_), kPassword, "192.0.2.1"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_award_files WHERE award_id = $1", {awarded->award.id}), 0);
    EXPECT_EQ(Files(), 1);
    // An award deleted (with its badge's organisation here) takes its files.
    ASSERT_TRUE(db_->Exec("DELETE FROM badge_awards WHERE id = $1", {other->award.id}));
    EXPECT_EQ(Files(), 0);
}

// ---- look-back -------------------------------------------------------------------------------

class LookBackTest : public BadgeFixture {
protected:
    // The learner takes a whole test answering every item right (competence 1.2 reaches level 2).
    void TakeTest(assessment::AssessmentService& assessments, item::ItemService& items,
                  const account::LoginResult& who) {
        const account::Principal learner = P(who);
        auto started = assessments.Start(learner, {"aidant-habilite-aidants-connect", 0});
        ASSERT_TRUE(started) << started.error().message;
        for (int guard = 0; guard < 200; ++guard) {
            auto step = assessments.Next(learner, started->id);
            ASSERT_TRUE(step) << step.error().message;
            if (step->done) return;
            auto found = items.Get(step->item->id, item::Actor::System());
            ASSERT_TRUE(found);
            auto outcome =
                assessments.Answer(learner, started->id, step->item->id, item::KeyResponse(found->item));
            ASSERT_TRUE(outcome) << outcome.error().message;
            if (outcome->done) return;
        }
        FAIL() << "the test never ended";
    }

    AwardRule Rule() {
        AwardRule rule;
        rule.kind = RuleKind::kCompetenceLevel;
        rule.competence = {kFramework, "", "1.2"};
        rule.level = 2;
        return rule;
    }

    std::int64_t AwardsOf(const std::string& badge_id) {
        return Count("SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1", {badge_id});
    }
};

TEST_P(LookBackTest, ActivatedBadgesAwardPastResultsOnce) {
    item::ItemService items(*db_, clock_, accounts_->Authz(), *frameworks_, "");
    ASSERT_TRUE(items.SeedShipped(PASSEUR_BADGE_TEST_DATA_DIR));
    assessment::AssessmentService assessments(*db_, clock_, random_, *frameworks_);
    assessments.AddCompletionListener(CompletionListener(*service_));
    TakeTest(assessments, items, learner_);
    TakeTest(assessments, items, learner_);   // two tests that meet the rule: still one award
    TakeTest(assessments, items, outsider_);  // a mediator of another organisation
    if (HasFatalFailure()) return;

    // Without the assessments, nothing looks back (as before).
    const Badge blind = Create("Sans regard en arrière", Rule());
    EXPECT_EQ(AwardsOf(blind.id), 0);

    service_->SetAssessments(&assessments);
    // Created active with an automatic rule: the past result is awarded, by the system.
    const Badge badge = Create("Protéger ses données", Rule());
    ASSERT_EQ(AwardsOf(badge.id), 1);
    auto mine = service_->ListMyAwards(P(learner_));
    ASSERT_TRUE(mine);
    const AwardView* found = nullptr;
    for (const AwardView& v : *mine) {
        if (v.badge.id == badge.id) found = &v;
    }
    ASSERT_NE(found, nullptr);
    EXPECT_TRUE(found->award.automatic);
    EXPECT_TRUE(found->award.awarded_by.empty());
    EXPECT_FALSE(found->award.assessment_id.empty());
    EXPECT_NE(found->award.reason.find("Résultat du test du "), std::string::npos) << found->award.reason;
    EXPECT_NE(found->award.reason.find("examiné à l'activation du badge par admin"), std::string::npos)
        << found->award.reason;
    bool audited = false;
    for (const auto& e : AuditOf("badge.awarded")) {
        if (e.subject == found->award.id) {
            audited = true;
            EXPECT_EQ(e.actor_user_id, "");
            EXPECT_NE(e.details_json.find("\"triggered_by\":\"" + admin_.user.id + "\""), std::string::npos)
                << e.details_json;
        }
    }
    EXPECT_TRUE(audited);

    // Idempotent: editing, archiving and re-activating never awards twice.
    BadgePatch rename;
    rename.name = "Protéger ses données personnelles";
    ASSERT_TRUE(service_->UpdateBadge(P(admin_), badge.id, rename));
    ASSERT_TRUE(service_->ArchiveBadge(P(admin_), badge.id));
    BadgePatch activate;
    activate.status = BadgeStatus::kActive;
    ASSERT_TRUE(service_->UpdateBadge(P(admin_), badge.id, activate));
    EXPECT_EQ(AwardsOf(badge.id), 1);

    // A draft awards nothing until it is activated; the blind badge looks back when its rule changes.
    BadgeInput draft = Input("Brouillon", Rule());
    draft.status = BadgeStatus::kDraft;
    auto created = service_->CreateBadge(P(admin_), org_, draft);
    ASSERT_TRUE(created);
    EXPECT_EQ(AwardsOf(created->id), 0);
    ASSERT_TRUE(service_->UpdateBadge(P(admin_), created->id, activate));
    EXPECT_EQ(AwardsOf(created->id), 1);
    BadgePatch level1;
    AwardRule lower = Rule();
    lower.level = 1;
    level1.rule = lower;
    ASSERT_TRUE(service_->UpdateBadge(P(admin_), blind.id, level1));
    EXPECT_EQ(AwardsOf(blind.id), 1);
    // Only the organisation's learners: nobody else was awarded anything.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM badge_awards WHERE user_id <> $1", {learner_.user.id}), 0);

    // A revoked award is never given back by a look-back.
    auto held = service_->ListBadgeAwards(P(mediator_), created->id);
    ASSERT_TRUE(held);
    ASSERT_TRUE(service_->Revoke(P(mediator_), held->at(0).award.id, "Erreur de saisie"));
    ASSERT_TRUE(service_->ArchiveBadge(P(admin_), created->id));
    ASSERT_TRUE(service_->UpdateBadge(P(admin_), created->id, activate));
    EXPECT_EQ(AwardsOf(created->id), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, EvidenceTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);
INSTANTIATE_TEST_SUITE_P(Engines, LookBackTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         EngineName);

}  // namespace
}  // namespace passeur::badge::testing
