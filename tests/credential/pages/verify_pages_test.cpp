// The public verification page (src/credential/pages) through the router, with a real
// CredentialService on SQLite: the form, verdicts valid / tampered / revoked / expired / malformed
// in words, paste and upload (multipart), the e-mail check, issuer notes (ours, did:key), the QR
// link ?award= (found, not found, private, invalid), CSRF (anonymous cookie and session), form
// errors with the error summary, and oversized input.
#include "credential/pages/verify_pages.hpp"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "account/module.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "credential/service/credential_service.hpp"
#include "credential/service/key_vault.hpp"
#include "http/error_mapping.hpp"
#include "http/router.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"
#include "web/renderer.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr const char* kBoundary = "----passeur-test-7Yq2";
constexpr const char* kEmail = "ana@exemple.fr";
constexpr const char* kPassword = "Tournesol-vert-42";

// Text as the templates show it (kainjow's HTML escaping).
std::string Esc(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

struct Part {
    std::string name;
    std::string value;
    std::optional<std::string> filename;  // set: a file input
};

std::string MultipartBody(const std::vector<Part>& parts) {
    std::string out;
    for (const Part& p : parts) {
        out += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name + "\"";
        if (p.filename) out += "; filename=\"" + *p.filename + "\"\r\nContent-Type: application/json";
        out += "\r\n\r\n" + p.value + "\r\n";
    }
    return out + "--" + kBoundary + "--\r\n";
}

struct Reply {
    unsigned status = 0;
    std::string body;
    http::Response response;
};

json Achievement() {
    return {{"id", "https://passeur.example/badges/naviguer"},
            {"type", json::array({"Achievement"})},
            {"name", "Naviguer sur Internet"},
            {"description", "Utiliser un navigateur pour trouver une information fiable."},
            {"criteria", {{"narrative", "Atteindre le niveau 3 au test de positionnement."}}},
            {"achievementType", "Competency"},
            {"alignment", json::array({{{"type", json::array({"Alignment"})},
                                        {"targetName", "Mener une recherche et une veille d'information"},
                                        {"targetUrl", "https://passeur.example/referentiels/pix/1.1"},
                                        {"targetType", "CFItem"},
                                        {"targetCode", "1.1"},
                                        {"targetFramework", "Pix"}}})},
            {"creator",
             {{"id", "https://passeur.example/organisations/epn"},
              {"type", json::array({"Profile"})},
              {"name", "EPN"}}}};
}

std::unique_ptr<store::Store> OpenStore() {
    auto opened = store::OpenMigrated("sqlite::memory:", {.pool_size = 1});
    EXPECT_TRUE(opened) << opened.error().message;
    return opened ? std::move(*opened) : nullptr;
}

class VerifyPagesTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = OpenStore();
        ASSERT_NE(store_, nullptr);
        account::AccountConfig config;
        config.argon2_opslimit = account::kArgon2OpsLimitMin;
        config.argon2_memlimit = account::kArgon2MemLimitMin;
        config.public_base_url = "https://passeur.example";
        accounts_ = std::make_unique<account::AccountModule>(*store_, clock_, random_, config);
        web::RendererOptions options;
        options.web_dir = PASSEUR_TEST_WEB_DIR;
        options.asset_version = "t";
        options.random = &random_;
        auto renderer = web::Renderer::Load(options);
        ASSERT_TRUE(renderer) << renderer.error().message;
        renderer_ = std::move(*renderer);
        std::array<std::uint8_t, 32> kek{};
        kek.fill(7);
        service_ = std::make_unique<CredentialService>(
            *store::DatabaseOf(*store_), clock_, random_, KeyVault::FromKek(kek),
            CredentialConfig{"https://passeur.example", "passeur"});
        ASSERT_TRUE(service_->EnsureKey());
        RegisterVerifyPages(router_, *service_, *accounts_, *renderer_,
                            [this](std::string_view id) { return Lookup(id); });
    }

    core::Result<std::string> Lookup(std::string_view id) {
        if (id == "panne") return core::Fail(core::Error::Unavailable("store down"));
        auto it = public_awards_.find(std::string(id));
        if (it == public_awards_.end()) return core::Fail(core::Error::NotFound("no public award"));
        return it->second;
    }

    // A badge issued to kEmail (the signed credential's JSON text).
    std::string Issue(const std::string& id, std::optional<std::string> valid_until = std::nullopt,
                      nlohmann::json evidence = nlohmann::json::array()) {
        AwardCredentialInput input;
        input.evidence = std::move(evidence);
        input.credential_id = "urn:uuid:" + id;
        input.achievement = Achievement();
        input.recipient_email = kEmail;
        input.awarded_at = "2026-01-01T00:00:00Z";
        input.valid_until = std::move(valid_until);
        auto issued = service_->IssueOpenBadge(input);
        EXPECT_TRUE(issued) << issued.error().message;
        return issued ? issued->credential.dump() : std::string();
    }

    Reply Call(http::Request request) {
        const auto match = router_.Match(request.method, request.path);
        if (match.handler == nullptr) return {404, "no route", {}};
        request.route = match.pattern;
        request.path_params = match.params;
        auto result = (*match.handler)(request);
        if (!result) return {http::StatusFor(result.error().code), result.error().message, {}};
        EXPECT_EQ(result->body.find("[missing translation]"), std::string::npos) << request.target;
        EXPECT_EQ(result->body.find("{{"), std::string::npos) << request.target;
        return {result->status, result->body, *result};
    }

    static http::Request Request(std::string method, const std::string& target, const std::string& cookie,
                                 const std::string& lang = "fr-FR") {
        http::Request r;
        r.method = std::move(method);
        r.target = target;
        const auto q = target.find('?');
        r.path = target.substr(0, q);
        if (q != std::string::npos) r.query = *http::ParseUrlEncoded(target.substr(q + 1));
        r.request_id = "verify-test";
        r.remote_ip = "192.0.2.1";
        r.headers.emplace_back("accept-language", lang);
        if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
        return r;
    }

    Reply Get(const std::string& target, const std::string& cookie = "", const std::string& lang = "fr-FR") {
        return Call(Request("GET", target, cookie, lang));
    }

    Reply PostRaw(std::string body, const std::string& cookie,
                  const std::string& type = std::string("multipart/form-data; boundary=") + kBoundary,
                  const std::string& lang = "fr-FR") {
        http::Request r = Request("POST", "/verify", cookie, lang);
        r.headers.emplace_back("content-type", type);
        r.body = std::move(body);
        return Call(std::move(r));
    }

    // An anonymous visitor: the CSRF cookie set by the form page, and its token.
    struct Visitor {
        std::string cookie;
        std::string token;
    };
    Visitor Anonymous() {
        Reply form = Get("/verify");
        EXPECT_EQ(form.status, 200U);
        const auto set_cookie = form.response.Header("Set-Cookie");
        EXPECT_TRUE(set_cookie);
        if (!set_cookie) return {};
        std::string pair(set_cookie->substr(0, set_cookie->find(';')));
        std::string token = pair.substr(pair.find('=') + 1);
        EXPECT_NE(form.body.find("value=\"" + token + "\""), std::string::npos);
        return {pair, token};
    }

    // POST /verify as `visitor` with its token and `parts`.
    Reply Post(const Visitor& visitor, std::vector<Part> parts, const std::string& lang = "fr-FR") {
        parts.insert(parts.begin(), Part{"_csrf", visitor.token, std::nullopt});
        return PostRaw(MultipartBody(parts), visitor.cookie,
                       std::string("multipart/form-data; boundary=") + kBoundary, lang);
    }

    // The form as a browser sends it: every field, the file input empty unless given.
    static std::vector<Part> Form(const std::string& pasted,
                                  std::optional<std::pair<std::string, std::string>> file,
                                  const std::string& email = "") {
        return {{"credential", pasted, std::nullopt},
                {"fichier", file ? file->second : "", file ? file->first : std::string()},
                {"email", email, std::nullopt}};
    }

    static std::string Verdict(const Reply& reply) {
        const std::string marker = "data-verdict=\"";
        const auto at = reply.body.find(marker);
        if (at == std::string::npos) return "";
        return reply.body.substr(at + marker.size(),
                                 reply.body.find('"', at + marker.size()) - at - marker.size());
    }

    core::FakeClock clock_;  // 2026-01-01T00:00:00Z
    core::SeededRandom random_{23};
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<account::AccountModule> accounts_;
    std::unique_ptr<web::Renderer> renderer_;
    std::unique_ptr<CredentialService> service_;
    http::Router router_;
    std::map<std::string, std::string> public_awards_;
};

TEST_F(VerifyPagesTest, TheFormExplainsAndAsksForTheBadge) {
    Reply page = Get("/verify");
    ASSERT_EQ(page.status, 200U) << page.body;
    const std::string& b = page.body;
    EXPECT_NE(b.find("<html lang=\"fr\""), std::string::npos);
    EXPECT_NE(b.find("<title>Vérifier un badge — passeur</title>"), std::string::npos);
    EXPECT_NE(b.find("<h1>Vérifier un badge</h1>"), std::string::npos);
    EXPECT_NE(b.find(Esc("Cette page vérifie que le badge est vrai")), std::string::npos);
    EXPECT_NE(b.find("<form method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\""),
              std::string::npos);
    EXPECT_NE(b.find("<label class=\"fr-label\" for=\"credential\">Texte du badge"), std::string::npos);
    EXPECT_NE(b.find("<textarea class=\"fr-input\" id=\"credential\" name=\"credential\""),
              std::string::npos);
    EXPECT_NE(b.find("type=\"file\" id=\"fichier\" name=\"fichier\" accept=\".json,"), std::string::npos);
    EXPECT_NE(b.find("<label class=\"fr-label\" for=\"fichier\">Fichier du badge"), std::string::npos);
    EXPECT_NE(b.find("Vérifier aussi que ce badge appartient à cette adresse."), std::string::npos);
    EXPECT_NE(b.find("type=\"email\" id=\"email\" name=\"email\""), std::string::npos);
    EXPECT_NE(b.find(">Vérifier le badge</button>"), std::string::npos);
    EXPECT_EQ(b.find("resume-erreurs"), std::string::npos);
    // No inline script or style (the layout's two scripts have a src).
    EXPECT_EQ(b.find("style="), std::string::npos);
    EXPECT_EQ(b.find("<style"), std::string::npos);
    std::size_t scripts = 0;
    for (auto at = b.find("<script"); at != std::string::npos; at = b.find("<script", at + 1)) {
        ++scripts;
        EXPECT_NE(b.substr(at, b.find('>', at) - at).find(" src="), std::string::npos);
    }
    EXPECT_EQ(scripts, 2U);

    Reply english = Get("/verify", "", "en-GB");
    EXPECT_NE(english.body.find("<h1>Verify a badge</h1>"), std::string::npos);
    EXPECT_NE(english.body.find("Also check that this badge belongs to this address."), std::string::npos);
}

TEST_F(VerifyPagesTest, APastedValidBadgeShowsWhatItSays) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000001");
    Reply reply = Post(Anonymous(), Form(badge, std::nullopt));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    const std::string& b = reply.body;
    EXPECT_EQ(Verdict(reply), "valid");
    EXPECT_NE(b.find("<div class=\"fr-alert fr-alert--success"), std::string::npos);
    EXPECT_NE(b.find("<h1 class=\"fr-alert__title\">Badge valide</h1>"), std::string::npos);
    EXPECT_NE(b.find("<title>Badge valide — vérification d&apos;un badge — passeur</title>"),
              std::string::npos);
    EXPECT_NE(b.find(Esc("Vous pouvez vous y fier.")), std::string::npos);
    EXPECT_NE(b.find("<summary>Détail technique (en anglais)</summary>"), std::string::npos);
    EXPECT_NE(b.find(Esc("the signature, the issuer's key, the status and the dates are valid")),
              std::string::npos);
    EXPECT_NE(b.find(Esc("Badge collé dans la page.")), std::string::npos);
    EXPECT_NE(b.find(Esc("La signature garantit que personne ne l'a changé.")), std::string::npos);
    // Achievement, criteria, alignment with its code and link.
    EXPECT_NE(b.find("<h3 class=\"fr-h5\">Naviguer sur Internet</h3>"), std::string::npos);
    EXPECT_NE(b.find("Utiliser un navigateur pour trouver une information fiable."), std::string::npos);
    EXPECT_NE(b.find("Atteindre le niveau 3 au test de positionnement."), std::string::npos);
    EXPECT_NE(b.find("<a href=\"https://passeur.example/referentiels/pix/1.1\" rel=\"noopener noreferrer\">" +
                     Esc("Mener une recherche et une veille d'information") +
                     "</a> (code <code>1.1</code>), "
                     "référentiel Pix"),
              std::string::npos);
    // Holder: hashed, no e-mail check asked.
    EXPECT_NE(b.find(Esc("L'adresse e-mail de la personne est cachée")), std::string::npos);
    EXPECT_NE(b.find("<code>sha256$"), std::string::npos);
    EXPECT_EQ(b.find(kEmail), std::string::npos);
    // Issuer: ours.
    EXPECT_NE(b.find("<code>did:web:passeur.example</code>"), std::string::npos);
    EXPECT_NE(b.find("Émis par cette plateforme."), std::string::npos);
    // Dates in words, status, proof.
    EXPECT_NE(b.find("<strong>Remis le\u00a0:</strong> 1er janvier 2026"), std::string::npos);
    EXPECT_NE(b.find("Pas de date de fin."), std::string::npos);
    EXPECT_NE(b.find("<strong>" + Esc("Retrait définitif (révocation)") + "\u00a0:</strong> pas révoqué"),
              std::string::npos);
    EXPECT_NE(b.find("<strong>Retrait temporaire (suspension)\u00a0:</strong> pas suspendu"),
              std::string::npos);
    EXPECT_NE(b.find("eddsa-rdfc-2022"), std::string::npos);
    EXPECT_NE(b.find("<code>did:web:passeur.example#"), std::string::npos);
    EXPECT_NE(b.find("<strong>Signé le\u00a0:</strong> 1er janvier 2026"), std::string::npos);
    EXPECT_NE(b.find("href=\"/verify\">Vérifier un autre badge</a>"), std::string::npos);
    EXPECT_EQ(b.find("style="), std::string::npos);

    Reply english = Post(Anonymous(), Form(badge, std::nullopt, kEmail), "en-GB");
    ASSERT_EQ(english.status, 200U);
    EXPECT_NE(english.body.find("<html lang=\"en\""), std::string::npos);
    EXPECT_NE(english.body.find("<h1 class=\"fr-alert__title\">Valid badge</h1>"), std::string::npos);
    EXPECT_NE(english.body.find("<strong>Awarded on:</strong> 1 January 2026"), std::string::npos);
    EXPECT_NE(english.body.find("is indeed the one of the person who received this badge."),
              std::string::npos);
    EXPECT_NE(english.body.find("Issued by this platform."), std::string::npos);
}

// The evidence of a badge: the observation and its files, a link only to an http(s) address, the
// file's digest shown; the JSON summary carries them too.
TEST_F(VerifyPagesTest, EvidenceIsShownWithLinksOnlyToWebAddresses) {
    const nlohmann::json evidence =
        nlohmann::json::array({{{"type", nlohmann::json::array({"Evidence"})},
                                {"name", "Observation en atelier"},
                                {"narrative", "A créé son compte sur le site des impôts sans aide."},
                                {"genre", "Observation"}},
                               {{"id", "https://passeur.example/preuves/a1/f1"},
                                {"type", nlohmann::json::array({"Evidence"})},
                                {"name", "capture.png"},
                                {"genre", "Fichier joint"},
                                {"mediaType", "image/png"},
                                {"digestSRI", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}},
                               {{"id", "urn:uuid:0b6c4d0e-0000-4000-8000-0000000000ee"},
                                {"type", nlohmann::json::array({"Evidence"})},
                                {"name", "Attestation papier"}}});
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000009", std::nullopt, evidence);
    Reply reply = Post(Anonymous(), Form(badge, std::nullopt));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    EXPECT_EQ(Verdict(reply), "valid");
    const std::string& b = reply.body;
    EXPECT_NE(b.find("<h2 class=\"fr-mt-4w\">Preuves</h2>"), std::string::npos);
    EXPECT_NE(b.find("Observation en atelier"), std::string::npos);
    EXPECT_NE(b.find(Esc("A créé son compte sur le site des impôts sans aide.")), std::string::npos);
    EXPECT_NE(
        b.find(
            "<a href=\"https://passeur.example/preuves/a1/f1\" rel=\"noopener noreferrer\">capture.png</a>"),
        std::string::npos);
    EXPECT_NE(b.find("<code>sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</code> (image/png)"),
              std::string::npos);
    EXPECT_NE(b.find("Attestation papier"), std::string::npos);
    EXPECT_EQ(b.find("href=\"urn:uuid:"), std::string::npos);  // not a web address: no link

    const auto summary = VerificationToJson(service_->Verify(badge));
    ASSERT_EQ(summary["credential"]["evidence"].size(), 3U);
    EXPECT_EQ(summary["credential"]["evidence"][1]["digest_sri"],
              "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    EXPECT_EQ(summary["credential"]["evidence"][0]["narrative"],
              "A créé son compte sur le site des impôts sans aide.");

    // A badge without evidence has no such section.
    Reply plain = Post(Anonymous(), Form(Issue("0b6c4d0e-0000-4000-8000-00000000000a"), std::nullopt));
    EXPECT_EQ(plain.body.find(">Preuves</h2>"), std::string::npos);
}

TEST_F(VerifyPagesTest, AnUploadedFileAndTheEmailCheck) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000002");
    const Visitor visitor = Anonymous();
    Reply match = Post(visitor, Form("", std::pair{"badge.json", badge}, "  Ana@Exemple.fr "));
    ASSERT_EQ(match.status, 200U) << match.body;
    EXPECT_EQ(Verdict(match), "valid");
    EXPECT_NE(match.body.find(Esc("Badge lu dans le fichier « badge.json ».")), std::string::npos);
    EXPECT_NE(match.body.find(
                  "fr-icon-checkbox-circle-line\" aria-hidden=\"true\"></span> <strong>" +
                  Esc("L'adresse e-mail Ana@Exemple.fr est bien celle de la personne qui a reçu ce badge.")),
              std::string::npos);

    Reply other = Post(visitor, Form("", std::pair{"badge.json", badge}, "paul@exemple.fr"));
    ASSERT_EQ(other.status, 200U);
    EXPECT_EQ(Verdict(other), "valid");
    EXPECT_NE(other.body.find("fr-icon-close-circle-line\" aria-hidden=\"true\"></span> <strong>" +
                              Esc("L'adresse e-mail paul@exemple.fr n'est pas celle de la personne")),
              std::string::npos);

    // A hostile file name is shown as text.
    Reply named = Post(visitor, Form("", std::pair{"<img src=x>.json", badge}));
    ASSERT_EQ(named.status, 200U);
    EXPECT_EQ(named.body.find("<img src=x>"), std::string::npos);
    EXPECT_NE(named.body.find("&lt;img src=x&gt;.json"), std::string::npos);
}

TEST_F(VerifyPagesTest, ATamperedBadgeMustNotBeAccepted) {
    json badge = json::parse(Issue("0b6c4d0e-0000-4000-8000-000000000003"));
    badge["credentialSubject"]["achievement"]["name"] = "Expert en cybersécurité";
    Reply reply = Post(Anonymous(), Form(badge.dump(), std::nullopt, kEmail));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    EXPECT_EQ(Verdict(reply), "tampered");
    EXPECT_NE(reply.body.find("<div class=\"fr-alert fr-alert--error"), std::string::npos);
    EXPECT_NE(
        reply.body.find("<h1 class=\"fr-alert__title\">Badge modifié : il ne doit pas être accepté</h1>"),
        std::string::npos);
    EXPECT_NE(reply.body.find(Esc("Ne l'acceptez pas.")), std::string::npos);
    EXPECT_NE(reply.body.find(Esc("Attention : ce badge n'est pas valide.")), std::string::npos);
    EXPECT_NE(reply.body.find("Expert en cybersécurité"), std::string::npos);
    // The e-mail matches what the badge says, which proves nothing here.
    EXPECT_NE(reply.body.find(
                  "fr-icon-warning-line\" aria-hidden=\"true\"></span> <strong>" +
                  Esc("L'adresse e-mail ana@exemple.fr correspond à celle écrite dans le badge, mais ce "
                      "badge n'est pas valide : cela ne prouve rien.")),
              std::string::npos);
    EXPECT_EQ(reply.body.find("fr-icon-checkbox-circle-line\" aria-hidden=\"true\"></span> <strong>"),
              std::string::npos);
    // The claimed issuer is not vouched for when the signature fails.
    EXPECT_EQ(reply.body.find("Émis par cette plateforme."), std::string::npos);
    EXPECT_NE(reply.body.find(Esc("Le nom de l'émetteur est celui écrit dans le badge")), std::string::npos);
}

TEST_F(VerifyPagesTest, ARevokedBadgeSaysSo) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000004");
    ASSERT_TRUE(
        service_->SetState("urn:uuid:0b6c4d0e-0000-4000-8000-000000000004", CredentialState::kRevoked));
    Reply reply = Post(Anonymous(), Form(badge, std::nullopt));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    EXPECT_EQ(Verdict(reply), "revoked");
    EXPECT_NE(reply.body.find("<div class=\"fr-alert fr-alert--error"), std::string::npos);
    EXPECT_NE(
        reply.body.find("<h1 class=\"fr-alert__title\">" + Esc("Badge révoqué par l'émetteur") + "</h1>"),
        std::string::npos);
    EXPECT_NE(reply.body.find("fr-icon-close-line\" aria-hidden=\"true\"></span> <strong>" +
                              Esc("Retrait définitif (révocation)") + "\u00a0:</strong> " +
                              Esc("révoqué par l'émetteur")),
              std::string::npos);
}

TEST_F(VerifyPagesTest, ExpiredAndSuspendedAreWarningsWithTheirDate) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000005", "2026-12-01T00:00:00Z");
    Reply before = Post(Anonymous(), Form(badge, std::nullopt));
    EXPECT_EQ(Verdict(before), "valid");
    EXPECT_NE(before.body.find("<strong>Valable jusqu&apos;au\u00a0:</strong> 1er décembre 2026"),
              std::string::npos);
    clock_.Set(1'800'000'000'000);  // 2027-01-15
    Reply after = Post(Anonymous(), Form(badge, std::nullopt));
    EXPECT_EQ(Verdict(after), "expired");
    EXPECT_NE(after.body.find("<div class=\"fr-alert fr-alert--warning"), std::string::npos);
    EXPECT_NE(after.body.find("<h1 class=\"fr-alert__title\">Badge expiré le 1er décembre 2026</h1>"),
              std::string::npos);

    const std::string other = Issue("0b6c4d0e-0000-4000-8000-000000000006");
    ASSERT_TRUE(
        service_->SetState("urn:uuid:0b6c4d0e-0000-4000-8000-000000000006", CredentialState::kSuspended));
    Reply suspended = Post(Anonymous(), Form(other, std::nullopt));
    EXPECT_EQ(Verdict(suspended), "suspended");
    EXPECT_NE(suspended.body.find("<div class=\"fr-alert fr-alert--warning"), std::string::npos);
    EXPECT_NE(suspended.body.find(Esc("Badge suspendu par l'émetteur")), std::string::npos);
}

// Every verdict has its heading and its sentence, in both languages (keys are built from the name).
TEST_F(VerifyPagesTest, EveryVerdictHasItsWords) {
    const std::vector<CredentialVerdict> all = {
        CredentialVerdict::kValid,         CredentialVerdict::kTampered,
        CredentialVerdict::kRevoked,       CredentialVerdict::kSuspended,
        CredentialVerdict::kExpired,       CredentialVerdict::kNotYetValid,
        CredentialVerdict::kUnknownIssuer, CredentialVerdict::kStatusUnavailable,
        CredentialVerdict::kMalformed};
    for (CredentialVerdict verdict : all) {
        const std::string name(CredentialVerdictName(verdict));
        EXPECT_TRUE(renderer_->translations().Has("verify.verdict_" + name)) << name;
        EXPECT_TRUE(renderer_->translations().Has("verify.verdict_" + name + "_text")) << name;
    }
    for (int month = 1; month <= 12; ++month) {
        EXPECT_TRUE(renderer_->translations().Has("verify.month_" + std::to_string(month))) << month;
    }
}

TEST_F(VerifyPagesTest, JsonThatIsNoCredentialIsMalformed) {
    Reply reply = Post(Anonymous(), Form("{\"hello\": \"world\"}", std::nullopt));
    ASSERT_EQ(reply.status, 200U) << reply.body;
    EXPECT_EQ(Verdict(reply), "malformed");
    EXPECT_NE(reply.body.find("<div class=\"fr-alert fr-alert--error"), std::string::npos);
    EXPECT_NE(reply.body.find("Badge illisible : il ne peut pas être accepté"), std::string::npos);
    EXPECT_NE(reply.body.find(Esc("passeur n'a pas pu lire le contenu de ce badge.")), std::string::npos);
}

TEST_F(VerifyPagesTest, IssuerNotesForDidKey) {
    const json unsigned_doc = {{"@context", json::array({"https://www.w3.org/ns/credentials/v2"})},
                               {"type", json::array({"VerifiableCredential"})},
                               {"credentialSubject", {{"id", "did:example:ana"}}},
                               {"credentialStatus", json::array()}};
    // Signed with our own key as did:key: still ours.
    auto ours = service_->SignCredential(unsigned_doc, IssuerMode::kDidKey);
    ASSERT_TRUE(ours) << ours.error().message;
    Reply mine = Post(Anonymous(), Form(ours->dump(), std::nullopt));
    EXPECT_EQ(Verdict(mine), "valid") << mine.body;
    EXPECT_NE(mine.body.find("Émis par cette plateforme."), std::string::npos);
    EXPECT_NE(mine.body.find(
                  "<strong>Identifiant de la personne (DID)\u00a0:</strong> <code>did:example:ana</code>"),
              std::string::npos);
    EXPECT_NE(mine.body.find(Esc("Ce badge ne prévoit pas de retrait")), std::string::npos);

    // Another issuer's did:key: valid, but its identity is not vouched for.
    auto other_store = OpenStore();
    ASSERT_NE(other_store, nullptr);
    core::SeededRandom other_random(99);
    std::array<std::uint8_t, 32> kek{};
    kek.fill(9);
    CredentialService other(*store::DatabaseOf(*other_store), clock_, other_random, KeyVault::FromKek(kek),
                            CredentialConfig{"https://ailleurs.example", "Ailleurs"});
    ASSERT_TRUE(other.EnsureKey());
    auto theirs = other.SignCredential(unsigned_doc, IssuerMode::kDidKey);
    ASSERT_TRUE(theirs) << theirs.error().message;
    Reply foreign = Post(Anonymous(), Form(theirs->dump(), std::nullopt, kEmail));
    EXPECT_EQ(Verdict(foreign), "valid") << foreign.body;
    EXPECT_EQ(foreign.body.find("Émis par cette plateforme."), std::string::npos);
    EXPECT_NE(
        foreign.body.find(Esc("L'identité de l'émetteur n'est pas attestée par passeur : seule la signature "
                              "est vérifiée.")),
        std::string::npos);
    // No hashed e-mail in it: the check cannot be made.
    EXPECT_NE(foreign.body.find(Esc("Ce badge ne contient pas d'adresse e-mail, même cachée")),
              std::string::npos);
}

TEST_F(VerifyPagesTest, TheCertificateLinkVerifiesThePublicBadge) {
    public_awards_["award-1"] = Issue("0b6c4d0e-0000-4000-8000-000000000007");
    Reply found = Get("/verify?award=award-1");
    ASSERT_EQ(found.status, 200U) << found.body;
    EXPECT_EQ(Verdict(found), "valid");
    EXPECT_NE(found.body.find("Badge ouvert depuis le lien de son certificat."), std::string::npos);

    const std::string missing_text =
        Esc("Ce badge n'existe pas, ou la personne qui l'a reçu a choisi de ne pas le montrer publiquement.");
    for (const std::string& target :
         std::vector<std::string>{"/verify?award=inconnu", "/verify?award=", "/verify?award=..%2F..%2Fetc",
                                  "/verify?award=" + std::string(200, 'a')}) {
        Reply missing = Get(target);
        EXPECT_EQ(missing.status, 404U) << target;
        EXPECT_NE(missing.body.find("<h1 class=\"fr-alert__title\">Badge introuvable</h1>"),
                  std::string::npos)
            << target;
        EXPECT_NE(missing.body.find(missing_text), std::string::npos) << target;
        EXPECT_NE(missing.body.find("<title>Badge introuvable — passeur</title>"), std::string::npos);
    }
    EXPECT_EQ(Get("/verify?award=panne").status, 503U);

    // Without a lookup, every award is unknown.
    http::Router bare;
    RegisterVerifyPages(bare, *service_, *accounts_, *renderer_, {});
    http::Request request = Request("GET", "/verify?award=award-1", "");
    const auto match = bare.Match("GET", "/verify");
    ASSERT_NE(match.handler, nullptr);
    auto reply = (*match.handler)(request);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 404U);
}

TEST_F(VerifyPagesTest, CsrfIsRequired) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000008");
    const Visitor visitor = Anonymous();
    // No token, a wrong token, a token without its cookie.
    EXPECT_EQ(PostRaw(MultipartBody(Form(badge, std::nullopt)), visitor.cookie).status, 403U);
    std::vector<Part> wrong = Form(badge, std::nullopt);
    wrong.insert(wrong.begin(), Part{"_csrf", std::string(43, 'A'), std::nullopt});
    EXPECT_EQ(PostRaw(MultipartBody(wrong), visitor.cookie).status, 403U);
    std::vector<Part> no_cookie = Form(badge, std::nullopt);
    no_cookie.insert(no_cookie.begin(), Part{"_csrf", visitor.token, std::nullopt});
    EXPECT_EQ(PostRaw(MultipartBody(no_cookie), "").status, 403U);
    EXPECT_EQ(Post(visitor, Form(badge, std::nullopt)).status, 200U);

    // A logged-in person uses the session's token, not the anonymous one.
    account::NewUser user;
    user.email = "mediatrice@exemple.fr";
    user.password = kPassword;
    user.display_name = "Mina";
    ASSERT_TRUE(accounts_->Accounts().CreateUser(user, "", "192.0.2.1"));
    auto login = accounts_->Accounts().Login(user.email, kPassword, "192.0.2.1");
    ASSERT_TRUE(login) << login.error().message;
    const std::string session = std::string(account::kSessionCookieName) + "=" + login->secret;
    Reply form = Get("/verify", session);
    EXPECT_NE(form.body.find("value=\"" + login->session.csrf_token + "\""), std::string::npos);
    EXPECT_EQ(Post({session + "; " + visitor.cookie, visitor.token}, Form(badge, std::nullopt)).status, 403U);
    Reply ok = Post({session, login->session.csrf_token}, Form(badge, std::nullopt));
    EXPECT_EQ(ok.status, 200U) << ok.body;
    EXPECT_EQ(Verdict(ok), "valid");
}

TEST_F(VerifyPagesTest, FormErrorsAreSummarised) {
    const std::string badge = Issue("0b6c4d0e-0000-4000-8000-000000000009");
    const Visitor visitor = Anonymous();
    struct Case {
        std::string label;
        std::vector<Part> parts;
        std::string field;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"nothing", Form("  \r\n ", std::nullopt), "credential",
         "Collez le texte du badge ou choisissez son fichier."},
        {"no field at all", {}, "credential", "Collez le texte du badge ou choisissez son fichier."},
        {"both", Form(badge, std::pair{"badge.json", badge}), "credential",
         "Donnez le badge d'une seule façon : collez le texte ou choisissez le fichier, pas les deux."},
        {"pasted text that is not JSON",
         Form("{\"@context\": [\n  \"https://www.w3.org/ns/credentials/v2\",\n  oops", std::nullopt),
         "credential", "Ce n'est pas le texte d'un badge : passeur n'arrive pas à le lire."},
        {"a file that is not JSON", Form("", std::pair{"photo.png", "\x89PNG\r\n\x1a\n\xff\xfe"}), "fichier",
         "Ce n'est pas le texte d'un badge : passeur n'arrive pas à le lire."},
        {"an empty file", Form("", std::pair{"vide.json", ""}), "fichier",
         "Ce n'est pas le texte d'un badge : passeur n'arrive pas à le lire."},
        {"a bad e-mail", Form(badge, std::nullopt, "ana at exemple.fr"), "email",
         "Écrivez une adresse e-mail complète, par exemple nom@exemple.fr."},
    };
    for (const Case& c : cases) {
        Reply reply = Post(visitor, c.parts);
        EXPECT_EQ(reply.status, 400U) << c.label << ": " << reply.body.substr(0, 300);
        const std::string& b = reply.body;
        EXPECT_NE(b.find("id=\"resume-erreurs\""), std::string::npos) << c.label;
        EXPECT_NE(b.find("<title>Erreur dans le formulaire — Vérifier un badge — passeur</title>"),
                  std::string::npos)
            << c.label;
        EXPECT_NE(b.find("<li><a href=\"#" + c.field + "\">" + Esc(c.message)), std::string::npos) << c.label;
        EXPECT_NE(b.find("<p class=\"fr-error-text\" id=\"" + c.field + "-error\">" + Esc(c.message)),
                  std::string::npos)
            << c.label;
        EXPECT_NE(b.find("id=\"" + c.field + "\""), std::string::npos) << c.label;
        EXPECT_NE(b.find("aria-invalid=\"true\""), std::string::npos) << c.label;
        EXPECT_EQ(Verdict(reply), "") << c.label;
        EXPECT_EQ(b.find("{position}"), std::string::npos) << c.label;
        EXPECT_EQ(b.find("{detail}"), std::string::npos) << c.label;
    }
    // The parser says where: line and column; the pasted text is given back to be corrected.
    Reply syntax = Post(visitor, Form("{\"@context\": [\n  \"https://www.w3.org/ns/credentials/v2\",\n  oops",
                                      std::nullopt, kEmail));
    EXPECT_NE(syntax.body.find("Le problème est à la ligne 3, colonne 3. Détail technique : not valid JSON:"),
              std::string::npos)
        << syntax.body;
    EXPECT_NE(syntax.body.find("&quot;https://www.w3.org/ns/credentials/v2&quot;,\n  oops</textarea>"),
              std::string::npos);
    EXPECT_NE(syntax.body.find("value=\"ana@exemple.fr\""), std::string::npos);
}

TEST_F(VerifyPagesTest, OversizedInputIsRefusedAsAFormError) {
    const Visitor visitor = Anonymous();
    const std::string big(kMaxCredentialBytes + 1, ' ');
    Reply file = Post(visitor, Form("", std::pair{"badge.json", big}));
    EXPECT_EQ(file.status, 413U);
    EXPECT_NE(file.body.find("<li><a href=\"#fichier\">Le badge est trop gros (plus de 1 Mo)."),
              std::string::npos);
    Reply pasted = Post(visitor, Form(big, std::nullopt));
    EXPECT_EQ(pasted.status, 413U);
    EXPECT_NE(pasted.body.find("<li><a href=\"#credential\">Le badge est trop gros"), std::string::npos);
    EXPECT_EQ(pasted.body.find(big.substr(0, 1000) + "</textarea>"), std::string::npos);
    Reply body = PostRaw(std::string(kMaxVerifyFormBytes + 1, 'x'), visitor.cookie);
    EXPECT_EQ(body.status, 413U);
    EXPECT_NE(body.body.find("<li><a href=\"#credential\">Le badge est trop gros"), std::string::npos);

    // A credential of exactly the bound is read (here: JSON, but not a credential).
    std::string exact = "{\"a\": \"" + std::string(kMaxCredentialBytes - 10, 'x') + "\"}";
    exact.resize(kMaxCredentialBytes, ' ');
    Reply bound = Post(visitor, Form("", std::pair{"badge.json", exact}));
    EXPECT_EQ(bound.status, 200U) << bound.body.substr(0, 500);
    EXPECT_EQ(Verdict(bound), "malformed");
}

TEST_F(VerifyPagesTest, MalformedUploadsAreRefused) {
    const Visitor visitor = Anonymous();
    // Not multipart, no closing delimiter, too many parts.
    EXPECT_EQ(PostRaw("credential=%7B%7D", visitor.cookie, "application/x-www-form-urlencoded").status, 400U);
    std::string truncated =
        MultipartBody({{"_csrf", visitor.token, std::nullopt}, {"credential", "{}", std::nullopt}});
    truncated.resize(truncated.size() - 10);
    EXPECT_EQ(PostRaw(truncated, visitor.cookie).status, 400U);
    std::vector<Part> many;
    for (int i = 0; i < 9; ++i) many.push_back({"x" + std::to_string(i), "1", std::nullopt});
    EXPECT_EQ(PostRaw(MultipartBody(many), visitor.cookie).status, 413U);
}

}  // namespace
}  // namespace passeur::credential
