#include "credential/pages/verify_pages.hpp"

#include <charconv>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/pages/page_kit.hpp"
#include "core/encoding.hpp"
#include "http/multipart.hpp"
#include "web/csrf.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr std::string_view kCredentialField = "credential";
constexpr std::string_view kFileField = "fichier";
constexpr std::string_view kEmailField = "email";
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxAwardIdBytes = 128;
constexpr std::size_t kMaxDetailBytes = 300;  // of a parser message shown to the visitor

http::MultipartLimits FormLimits() {
    http::MultipartLimits limits;
    limits.max_parts = 8;  // _csrf, credential, fichier, email, and a little room
    limits.max_part_bytes = kMaxCredentialBytes;
    limits.max_total_bytes = kMaxVerifyFormBytes;
    limits.max_header_bytes = 2048;
    return limits;
}

// A JSON string, or null (false in templates) when empty: kainjow mustache treats "" as true.
json Opt(std::string_view text) { return text.empty() ? json(nullptr) : json(std::string(text)); }

bool IsHttpUrl(std::string_view url) {
    if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
    for (char c : url) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) return false;
    }
    return true;
}

bool ContainsNonSpace(std::string_view text) {
    for (char c : text) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return true;
    }
    return false;
}

// An address worth hashing: some text, one '@' with text on both sides, no space or control.
bool LooksLikeEmail(std::string_view email) {
    if (email.empty() || email.size() > kMaxEmailBytes || !core::IsValidUtf8(email)) return false;
    const std::size_t at = email.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == email.size()) return false;
    if (email.find('@', at + 1) != std::string_view::npos) return false;
    for (char c : email) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) return false;
    }
    return true;
}

// Award ids are opaque: letters, digits and "-_.:" only, at most kMaxAwardIdBytes.
bool IsAwardId(std::string_view id) {
    if (id.empty() || id.size() > kMaxAwardIdBytes) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

// A parser message safe to show: control characters become spaces, text that is not UTF-8 keeps
// its ASCII only, and it is cut to kMaxDetailBytes.
std::string Printable(std::string_view text) {
    const bool utf8 = core::IsValidUtf8(text);
    std::string out;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            out += ' ';
        } else if (u >= 0x80 && !utf8) {
            out += '?';
        } else {
            out += c;
        }
        if (out.size() >= kMaxDetailBytes) {
            while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
            if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
            out += "…";
            break;
        }
    }
    return out;
}

int Digits(std::string_view text) {
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

class VerifyPages : public account::PageKit {
public:
    VerifyPages(CredentialService& service, account::AccountModule& accounts, web::Renderer& renderer,
                PublicCredentialLookup lookup)
        : PageKit(accounts, renderer), service_(service), lookup_(std::move(lookup)) {}

    // ---- GET /verify[?award=] ---------------------------------------------------------------
    core::Result<http::Response> Show(http::Request& request,
                                      const std::optional<account::Principal>& principal) {
        const auto award = request.Query("award");
        if (!award) return FormPage(request, principal, json::object(), account::FormErrors{}, 200);
        if (!IsAwardId(*award) || !lookup_) return Missing(request, principal);
        auto text = lookup_(*award);
        if (!text) {
            if (text.error().code == core::ErrorCode::kNotFound) return Missing(request, principal);
            return core::Fail(text.error());
        }
        return ResultPage(request, principal, service_.Verify(*text), T(request, "verify.source_link"), "");
    }

    // ---- POST /verify (multipart/form-data) -------------------------------------------------
    core::Result<http::Response> Submit(http::Request& request) {
        auto principal = CurrentPrincipal(request);
        if (!principal) return core::Fail(principal.error());
        const http::MultipartLimits limits = FormLimits();
        auto parts = http::ParseMultipart(request, limits);
        if (!parts) {
            // A credential over the bound is a form error (nothing is done with it, so the CSRF
            // token need not be checked first); other framing errors come from no browser.
            const core::Error& error = parts.error();
            const bool credential_too_large = error.code == core::ErrorCode::kPayloadTooLarge &&
                                              (error.field == kFileField || error.field == kCredentialField ||
                                               request.body.size() > limits.max_total_bytes);
            if (!credential_too_large) return core::Fail(error);
            account::FormErrors errors;
            errors.Add(error.field == kFileField ? std::string(kFileField) : std::string(kCredentialField),
                       T(request, "verify.error_too_large"));
            return FormPage(request, *principal, json::object(), errors, 413);
        }
        http::FieldList csrf;
        if (const http::MultipartPart* token = http::FindPart(*parts, web::kCsrfField)) {
            csrf.emplace_back(std::string(web::kCsrfField), token->body);
        }
        PASSEUR_TRY(
            web::VerifyCsrf(request, csrf, *principal ? std::string_view((*principal)->csrf_token) : ""));

        const http::MultipartPart* pasted = http::FindPart(*parts, kCredentialField);
        const http::MultipartPart* file = http::FindPart(*parts, kFileField);
        const http::MultipartPart* email_part = http::FindPart(*parts, kEmailField);
        const bool has_text = pasted != nullptr && ContainsNonSpace(pasted->body);
        // A file input with no file chosen sends an empty part with filename="".
        const bool has_file = file != nullptr && (!file->body.empty() || !file->filename.empty());
        const std::string email = email_part ? account::Trim(email_part->body) : std::string();

        json values = {
            {"credential", has_text && core::IsValidUtf8(pasted->body) ? pasted->body : std::string()},
            {"email", core::IsValidUtf8(email) ? email : std::string()}};
        account::FormErrors errors;
        if (!has_text && !has_file)
            errors.Add(std::string(kCredentialField), T(request, "verify.error_empty"));
        if (has_text && has_file) errors.Add(std::string(kCredentialField), T(request, "verify.error_both"));
        if (!email.empty() && !LooksLikeEmail(email)) {
            errors.Add(std::string(kEmailField), T(request, "verify.error_email"));
        }
        if (!errors.Empty()) return FormPage(request, *principal, values, errors, 400);

        const std::string_view text =
            has_file ? std::string_view(file->body) : std::string_view(pasted->body);
        const std::string field(has_file ? kFileField : kCredentialField);
        CredentialVerification verification = service_.Verify(text);
        if (verification.verdict == CredentialVerdict::kMalformed) {
            // Text that is not JSON at all is a mistake in the form, not a verdict on a badge.
            auto parsed = ParseBoundedJson(text);
            if (!parsed) {
                errors.Add(field, F(request, "verify.error_not_json",
                                    {{"detail", Printable(parsed.error().message)},
                                     {"position", Position(request, parsed.error().message)}}));
                return FormPage(request, *principal, values, errors, 400);
            }
        }
        const std::string source = has_file ? F(request, "verify.source_file", {{"filename", file->filename}})
                                            : T(request, "verify.source_paste");
        return ResultPage(request, *principal, verification, source, email);
    }

private:
    http::Response FormPage(const http::Request& request, const std::optional<account::Principal>& principal,
                            json values, const account::FormErrors& errors, unsigned status) const {
        json data = {{"values", std::move(values)}};
        errors.Into(data);
        const char* title = errors.Empty() ? "verify.title" : "verify.title_error";
        return Renderer().RenderPage(request, Context(principal, title, "verify"), "verify", data, status);
    }

    http::Response Missing(const http::Request& request,
                           const std::optional<account::Principal>& principal) const {
        return Renderer().RenderPage(request, Context(principal, "verify.missing_title", "verify"),
                                     "verify_missing", json::object(), 404);
    }

    http::Response ResultPage(const http::Request& request,
                              const std::optional<account::Principal>& principal,
                              const CredentialVerification& v, const std::string& source,
                              const std::string& email) {
        json verdict = Verdict(request, v);
        json data = {
            {"verdict", verdict}, {"source", source}, {"email_check", EmailCheck(request, v, email)}};
        const bool readable = !v.issuer_id.empty() || !v.achievements.empty() || !v.proof_type.empty();
        data["readable"] = readable;
        if (readable) Describe(request, v, data);
        web::PageContext context = Context(principal, "", "verify");
        context.title =
            F(request, "verify.result_title", {{"verdict", verdict["heading"].get<std::string>()}});
        return Renderer().RenderPage(request, context, "verify_result", data, 200);
    }

    // {name, kind (DSFR alert type), heading, text, reason}.
    json Verdict(const http::Request& request, const CredentialVerification& v) const {
        const std::string name(CredentialVerdictName(v.verdict));
        std::string kind = "warning";
        if (v.verdict == CredentialVerdict::kValid) kind = "success";
        if (v.verdict == CredentialVerdict::kTampered || v.verdict == CredentialVerdict::kRevoked ||
            v.verdict == CredentialVerdict::kMalformed) {
            kind = "error";
        }
        std::string heading;
        if (v.verdict == CredentialVerdict::kExpired || v.verdict == CredentialVerdict::kNotYetValid) {
            const std::string& date = v.verdict == CredentialVerdict::kExpired ? v.valid_until : v.valid_from;
            heading = date.empty() ? T(request, "verify.verdict_" + name + "_undated")
                                   : F(request, "verify.verdict_" + name, {{"date", Date(request, date)}});
        } else {
            heading = T(request, "verify.verdict_" + name);
        }
        return {{"name", name},
                {"kind", kind},
                {"heading", heading},
                {"text", T(request, "verify.verdict_" + name + "_text")},
                {"reason", Printable(v.reason)}};
    }

    json EmailCheck(const http::Request& request, const CredentialVerification& v,
                    const std::string& email) const {
        if (email.empty()) return nullptr;
        if (v.holder_hash.empty()) {
            return {{"text", F(request, "verify.email_no_hash", {{"email", email}})},
                    {"icon", "fr-icon-question-line"}};
        }
        if (HolderEmailMatches(v, email)) {
            if (!v.Ok()) {
                return {{"text", F(request, "verify.email_match_untrusted", {{"email", email}})},
                        {"icon", "fr-icon-warning-line"}};
            }
            return {{"text", F(request, "verify.email_match", {{"email", email}})},
                    {"icon", "fr-icon-checkbox-circle-line"}};
        }
        return {{"text", F(request, "verify.email_no_match", {{"email", email}})},
                {"icon", "fr-icon-close-circle-line"}};
    }

    // What the credential says, into `data`.
    void Describe(const http::Request& request, const CredentialVerification& v, json& data) {
        data["content_note"] = T(request, v.Ok() ? "verify.content_valid" : "verify.content_untrusted");

        json achievements = json::array();
        for (const AchievementSummary& a : v.achievements) {
            json alignments = json::array();
            for (const AlignmentSummary& al : a.alignments) {
                alignments.push_back({{"name", al.name.empty() ? al.url : al.name},
                                      {"code", Opt(al.code)},
                                      {"framework", Opt(al.framework)},
                                      {"url", al.url},
                                      {"has_url", IsHttpUrl(al.url)}});
            }
            achievements.push_back({{"name", a.name.empty() ? a.id : a.name},
                                    {"description", Opt(a.description)},
                                    {"type", Opt(a.type)},
                                    {"criteria", Opt(a.criteria)},
                                    {"alignments", alignments},
                                    {"has_alignments", !alignments.empty()}});
        }
        data["achievements"] = achievements;
        data["has_achievements"] = !achievements.empty();

        // Evidence: what was observed, files with their address (a link only to an http(s) URL:
        // the credential is the visitor's input) and digest.
        json evidence = json::array();
        for (const EvidenceSummary& e : v.evidence) {
            std::string title = e.name.empty() ? e.genre : e.name;
            if (title.empty()) title = T(request, "verify.evidence_untitled");
            evidence.push_back({{"title", title},
                                {"narrative", Opt(e.narrative)},
                                {"description", Opt(e.description)},
                                {"url", e.id},
                                {"has_link", IsHttpUrl(e.id)},
                                {"media_type", Opt(e.media_type)},
                                {"digest", Opt(e.digest_sri)}});
        }
        data["evidence"] = evidence;
        data["has_evidence"] = !evidence.empty();
        data["evidence_omitted"] =
            v.evidence_omitted > 0
                ? json(F(request, "verify.evidence_omitted", {{"count", std::to_string(v.evidence_omitted)}}))
                : json(nullptr);

        data["holder"] = {{"did", Opt(v.holder_id)},
                          {"hashed", !v.holder_hash.empty()},
                          {"hash", v.holder_hash},
                          {"none", v.holder_id.empty() && v.holder_hash.empty()}};

        // The issuer's key was checked unless the verdict is about the proof itself.
        const bool key_checked = v.verdict != CredentialVerdict::kTampered &&
                                 v.verdict != CredentialVerdict::kMalformed &&
                                 v.verdict != CredentialVerdict::kUnknownIssuer;
        std::string note = "verify.issuer_other";
        std::string note_icon = "fr-icon-warning-line";
        if (key_checked && IsOurs(v.issuer_id)) {
            note = "verify.issuer_ours";
            note_icon = "fr-icon-checkbox-circle-line";
        } else if (key_checked && v.issuer_method == "did:key") {
            note = "verify.issuer_did_key";
            note_icon = "fr-icon-information-line";
        }
        data["issuer"] = {{"name", Opt(v.issuer_name)}, {"id", v.issuer_id},
                          {"url", Opt(v.issuer_url)},   {"has_link", IsHttpUrl(v.issuer_url)},
                          {"note", T(request, note)},   {"note_icon", note_icon}};

        json dates = json::array();
        auto add_date = [&](const char* key, const std::string& value) {
            if (!value.empty())
                dates.push_back({{"label", T(request, key)}, {"value", Date(request, value)}});
        };
        add_date("verify.awarded", v.awarded_date);
        add_date("verify.valid_from", v.valid_from);
        add_date("verify.valid_until", v.valid_until);
        data["dates"] = dates;
        data["no_end"] = v.valid_until.empty();

        json statuses = json::array();
        for (const StatusSummary& s : v.status) statuses.push_back(Status(request, s));
        data["statuses"] = statuses;
        data["has_status"] = !statuses.empty();

        if (v.proof_type.empty()) {
            data["proof"] = nullptr;
        } else {
            data["proof"] = {{"type", v.proof_type},
                             {"cryptosuite", Opt(v.cryptosuite)},
                             {"key", Opt(v.verification_method)},
                             {"created", Opt(v.proof_created.empty() ? "" : Date(request, v.proof_created))}};
        }
    }

    json Status(const http::Request& request, const StatusSummary& s) const {
        const bool known_purpose = s.purpose == "revocation" || s.purpose == "suspension";
        const std::string purpose = known_purpose ? T(request, "verify.purpose_" + s.purpose) : s.purpose;
        std::string state;
        std::string icon = "fr-icon-question-line";
        if (s.state == "clear" || s.state == "set") {
            state = T(request, known_purpose ? "verify.status_" + s.purpose + "_" + s.state
                                             : "verify.status_" + s.state);
            icon = s.state == "clear" ? "fr-icon-check-line" : "fr-icon-close-line";
        } else if (s.state == "unavailable") {
            state = T(request, "verify.status_unavailable");
        } else {
            state = T(request, "verify.status_not_checked");
        }
        return {{"purpose", purpose.empty() ? s.list_url : purpose},
                {"state", state},
                {"icon", icon},
                {"list", F(request, "verify.status_list", {{"url", s.list_url}, {"index", s.index}})}};
    }

    // Our did:web, or the did:key of one of our keys (`passeur credential sign --issuer did:key`).
    bool IsOurs(const std::string& issuer_id) {
        if (issuer_id.empty()) return false;
        if (issuer_id == service_.IssuerDid()) return true;
        if (!issuer_id.starts_with("did:key:")) return false;
        auto keys = service_.ListKeys();
        if (!keys) return false;
        for (const IssuerKeyInfo& key : *keys) {
            if (!key.did_key.empty() && key.did_key == issuer_id) return true;
        }
        return false;
    }

    // " Le problème est à la ligne 3, colonne 5." from a JSON parser message that says
    // "at line 3, column 5"; "" when it does not.
    std::string Position(const http::Request& request, std::string_view message) const {
        constexpr std::string_view kLine = "at line ";
        constexpr std::string_view kColumn = ", column ";
        const std::size_t at = message.find(kLine);
        if (at == std::string_view::npos) return "";
        std::size_t i = at + kLine.size();
        const std::size_t line_start = i;
        while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
        const std::string_view line = message.substr(line_start, i - line_start);
        if (line.empty() || message.substr(i, kColumn.size()) != kColumn) return "";
        i += kColumn.size();
        const std::size_t column_start = i;
        while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
        const std::string_view column = message.substr(column_start, i - column_start);
        if (column.empty()) return "";
        return F(request, "verify.error_position",
                 {{"line", std::string(line)}, {"column", std::string(column)}});
    }

    // "1er décembre 2026" / "1 December 2026": the calendar date written in an XMLSchema dateTime
    // (the issuer's own day, whatever its zone); the text itself when it is not a dateTime.
    std::string Date(const http::Request& request, std::string_view text) const {
        if (text.size() < 10 || !ParseDateTimeMillis(text)) return Printable(text);
        const int day = Digits(text.substr(8, 2));
        const int month = Digits(text.substr(5, 2));
        return F(request, "verify.date",
                 {{"day", day == 1 ? T(request, "verify.day_first") : std::to_string(day)},
                  {"month", T(request, "verify.month_" + std::to_string(month))},
                  {"year", std::string(text.substr(0, 4))}});
    }

    CredentialService& service_;
    PublicCredentialLookup lookup_;
};

}  // namespace

void RegisterVerifyPages(http::Router& router, CredentialService& service, account::AccountModule& accounts,
                         web::Renderer& renderer, PublicCredentialLookup lookup) {
    auto pages = std::make_shared<VerifyPages>(service, accounts, renderer, std::move(lookup));
    pages->Page(router, "GET", "/verify",
                [pages](http::Request& request, const std::optional<account::Principal>& principal) {
                    return pages->Show(request, principal);
                });
    router.Add(
        "POST", "/verify", [pages](http::Request& request) { return pages->Submit(request); },
        http::RouteKind::kHtml);
    router.SetMaxBodyBytes("POST", "/verify", kMaxVerifyFormBytes);  // a pasted or uploaded credential
}

}  // namespace passeur::credential
