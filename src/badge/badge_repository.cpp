#include "badge/badge_repository.hpp"

#include <utility>

#include "core/encoding.hpp"

namespace passeur::badge {
namespace {

using nlohmann::json;

constexpr const char* kBadgeColumns =
    "id, org_id, name, description, criteria, achievement_type, image_svg, validity_months, status, "
    "rule_kind, "
    "rule_framework, rule_framework_version, rule_competence, rule_level, rule_profile_id, created_by, "
    "created_at, updated_at, version";

constexpr const char* kAwardColumns =
    "id, badge_id, user_id, source, awarded_by, assessment_id, reason, evidence, awarded_at, expires_at, "
    "state, "
    "state_reason, state_by, state_at, is_public, credential, version";

core::Error Corrupt(const std::string& what) {
    return core::Error::Internal("badges : donnée illisible (" + what + ")");
}

core::Result<Badge> BadgeFrom(const store::Row& r) {
    Badge b;
    b.id = store::AsText(r[0]);
    b.org_id = store::AsText(r[1]);
    b.name = store::AsText(r[2]);
    b.description = store::AsText(r[3]);
    b.criteria = store::AsText(r[4]);
    b.achievement_type = store::AsText(r[5]);
    if (!std::holds_alternative<std::nullptr_t>(r[6])) b.image_svg = store::AsText(r[6]);
    b.validity_months = static_cast<int>(store::AsInt(r[7]));
    auto status = ParseBadgeStatus(store::AsText(r[8]));
    auto kind = ParseRuleKind(store::AsText(r[9]));
    if (!status || !kind) return core::Fail(Corrupt("statut ou règle du badge " + b.id));
    b.status = *status;
    b.rule.kind = *kind;
    b.rule.competence.framework = store::AsText(r[10]);
    b.rule.competence.framework_version = store::AsText(r[11]);
    b.rule.competence.competence = store::AsText(r[12]);
    b.rule.level = static_cast<int>(store::AsInt(r[13]));
    b.rule.target_profile_id = store::AsText(r[14]);
    b.created_by = store::AsText(r[15]);
    b.created_at = store::AsInt(r[16]);
    b.updated_at = store::AsInt(r[17]);
    b.version = store::AsInt(r[18]);
    return b;
}

core::Result<void> LoadAlignments(store::Executor& ex, Badge& badge) {
    auto rows = ex.Query(
        "SELECT framework, framework_version, competence FROM badge_alignments WHERE badge_id = $1 ORDER BY "
        "position",
        {badge.id});
    if (!rows) return core::Fail(rows.error());
    badge.alignments.clear();
    for (const store::Row& r : *rows) {
        badge.alignments.push_back({store::AsText(r[0]), store::AsText(r[1]), store::AsText(r[2])});
    }
    return core::Ok();
}

core::Result<std::vector<Badge>> Badges(store::Executor& ex, const std::string& sql,
                                        const store::Params& params) {
    auto rows = ex.Query(sql, params);
    if (!rows) return core::Fail(rows.error());
    std::vector<Badge> out;
    for (const store::Row& r : *rows) {
        auto badge = BadgeFrom(r);
        if (!badge) return core::Fail(badge.error());
        PASSEUR_TRY(LoadAlignments(ex, *badge));
        out.push_back(std::move(*badge));
    }
    return out;
}

core::Result<void> InsertAlignments(store::Executor& ex, const Badge& badge) {
    for (std::size_t i = 0; i < badge.alignments.size(); ++i) {
        const CompetenceRef& a = badge.alignments[i];
        auto inserted = ex.Exec(
            "INSERT INTO badge_alignments (badge_id, position, framework, framework_version, competence) "
            "VALUES ($1, $2, $3, $4, $5)",
            {badge.id, static_cast<std::int64_t>(i), a.framework, a.framework_version, a.competence});
        if (!inserted) {
            if (store::IsUniqueViolation(inserted.error())) {
                return core::Fail(core::Error::InvalidArgument(
                    "La compétence " + a.competence + " (" + a.framework + ") est alignée deux fois.",
                    "alignments[" + std::to_string(i) + "]"));
            }
            return core::Fail(inserted.error());
        }
    }
    return core::Ok();
}

core::Result<std::vector<Evidence>> EvidenceFrom(const std::string& text) {
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) return core::Fail(Corrupt("preuves"));
    std::vector<Evidence> out;
    for (const json& e : j) {
        if (!e.is_object()) return core::Fail(Corrupt("preuves"));
        Evidence ev;
        ev.narrative = e.value("narrative", "");
        ev.observed_on = e.value("observed_on", "");
        ev.observer = e.value("observer", "");
        out.push_back(std::move(ev));
    }
    return out;
}

core::Result<Award> AwardFrom(const store::Row& r) {
    Award a;
    a.id = store::AsText(r[0]);
    a.badge_id = store::AsText(r[1]);
    a.user_id = store::AsText(r[2]);
    a.automatic = store::AsText(r[3]) == "automatic";
    a.awarded_by = store::AsText(r[4]);
    a.assessment_id = store::AsText(r[5]);
    a.reason = store::AsText(r[6]);
    auto evidence = EvidenceFrom(store::AsText(r[7]));
    if (!evidence) return core::Fail(evidence.error());
    a.evidence = std::move(*evidence);
    a.awarded_at = store::AsInt(r[8]);
    a.expires_at = store::AsInt(r[9]);
    auto state = ParseAwardState(store::AsText(r[10]));
    if (!state) return core::Fail(Corrupt("état de l'attribution " + a.id));
    a.state = *state;
    a.state_reason = store::AsText(r[11]);
    a.state_by = store::AsText(r[12]);
    a.state_at = store::AsInt(r[13]);
    a.is_public = store::AsInt(r[14]) != 0;
    a.credential = json::parse(store::AsText(r[15]), nullptr, false);
    if (a.credential.is_discarded()) return core::Fail(Corrupt("attestation de l'attribution " + a.id));
    a.version = store::AsInt(r[16]);
    return a;
}

core::Result<std::vector<Award>> Awards(store::Executor& ex, const std::string& sql,
                                        const store::Params& params) {
    auto rows = ex.Query(sql, params);
    if (!rows) return core::Fail(rows.error());
    std::vector<Award> out;
    for (const store::Row& r : *rows) {
        auto award = AwardFrom(r);
        if (!award) return core::Fail(award.error());
        out.push_back(std::move(*award));
    }
    return out;
}

constexpr const char* kFileColumns = "id, award_id, position, name, media_type, size, sha256, created_at";

bool IsPostgres(std::string_view engine) { return engine == "postgresql"; }

EvidenceFile FileFrom(const store::Row& r) {
    EvidenceFile f;
    f.id = store::AsText(r[0]);
    f.award_id = store::AsText(r[1]);
    f.position = static_cast<int>(store::AsInt(r[2]));
    f.name = store::AsText(r[3]);
    f.media_type = store::AsText(r[4]);
    f.size = store::AsInt(r[5]);
    f.sha256 = store::AsText(r[6]);
    f.created_at = store::AsInt(r[7]);
    return f;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> HexDecode(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = HexDigit(hex[i]);
        const int lo = HexDigit(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

core::Result<std::optional<Award>> OneAward(store::Executor& ex, const std::string& sql,
                                            const store::Params& params) {
    auto list = Awards(ex, sql, params);
    if (!list) return core::Fail(list.error());
    if (list->empty()) return std::optional<Award>();
    return std::optional<Award>(std::move(list->front()));
}

}  // namespace

json EvidenceToJson(const std::vector<Evidence>& evidence) {
    json out = json::array();
    for (const Evidence& e : evidence) {
        out.push_back({{"narrative", e.narrative}, {"observed_on", e.observed_on}, {"observer", e.observer}});
    }
    return out;
}

core::Result<void> BadgeRepository::InsertBadge(store::Executor& ex, const Badge& b) {
    auto inserted = ex.Exec(
        std::string("INSERT INTO badges (") + kBadgeColumns +
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        {b.id, b.org_id, b.name, b.description, b.criteria, b.achievement_type,
         b.image_svg ? store::Value(*b.image_svg) : store::Value(nullptr),
         static_cast<std::int64_t>(b.validity_months), std::string(BadgeStatusName(b.status)),
         std::string(RuleKindName(b.rule.kind)), b.rule.competence.framework,
         b.rule.competence.framework_version, b.rule.competence.competence,
         static_cast<std::int64_t>(b.rule.level), b.rule.target_profile_id, store::NullIfEmpty(b.created_by),
         b.created_at, b.updated_at, b.version});
    if (!inserted) return core::Fail(inserted.error());
    return InsertAlignments(ex, b);
}

core::Result<void> BadgeRepository::UpdateBadge(store::Executor& ex, const Badge& b) {
    auto updated = ex.Exec(
        "UPDATE badges SET name = $1, description = $2, criteria = $3, achievement_type = $4, image_svg = "
        "$5, "
        "validity_months = $6, status = $7, rule_kind = $8, rule_framework = $9, rule_framework_version = "
        "$10, "
        "rule_competence = $11, rule_level = $12, rule_profile_id = $13, updated_at = $14, version = version "
        "+ 1 "
        "WHERE id = $15 AND version = $16",
        {b.name, b.description, b.criteria, b.achievement_type,
         b.image_svg ? store::Value(*b.image_svg) : store::Value(nullptr),
         static_cast<std::int64_t>(b.validity_months), std::string(BadgeStatusName(b.status)),
         std::string(RuleKindName(b.rule.kind)), b.rule.competence.framework,
         b.rule.competence.framework_version, b.rule.competence.competence,
         static_cast<std::int64_t>(b.rule.level), b.rule.target_profile_id, b.updated_at, b.id, b.version});
    if (!updated) return core::Fail(updated.error());
    if (*updated == 0) {
        return core::Fail(
            core::Error::Conflict("Le badge a été modifié entre-temps : rechargez-le et recommencez."));
    }
    auto cleared = ex.Exec("DELETE FROM badge_alignments WHERE badge_id = $1", {b.id});
    if (!cleared) return core::Fail(cleared.error());
    return InsertAlignments(ex, b);
}

core::Result<std::optional<Badge>> BadgeRepository::FindBadge(store::Executor& ex, std::string_view id) {
    auto list =
        Badges(ex, std::string("SELECT ") + kBadgeColumns + " FROM badges WHERE id = $1", {std::string(id)});
    if (!list) return core::Fail(list.error());
    if (list->empty()) return std::optional<Badge>();
    return std::optional<Badge>(std::move(list->front()));
}

core::Result<std::vector<Badge>> BadgeRepository::ListBadges(store::Executor& ex, std::string_view org_id) {
    return Badges(ex,
                  std::string("SELECT ") + kBadgeColumns + " FROM badges WHERE org_id = $1 ORDER BY name, id",
                  {std::string(org_id)});
}

core::Result<std::vector<Badge>> BadgeRepository::ListAutomaticBadgesFor(store::Executor& ex,
                                                                         std::string_view user_id) {
    return Badges(
        ex,
        "SELECT b.id, b.org_id, b.name, b.description, b.criteria, b.achievement_type, b.image_svg, "
        "b.validity_months, b.status, b.rule_kind, b.rule_framework, b.rule_framework_version, "
        "b.rule_competence, b.rule_level, b.rule_profile_id, b.created_by, b.created_at, b.updated_at, "
        "b.version FROM badges b JOIN memberships m ON m.org_id = b.org_id "
        "WHERE m.user_id = $1 AND m.role = 'learner' AND b.status = 'active' AND b.rule_kind <> 'manual' "
        "ORDER BY b.created_at, b.id",
        {std::string(user_id)});
}

core::Result<void> BadgeRepository::InsertAward(store::Executor& ex, const Award& a, bool live) {
    auto inserted =
        ex.Exec(std::string("INSERT INTO badge_awards (") + kAwardColumns +
                    ", live) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
                    "$17, $18)",
                {a.id, a.badge_id, a.user_id, std::string(a.automatic ? "automatic" : "manual"),
                 store::NullIfEmpty(a.awarded_by), store::NullIfEmpty(a.assessment_id), a.reason,
                 EvidenceToJson(a.evidence).dump(), a.awarded_at, a.expires_at,
                 std::string(AwardStateName(a.state)), a.state_reason, store::NullIfEmpty(a.state_by),
                 a.state_at, static_cast<std::int64_t>(a.is_public ? 1 : 0), a.credential.dump(), a.version,
                 static_cast<std::int64_t>(live ? 1 : 0)});
    if (!inserted) {
        if (store::IsUniqueViolation(inserted.error())) {
            return core::Fail(core::Error::Conflict("Cette personne a déjà ce badge.", "learner_id"));
        }
        return core::Fail(inserted.error());
    }
    return core::Ok();
}

core::Result<std::optional<Award>> BadgeRepository::FindAward(store::Executor& ex, std::string_view id) {
    return OneAward(ex, std::string("SELECT ") + kAwardColumns + " FROM badge_awards WHERE id = $1",
                    {std::string(id)});
}

core::Result<std::optional<Award>> BadgeRepository::FindLiveAward(store::Executor& ex,
                                                                  std::string_view badge_id,
                                                                  std::string_view user_id) {
    return OneAward(ex,
                    std::string("SELECT ") + kAwardColumns +
                        " FROM badge_awards WHERE badge_id = $1 AND user_id = $2 AND live = 1",
                    {std::string(badge_id), std::string(user_id)});
}

core::Result<bool> BadgeRepository::HasRevokedAward(store::Executor& ex, std::string_view badge_id,
                                                    std::string_view user_id) {
    auto rows = ex.Query(
        "SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1 AND user_id = $2 AND state = 'revoked'",
        {std::string(badge_id), std::string(user_id)});
    if (!rows) return core::Fail(rows.error());
    return !rows->empty() && store::AsInt((*rows)[0][0]) > 0;
}

core::Result<std::vector<Award>> BadgeRepository::ListAwardsOfUser(store::Executor& ex,
                                                                   std::string_view user_id) {
    return Awards(ex,
                  std::string("SELECT ") + kAwardColumns +
                      " FROM badge_awards WHERE user_id = $1 ORDER BY awarded_at DESC, id LIMIT " +
                      std::to_string(kMaxListedAwards),
                  {std::string(user_id)});
}

core::Result<std::vector<Award>> BadgeRepository::ListAwardsOfBadge(store::Executor& ex,
                                                                    std::string_view badge_id) {
    return Awards(ex,
                  std::string("SELECT ") + kAwardColumns +
                      " FROM badge_awards WHERE badge_id = $1 ORDER BY awarded_at DESC, id LIMIT " +
                      std::to_string(kMaxListedAwards),
                  {std::string(badge_id)});
}

core::Result<std::int64_t> BadgeRepository::CountAwardsOfBadge(store::Executor& ex,
                                                               std::string_view badge_id) {
    auto rows = ex.Query("SELECT COUNT(*) FROM badge_awards WHERE badge_id = $1", {std::string(badge_id)});
    if (!rows) return core::Fail(rows.error());
    return rows->empty() ? 0 : store::AsInt((*rows)[0][0]);
}

core::Result<void> BadgeRepository::SetPublic(store::Executor& ex, std::string_view id, bool is_public) {
    auto updated = ex.Exec("UPDATE badge_awards SET is_public = $1, version = version + 1 WHERE id = $2",
                           {static_cast<std::int64_t>(is_public ? 1 : 0), std::string(id)});
    if (!updated) return core::Fail(updated.error());
    if (*updated == 0) return core::Fail(core::Error::NotFound("Badge attribué introuvable."));
    return core::Ok();
}

core::Result<void> BadgeRepository::SetState(store::Executor& ex, std::string_view id, AwardState state,
                                             std::string_view reason, std::string_view by, std::int64_t at,
                                             std::int64_t expected_version) {
    // A revoked award stops being live (the learner may be awarded the badge again, by a person).
    const std::string live = state == AwardState::kRevoked ? "live = 0, " : "";
    auto updated =
        ex.Exec("UPDATE badge_awards SET state = $1, state_reason = $2, state_by = $3, state_at = $4, " +
                    live + "version = version + 1 WHERE id = $5 AND version = $6",
                {std::string(AwardStateName(state)), std::string(reason), store::NullIfEmpty(by), at,
                 std::string(id), expected_version});
    if (!updated) return core::Fail(updated.error());
    if (*updated == 0) {
        return core::Fail(
            core::Error::Conflict("Ce badge attribué a changé entre-temps : rechargez et recommencez."));
    }
    return core::Ok();
}

core::Result<void> BadgeRepository::EndLive(store::Executor& ex, std::string_view id) {
    auto updated =
        ex.Exec("UPDATE badge_awards SET live = 0, version = version + 1 WHERE id = $1 AND live = 1",
                {std::string(id)});
    if (!updated) return core::Fail(updated.error());
    if (*updated == 0) return core::Fail(core::Error::Conflict("Ce badge attribué a changé entre-temps."));
    return core::Ok();
}

core::Result<void> BadgeRepository::InsertEvidenceFile(store::Executor& ex, std::string_view engine,
                                                       const EvidenceFile& f, std::string_view bytes) {
    // SQLite: the bytes are bound as they are and cast to a BLOB; PostgreSQL: as hex, decoded.
    const bool pg = IsPostgres(engine);
    const std::string data_expr = pg ? "decode($8, 'hex')" : "CAST($8 AS BLOB)";
    auto inserted = ex.Exec(
        "INSERT INTO badge_award_files (id, award_id, position, name, media_type, size, "
        "sha256, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, " +
            data_expr + ", $9)",
        {f.id, f.award_id, static_cast<std::int64_t>(f.position), f.name, f.media_type, f.size, f.sha256,
         pg ? core::HexEncode(bytes) : std::string(bytes), f.created_at});
    if (!inserted) return core::Fail(inserted.error());
    return core::Ok();
}

core::Result<std::vector<EvidenceFile>> BadgeRepository::ListEvidenceFiles(store::Executor& ex,
                                                                           std::string_view award_id) {
    auto rows = ex.Query(std::string("SELECT ") + kFileColumns +
                             " FROM badge_award_files WHERE award_id = $1 ORDER BY position",
                         {std::string(award_id)});
    if (!rows) return core::Fail(rows.error());
    std::vector<EvidenceFile> out;
    for (const store::Row& r : *rows) out.push_back(FileFrom(r));
    return out;
}

core::Result<std::optional<BadgeRepository::StoredEvidenceFile>> BadgeRepository::ReadEvidenceFile(
    store::Executor& ex, std::string_view engine, std::string_view award_id, std::string_view file_id) {
    const bool pg = IsPostgres(engine);
    auto rows =
        ex.Query(std::string("SELECT ") + kFileColumns + ", " + (pg ? "encode(data, 'hex')" : "data") +
                     " FROM badge_award_files WHERE award_id = $1 AND id = $2",
                 {std::string(award_id), std::string(file_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return std::optional<StoredEvidenceFile>();
    StoredEvidenceFile out;
    out.file = FileFrom(rows->front());
    const std::string data = store::AsText(rows->front()[8]);
    if (pg) {
        auto decoded = HexDecode(data);
        if (!decoded) return core::Fail(Corrupt("fichier de preuve " + out.file.id));
        out.bytes = std::move(*decoded);
    } else {
        out.bytes = data;
    }
    if (static_cast<std::int64_t>(out.bytes.size()) != out.file.size) {
        return core::Fail(Corrupt("taille du fichier de preuve " + out.file.id));
    }
    return std::optional<StoredEvidenceFile>(std::move(out));
}

}  // namespace passeur::badge
