#include "badge/badge_service.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <spdlog/spdlog.h>

#include "badge/badge_repository.hpp"
#include "badge/json_views.hpp"
#include "badge/svg.hpp"
#include "core/encoding.hpp"
#include "framework/case_format.hpp"

namespace passeur::badge {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxIdBytes = 64;
constexpr const char* kBadgeNotFound = "Badge introuvable.";
constexpr const char* kAwardNotFound = "Badge attribué introuvable.";
constexpr const char* kPublicNotFound = "Badge introuvable ou non public.";

core::Result<void> RequireSession(const account::Principal& principal, std::string_view what) {
    if (!principal.IsSession() || principal.user.id.empty()) {
        return core::Fail(core::Error::PermissionDenied(
            std::string(what) +
            " : connectez-vous avec votre compte (les jetons d'API ne sont pas acceptés)."));
    }
    return core::Ok();
}

std::string DisplayName(const store::User& user) {
    return user.display_name.empty() ? user.email : user.display_name;
}

// "12/03/2026" of a Unix time in milliseconds (UTC).
std::string FrenchDate(std::int64_t millis) {
    const std::string iso = IsoDate(millis);
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

bool ValidTransition(BadgeStatus from, BadgeStatus to) {
    if (from == to) return true;
    switch (from) {
        case BadgeStatus::kDraft:
            return true;
        case BadgeStatus::kActive:
            return to == BadgeStatus::kArchived;
        case BadgeStatus::kArchived:
            return to == BadgeStatus::kActive;
    }
    return false;
}

credential::CredentialState IssuerState(AwardState state) {
    switch (state) {
        case AwardState::kActive:
            return credential::CredentialState::kActive;
        case AwardState::kSuspended:
            return credential::CredentialState::kSuspended;
        case AwardState::kRevoked:
            return credential::CredentialState::kRevoked;
    }
    return credential::CredentialState::kActive;
}

json EvidenceObject(const std::string& name, const std::string& narrative, const std::string& description,
                    const std::string& genre) {
    return {{"type", json::array({"Evidence"})},
            {"name", name},
            {"narrative", narrative},
            {"description", description},
            {"genre", genre}};
}

// At most `max_bytes` bytes, cut on a UTF-8 character boundary.
std::string Truncate(std::string text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text;
}

// "1 234 567" (French thousands separated by a space).
std::string Grouped(std::int64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(' ');
        out.push_back(digits[i]);
    }
    return out;
}

std::string TypeWord(std::string_view media_type) {
    if (media_type == "application/pdf") return "PDF";
    if (media_type == "image/png") return "image PNG";
    return "image JPEG";
}

// The OB Evidence entry of an evidence file: its download address as id, its name, and its
// digest. `digestSRI` and `mediaType` are terms of the VC 2.0 context the credential starts with
// (the OB 3.0.3 context defines no digest term of its own); the hex SHA-256 is also in the
// description, for people.
json FileEvidenceObject(const EvidenceFile& f, const std::string& url, const std::string& observed_fr) {
    return {
        {"id", url},
        {"type", json::array({"Evidence"})},
        {"name", f.name},
        {"description", "Fichier joint à l'observation du " + observed_fr + " (" + TypeWord(f.media_type) +
                            ", " + Grouped(f.size) + " octets). SHA-256 : " + f.sha256 + "."},
        {"genre", "Fichier joint"},
        {"mediaType", f.media_type},
        {"digestSRI", Sha256Sri(f.sha256)}};
}

std::string CompetenceLabel(const assessment::CompetenceResult& c) {
    const std::string& name = c.name.In("fr");
    return name.empty() ? c.competence : c.competence + " « " + name + " »";
}

}  // namespace

BadgeService::BadgeService(store::Store& store, store::Database& db, core::Clock& clock, core::Random& random,
                           const account::Authorizer& authorizer, account::AuditLog& audit,
                           framework::FrameworkService& frameworks, credential::CredentialIssuer& issuer,
                           std::function<std::string()> public_base_url)
    : store_(store),
      db_(db),
      clock_(clock),
      random_(random),
      authorizer_(authorizer),
      audit_(audit),
      frameworks_(frameworks),
      issuer_(issuer),
      public_base_url_(std::move(public_base_url)) {}

std::string BadgeService::NewId() {
    std::lock_guard lock(random_mutex_);
    return core::NewUuid(random_);
}

void BadgeService::Audit(account::AuditEntry entry) {
    auto recorded = audit_.Record(entry);
    if (!recorded)
        spdlog::error("badge: audit event {} not recorded: {}", entry.event, recorded.error().message);
}

core::Result<Badge> BadgeService::LoadBadge(std::string_view badge_id) {
    if (badge_id.empty() || badge_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kBadgeNotFound));
    auto found = BadgeRepository::FindBadge(db_, badge_id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound(kBadgeNotFound));
    return std::move(**found);
}

core::Result<std::string> BadgeService::OrgName(std::string_view org_id) {
    auto org = store_.Organizations().Get(org_id);
    if (!org) return core::Fail(org.error());
    return org->name;
}

std::string BadgeService::OrganizationName(std::string_view org_id) {
    auto name = OrgName(org_id);
    return name ? *name : std::string();
}

// ---- validation ----------------------------------------------------------------------------------

core::Result<void> BadgeService::CheckAlignmentTarget(const CompetenceRef& ref, const std::string& field,
                                                      CompetenceRef& out) {
    if (ref.framework.empty() || ref.framework.size() > 64) {
        return core::Fail(core::Error::InvalidArgument("Référentiel requis.", field + ".framework"));
    }
    auto fw = frameworks_.Get(ref.framework, ref.framework_version);
    if (!fw) {
        if (fw.error().code == core::ErrorCode::kNotFound ||
            fw.error().code == core::ErrorCode::kInvalidArgument) {
            return core::Fail(core::Error::InvalidArgument(
                "Référentiel inconnu : " + ref.framework.substr(0, 64) +
                    (ref.framework_version.empty() ? "" : " version " + ref.framework_version.substr(0, 20)) +
                    ".",
                field + ".framework"));
        }
        return core::Fail(fw.error());
    }
    if (fw->framework.FindCompetence(ref.competence) == nullptr) {
        return core::Fail(core::Error::InvalidArgument("La compétence « " + ref.competence.substr(0, 64) +
                                                           " » n'existe pas dans " + fw->framework.id + " " +
                                                           fw->framework.version + ".",
                                                       field + ".competence"));
    }
    out = {fw->framework.id, fw->framework.version, ref.competence};
    return core::Ok();
}

core::Result<Badge> BadgeService::Normalize(Badge b) {
    auto name = CleanText(b.name, kMaxNameBytes, "name", "Le nom");
    if (!name) return core::Fail(name.error());
    b.name = std::move(*name);
    auto description = CleanText(b.description, kMaxDescriptionBytes, "description", "La description");
    if (!description) return core::Fail(description.error());
    b.description = std::move(*description);
    auto criteria = CleanText(b.criteria, kMaxCriteriaBytes, "criteria", "Le texte des critères");
    if (!criteria) return core::Fail(criteria.error());
    b.criteria = std::move(*criteria);
    if (!IsAchievementType(b.achievement_type)) {
        return core::Fail(core::Error::InvalidArgument(
            "Type de réussite inconnu « " + b.achievement_type.substr(0, 60) +
                " » : choisissez un type Open Badges 3.0 (Badge, Competency, Certificate…) ou « ext:Nom ».",
            "achievement_type"));
    }
    if (b.image_svg && b.image_svg->empty()) b.image_svg.reset();
    if (b.image_svg) PASSEUR_TRY(ValidateBadgeSvg(*b.image_svg, "image_svg"));
    if (b.validity_months < 0 || b.validity_months > kMaxValidityMonths) {
        return core::Fail(core::Error::InvalidArgument(
            "La durée de validité va de 0 (sans fin) à " + std::to_string(kMaxValidityMonths) + " mois.",
            "validity_months"));
    }
    PASSEUR_TRY(ValidateRuleShape(b.rule));
    if (b.rule.kind == RuleKind::kCompetenceLevel) {
        CompetenceRef resolved;
        PASSEUR_TRY(CheckAlignmentTarget(b.rule.competence, "rule", resolved));
        b.rule.competence = resolved;
        b.rule.target_profile_id.clear();
    } else if (b.rule.kind == RuleKind::kTargetProfile) {
        if (b.rule.target_profile_id.size() > 64) {
            return core::Fail(
                core::Error::InvalidArgument("Profil cible inconnu.", "rule.target_profile_id"));
        }
        auto profile = frameworks_.GetProfile(b.rule.target_profile_id);
        if (!profile) {
            if (profile.error().code == core::ErrorCode::kNotFound) {
                return core::Fail(core::Error::InvalidArgument(
                    "Profil cible inconnu : " + b.rule.target_profile_id + ".", "rule.target_profile_id"));
            }
            return core::Fail(profile.error());
        }
        b.rule.competence = {};
        b.rule.level = 0;
    } else {
        b.rule = AwardRule{};
    }
    if (b.alignments.size() > kMaxAlignments) {
        return core::Fail(core::Error::InvalidArgument(
            "Au plus " + std::to_string(kMaxAlignments) + " compétences alignées.", "alignments"));
    }
    std::vector<CompetenceRef> resolved;
    for (std::size_t i = 0; i < b.alignments.size(); ++i) {
        const std::string field = "alignments[" + std::to_string(i) + "]";
        CompetenceRef out;
        PASSEUR_TRY(CheckAlignmentTarget(b.alignments[i], field, out));
        for (const CompetenceRef& r : resolved) {
            if (r.framework == out.framework && r.competence == out.competence) {
                return core::Fail(core::Error::InvalidArgument(
                    "La compétence " + out.competence + " (" + out.framework + ") est alignée deux fois.",
                    field));
            }
        }
        resolved.push_back(std::move(out));
    }
    // A "competence level" badge is aligned to its competence (added when missing).
    if (b.rule.kind == RuleKind::kCompetenceLevel) {
        const bool present = std::any_of(resolved.begin(), resolved.end(), [&](const CompetenceRef& r) {
            return r.framework == b.rule.competence.framework && r.competence == b.rule.competence.competence;
        });
        if (!present && resolved.size() < kMaxAlignments)
            resolved.insert(resolved.begin(), b.rule.competence);
    }
    b.alignments = std::move(resolved);
    return b;
}

// ---- badges --------------------------------------------------------------------------------------

core::Result<Badge> BadgeService::CreateBadge(const account::Principal& principal, std::string_view org_id,
                                              const BadgeInput& input) {
    PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kManageBadges, org_id));
    if (input.status == BadgeStatus::kArchived) {
        return core::Fail(core::Error::InvalidArgument("Un badge se crée en brouillon ou actif.", "status"));
    }
    Badge b;
    b.id = NewId();
    b.org_id = std::string(org_id);
    b.name = input.name;
    b.description = input.description;
    b.criteria = input.criteria;
    b.achievement_type = input.achievement_type;
    b.image_svg = input.image_svg;
    b.alignments = input.alignments;
    b.validity_months = input.validity_months;
    b.rule = input.rule;
    b.status = input.status;
    b.created_by = principal.ActorId();
    b.created_at = b.updated_at = clock_.NowMillis();
    b.version = 1;
    auto normalized = Normalize(std::move(b));
    if (!normalized) return core::Fail(normalized.error());
    PASSEUR_TRY(db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        return BadgeRepository::InsertBadge(ex, *normalized);
    }));
    Audit(account::AuditEntry("badge.created")
              .By(principal)
              .Org(normalized->org_id)
              .Subject(normalized->id)
              .Details({{"name", normalized->name},
                        {"status", BadgeStatusName(normalized->status)},
                        {"rule", RuleKindName(normalized->rule.kind)}}));
    LookBackAfterChange(principal, nullptr, *normalized);
    return normalized;
}

core::Result<Badge> BadgeService::UpdateBadge(const account::Principal& principal, std::string_view badge_id,
                                              const BadgePatch& patch) {
    auto current = LoadBadge(badge_id);
    if (!current) return core::Fail(current.error());
    PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kManageBadges, current->org_id));
    if (patch.expected_version && *patch.expected_version != current->version) {
        return core::Fail(core::Error::Conflict(
            "Le badge a été modifié entre-temps : rechargez-le et recommencez.", "version"));
    }
    Badge b = *current;
    json changed = json::array();
    auto set = [&](auto& field, const auto& value, const char* name) {
        if (value) {
            field = *value;
            changed.push_back(name);
        }
    };
    set(b.name, patch.name, "name");
    set(b.description, patch.description, "description");
    set(b.criteria, patch.criteria, "criteria");
    set(b.achievement_type, patch.achievement_type, "achievement_type");
    set(b.image_svg, patch.image_svg, "image_svg");
    set(b.alignments, patch.alignments, "alignments");
    set(b.validity_months, patch.validity_months, "validity_months");
    set(b.rule, patch.rule, "rule");
    if (patch.status) {
        if (!ValidTransition(current->status, *patch.status)) {
            return core::Fail(core::Error::Conflict(
                "Un badge " + std::string(BadgeStatusName(current->status)) +
                    " ne peut pas passer à l'état " + std::string(BadgeStatusName(*patch.status)) + ".",
                "status"));
        }
        b.status = *patch.status;
        changed.push_back("status");
    }
    b.updated_at = clock_.NowMillis();
    auto normalized = Normalize(std::move(b));
    if (!normalized) return core::Fail(normalized.error());
    PASSEUR_TRY(db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        return BadgeRepository::UpdateBadge(ex, *normalized);
    }));
    const bool archived =
        current->status != BadgeStatus::kArchived && normalized->status == BadgeStatus::kArchived;
    Audit(account::AuditEntry(archived ? "badge.archived" : "badge.updated")
              .By(principal)
              .Org(normalized->org_id)
              .Subject(normalized->id)
              .Details({{"changed", changed}, {"status", BadgeStatusName(normalized->status)}}));
    auto reloaded = LoadBadge(normalized->id);
    if (!reloaded) return reloaded;
    LookBackAfterChange(principal, &*current, *reloaded);
    return reloaded;
}

core::Result<Badge> BadgeService::ArchiveBadge(const account::Principal& principal,
                                               std::string_view badge_id) {
    BadgePatch patch;
    patch.status = BadgeStatus::kArchived;
    return UpdateBadge(principal, badge_id, patch);
}

core::Result<std::vector<Badge>> BadgeService::ListBadges(const account::Principal& principal,
                                                          std::string_view org_id) {
    const bool staff = authorizer_.Authorize(principal, account::Action::kAwardBadges, org_id).has_value();
    if (!staff) PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kReadOrg, org_id));
    auto all = BadgeRepository::ListBadges(db_, org_id);
    if (!all) return core::Fail(all.error());
    if (staff) return all;
    std::vector<Badge> active;
    for (Badge& b : *all) {
        if (b.status == BadgeStatus::kActive) active.push_back(std::move(b));
    }
    return active;
}

core::Result<Badge> BadgeService::GetBadge(const account::Principal* principal, std::string_view badge_id) {
    auto badge = LoadBadge(badge_id);
    if (!badge) return core::Fail(badge.error());
    if (badge->status != BadgeStatus::kDraft) return badge;
    if (principal != nullptr &&
        authorizer_.Authorize(*principal, account::Action::kAwardBadges, badge->org_id).has_value()) {
        return badge;
    }
    return core::Fail(core::Error::NotFound(kBadgeNotFound));
}

core::Result<std::vector<BadgeService::StaffBadges>> BadgeService::ListStaffBadges(
    const account::Principal& principal) {
    std::vector<std::string> orgs;
    if (principal.IsApiToken()) {
        orgs.push_back(principal.token_org_id);
    } else {
        auto memberships = store_.Memberships().ListByUser(principal.user.id);
        if (!memberships) return core::Fail(memberships.error());
        for (const store::Membership& m : *memberships) orgs.push_back(m.org_id);
    }
    std::vector<StaffBadges> out;
    for (const std::string& org_id : orgs) {
        if (!authorizer_.Authorize(principal, account::Action::kAwardBadges, org_id)) continue;
        StaffBadges entry;
        entry.org_id = org_id;
        auto name = OrgName(org_id);
        if (!name) return core::Fail(name.error());
        entry.org_name = *name;
        entry.can_manage =
            authorizer_.Authorize(principal, account::Action::kManageBadges, org_id).has_value();
        auto badges = BadgeRepository::ListBadges(db_, org_id);
        if (!badges) return core::Fail(badges.error());
        entry.badges = std::move(*badges);
        out.push_back(std::move(entry));
    }
    std::sort(out.begin(), out.end(),
              [](const StaffBadges& a, const StaffBadges& b) { return a.org_name < b.org_name; });
    return out;
}

core::Result<std::vector<Learner>> BadgeService::AwardableLearners(const account::Principal& principal,
                                                                   std::string_view badge_id) {
    auto badge = LoadBadge(badge_id);
    if (!badge) return core::Fail(badge.error());
    PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kAwardBadges, badge->org_id));
    auto members = store_.Memberships().ListByOrg(badge->org_id);
    if (!members) return core::Fail(members.error());
    std::vector<Learner> out;
    for (const store::Membership& m : *members) {
        if (m.role != account::kRoleLearner) continue;
        auto user = store_.Users().Get(m.user_id);
        if (!user) {
            if (user.error().code == core::ErrorCode::kNotFound) continue;
            return core::Fail(user.error());
        }
        if (user->disabled) continue;
        out.push_back({user->id, DisplayName(*user)});
    }
    std::sort(out.begin(), out.end(), [](const Learner& a, const Learner& b) {
        return a.name != b.name ? a.name < b.name : a.user_id < b.user_id;
    });
    return out;
}

core::Result<json> BadgeService::Achievement(const Badge& badge) {
    const std::string base = public_base_url_();
    auto org_name = OrgName(badge.org_id);
    if (!org_name) return core::Fail(org_name.error());
    json alignment = json::array();
    for (const CompetenceRef& a : badge.alignments) {
        auto fw = frameworks_.Get(a.framework, a.framework_version);
        if (!fw) return core::Fail(fw.error());
        const framework::Competence* competence = fw->framework.FindCompetence(a.competence);
        if (competence == nullptr || competence->identifier.empty()) {
            return core::Fail(core::Error::Internal("badges : compétence alignée introuvable (" +
                                                    a.framework + " " + a.framework_version + " " +
                                                    a.competence + ")"));
        }
        alignment.push_back({{"type", json::array({"Alignment"})},
                             {"targetName", competence->name.In("fr")},
                             {"targetUrl", framework::CaseUri(base, "CFItems", competence->identifier)},
                             {"targetType", "CFItem"},
                             {"targetCode", competence->code},
                             {"targetFramework", fw->framework.name.In("fr")}});
    }
    json out = {{"id", base + "/badges/" + badge.id},
                {"type", json::array({"Achievement"})},
                {"name", badge.name},
                {"description", badge.description},
                {"criteria", {{"narrative", badge.criteria}}},
                {"image", {{"id", base + "/badges/" + badge.id + "/image.svg"}, {"type", "Image"}}},
                {"achievementType", badge.achievement_type},
                {"creator",
                 {{"id", base + "/organisations/" + badge.org_id},
                  {"type", json::array({"Profile"})},
                  {"name", *org_name}}}};
    if (!alignment.empty()) out["alignment"] = std::move(alignment);
    return out;
}

std::string BadgeService::Image(const Badge& badge) const {
    if (badge.image_svg) return *badge.image_svg;
    return DefaultBadgeSvg(badge.name, badge.id);
}

// ---- awards --------------------------------------------------------------------------------------

core::Result<Award> BadgeService::Issue(Award award, const Badge& badge, json evidence,
                                        const std::vector<std::pair<EvidenceFile, std::string>>& files) {
    auto user = store_.Users().Get(award.user_id);
    if (!user) return core::Fail(user.error());
    auto achievement = Achievement(badge);
    if (!achievement) return core::Fail(achievement.error());
    credential::AwardCredentialInput input;
    input.credential_id = award.CredentialId();
    input.achievement = std::move(*achievement);
    input.recipient_email = user->email;
    input.awarded_at = core::FormatRfc3339(award.awarded_at);
    if (award.expires_at != 0) input.valid_until = core::FormatRfc3339(award.expires_at);
    input.evidence = std::move(evidence);
    auto issued = issuer_.IssueOpenBadge(input);
    if (!issued) return core::Fail(issued.error());
    award.credential = std::move(issued->credential);
    const std::int64_t now = clock_.NowMillis();
    auto stored = db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        auto live = BadgeRepository::FindLiveAward(ex, award.badge_id, award.user_id);
        if (!live) return core::Fail(live.error());
        if (*live) {
            if (!(*live)->Expired(now)) {
                return core::Fail(core::Error::Conflict("Cette personne a déjà ce badge.", "learner_id"));
            }
            PASSEUR_TRY(BadgeRepository::EndLive(ex, (*live)->id));  // renewal of an expired award
        }
        PASSEUR_TRY(BadgeRepository::InsertAward(ex, award));
        for (const auto& [file, bytes] : files) {
            PASSEUR_TRY(BadgeRepository::InsertEvidenceFile(ex, db_.Kind(), file, bytes));
        }
        return core::Ok();
    });
    if (!stored) {
        // Never handed out: its status entry is revoked so that it can never verify as active.
        auto revoked = issuer_.SetState(input.credential_id, credential::CredentialState::kRevoked);
        if (!revoked) {
            spdlog::error("badge: credential {} signed but not stored, and not revoked: {}",
                          input.credential_id, revoked.error().message);
        }
        return core::Fail(stored.error());
    }
    return award;
}

core::Result<AwardView> BadgeService::AwardManually(const account::Principal& principal,
                                                    std::string_view badge_id,
                                                    const ManualAwardInput& input) {
    PASSEUR_TRY(RequireSession(principal, "Un badge est attribué par une personne"));
    auto badge = LoadBadge(badge_id);
    if (!badge) return core::Fail(badge.error());
    PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kAwardBadges, badge->org_id));
    if (badge->status != BadgeStatus::kActive) {
        return core::Fail(core::Error::Conflict("Ce badge n'est pas actif (" +
                                                    std::string(BadgeStatusName(badge->status)) +
                                                    ") : il ne peut pas être attribué.",
                                                "badge"));
    }
    if (input.learner_id.empty() || input.learner_id.size() > kMaxIdBytes) {
        return core::Fail(
            core::Error::InvalidArgument("Choisissez la personne qui reçoit le badge.", "learner_id"));
    }
    auto membership = store_.Memberships().Get(badge->org_id, input.learner_id);
    if (!membership && membership.error().code != core::ErrorCode::kNotFound)
        return core::Fail(membership.error());
    if (!membership || membership->role != account::kRoleLearner) {
        return core::Fail(core::Error::InvalidArgument(
            "Cette personne n'est pas apprenante de la structure du badge.", "learner_id"));
    }
    auto reason = CleanText(input.reason, kMaxReasonBytes, "reason", "La raison de l'attribution");
    if (!reason) return core::Fail(reason.error());
    auto narrative =
        CleanText(input.narrative, kMaxNarrativeBytes, "narrative", "Le récit de ce qui a été observé");
    if (!narrative) return core::Fail(narrative.error());
    auto observed = ParseDate(input.observed_on, "observed_on");
    if (!observed) return core::Fail(observed.error());
    const std::int64_t now = clock_.NowMillis();
    if (*observed > now) {
        return core::Fail(
            core::Error::InvalidArgument("La date d'observation est dans le futur.", "observed_on"));
    }
    auto observer =
        CleanText(input.observer, kMaxObserverBytes, "observer", "Le nom de l'observateur", false);
    if (!observer) return core::Fail(observer.error());
    if (observer->empty()) *observer = DisplayName(principal.user);
    auto checked = CheckEvidenceUploads(input.files);
    if (!checked) return core::Fail(checked.error());

    auto live = BadgeRepository::FindLiveAward(db_, badge->id, input.learner_id);
    if (!live) return core::Fail(live.error());
    if (*live && !(*live)->Expired(now)) {
        return core::Fail(core::Error::Conflict("Cette personne a déjà ce badge.", "learner_id"));
    }

    Award award;
    award.id = NewId();
    award.badge_id = badge->id;
    award.user_id = input.learner_id;
    award.automatic = false;
    award.awarded_by = principal.user.id;
    award.reason = *reason;
    award.evidence.push_back({*narrative, std::string(input.observed_on), *observer});
    award.awarded_at = now;
    award.expires_at = badge->validity_months > 0 ? AddMonths(now, badge->validity_months) : 0;
    award.state = AwardState::kActive;
    json evidence = json::array(
        {EvidenceObject("Observation du " + FrenchDate(*observed), *narrative,
                        "Observé le " + FrenchDate(*observed) + " par " + *observer + ".", "Observation")});
    std::vector<std::pair<EvidenceFile, std::string>> files;
    for (std::size_t i = 0; i < checked->size(); ++i) {
        CheckedEvidence& c = (*checked)[i];
        EvidenceFile f;
        f.id = NewId();
        f.award_id = award.id;
        f.position = static_cast<int>(i);
        f.name = c.name;
        f.media_type = c.media_type;
        f.size = static_cast<std::int64_t>(c.bytes.size());
        f.sha256 = c.sha256;
        f.created_at = now;
        evidence.push_back(FileEvidenceObject(f, EvidenceFileUrl(award.id, f.id), FrenchDate(*observed)));
        files.emplace_back(std::move(f), std::move(c.bytes));
    }
    auto issued = Issue(std::move(award), *badge, std::move(evidence), files);
    if (!issued) return core::Fail(issued.error());
    Audit(account::AuditEntry("badge.awarded")
              .By(principal)
              .Org(badge->org_id)
              .Subject(issued->id)
              .Details({{"badge_id", badge->id},
                        {"learner_id", issued->user_id},
                        {"source", "manual"},
                        {"reason", issued->reason},
                        {"files", files.size()}}));
    return View(std::move(*issued), std::move(*badge));
}

core::Result<std::vector<Award>> BadgeService::OnAssessmentCompleted(
    std::string_view user_id, const assessment::AssessmentResult& result) {
    if (result.in_progress || user_id.empty()) return std::vector<Award>();
    auto badges = BadgeRepository::ListAutomaticBadgesFor(db_, user_id);
    if (!badges) return core::Fail(badges.error());
    return AwardByRules(user_id, result, *badges, nullptr);
}

core::Result<std::vector<Award>> BadgeService::AwardByRules(std::string_view user_id,
                                                            const assessment::AssessmentResult& result,
                                                            const std::vector<Badge>& badges,
                                                            const account::Principal* trigger) {
    std::vector<Award> awarded;
    if (result.in_progress || user_id.empty() || badges.empty()) return awarded;
    std::vector<MeasuredCompetence> measured;
    for (const assessment::CompetenceResult& c : result.competences) {
        measured.push_back(
            {c.framework, c.framework_version, c.competence, c.range.level, c.range.low, c.range.high});
    }
    const std::string profile_name = result.summary.profile_name.In("fr");
    const std::int64_t completed =
        result.summary.completed_at != 0 ? result.summary.completed_at : clock_.NowMillis();
    const std::string test_words = "Test de positionnement" +
                                   (profile_name.empty() ? "" : " « " + profile_name + " »") +
                                   " terminé le " + FrenchDate(completed);
    // Why, beyond the rule: the test's date, and the look-back's trigger when there is one.
    std::string why = " Résultat du test du " + FrenchDate(completed);
    if (trigger != nullptr) {
        const std::string who = trigger->user.id.empty() ? std::string() : DisplayName(trigger->user);
        why += ", examiné à l'activation du badge" + (who.empty() ? std::string() : " par " + who);
    }
    why += ".";
    for (const Badge& badge : badges) {
        std::vector<RequiredLevel> required;
        std::string profile_title;
        if (badge.rule.kind == RuleKind::kTargetProfile) {
            auto profile = frameworks_.GetProfile(badge.rule.target_profile_id);
            if (!profile) {
                spdlog::warn("badge {}: target profile {} unreadable: {}", badge.id,
                             badge.rule.target_profile_id, profile.error().message);
                continue;
            }
            profile_title = profile->profile.name.In("fr");
            for (const framework::Requirement& r : profile->profile.requirements) {
                required.push_back({r.framework, r.competence, r.level});
            }
        }
        if (!RuleMet(badge.rule, measured, required)) continue;
        auto live = BadgeRepository::FindLiveAward(db_, badge.id, user_id);
        auto revoked = BadgeRepository::HasRevokedAward(db_, badge.id, user_id);
        if (!live || !revoked) {
            spdlog::error("badge {}: awards of {} unreadable", badge.id, user_id);
            continue;
        }
        const std::int64_t now = clock_.NowMillis();
        if ((*live && !(*live)->Expired(now)) || *revoked) continue;

        std::string narrative;
        std::string reason;
        if (badge.rule.kind == RuleKind::kCompetenceLevel) {
            const assessment::CompetenceResult* c = nullptr;
            for (const auto& r : result.competences) {
                if (r.framework == badge.rule.competence.framework &&
                    r.competence == badge.rule.competence.competence) {
                    c = &r;
                }
            }
            if (c == nullptr) continue;
            narrative = test_words + " : compétence " + CompetenceLabel(*c) + " (" + c->framework + " " +
                        c->framework_version + ") estimée au niveau " + std::to_string(c->range.level) +
                        ", au moins " + std::to_string(c->range.low) +
                        " avec 95 % de confiance ; niveau demandé : " + std::to_string(badge.rule.level) +
                        ".";
            reason = "Règle automatique : compétence " + badge.rule.competence.competence + " (" +
                     badge.rule.competence.framework + ") au niveau " + std::to_string(badge.rule.level) +
                     " au moins.";
        } else {
            narrative = test_words + " : chacune des " + std::to_string(required.size()) +
                        " compétences du profil cible « " + profile_title +
                        " » atteint le niveau demandé (au moins, avec 95 % de confiance) :";
            for (const RequiredLevel& r : required) {
                for (const auto& c : result.competences) {
                    if (c.framework == r.framework && c.competence == r.competence) {
                        narrative += " " + c.competence + " niveau " + std::to_string(c.range.low) +
                                     " au moins (demandé " + std::to_string(r.level) + ") ;";
                    }
                }
            }
            if (!narrative.empty() && narrative.back() == ';') narrative.back() = '.';
            reason = "Règle automatique : profil cible « " + profile_title + " » atteint.";
        }
        narrative = Truncate(std::move(narrative), kMaxNarrativeBytes);  // a long profile
        reason = Truncate(reason + why, kMaxReasonBytes);

        Award award;
        award.id = NewId();
        award.badge_id = badge.id;
        award.user_id = std::string(user_id);
        award.automatic = true;
        award.assessment_id = result.summary.id;
        award.reason = reason;
        award.evidence.push_back({narrative, IsoDate(completed), "passeur (test de positionnement)"});
        award.awarded_at = now;
        award.expires_at = badge.validity_months > 0 ? AddMonths(now, badge.validity_months) : 0;
        award.state = AwardState::kActive;
        json evidence = json::array({EvidenceObject(
            "Test de positionnement passeur", narrative,
            "Résultat d'un test adaptatif passé sur passeur le " + FrenchDate(completed) + ".",
            "Test de positionnement")});
        auto issued = Issue(std::move(award), badge, std::move(evidence));
        if (!issued) {
            if (issued.error().code != core::ErrorCode::kConflict) {
                spdlog::error("badge {}: automatic award to {} failed: {}", badge.id, user_id,
                              issued.error().message);
            }
            continue;
        }
        json details = {{"badge_id", badge.id},
                        {"learner_id", issued->user_id},
                        {"source", "automatic"},
                        {"assessment_id", result.summary.id},
                        {"reason", issued->reason}};
        if (trigger != nullptr) {
            details["look_back"] = true;
            details["triggered_by"] = trigger->ActorId();
        }
        Audit(account::AuditEntry("badge.awarded")
                  .Org(badge.org_id)
                  .Subject(issued->id)
                  .Details(std::move(details)));
        awarded.push_back(std::move(*issued));
    }
    return awarded;
}

core::Result<AwardView> BadgeService::View(Award award) {
    auto badge = LoadBadge(award.badge_id);
    if (!badge) return core::Fail(badge.error());
    return View(std::move(award), std::move(*badge));
}

core::Result<AwardView> BadgeService::View(Award award, Badge badge) {
    AwardView view;
    auto org = OrgName(badge.org_id);
    if (!org) return core::Fail(org.error());
    view.org_name = *org;
    auto learner = store_.Users().Get(award.user_id);
    if (learner) {
        view.learner_name = DisplayName(*learner);
    } else if (learner.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(learner.error());
    }
    if (!award.awarded_by.empty()) {
        auto by = store_.Users().Get(award.awarded_by);
        if (by) {
            view.awarded_by_name = DisplayName(*by);
        } else if (by.error().code != core::ErrorCode::kNotFound) {
            return core::Fail(by.error());
        }
    }
    view.expired = award.Expired(clock_.NowMillis());
    auto files = BadgeRepository::ListEvidenceFiles(db_, award.id);
    if (!files) return core::Fail(files.error());
    view.files = std::move(*files);
    view.award = std::move(award);
    view.badge = std::move(badge);
    return view;
}

core::Result<std::vector<AwardView>> BadgeService::ListMyAwards(const account::Principal& principal) {
    PASSEUR_TRY(RequireSession(principal, "Vos badges sont personnels"));
    auto awards = BadgeRepository::ListAwardsOfUser(db_, principal.user.id);
    if (!awards) return core::Fail(awards.error());
    std::map<std::string, Badge> badges;
    std::vector<AwardView> out;
    for (Award& a : *awards) {
        auto it = badges.find(a.badge_id);
        if (it == badges.end()) {
            auto badge = LoadBadge(a.badge_id);
            if (!badge) return core::Fail(badge.error());
            it = badges.emplace(a.badge_id, std::move(*badge)).first;
        }
        auto view = View(std::move(a), it->second);
        if (!view) return core::Fail(view.error());
        out.push_back(std::move(*view));
    }
    return out;
}

core::Result<AwardView> BadgeService::GetAward(const account::Principal& principal,
                                               std::string_view award_id) {
    if (award_id.empty() || award_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kAwardNotFound));
    auto found = BadgeRepository::FindAward(db_, award_id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound(kAwardNotFound));
    auto view = View(std::move(**found));
    if (!view) return core::Fail(view.error());
    const bool owner =
        principal.IsSession() && !principal.user.id.empty() && principal.user.id == view->award.user_id;
    if (owner ||
        authorizer_.Authorize(principal, account::Action::kAwardBadges, view->badge.org_id).has_value()) {
        return view;
    }
    return core::Fail(core::Error::NotFound(kAwardNotFound));
}

core::Result<std::vector<AwardView>> BadgeService::ListBadgeAwards(const account::Principal& principal,
                                                                   std::string_view badge_id) {
    auto badge = LoadBadge(badge_id);
    if (!badge) return core::Fail(badge.error());
    PASSEUR_TRY(authorizer_.Authorize(principal, account::Action::kAwardBadges, badge->org_id));
    auto awards = BadgeRepository::ListAwardsOfBadge(db_, badge->id);
    if (!awards) return core::Fail(awards.error());
    std::vector<AwardView> out;
    for (Award& a : *awards) {
        auto view = View(std::move(a), *badge);
        if (!view) return core::Fail(view.error());
        out.push_back(std::move(*view));
    }
    return out;
}

core::Result<AwardView> BadgeService::SetPublic(const account::Principal& principal,
                                                std::string_view award_id, bool is_public) {
    PASSEUR_TRY(RequireSession(principal, "Vos badges sont personnels"));
    if (award_id.empty() || award_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kAwardNotFound));
    auto found = BadgeRepository::FindAward(db_, award_id);
    if (!found) return core::Fail(found.error());
    if (!*found || (*found)->user_id != principal.user.id)
        return core::Fail(core::Error::NotFound(kAwardNotFound));
    if ((*found)->is_public != is_public) PASSEUR_TRY(BadgeRepository::SetPublic(db_, award_id, is_public));
    (*found)->is_public = is_public;
    return View(std::move(**found));
}

core::Result<AwardView> BadgeService::ChangeState(const account::Principal& principal,
                                                  std::string_view award_id, std::string_view reason_text,
                                                  AwardState to) {
    PASSEUR_TRY(RequireSession(principal, "Un badge est suspendu ou retiré par une personne"));
    if (award_id.empty() || award_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kAwardNotFound));
    auto found = BadgeRepository::FindAward(db_, award_id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound(kAwardNotFound));
    Award award = std::move(**found);
    auto badge = LoadBadge(award.badge_id);
    if (!badge) return core::Fail(badge.error());
    auto allowed = authorizer_.Authorize(principal, account::Action::kAwardBadges, badge->org_id);
    if (!allowed) {
        if (allowed.error().code == core::ErrorCode::kPermissionDenied &&
            principal.user.id != award.user_id) {
            return core::Fail(core::Error::NotFound(kAwardNotFound));
        }
        return core::Fail(allowed.error());
    }
    auto reason = CleanText(reason_text, kMaxReasonBytes, "reason", "La raison");
    if (!reason) return core::Fail(reason.error());
    const AwardState from = award.state;
    bool ok = false;
    const char* event = "";
    switch (to) {
        case AwardState::kRevoked:
            ok = from == AwardState::kActive || from == AwardState::kSuspended;
            event = "badge.revoked";
            break;
        case AwardState::kSuspended:
            ok = from == AwardState::kActive;
            event = "badge.suspended";
            break;
        case AwardState::kActive:
            ok = from == AwardState::kSuspended;
            event = "badge.reinstated";
            break;
    }
    if (!ok) {
        return core::Fail(core::Error::Conflict("Ce badge attribué est " + std::string(AwardStateName(from)) +
                                                    " : il ne peut pas devenir " +
                                                    std::string(AwardStateName(to)) + ".",
                                                "state"));
    }
    auto flipped = issuer_.SetState(award.CredentialId(), IssuerState(to));
    if (!flipped && !(to == AwardState::kRevoked && flipped.error().code == core::ErrorCode::kConflict)) {
        return core::Fail(flipped.error());
    }
    auto stored = BadgeRepository::SetState(db_, award.id, to, *reason, principal.user.id, clock_.NowMillis(),
                                            award.version);
    if (!stored) {
        if (to != AwardState::kRevoked) {
            auto restored = issuer_.SetState(award.CredentialId(), IssuerState(from));
            if (!restored) {
                spdlog::error("badge: award {} status bits left {} while its row says {}: {}", award.id,
                              AwardStateName(to), AwardStateName(from), restored.error().message);
            }
        }
        return core::Fail(stored.error());
    }
    Audit(account::AuditEntry(event)
              .By(principal)
              .Org(badge->org_id)
              .Subject(award.id)
              .Details({{"badge_id", badge->id},
                        {"learner_id", award.user_id},
                        {"from", AwardStateName(from)},
                        {"reason", *reason}}));
    auto reloaded = BadgeRepository::FindAward(db_, award.id);
    if (!reloaded) return core::Fail(reloaded.error());
    if (!*reloaded) return core::Fail(core::Error::NotFound(kAwardNotFound));
    return View(std::move(**reloaded), std::move(*badge));
}

core::Result<AwardView> BadgeService::Revoke(const account::Principal& principal, std::string_view award_id,
                                             std::string_view reason) {
    return ChangeState(principal, award_id, reason, AwardState::kRevoked);
}

core::Result<AwardView> BadgeService::Suspend(const account::Principal& principal, std::string_view award_id,
                                              std::string_view reason) {
    return ChangeState(principal, award_id, reason, AwardState::kSuspended);
}

core::Result<AwardView> BadgeService::Reinstate(const account::Principal& principal,
                                                std::string_view award_id, std::string_view reason) {
    return ChangeState(principal, award_id, reason, AwardState::kActive);
}

core::Result<AwardView> BadgeService::PublicAward(std::string_view award_id) {
    if (award_id.empty() || award_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kPublicNotFound));
    auto found = BadgeRepository::FindAward(db_, award_id);
    if (!found) return core::Fail(found.error());
    if (!*found || !(*found)->is_public) return core::Fail(core::Error::NotFound(kPublicNotFound));
    return View(std::move(**found));
}

core::Result<json> BadgeService::PublicCredential(std::string_view award_id) {
    auto view = PublicAward(award_id);
    if (!view) return core::Fail(view.error());
    return std::move(view->award.credential);
}

std::string BadgeService::EvidenceFileUrl(std::string_view award_id, std::string_view file_id) const {
    return EvidenceFileUrlOn(public_base_url_(), award_id, file_id);
}

core::Result<EvidenceDownload> BadgeService::EvidenceFileDownload(const account::Principal* principal,
                                                                  std::string_view award_id,
                                                                  std::string_view file_id) {
    constexpr const char* kFileNotFound = "Fichier introuvable.";
    if (award_id.empty() || award_id.size() > kMaxIdBytes || file_id.empty() || file_id.size() > kMaxIdBytes)
        return core::Fail(core::Error::NotFound(kFileNotFound));
    auto found = BadgeRepository::FindAward(db_, award_id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(core::Error::NotFound(kFileNotFound));
    const Award& award = **found;
    bool allowed = award.is_public;
    if (!allowed && principal != nullptr) {
        allowed =
            principal->IsSession() && !principal->user.id.empty() && principal->user.id == award.user_id;
        if (!allowed) {
            auto badge = LoadBadge(award.badge_id);
            if (!badge) return core::Fail(badge.error());
            allowed =
                authorizer_.Authorize(*principal, account::Action::kAwardBadges, badge->org_id).has_value();
        }
    }
    if (!allowed) return core::Fail(core::Error::NotFound(kFileNotFound));
    auto stored = BadgeRepository::ReadEvidenceFile(db_, db_.Kind(), award.id, file_id);
    if (!stored) return core::Fail(stored.error());
    if (!*stored) return core::Fail(core::Error::NotFound(kFileNotFound));
    return EvidenceDownload{std::move((*stored)->file), std::move((*stored)->bytes)};
}

core::Result<std::vector<Award>> BadgeService::AwardFromPastResults(
    assessment::AssessmentService& assessments, std::string_view org_id, std::string_view badge_id,
    const account::Principal* trigger) {
    std::vector<Award> awarded;
    auto members = store_.Memberships().ListByOrg(org_id);
    if (!members) return core::Fail(members.error());
    for (const store::Membership& m : *members) {
        if (m.role != account::kRoleLearner) continue;
        // The badges the completion listener would consider for this learner, of this organisation.
        auto candidates = BadgeRepository::ListAutomaticBadgesFor(db_, m.user_id);
        if (!candidates) {
            spdlog::error("badge: look-back: badges of {} unreadable: {}", m.user_id,
                          candidates.error().message);
            continue;
        }
        std::vector<Badge> badges;
        for (Badge& b : *candidates) {
            if (b.org_id == org_id && (badge_id.empty() || b.id == badge_id)) badges.push_back(std::move(b));
        }
        if (badges.empty()) continue;
        auto user = store_.Users().Get(m.user_id);
        if (!user) {
            if (user.error().code != core::ErrorCode::kNotFound) {
                spdlog::error("badge: look-back: learner {} unreadable: {}", m.user_id, user.error().message);
            }
            continue;
        }
        account::Principal learner;
        learner.kind = account::PrincipalKind::kSession;
        learner.user = *user;
        auto mine = assessments.ListMine(learner);
        if (!mine) {
            spdlog::error("badge: look-back: tests of {} unreadable: {}", m.user_id, mine.error().message);
            continue;
        }
        for (auto it = mine->rbegin(); it != mine->rend(); ++it) {  // oldest first
            if (it->status != assessment::AssessmentStatus::kCompleted) continue;
            auto result = assessments.Result(learner, it->id);
            if (!result) {
                spdlog::error("badge: look-back: result of test {} unreadable: {}", it->id,
                              result.error().message);
                continue;
            }
            auto won = AwardByRules(user->id, *result, badges, trigger);
            if (!won) {
                spdlog::error("badge: look-back: test {} of {}: {}", it->id, m.user_id, won.error().message);
                continue;
            }
            for (Award& a : *won) {
                // A badge awarded is held: later tests need not be examined for it.
                badges.erase(std::remove_if(badges.begin(), badges.end(),
                                            [&](const Badge& b) { return b.id == a.badge_id; }),
                             badges.end());
                awarded.push_back(std::move(a));
            }
            if (badges.empty()) break;
        }
    }
    return awarded;
}

void BadgeService::LookBackAfterChange(const account::Principal& principal, const Badge* before,
                                       const Badge& after) {
    if (assessments_ == nullptr || after.status != BadgeStatus::kActive ||
        after.rule.kind == RuleKind::kManual)
        return;
    const bool newly =
        before == nullptr || before->status != BadgeStatus::kActive || !(before->rule == after.rule);
    if (!newly) return;
    auto awarded = AwardFromPastResults(*assessments_, after.org_id, after.id, &principal);
    if (!awarded) {
        spdlog::error("badge {}: look-back at past results failed: {}", after.id, awarded.error().message);
        return;
    }
    if (!awarded->empty()) {
        spdlog::info("badge {}: {} award(s) from past results (look-back)", after.id, awarded->size());
    }
}

core::Result<json> ExportBadges(BadgeService& service, const account::Principal& principal) {
    auto mine = service.ListMyAwards(principal);
    if (!mine) return core::Fail(mine.error());
    json out = json::array();
    for (const AwardView& view : *mine) out.push_back(AwardToJson(view, service.PublicBaseUrl(), true));
    return out;
}

std::function<void(const std::string&, const assessment::AssessmentResult&)> CompletionListener(
    BadgeService& service) {
    return [&service](const std::string& user_id, const assessment::AssessmentResult& result) {
        auto awarded = service.OnAssessmentCompleted(user_id, result);
        if (!awarded) {
            spdlog::error("badge: automatic awards after assessment {} failed: {}", result.summary.id,
                          awarded.error().message);
            return;
        }
        for (const Award& a : *awarded) {
            spdlog::info("badge: {} awarded automatically (award {}, assessment {})", a.badge_id, a.id,
                         result.summary.id);
        }
    };
}

}  // namespace passeur::badge
