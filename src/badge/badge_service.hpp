// Badges and awards over the store (issue 5; choices in docs/badges.md): an organisation defines
// badges (OB 3.0 Achievements with an award rule); mediators award them by hand with evidence, or
// the rules award them from assessment results; each award is a signed OpenBadgeCredential (through
// credential::CredentialIssuer), stored as issued and never re-signed; the learner sees their
// awards and chooses which are public; staff suspend, reinstate and revoke them.
//
// Permissions (account::Authorizer; choices in docs/badges.md):
//   kManageBadges (org_admin of the badge's organisation, platform_admin): create, edit, archive;
//   kAwardBadges (mediator or org_admin of the organisation, platform_admin): award, suspend,
//     reinstate, revoke, list a badge's awards — sessions only (a person answers for an award; API
//     tokens get kPermissionDenied); the recipient must be a learner member of the organisation;
//   the learner: their own awards (list, read, public flag); nobody else changes the public flag;
//   anyone: the public page of a badge that is not a draft, and a public award's credential.
// Unrelated callers get kNotFound (nothing is revealed), related ones lacking the role
// kPermissionDenied. Every creation and change of a badge and every award, suspension,
// reinstatement and revocation is written to the audit log (who, and why for awards).
//
// Consistency with the issuer: an award is signed first, then stored in one transaction; if
// signing fails nothing is stored; if storing fails the credential is not returned and its status
// entry is revoked (best effort) so that the orphan can never verify as active. A state change
// flips the issuer's status bits first, then the row (a revocation found already done at the
// issuer is completed in the row).
//
// Errors: kInvalidArgument (field named), kNotFound, kPermissionDenied, kConflict (already held,
// state change not allowed, concurrent change), kUnavailable from the issuer (no key) or store.
// Thread-safety: thread-safe (state in the database; the random source behind a mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "assessment/service/assessment_service.hpp"
#include "badge/model.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "credential/issuer.hpp"
#include "framework/framework_service.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace passeur::badge {

// What a badge is made of, as people type it. framework_version "" in an alignment or the rule's
// competence means the framework's current version (stored resolved).
struct BadgeInput {
    std::string name;
    std::string description;
    std::string criteria;
    std::string achievement_type = "Badge";
    std::optional<std::string> image_svg;  // nullopt: the generated image
    std::vector<CompetenceRef> alignments;
    int validity_months = 0;
    AwardRule rule;
    BadgeStatus status = BadgeStatus::kDraft;  // draft or active at creation
};

// A partial change; absent members are kept. `image_svg` set to nullopt inside removes the image.
struct BadgePatch {
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> criteria;
    std::optional<std::string> achievement_type;
    std::optional<std::optional<std::string>> image_svg;
    std::optional<std::vector<CompetenceRef>> alignments;
    std::optional<int> validity_months;
    std::optional<AwardRule> rule;
    // draft → active | archived, active → archived, archived → active; never back to draft.
    std::optional<BadgeStatus> status;
    std::optional<std::int64_t> expected_version;  // kConflict when the badge moved past it
};

struct ManualAwardInput {
    std::string learner_id;   // user id of a learner member of the badge's organisation
    std::string reason;       // required, why the badge is awarded
    std::string narrative;    // required, what was observed
    std::string observed_on;  // "YYYY-MM-DD", not in the future
    std::string observer;     // who observed; "" = the awarding person's display name
};

// An award with what the pages and the API show next to it.
struct AwardView {
    Award award;
    Badge badge;
    std::string org_name;
    std::string learner_name;     // display name (or e-mail when it has none)
    std::string awarded_by_name;  // "" for automatic awards or a deleted account
    bool expired = false;
};

// A learner member of an organisation (the choice of recipients of a manual award).
struct Learner {
    std::string user_id;
    std::string name;  // display name, or the e-mail when it has none
};

class BadgeService {
public:
    // `public_base_url` gives the base of every URL put in credentials and badge pages (no
    // trailing '/'), read at each call (the port may be known only once the server listens). The
    // service owns none of its arguments; they must outlive it.
    BadgeService(store::Store& store, store::Database& db, core::Clock& clock, core::Random& random,
                 const account::Authorizer& authorizer, account::AuditLog& audit,
                 framework::FrameworkService& frameworks, credential::CredentialIssuer& issuer,
                 std::function<std::string()> public_base_url);

    // ---- badges ------------------------------------------------------------------------------
    core::Result<Badge> CreateBadge(const account::Principal& principal, std::string_view org_id,
                                    const BadgeInput& input);
    core::Result<Badge> UpdateBadge(const account::Principal& principal, std::string_view badge_id,
                                    const BadgePatch& patch);
    core::Result<Badge> ArchiveBadge(const account::Principal& principal, std::string_view badge_id);
    // Staff (kAwardBadges) see every badge of the organisation; other members (kReadOrg) the
    // active ones.
    core::Result<std::vector<Badge>> ListBadges(const account::Principal& principal, std::string_view org_id);
    // A draft is seen by staff only; active and archived badges by anyone (principal may be null).
    core::Result<Badge> GetBadge(const account::Principal* principal, std::string_view badge_id);
    // The badges the principal may manage or award, over all their organisations (org name set).
    struct StaffBadges {
        std::string org_id;
        std::string org_name;
        bool can_manage = false;  // kManageBadges
        std::vector<Badge> badges;
    };
    core::Result<std::vector<StaffBadges>> ListStaffBadges(const account::Principal& principal);
    // Learner members of the badge's organisation (kAwardBadges), by name.
    core::Result<std::vector<Learner>> AwardableLearners(const account::Principal& principal,
                                                         std::string_view badge_id);

    // The OB 3.0 Achievement of a badge (as put in its credentials): id <base>/badges/<id>, name,
    // description, criteria, image <base>/badges/<id>/image.svg, achievementType, alignment (CFItem
    // targets on the competences' CASE URIs), creator (the organisation's Profile).
    core::Result<nlohmann::json> Achievement(const Badge& badge);
    // The stored SVG, or the generated default.
    std::string Image(const Badge& badge) const;
    std::string PublicBaseUrl() const { return public_base_url_(); }
    // The injected clock's time (pages default dates to it).
    std::int64_t NowMillis() const { return clock_.NowMillis(); }
    // The organisation's name ("" when it cannot be read), for pages.
    std::string OrganizationName(std::string_view org_id);

    // ---- awards ------------------------------------------------------------------------------
    core::Result<AwardView> AwardManually(const account::Principal& principal, std::string_view badge_id,
                                          const ManualAwardInput& input);
    // Awards every active badge with an automatic rule of the organisations where `user_id` is a
    // learner whose rule `result` meets and that the learner does not hold (live and not expired)
    // nor ever had revoked. Idempotent. A failure on one badge is logged and the others go on.
    // Returns the new awards. A result still in progress awards nothing.
    core::Result<std::vector<Award>> OnAssessmentCompleted(std::string_view user_id,
                                                           const assessment::AssessmentResult& result);

    core::Result<std::vector<AwardView>> ListMyAwards(const account::Principal& principal);
    // The learner, staff of the badge's organisation (kAwardBadges) and platform admins.
    core::Result<AwardView> GetAward(const account::Principal& principal, std::string_view award_id);
    core::Result<std::vector<AwardView>> ListBadgeAwards(const account::Principal& principal,
                                                         std::string_view badge_id);
    // The learner only.
    core::Result<AwardView> SetPublic(const account::Principal& principal, std::string_view award_id,
                                      bool is_public);
    // Staff (kAwardBadges, sessions). reason required. Revoke: active|suspended → revoked (final);
    // Suspend: active → suspended; Reinstate: suspended → active. Else kConflict.
    core::Result<AwardView> Revoke(const account::Principal& principal, std::string_view award_id,
                                   std::string_view reason);
    core::Result<AwardView> Suspend(const account::Principal& principal, std::string_view award_id,
                                    std::string_view reason);
    core::Result<AwardView> Reinstate(const account::Principal& principal, std::string_view award_id,
                                      std::string_view reason);
    // The signed credential of a public award, for anyone; kNotFound (one message) otherwise.
    core::Result<nlohmann::json> PublicCredential(std::string_view award_id);
    // The award behind a public credential (for the verification and public pages); same rule.
    core::Result<AwardView> PublicAward(std::string_view award_id);

private:
    core::Result<Badge> LoadBadge(std::string_view badge_id);
    core::Result<AwardView> View(Award award);
    core::Result<AwardView> View(Award award, Badge badge);
    core::Result<std::string> OrgName(std::string_view org_id);
    core::Result<Badge> Normalize(Badge badge);  // validates and resolves framework versions
    core::Result<void> CheckAlignmentTarget(const CompetenceRef& ref, const std::string& field,
                                            CompetenceRef& out);
    core::Result<AwardView> ChangeState(const account::Principal& principal, std::string_view award_id,
                                        std::string_view reason, AwardState to);
    // Signs and stores one award (see the class comment). `award` has everything but credential.
    core::Result<Award> Issue(Award award, const Badge& badge, nlohmann::json evidence);
    std::string NewId();
    void Audit(account::AuditEntry entry);

    store::Store& store_;
    store::Database& db_;
    core::Clock& clock_;
    core::Random& random_;
    std::mutex random_mutex_;
    const account::Authorizer& authorizer_;
    account::AuditLog& audit_;
    framework::FrameworkService& frameworks_;
    credential::CredentialIssuer& issuer_;
    std::function<std::string()> public_base_url_;
};

// GDPR export of the principal's awards, newest first: each with its badge (id, name, organisation),
// reason, evidence, dates, state, public flag and the credential as issued. For
// AccountService::AddExportSection("badges", ...).
core::Result<nlohmann::json> ExportBadges(BadgeService& service, const account::Principal& principal);

// The listener to give AssessmentService::AddCompletionListener: OnAssessmentCompleted, its
// failures logged.
std::function<void(const std::string&, const assessment::AssessmentResult&)> CompletionListener(
    BadgeService& service);

}  // namespace passeur::badge
