#include "framework/framework_service.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <spdlog/spdlog.h>

#include "framework/case_format.hpp"
#include "framework/json_path.hpp"
#include "framework/native_format.hpp"
#include "framework/uuid.hpp"

namespace passeur::framework {

using nlohmann::json;

core::Result<std::string> ReadBoundedFile(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return core::Fail(core::Error::NotFound(path + ": fichier introuvable ou illisible"));
    if (size > kMaxFileBytes) {
        return core::Fail(core::Error{core::ErrorCode::kPayloadTooLarge,
                                      path + ": fichier trop volumineux (au plus 20 Mo)", ""});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::Fail(core::Error::NotFound(path + ": fichier introuvable ou illisible"));
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) {
        return core::Fail(core::Error::Internal(path + ": lecture incomplète"));
    }
    return text;
}

FrameworkService::FrameworkService(store::Database& db, core::Clock& clock,
                                   const account::Authorizer& authorizer, account::AuditLog* audit)
    : repository_(db), clock_(clock), authorizer_(authorizer), audit_(audit) {}

void FrameworkService::Audit(const Actor& actor, std::string event, std::string subject, json details) {
    if (audit_ == nullptr || actor.principal == nullptr) return;
    // The change is stored already: a failure to record it is logged, it does not undo the change.
    auto recorded = audit_->Record(
        account::AuditEntry(event).By(*actor.principal).Subject(subject).Details(std::move(details)));
    if (!recorded) spdlog::warn("audit {} {} not recorded: {}", event, subject, recorded.error().message);
}

core::Result<std::string> FrameworkService::Authorize(const Actor& actor) const {
    if (actor.principal == nullptr) return std::string();
    PASSEUR_TRY(authorizer_.Authorize(*actor.principal, account::Action::kEditFrameworks));
    return actor.principal->ActorId();
}

core::Result<StoredFramework> FrameworkService::Parse(FrameworkRecord record) {
    {
        std::lock_guard lock(cache_mutex_);
        if (auto it = cache_.find(record.key); it != cache_.end()) {
            record.document.clear();
            return StoredFramework{std::move(record), *it->second};
        }
    }
    if (record.document.empty()) {
        auto full = repository_.Get(record.slug, record.version, true);
        if (!full) return core::Fail(full.error());
        record.document = std::move(full->document);
    }
    json document = json::parse(record.document, nullptr, false);
    if (document.is_discarded()) {
        return core::Fail(core::Error::Internal("stored framework " + record.key + " is not valid JSON"));
    }
    auto framework = FrameworkFromJson(document, record.key);
    if (!framework) {
        return core::Fail(
            core::Error::Internal("stored framework " + record.key + ": " + framework.error().message));
    }
    framework->source = record.source;
    record.document.clear();
    {
        std::lock_guard lock(cache_mutex_);
        if (cache_.size() >= kCacheSize) cache_.clear();
        cache_[record.key] = std::make_shared<const Framework>(*framework);
    }
    return StoredFramework{std::move(record), std::move(*framework)};
}

core::Result<std::vector<FrameworkRecord>> FrameworkService::List(bool all_versions) {
    return repository_.List(all_versions);
}

core::Result<StoredFramework> FrameworkService::Get(std::string_view slug, std::string_view version) {
    if (!IsValidFrameworkId(slug)) return core::Fail(core::Error::NotFound("Référentiel inconnu."));
    if (!version.empty() && !IsValidVersion(version)) {
        return core::Fail(core::Error::InvalidArgument("Version invalide (ex. 1.0).", "version"));
    }
    auto record = repository_.Get(slug, version, false);
    if (!record) return core::Fail(record.error());
    return Parse(std::move(*record));
}

core::Result<std::vector<FrameworkRecord>> FrameworkService::Versions(std::string_view slug) {
    return repository_.Versions(slug);
}

core::Result<CaseItemLocation> FrameworkService::GetByIdentifier(std::string_view identifier) {
    if (!IsUuid(identifier)) {
        return core::Fail(
            core::Error::InvalidArgument("Identifiant CASE invalide : UUID attendu.", "identifier"));
    }
    auto location = repository_.FindItem(LowerUuid(identifier));
    if (!location) return core::Fail(location.error());
    auto stored = Parse(std::move(location->record));
    if (!stored) return core::Fail(stored.error());
    return CaseItemLocation{std::move(*stored), location->kind, location->code};
}

core::Result<StoredFramework> FrameworkService::GetByDocumentIdentifier(std::string_view identifier) {
    if (!IsUuid(identifier)) {
        return core::Fail(
            core::Error::InvalidArgument("Identifiant CASE invalide : UUID attendu.", "identifier"));
    }
    auto record = repository_.FindDocument(LowerUuid(identifier));
    if (!record) return core::Fail(record.error());
    return Parse(std::move(*record));
}

core::Result<StoredFramework> FrameworkService::Store(Framework framework, std::string_view created_by) {
    auto record = repository_.Insert(framework, created_by, clock_.NowMillis());
    if (!record) return core::Fail(record.error());
    record->document.clear();
    return StoredFramework{std::move(*record), std::move(framework)};
}

core::Result<StoredFramework> FrameworkService::ImportNative(const json& document, const Actor& actor,
                                                             std::string_view file) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto framework = FrameworkFromJson(document, file);
    if (!framework) return core::Fail(framework.error());
    framework->source = "native";
    auto stored = Store(std::move(*framework), *by);
    if (stored) Audit(actor, "framework.imported", stored->record.key, {{"source", "native"}});
    return stored;
}

core::Result<StoredFramework> FrameworkService::ImportCase(const json& package, const Actor& actor,
                                                           std::string_view file) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto framework = ImportCasePackage(package, file);
    if (!framework) return core::Fail(framework.error());
    framework->source = "case";
    auto stored = Store(std::move(*framework), *by);
    if (stored) Audit(actor, "framework.imported", stored->record.key, {{"source", "case"}});
    return stored;
}

core::Result<StoredFramework> FrameworkService::Import(const json& document, const Actor& actor,
                                                       std::string_view file) {
    if (LooksLikeCasePackage(document)) return ImportCase(document, actor, file);
    if (document.is_object() && document.contains("format")) return ImportNative(document, actor, file);
    PASSEUR_TRY(Authorize(actor));
    return core::Fail(detail::Bad(file, "/",
                                  "ni un paquet CASE (CFDocument) ni un référentiel passeur (\"format\": \"" +
                                      std::string(kFrameworkFormat) + "\")"));
}

core::Result<json> FrameworkService::ExportCase(std::string_view slug, std::string_view version,
                                                std::string_view public_base_url) {
    auto stored = Get(slug, version);
    if (!stored) return core::Fail(stored.error());
    return ExportCasePackage(stored->framework, {std::string(public_base_url), stored->record.created_at});
}

core::Result<StoredFramework> FrameworkService::CreateVersion(std::string_view slug, Framework edited,
                                                              std::string_view new_version,
                                                              const Actor& actor) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    if (!IsValidVersion(new_version)) {
        return core::Fail(core::Error::InvalidArgument(
            "Version invalide : ^[0-9]+(\\.[0-9]+){0,2}$ attendu (ex. 1.1).", "version"));
    }
    auto current = Get(slug);
    if (!current) return core::Fail(current.error());
    auto versions = repository_.Versions(slug);
    if (!versions) return core::Fail(versions.error());
    for (const auto& v : *versions) {
        if (CompareVersions(new_version, v.version) <= 0) {
            return core::Fail(core::Error::InvalidArgument(
                "La nouvelle version doit être supérieure à " + v.version + " (version existante).",
                "version"));
        }
    }
    edited.id = std::string(slug);
    edited.version = std::string(new_version);
    edited.identifier = current->framework.identifier;
    edited.source = "edit";
    AssignDerivedIdentifiers(edited);
    auto valid = Validate(edited);
    if (!valid) return core::Fail(valid.error());
    auto stored = Store(std::move(edited), *by);
    if (stored) {
        Audit(actor, "framework.version_created", stored->record.key,
              {{"previous", current->record.version}});
    }
    return stored;
}

core::Result<std::vector<TargetProfile>> FrameworkService::Resolve(std::vector<TargetProfile> profiles,
                                                                   std::string_view file) {
    std::map<std::string, StoredFramework> cache;  // "<slug>@<version or ''>"
    for (std::size_t k = 0; k < profiles.size(); ++k) {
        for (std::size_t j = 0; j < profiles[k].requirements.size(); ++j) {
            Requirement& q = profiles[k].requirements[j];
            const std::string path = "/profiles/" + std::to_string(k) + "/requirements/" + std::to_string(j);
            const std::string key = q.framework + "@" + q.framework_version;
            auto it = cache.find(key);
            if (it == cache.end()) {
                auto stored = Get(q.framework, q.framework_version);
                if (!stored) {
                    if (stored.error().code != core::ErrorCode::kNotFound) return core::Fail(stored.error());
                    return core::Fail(detail::Bad(
                        file, path + (q.framework_version.empty() ? "/framework" : "/framework_version"),
                        "référentiel inconnu : " + key));
                }
                it = cache.emplace(key, std::move(*stored)).first;
            }
            if (it->second.framework.FindCompetence(q.competence) == nullptr) {
                return core::Fail(
                    detail::Bad(file, path + "/competence",
                                "compétence inconnue dans " + it->second.record.key + " : " + q.competence));
            }
            q.framework_version = it->second.framework.version;
        }
    }
    return profiles;
}

core::Result<std::vector<TargetProfile>> FrameworkService::PutProfiles(std::vector<TargetProfile> profiles,
                                                                       std::string_view by,
                                                                       bool only_absent) {
    const std::int64_t now = clock_.NowMillis();
    std::vector<ProfileRecord> records;
    for (const auto& p : profiles) {
        records.push_back({p.id, p.name.fr, TargetProfileToJson(p).dump(), now, now, std::string(by)});
    }
    auto written = repository_.PutProfiles(records, only_absent);
    if (!written) return core::Fail(written.error());
    std::vector<TargetProfile> out;
    for (auto& p : profiles) {
        if (std::find(written->begin(), written->end(), p.id) != written->end()) out.push_back(std::move(p));
    }
    return out;
}

core::Result<std::vector<TargetProfile>> FrameworkService::ImportProfiles(const json& document,
                                                                          const Actor& actor,
                                                                          std::string_view file) {
    auto by = Authorize(actor);
    if (!by) return core::Fail(by.error());
    auto profiles = TargetProfilesFromJson(document, file);
    if (!profiles) return core::Fail(profiles.error());
    auto resolved = Resolve(std::move(*profiles), file);
    if (!resolved) return core::Fail(resolved.error());
    auto written = PutProfiles(std::move(*resolved), *by, false);
    if (written) {
        json ids = json::array();
        for (const auto& p : *written) ids.push_back(p.id);
        Audit(actor, "framework.profiles_imported", "target-profiles", {{"profiles", ids}});
    }
    return written;
}

namespace {
core::Result<StoredProfile> ProfileFrom(const ProfileRecord& record) {
    json document = json::parse(record.document, nullptr, false);
    auto profile = TargetProfileFromJson(document, "target_profiles/" + record.id, "");
    if (!profile)
        return core::Fail(
            core::Error::Internal("stored profile " + record.id + ": " + profile.error().message));
    return StoredProfile{std::move(*profile), record.updated_at};
}
}  // namespace

core::Result<std::vector<StoredProfile>> FrameworkService::ListProfiles() {
    auto records = repository_.ListProfiles();
    if (!records) return core::Fail(records.error());
    std::vector<StoredProfile> out;
    for (const auto& record : *records) {
        auto profile = ProfileFrom(record);
        if (!profile) return core::Fail(profile.error());
        out.push_back(std::move(*profile));
    }
    return out;
}

core::Result<StoredProfile> FrameworkService::GetProfile(std::string_view id) {
    if (!IsValidFrameworkId(id)) return core::Fail(core::Error::NotFound("Profil cible inconnu."));
    auto record = repository_.GetProfile(id);
    if (!record) return core::Fail(record.error());
    return ProfileFrom(*record);
}

core::Result<SeedReport> FrameworkService::SeedShipped(const std::string& data_dir) {
    SeedReport report;
    const std::filesystem::path dir = std::filesystem::path(data_dir) / "frameworks";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto& path = entry.path();
        if (path.extension() == ".json" && path.filename() != "target-profiles.json") files.push_back(path);
    }
    if (ec) return core::Fail(core::Error::NotFound(dir.string() + ": dossier des référentiels introuvable"));
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
        auto text = ReadBoundedFile(path.string());
        if (!text) return core::Fail(text.error());
        const std::string name = path.filename().string();
        auto document = ParseJson(*text, name);
        if (!document) return core::Fail(document.error());
        auto framework = FrameworkFromJson(document->value, name, NativeRules::kShipped);
        if (!framework) return core::Fail(WithLine(framework.error(), *document, name));
        const std::string slug = framework->id;
        const std::string version = framework->version;
        auto existing = repository_.Get(slug, version, false);
        if (existing) continue;
        if (existing.error().code != core::ErrorCode::kNotFound) return core::Fail(existing.error());
        framework->source = "shipped";
        const std::string key = slug + "@" + version;
        auto stored = Store(std::move(*framework), "");
        if (!stored) {
            // Another process seeded it first.
            if (stored.error().code == core::ErrorCode::kConflict && repository_.Get(slug, version, false))
                continue;
            return core::Fail(stored.error());
        }
        report.frameworks.push_back(key);
    }
    const std::filesystem::path profiles_path = dir / "target-profiles.json";
    if (std::filesystem::exists(profiles_path, ec)) {
        auto text = ReadBoundedFile(profiles_path.string());
        if (!text) return core::Fail(text.error());
        auto document = ParseJson(*text, "target-profiles.json");
        if (!document) return core::Fail(document.error());
        auto profiles = TargetProfilesFromJson(document->value, "target-profiles.json");
        if (!profiles) return core::Fail(WithLine(profiles.error(), *document, "target-profiles.json"));
        auto resolved = Resolve(std::move(*profiles), "target-profiles.json");
        if (!resolved) return core::Fail(WithLine(resolved.error(), *document, "target-profiles.json"));
        auto written = PutProfiles(std::move(*resolved), "", true);
        if (!written) return core::Fail(written.error());
        for (const auto& p : *written) report.profiles.push_back(p.id);
    }
    return report;
}

}  // namespace passeur::framework
