#include "framework/framework_repository.hpp"

#include <algorithm>

#include "framework/native_format.hpp"

namespace passeur::framework {
namespace {

using store::AsInt;
using store::AsText;
using store::Params;
using store::Row;

constexpr std::string_view kColumns =
    "id, slug, version, identifier, name, name_en, competence_count, status, source, created_at, "
    "COALESCE(created_by, ''), ";
constexpr std::size_t kItemsPerInsert = 200;

FrameworkRecord FromRow(const Row& row) {
    FrameworkRecord r;
    r.key = AsText(row[0]);
    r.slug = AsText(row[1]);
    r.version = AsText(row[2]);
    r.identifier = AsText(row[3]);
    r.name = {AsText(row[4]), AsText(row[5])};
    r.competence_count = AsInt(row[6]);
    r.status = AsText(row[7]);
    r.source = AsText(row[8]);
    r.created_at = AsInt(row[9]);
    r.created_by = AsText(row[10]);
    r.document = AsText(row[11]);
    return r;
}

std::string Select(bool with_document) {
    return "SELECT " + std::string(kColumns) + (with_document ? "document" : "''") +
           " FROM framework_versions ";
}

struct IndexRow {
    std::string identifier;
    std::string kind;
    std::string code;
};

std::vector<IndexRow> IndexRows(const Framework& f) {
    std::vector<IndexRow> rows;
    for (const auto& area : f.areas) {
        rows.push_back({area.identifier, "area", area.code});
        for (const auto& c : area.competences) {
            rows.push_back({c.identifier, "competence", c.code});
            for (const auto& s : c.skills) rows.push_back({s.identifier, "skill", s.code});
            for (const auto& [level, text] : c.levels) {
                rows.push_back(
                    {LevelIdentifier(f, c.code, level), "level", c.code + "#" + std::to_string(level)});
            }
        }
    }
    return rows;
}

core::Result<std::vector<FrameworkRecord>> Records(core::Result<store::Rows> rows) {
    if (!rows) return core::Fail(rows.error());
    std::vector<FrameworkRecord> out;
    out.reserve(rows->size());
    for (const auto& row : *rows) out.push_back(FromRow(row));
    return out;
}

// Newest first by version number (the SQL orders by slug; versions are compared here).
void SortVersions(std::vector<FrameworkRecord>& records) {
    std::stable_sort(records.begin(), records.end(), [](const FrameworkRecord& a, const FrameworkRecord& b) {
        if (a.slug != b.slug) return a.slug < b.slug;
        return CompareVersions(a.version, b.version) > 0;
    });
}

}  // namespace

core::Result<FrameworkRecord> FrameworkRepository::Insert(const Framework& f, std::string_view created_by,
                                                          std::int64_t now) {
    FrameworkRecord record;
    record.key = f.id + "@" + f.version;
    record.slug = f.id;
    record.version = f.version;
    record.identifier = f.identifier;
    record.name = f.name;
    record.competence_count = static_cast<std::int64_t>(f.CompetenceCount());
    record.source = f.source;
    record.document = FrameworkToJson(f).dump();
    record.created_at = now;
    record.created_by = std::string(created_by);
    const auto index = IndexRows(f);

    return db_.WithTransaction([&](store::Executor& ex) -> core::Result<FrameworkRecord> {
        auto existing =
            ex.Query("SELECT version, status FROM framework_versions WHERE slug = $1", {record.slug});
        if (!existing) return core::Fail(existing.error());
        bool greatest = true;
        for (const auto& row : *existing) {
            const std::string version = AsText(row[0]);
            const int order = CompareVersions(record.version, version);
            if (order == 0) {
                return core::Fail(core::Error::Conflict("Le référentiel « " + record.slug +
                                                            " » existe déjà en version " + version +
                                                            " : importez-le sous un autre numéro de version.",
                                                        "version"));
            }
            if (order < 0) greatest = false;
        }
        auto other =
            ex.Query("SELECT slug FROM framework_versions WHERE identifier = $1 AND slug <> $2 LIMIT 1",
                     {record.identifier, record.slug});
        if (!other) return core::Fail(other.error());
        if (!other->empty()) {
            return core::Fail(core::Error::Conflict("L'identifiant CASE " + record.identifier +
                                                        " appartient déjà au référentiel « " +
                                                        AsText(other->front()[0]) + " ».",
                                                    "identifier"));
        }
        record.status = greatest ? "current" : "superseded";
        if (greatest) {
            PASSEUR_TRY(ex.Exec(
                "UPDATE framework_versions SET status = 'superseded' WHERE slug = $1 AND status = 'current'",
                {record.slug}));
        }
        PASSEUR_TRY(
            ex.Exec("INSERT INTO framework_versions (id, slug, version, identifier, name, name_en, "
                    "competence_count, status, "
                    "source, document, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                    "$10, $11, $12)",
                    {record.key, record.slug, record.version, record.identifier, record.name.fr,
                     record.name.en, record.competence_count, record.status, record.source, record.document,
                     record.created_at, store::NullIfEmpty(record.created_by)}));
        for (std::size_t start = 0; start < index.size(); start += kItemsPerInsert) {
            const std::size_t end = std::min(index.size(), start + kItemsPerInsert);
            std::string sql = "INSERT INTO framework_items (version_id, identifier, kind, code) VALUES ";
            Params params;
            params.push_back(record.key);
            for (std::size_t i = start; i < end; ++i) {
                const std::size_t n = params.size();
                if (i > start) sql += ", ";
                sql += "($1, $" + std::to_string(n + 1) + ", $" + std::to_string(n + 2) + ", $" +
                       std::to_string(n + 3) + ")";
                params.push_back(index[i].identifier);
                params.push_back(index[i].kind);
                params.push_back(index[i].code);
            }
            PASSEUR_TRY(ex.Exec(sql, params));
        }
        auto clash = ex.Query(
            "SELECT i.identifier, w.slug FROM framework_items i JOIN framework_items j ON j.identifier = "
            "i.identifier "
            "JOIN framework_versions w ON w.id = j.version_id WHERE i.version_id = $1 AND w.slug <> $2 LIMIT "
            "1",
            {record.key, record.slug});
        if (!clash) return core::Fail(clash.error());
        if (!clash->empty()) {
            return core::Fail(core::Error::Conflict("L'identifiant CASE " + AsText(clash->front()[0]) +
                                                        " appartient déjà au référentiel « " +
                                                        AsText(clash->front()[1]) + " ».",
                                                    "identifier"));
        }
        return record;
    });
}

core::Result<std::vector<FrameworkRecord>> FrameworkRepository::List(bool all_versions) {
    auto records = Records(db_.Query(Select(false) + (all_versions ? "" : "WHERE status = 'current' ") +
                                     "ORDER BY slug LIMIT 10000"));
    if (records) SortVersions(*records);
    return records;
}

core::Result<FrameworkRecord> FrameworkRepository::Get(std::string_view slug, std::string_view version,
                                                       bool with_document) {
    auto rows = version.empty() ? db_.Query(Select(with_document) + "WHERE slug = $1 AND status = 'current'",
                                            {std::string(slug)})
                                : db_.Query(Select(with_document) + "WHERE slug = $1 AND version = $2",
                                            {std::string(slug), std::string(version)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
        return core::Fail(core::Error::NotFound(version.empty()
                                                    ? "Référentiel inconnu : « " + std::string(slug) + " »."
                                                    : "Version inconnue : « " + std::string(slug) + " » " +
                                                          std::string(version) + "."));
    }
    return FromRow(rows->front());
}

core::Result<std::vector<FrameworkRecord>> FrameworkRepository::Versions(std::string_view slug) {
    auto records = Records(db_.Query(Select(false) + "WHERE slug = $1 LIMIT 10000", {std::string(slug)}));
    if (records) SortVersions(*records);
    return records;
}

core::Result<ItemLocation> FrameworkRepository::FindItem(std::string_view identifier) {
    // The current version first, then the most recently created one.
    auto rows = db_.Query(
        "SELECT v.id, v.slug, v.version, v.identifier, v.name, v.name_en, v.competence_count, v.status, "
        "v.source, v.created_at, "
        "COALESCE(v.created_by, ''), '', i.kind, i.code FROM framework_items i "
        "JOIN framework_versions v ON v.id = i.version_id WHERE i.identifier = $1 "
        "ORDER BY CASE WHEN v.status = 'current' THEN 0 ELSE 1 END, v.created_at DESC, v.id LIMIT 1",
        {std::string(identifier)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty())
        return core::Fail(core::Error::NotFound("Élément CASE inconnu : " + std::string(identifier)));
    ItemLocation location;
    location.record = FromRow(rows->front());
    location.kind = AsText(rows->front()[12]);
    location.code = AsText(rows->front()[13]);
    return location;
}

core::Result<FrameworkRecord> FrameworkRepository::FindDocument(std::string_view identifier) {
    auto rows =
        db_.Query(Select(false) +
                      "WHERE slug = (SELECT slug FROM framework_versions WHERE identifier = $1 LIMIT 1) "
                      "AND status = 'current'",
                  {std::string(identifier)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty())
        return core::Fail(core::Error::NotFound("Document CASE inconnu : " + std::string(identifier)));
    return FromRow(rows->front());
}

core::Result<std::vector<std::string>> FrameworkRepository::PutProfiles(
    const std::vector<ProfileRecord>& profiles, bool only_absent) {
    return db_.WithTransaction([&](store::Executor& ex) -> core::Result<std::vector<std::string>> {
        std::vector<std::string> written;
        for (const auto& p : profiles) {
            auto existing = ex.Query("SELECT created_at FROM target_profiles WHERE id = $1", {p.id});
            if (!existing) return core::Fail(existing.error());
            if (!existing->empty()) {
                if (only_absent) continue;
                PASSEUR_TRY(
                    ex.Exec("UPDATE target_profiles SET name = $2, document = $3, updated_at = $4, "
                            "updated_by = $5 WHERE id = $1",
                            {p.id, p.name, p.document, p.updated_at, store::NullIfEmpty(p.updated_by)}));
            } else {
                PASSEUR_TRY(ex.Exec(
                    "INSERT INTO target_profiles (id, name, document, created_at, updated_at, updated_by) "
                    "VALUES ($1, $2, $3, $4, $5, $6)",
                    {p.id, p.name, p.document, p.created_at, p.updated_at,
                     store::NullIfEmpty(p.updated_by)}));
            }
            written.push_back(p.id);
        }
        return written;
    });
}

namespace {
ProfileRecord ProfileFromRow(const Row& row) {
    return {AsText(row[0]), AsText(row[1]), AsText(row[2]), AsInt(row[3]), AsInt(row[4]), AsText(row[5])};
}
constexpr std::string_view kProfileSelect =
    "SELECT id, name, document, created_at, updated_at, COALESCE(updated_by, '') FROM target_profiles ";
}  // namespace

core::Result<std::vector<ProfileRecord>> FrameworkRepository::ListProfiles() {
    auto rows = db_.Query(std::string(kProfileSelect) + "ORDER BY id LIMIT 1000");
    if (!rows) return core::Fail(rows.error());
    std::vector<ProfileRecord> out;
    for (const auto& row : *rows) out.push_back(ProfileFromRow(row));
    return out;
}

core::Result<ProfileRecord> FrameworkRepository::GetProfile(std::string_view id) {
    auto rows = db_.Query(std::string(kProfileSelect) + "WHERE id = $1", {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty())
        return core::Fail(core::Error::NotFound("Profil cible inconnu : « " + std::string(id) + " »."));
    return ProfileFromRow(rows->front());
}

}  // namespace passeur::framework
