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
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "assessment/service/assessment_service.hpp"
#include "badge/evidence_file.hpp"
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
    // Files of the observation (evidence_file.hpp: at most 3 PDF/PNG/JPEG of 2 MiB each, type read
    // from the bytes). Stored with the award, each one an Evidence entry of the credential.
    std::vector<EvidenceUpload> files;
};

// An award with what the pages and the API show next to it.
struct AwardView {
    Award award;
    Badge badge;
    std::string org_name;
    std::string learner_name;     // display name (or e-mail when it has none)
    std::string awarded_by_name;  // "" for automatic awards or a deleted account
    bool expired = false;
    std::vector<EvidenceFile> files;  // evidence files (manual awards), in order, without bytes
};

// An evidence file with its bytes, for a download.
struct EvidenceDownload {
    EvidenceFile file;
    std::string bytes;
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

    // Look-back: runs the rules over past results. For every learner member of `org_id`, each of
    // their completed tests, oldest first, is given to the rules of the organisation's active
    // automatic badges (only badge `badge_id` when not empty), exactly as OnAssessmentCompleted
    // does (held or once-revoked badges are skipped: idempotent). `trigger` is the staff member
    // whose action started it (recorded in the audit details and the reason), nullptr for the
    // system (the demo). A failure on one learner or badge is logged and the others go on; an
    // error is returned only when the learners cannot be listed. Returns the new awards.
    core::Result<std::vector<Award>> AwardFromPastResults(assessment::AssessmentService& assessments,
                                                          std::string_view org_id, std::string_view badge_id,
                                                          const account::Principal* trigger);
    // The assessments whose past results CreateBadge and UpdateBadge look back at when a badge with
    // an automatic rule becomes active (created active, activated from draft or archive, or given
    // a new rule while active). Without it (nullptr, the default) nothing looks back. Set once
    // while the application is built, before any request.
    void SetAssessments(assessment::AssessmentService* assessments) { assessments_ = assessments; }

    // An evidence file of an award with its bytes, for the learner, the staff of the badge's
    // organisation (as GetAward) and, when the learner made the award public, anyone
    // (`principal` null for anonymous visitors). kNotFound (one message) otherwise.
    core::Result<EvidenceDownload> EvidenceFileDownload(const account::Principal* principal,
                                                        std::string_view award_id, std::string_view file_id);
    // <public url>/preuves/<award>/<file>: the download address, the id of its Evidence entry.
    std::string EvidenceFileUrl(std::string_view award_id, std::string_view file_id) const;

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
    // Signs and stores one award and its evidence files (see the class comment). `award` has
    // everything but credential; `files` have their ids, award id and positions set.
    core::Result<Award> Issue(Award award, const Badge& badge, nlohmann::json evidence,
                              const std::vector<std::pair<EvidenceFile, std::string>>& files = {});
    // The rules of `badges` against one result of `user_id` (OnAssessmentCompleted's body).
    core::Result<std::vector<Award>> AwardByRules(std::string_view user_id,
                                                  const assessment::AssessmentResult& result,
                                                  const std::vector<Badge>& badges,
                                                  const account::Principal* trigger);
    // After a badge change committed: looks back when `after` is an active automatic badge that
    // `before` (nullptr at creation) was not, or whose rule changed. Logged, never fails.
    void LookBackAfterChange(const account::Principal& principal, const Badge* before, const Badge& after);
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
    assessment::AssessmentService* assessments_ = nullptr;
};

// GDPR export of the principal's awards, newest first: each with its badge (id, name, organisation),
// reason, evidence, evidence files (name, type, size, SHA-256, download URL), dates, state, public
// flag and the credential as issued. For
// AccountService::AddExportSection("badges", ...).
core::Result<nlohmann::json> ExportBadges(BadgeService& service, const account::Principal& principal);

// The listener to give AssessmentService::AddCompletionListener: OnAssessmentCompleted, its
// failures logged.
std::function<void(const std::string&, const assessment::AssessmentResult&)> CompletionListener(
    BadgeService& service);

}  // namespace passeur::badge
