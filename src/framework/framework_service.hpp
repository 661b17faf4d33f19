// The framework use cases over the store: list and read frameworks (any version), resolve CASE
// identifiers, import native or CASE files, export CASE, create a new version from an edited
// framework, target profiles, and seeding of the shipped data. Thread-safe.
//
// Reading is public. Importing, editing and profile imports need account::Action::kEditFrameworks
// (platform admins) when done by a principal; the system actor (command line, seeding) is trusted.
// Errors: kInvalidArgument with the file and JSON path of a bad field (nothing stored),
// kConflict when the version exists (message says which), kPermissionDenied, kNotFound,
// kUnavailable/kInternal from the store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/authorizer.hpp"
#include "account/principal.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "framework/framework_repository.hpp"
#include "framework/model.hpp"
#include "store/database.hpp"

namespace passeur::framework {

// Who performs a change: a principal (authorised for kEditFrameworks) or the trusted system.
struct Actor {
    const account::Principal* principal = nullptr;  // nullptr: the system
    static Actor System() { return {}; }
    static Actor Of(const account::Principal& p) { return {&p}; }
};

// A stored version with its parsed framework.
struct StoredFramework {
    FrameworkRecord record;  // document cleared (it is `framework`)
    Framework framework;
};

// A CASE item found by identifier.
struct CaseItemLocation {
    StoredFramework stored;
    std::string kind;  // "area" | "competence" | "skill" | "level"
    std::string code;  // "<competence>#<level>" for levels
};

struct StoredProfile {
    TargetProfile profile;
    std::int64_t updated_at = 0;
};

struct SeedReport {
    std::vector<std::string> frameworks;  // "<id>@<version>" imported
    std::vector<std::string> profiles;    // profile ids imported
};

class FrameworkService {
public:
    // `authorizer` decides for principals. When `audit` is set, every change made by a principal is
    // recorded ("framework.imported", "framework.version_created", "framework.profiles_imported",
    // subject "<id>@<version>" or the profile ids). The service owns none of its arguments.
    FrameworkService(store::Database& db, core::Clock& clock, const account::Authorizer& authorizer,
                     account::AuditLog* audit = nullptr);

    core::Result<std::vector<FrameworkRecord>> List(bool all_versions = false);
    // version "" = current.
    core::Result<StoredFramework> Get(std::string_view slug, std::string_view version = {});
    core::Result<std::vector<FrameworkRecord>> Versions(std::string_view slug);
    core::Result<CaseItemLocation> GetByIdentifier(std::string_view identifier);
    core::Result<StoredFramework> GetByDocumentIdentifier(std::string_view identifier);

    core::Result<StoredFramework> ImportNative(const nlohmann::json& document, const Actor& actor,
                                               std::string_view file = "framework.json");
    core::Result<StoredFramework> ImportCase(const nlohmann::json& package, const Actor& actor,
                                             std::string_view file = "case.json");
    // A CASE package (has "CFDocument") or a native framework (has "format"), detected.
    core::Result<StoredFramework> Import(const nlohmann::json& document, const Actor& actor,
                                         std::string_view file = "import.json");
    core::Result<nlohmann::json> ExportCase(std::string_view slug, std::string_view version,
                                            std::string_view public_base_url);
    // Stores `edited` as version `new_version` of `slug` (source "edit"): id forced to slug,
    // CFDocument identifier kept, new nodes get derived identifiers. new_version must be greater
    // than every existing version (kInvalidArgument, field "version"); the old versions stay.
    core::Result<StoredFramework> CreateVersion(std::string_view slug, Framework edited,
                                                std::string_view new_version, const Actor& actor);

    core::Result<std::vector<StoredProfile>> ListProfiles();
    core::Result<StoredProfile> GetProfile(std::string_view id);
    // "passeur-target-profiles/1": every requirement resolved to an existing framework version
    // and competence (errors name the path); profiles replaced when they exist.
    core::Result<std::vector<TargetProfile>> ImportProfiles(const nlohmann::json& document,
                                                            const Actor& actor,
                                                            std::string_view file = "target-profiles.json");

    // Imports <data_dir>/frameworks/*.json (strict rules) whose (id, version) is absent, then the
    // profiles of target-profiles.json that are absent. Idempotent. Returns what it imported.
    core::Result<SeedReport> SeedShipped(const std::string& data_dir);

private:
    core::Result<std::string> Authorize(const Actor& actor) const;  // the actor's user id ("" for the system)
    core::Result<StoredFramework> Store(Framework framework, std::string_view created_by);
    // Records the change of a principal (nothing for the system or without an audit log).
    void Audit(const Actor& actor, std::string event, std::string subject, nlohmann::json details);
    // The parsed framework of a record, from the cache or (loading the document when the record
    // has none) parsed and cached. Versions never change once stored, so the cache is never stale.
    core::Result<StoredFramework> Parse(FrameworkRecord record);
    core::Result<std::vector<TargetProfile>> Resolve(std::vector<TargetProfile> profiles,
                                                     std::string_view file);
    core::Result<std::vector<TargetProfile>> PutProfiles(std::vector<TargetProfile> profiles,
                                                         std::string_view by, bool only_absent);

    FrameworkRepository repository_;
    core::Clock& clock_;
    const account::Authorizer& authorizer_;
    account::AuditLog* audit_;
    static constexpr std::size_t kCacheSize = 32;  // parsed versions kept (all dropped when full)
    std::mutex cache_mutex_;
    std::map<std::string, std::shared_ptr<const Framework>> cache_;  // by record key
};

// Reads a whole file of at most kMaxFileBytes (kPayloadTooLarge above, kNotFound when missing).
core::Result<std::string> ReadBoundedFile(const std::string& path);

}  // namespace passeur::framework
