#include "campaign/campaign_repository.hpp"

#include <map>
#include <utility>

#include <fmt/format.h>

namespace passeur::campaign {
namespace {

constexpr const char* kCampaignColumns =
    "id, organization_id, name, target_profile_id, type, settings, opens_at, closes_at, retry_allowed, "
    "retry_after_days, external_id_label, external_id_purpose, code, created_by, created_at, archived_at, "
    "audience";

constexpr const char* kParticipationColumns =
    "id, campaign_id, user_id, external_id, status, assessment_id, live, consent_at, completed_at, "
    "shared_at, "
    "left_at, created_at";

core::Error Corrupt(const std::string& what) {
    return core::Error::Internal("campagnes : donnée illisible (" + what + ")");
}

core::Result<Campaign> CampaignFrom(const store::Row& r) {
    Campaign c;
    c.id = store::AsText(r[0]);
    c.organization_id = store::AsText(r[1]);
    c.name = store::AsText(r[2]);
    c.target_profile_id = store::AsText(r[3]);
    auto type = ParseCampaignType(store::AsText(r[4]));
    if (!type) return core::Fail(Corrupt("type de la campagne " + c.id));
    c.type = *type;
    auto settings = SettingsFromJson(store::AsText(r[5]));
    if (!settings) return core::Fail(Corrupt("réglages de la campagne " + c.id));
    c.settings = *settings;
    c.opens_at = store::AsInt(r[6]);
    c.closes_at = store::AsInt(r[7]);
    c.retry_allowed = store::AsInt(r[8]) != 0;
    c.retry_after_days = static_cast<int>(store::AsInt(r[9]));
    c.external_id_label = store::AsText(r[10]);
    c.external_id_purpose = store::AsText(r[11]);
    c.code = store::AsText(r[12]);
    c.created_by = store::AsText(r[13]);
    c.created_at = store::AsInt(r[14]);
    c.archived_at = store::AsInt(r[15]);
    c.audience = store::AsText(r[16]);
    return c;
}

core::Result<Participation> ParticipationFrom(const store::Row& r) {
    Participation p;
    p.id = store::AsText(r[0]);
    p.campaign_id = store::AsText(r[1]);
    p.user_id = store::AsText(r[2]);
    p.external_id = store::AsText(r[3]);
    auto status = ParseParticipationStatus(store::AsText(r[4]));
    if (!status) return core::Fail(Corrupt("statut de la participation " + p.id));
    p.status = *status;
    p.assessment_id = store::AsText(r[5]);
    p.live = store::AsInt(r[6]) != 0;
    p.consent_at = store::AsInt(r[7]);
    p.completed_at = store::AsInt(r[8]);
    p.shared_at = store::AsInt(r[9]);
    p.left_at = store::AsInt(r[10]);
    p.created_at = store::AsInt(r[11]);
    return p;
}

core::Result<std::vector<Participation>> Participations(store::Executor& ex, const std::string& sql,
                                                        const store::Params& params) {
    auto rows = ex.Query(sql, params);
    if (!rows) return core::Fail(rows.error());
    std::vector<Participation> out;
    for (const auto& r : *rows) {
        auto p = ParticipationFrom(r);
        if (!p) return core::Fail(p.error());
        out.push_back(std::move(*p));
    }
    return out;
}

core::Error Raced() {
    return core::Error::Conflict("La participation a changé entre-temps : rechargez la page.", "status");
}

// The shared levels of the participations `ids` (at most a page of them), in position order, by
// participation id, in one query; ids without levels are absent.
core::Result<std::map<std::string, std::vector<CompetenceCell>>> SharedCellsOf(
    store::Database& db, const std::vector<std::string>& ids) {
    std::map<std::string, std::vector<CompetenceCell>> out;
    if (ids.empty()) return out;
    std::string in_list;
    store::Params params;
    for (const std::string& id : ids) {
        params.push_back(id);
        in_list += (in_list.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    auto rows = db.Query(
        "SELECT participation_id, framework, competence, level, level_low, level_high, target_level, verdict "
        "FROM participation_competences WHERE participation_id IN (" +
            in_list + ") ORDER BY participation_id, position",
        params);
    if (!rows) return core::Fail(rows.error());
    for (const auto& r : *rows) {
        out[store::AsText(r[0])].push_back(
            {store::AsText(r[1]), store::AsText(r[2]), static_cast<int>(store::AsInt(r[3])),
             static_cast<int>(store::AsInt(r[4])), static_cast<int>(store::AsInt(r[5])),
             static_cast<int>(store::AsInt(r[6])), store::AsText(r[7])});
    }
    return out;
}

}  // namespace

CampaignRepository::CampaignRepository(store::Database& db) : db_(db) {}

core::Result<void> CampaignRepository::InsertCampaign(const Campaign& c) {
    auto r =
        db_.Exec(fmt::format("INSERT INTO campaigns ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                             "$11, $12, $13, $14, $15, $16, $17)",
                             kCampaignColumns),
                 {c.id, c.organization_id, c.name, c.target_profile_id, std::string(CampaignTypeName(c.type)),
                  SettingsToJson(c.settings), c.opens_at, c.closes_at,
                  static_cast<std::int64_t>(c.retry_allowed ? 1 : 0),
                  static_cast<std::int64_t>(c.retry_after_days), c.external_id_label, c.external_id_purpose,
                  c.code, store::NullIfEmpty(c.created_by), c.created_at, c.archived_at, c.audience});
    if (!r) {
        if (store::IsUniqueViolation(r.error()))
            return core::Fail(core::Error::Conflict("Code déjà pris.", "code"));
        return core::Fail(r.error());
    }
    return core::Ok();
}

core::Result<Campaign> CampaignRepository::GetCampaign(std::string_view id) {
    auto rows =
        db_.Query(fmt::format("SELECT {} FROM campaigns WHERE id = $1", kCampaignColumns), {std::string(id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(core::Error::NotFound("Campagne introuvable."));
    return CampaignFrom(rows->front());
}

core::Result<Campaign> CampaignRepository::GetCampaignByCode(std::string_view code) {
    auto rows = db_.Query(fmt::format("SELECT {} FROM campaigns WHERE code = $1", kCampaignColumns),
                          {std::string(code)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(core::Error::NotFound("Aucune campagne n'a ce code."));
    return CampaignFrom(rows->front());
}

core::Result<std::vector<Campaign>> CampaignRepository::ListCampaigns(std::string_view organization_id) {
    auto rows =
        db_.Query(fmt::format("SELECT {} FROM campaigns WHERE organization_id = $1 ORDER BY created_at DESC, "
                              "id LIMIT 500",
                              kCampaignColumns),
                  {std::string(organization_id)});
    if (!rows) return core::Fail(rows.error());
    std::vector<Campaign> out;
    for (const auto& r : *rows) {
        auto c = CampaignFrom(r);
        if (!c) return core::Fail(c.error());
        out.push_back(std::move(*c));
    }
    return out;
}

core::Result<void> CampaignRepository::ArchiveCampaign(std::string_view id, std::int64_t at) {
    auto n = db_.Exec("UPDATE campaigns SET archived_at = $2 WHERE id = $1 AND archived_at = 0",
                      {std::string(id), at});
    if (!n) return core::Fail(n.error());
    if (*n == 0) {
        auto c = GetCampaign(id);
        if (!c) return core::Fail(c.error());
    }
    return core::Ok();
}

core::Result<void> CampaignRepository::InsertParticipation(const Participation& p,
                                                           std::string_view retire_id) {
    auto done = db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        if (!retire_id.empty()) {
            PASSEUR_TRY(
                ex.Exec("UPDATE participations SET live = 0 WHERE id = $1", {std::string(retire_id)}));
        }
        PASSEUR_TRY(ex.Exec(
            fmt::format("INSERT INTO participations ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                        "$10, $11, $12)",
                        kParticipationColumns),
            {p.id, p.campaign_id, p.user_id, p.external_id, std::string(ParticipationStatusName(p.status)),
             store::NullIfEmpty(p.assessment_id), static_cast<std::int64_t>(p.live ? 1 : 0), p.consent_at,
             p.completed_at, p.shared_at, p.left_at, p.created_at}));
        return core::Ok();
    });
    if (!done && store::IsUniqueViolation(done.error())) {
        return core::Fail(core::Error::Conflict("Vous participez déjà à cette campagne.", "code"));
    }
    return done;
}

core::Result<Participation> CampaignRepository::GetParticipation(std::string_view id) {
    auto found =
        Participations(db_, fmt::format("SELECT {} FROM participations WHERE id = $1", kParticipationColumns),
                       {std::string(id)});
    if (!found) return core::Fail(found.error());
    if (found->empty()) return core::Fail(core::Error::NotFound("Participation introuvable."));
    return std::move(found->front());
}

core::Result<std::vector<CampaignRepository::PersonalParticipation>> CampaignRepository::ParticipationsOfUser(
    std::string_view user_id) {
    auto found = Participations(
        db_,
        fmt::format("SELECT {} FROM participations WHERE user_id = $1 ORDER BY created_at, id LIMIT {}",
                    kParticipationColumns, kMaxExportedParticipations),
        {std::string(user_id)});
    if (!found) return core::Fail(found.error());
    std::vector<PersonalParticipation> out;
    out.reserve(found->size());
    std::map<std::string, Campaign> campaigns;
    for (Participation& p : *found) {
        PersonalParticipation entry;
        auto known = campaigns.find(p.campaign_id);
        if (known == campaigns.end()) {
            auto campaign = GetCampaign(p.campaign_id);
            if (!campaign) return core::Fail(campaign.error());
            known = campaigns.emplace(p.campaign_id, std::move(*campaign)).first;
        }
        entry.campaign_name = known->second.name;
        entry.campaign_code = known->second.code;
        entry.organization_id = known->second.organization_id;
        auto cells = db_.Query(
            "SELECT framework, competence, level, level_low, level_high, target_level, verdict "
            "FROM participation_competences WHERE participation_id = $1 ORDER BY position",
            {p.id});
        if (!cells) return core::Fail(cells.error());
        for (const auto& r : *cells) {
            entry.shared.push_back(
                {store::AsText(r[0]), store::AsText(r[1]), static_cast<int>(store::AsInt(r[2])),
                 static_cast<int>(store::AsInt(r[3])), static_cast<int>(store::AsInt(r[4])),
                 static_cast<int>(store::AsInt(r[5])), store::AsText(r[6])});
        }
        entry.participation = std::move(p);
        out.push_back(std::move(entry));
    }
    return out;
}

core::Result<std::optional<Participation>> CampaignRepository::LiveParticipation(std::string_view campaign_id,
                                                                                 std::string_view user_id) {
    auto found = Participations(
        db_,
        fmt::format("SELECT {} FROM participations WHERE campaign_id = $1 AND user_id = $2 AND live = 1",
                    kParticipationColumns),
        {std::string(campaign_id), std::string(user_id)});
    if (!found) return core::Fail(found.error());
    if (found->empty()) return std::optional<Participation>();
    return std::optional<Participation>(std::move(found->front()));
}

core::Result<std::vector<Participation>> CampaignRepository::ParticipationsOfAssessment(
    std::string_view user_id, std::string_view assessment_id) {
    return Participations(
        db_,
        fmt::format(
            "SELECT {} FROM participations WHERE assessment_id = $1 AND user_id = $2 ORDER BY created_at",
            kParticipationColumns),
        {std::string(assessment_id), std::string(user_id)});
}

core::Result<LinkedAssessment> CampaignRepository::GetAssessment(std::string_view assessment_id) {
    auto rows = db_.Query(
        "SELECT id, user_id, target_profile_id, status, created_at, completed_at FROM assessments WHERE id = "
        "$1",
        {std::string(assessment_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(core::Error::NotFound("Test introuvable."));
    const auto& r = rows->front();
    return LinkedAssessment{store::AsText(r[0]), store::AsText(r[1]),
                            store::AsText(r[2]), store::AsText(r[3]) == "completed",
                            store::AsInt(r[4]),  store::AsInt(r[5])};
}

core::Result<std::optional<LinkedAssessment>> CampaignRepository::LatestCompletedAssessment(
    std::string_view user_id, std::string_view target_profile_id) {
    auto rows = db_.Query(
        "SELECT id, user_id, target_profile_id, status, created_at, completed_at FROM assessments "
        "WHERE user_id = $1 AND target_profile_id = $2 AND status = 'completed' "
        "ORDER BY completed_at DESC, id LIMIT 1",
        {std::string(user_id), std::string(target_profile_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return std::optional<LinkedAssessment>();
    const auto& r = rows->front();
    return std::optional<LinkedAssessment>(LinkedAssessment{store::AsText(r[0]), store::AsText(r[1]),
                                                            store::AsText(r[2]), true, store::AsInt(r[4]),
                                                            store::AsInt(r[5])});
}

core::Result<void> CampaignRepository::AttachAssessment(std::string_view id, std::string_view assessment_id,
                                                        std::int64_t completed_at) {
    auto n = db_.Exec(
        "UPDATE participations SET assessment_id = $2, status = $3, completed_at = $4 "
        "WHERE id = $1 AND status = 'started' AND assessment_id IS NULL",
        {std::string(id), std::string(assessment_id), std::string(completed_at > 0 ? "completed" : "started"),
         completed_at});
    if (!n) return core::Fail(n.error());
    if (*n != 1) return core::Fail(Raced());
    return core::Ok();
}

core::Result<void> CampaignRepository::MarkCompleted(std::string_view id, std::int64_t at) {
    auto n = db_.Exec(
        "UPDATE participations SET status = 'completed', completed_at = $2 "
        "WHERE id = $1 AND status = 'started' AND assessment_id IS NOT NULL",
        {std::string(id), at});
    if (!n) return core::Fail(n.error());
    if (*n != 1) return core::Fail(Raced());
    return core::Ok();
}

core::Result<void> CampaignRepository::Share(std::string_view id, std::int64_t at,
                                             const std::vector<CompetenceCell>& cells) {
    return db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
        auto n = ex.Exec(
            "UPDATE participations SET status = 'shared', shared_at = $2 "
            "WHERE id = $1 AND status IN ('completed', 'shared')",
            {std::string(id), at});
        if (!n) return core::Fail(n.error());
        if (*n != 1) return core::Fail(Raced());
        PASSEUR_TRY(
            ex.Exec("DELETE FROM participation_competences WHERE participation_id = $1", {std::string(id)}));
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& c = cells[i];
            PASSEUR_TRY(ex.Exec(
                "INSERT INTO participation_competences (participation_id, position, framework, competence, "
                "level, "
                "level_low, level_high, target_level, verdict) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                {std::string(id), static_cast<std::int64_t>(i), c.framework, c.competence,
                 static_cast<std::int64_t>(c.level), static_cast<std::int64_t>(c.low),
                 static_cast<std::int64_t>(c.high), static_cast<std::int64_t>(c.target_level), c.verdict}));
        }
        return core::Ok();
    });
}

core::Result<std::int64_t> CampaignRepository::Leave(std::string_view campaign_id, std::string_view user_id,
                                                     std::int64_t at) {
    return db_.WithTransaction([&](store::Executor& ex) -> core::Result<std::int64_t> {
        const store::Params params = {std::string(campaign_id), std::string(user_id)};
        PASSEUR_TRY(
            ex.Exec("DELETE FROM participation_competences WHERE participation_id IN "
                    "(SELECT id FROM participations WHERE campaign_id = $1 AND user_id = $2)",
                    params));
        return ex.Exec(
            "UPDATE participations SET status = 'left', left_at = $3, live = 0 "
            "WHERE campaign_id = $1 AND user_id = $2 AND status <> 'left'",
            {std::string(campaign_id), std::string(user_id), at});
    });
}

core::Result<std::map<std::string, int>> CampaignRepository::StatusCounts(std::string_view campaign_id) {
    auto rows =
        db_.Query("SELECT status, COUNT(*) FROM participations WHERE campaign_id = $1 GROUP BY status",
                  {std::string(campaign_id)});
    if (!rows) return core::Fail(rows.error());
    std::map<std::string, int> out;
    for (const auto& r : *rows) out[store::AsText(r[0])] = static_cast<int>(store::AsInt(r[1]));
    return out;
}

core::Result<std::map<std::string, std::map<std::string, int>>>
CampaignRepository::StatusCountsOfOrganization(std::string_view organization_id) {
    auto rows = db_.Query(
        "SELECT p.campaign_id, p.status, COUNT(*) FROM participations p "
        "JOIN campaigns c ON c.id = p.campaign_id WHERE c.organization_id = $1 "
        "GROUP BY p.campaign_id, p.status",
        {std::string(organization_id)});
    if (!rows) return core::Fail(rows.error());
    std::map<std::string, std::map<std::string, int>> out;
    for (const auto& r : *rows) {
        out[store::AsText(r[0])][store::AsText(r[1])] = static_cast<int>(store::AsInt(r[2]));
    }
    return out;
}

core::Result<std::vector<CampaignRepository::CompetenceTally>> CampaignRepository::CompetenceTallies(
    std::string_view organization_id) {
    auto rows = db_.Query(
        "SELECT pc.framework, pc.competence, COUNT(*), "
        "SUM(CASE WHEN pc.verdict = 'gap' THEN 1 ELSE 0 END) "
        "FROM participation_competences pc JOIN participations p ON p.id = pc.participation_id "
        "JOIN campaigns c ON c.id = p.campaign_id "
        "WHERE c.organization_id = $1 AND p.status = 'shared' "
        "AND NOT EXISTS (SELECT 1 FROM participations q WHERE q.campaign_id = p.campaign_id "
        "AND q.user_id = p.user_id AND q.status = 'shared' "
        "AND (q.shared_at > p.shared_at OR (q.shared_at = p.shared_at AND q.id > p.id))) "
        "GROUP BY pc.framework, pc.competence ORDER BY pc.framework, pc.competence",
        {std::string(organization_id)});
    if (!rows) return core::Fail(rows.error());
    std::vector<CompetenceTally> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) {
        out.push_back({store::AsText(r[0]), store::AsText(r[1]), static_cast<int>(store::AsInt(r[2])),
                       static_cast<int>(store::AsInt(r[3]))});
    }
    return out;
}

core::Result<std::vector<ParticipantResult>> CampaignRepository::SharedResults(std::string_view campaign_id,
                                                                               std::int64_t after_shared_at,
                                                                               std::string_view after_id,
                                                                               int limit) {
    auto rows = db_.Query(
        "SELECT p.id, p.user_id, u.display_name, u.email, p.external_id, p.assessment_id, p.completed_at, "
        "p.shared_at FROM participations p JOIN users u ON u.id = p.user_id "
        "WHERE p.campaign_id = $1 AND p.status = 'shared' "
        "AND (p.shared_at > $2 OR (p.shared_at = $2 AND p.id > $3)) "
        "AND NOT EXISTS (SELECT 1 FROM participations q WHERE q.campaign_id = p.campaign_id "
        "AND q.user_id = p.user_id AND q.status = 'shared' "
        "AND (q.shared_at > p.shared_at OR (q.shared_at = p.shared_at AND q.id > p.id))) "
        "ORDER BY p.shared_at, p.id LIMIT $4",
        {std::string(campaign_id), after_shared_at, std::string(after_id), static_cast<std::int64_t>(limit)});
    if (!rows) return core::Fail(rows.error());
    std::vector<ParticipantResult> out;
    if (rows->empty()) return out;
    std::vector<std::string> ids;
    for (const auto& r : *rows) {
        ParticipantResult p;
        p.participation_id = store::AsText(r[0]);
        p.user_id = store::AsText(r[1]);
        p.display_name = store::AsText(r[2]);
        p.email = store::AsText(r[3]);
        p.external_id = store::AsText(r[4]);
        p.assessment_id = store::AsText(r[5]);
        p.completed_at = store::AsInt(r[6]);
        p.shared_at = store::AsInt(r[7]);
        ids.push_back(p.participation_id);
        out.push_back(std::move(p));
    }
    auto cells = SharedCellsOf(db_, ids);
    if (!cells) return core::Fail(cells.error());
    for (ParticipantResult& p : out) p.competences = std::move((*cells)[p.participation_id]);
    return out;
}

core::Result<std::vector<ProgressPoint>> CampaignRepository::SharedProgressPoints(
    std::string_view organization_id, std::string_view user_id, int limit) {
    if (limit < 1 || limit > kMaxProgressPoints + 1) {
        return core::Fail(core::Error::InvalidArgument("Nombre de points hors limites.", "limit"));
    }
    auto rows = db_.Query(
        "SELECT p.id, p.campaign_id, c.name, c.target_profile_id, p.shared_at "
        "FROM participations p JOIN campaigns c ON c.id = p.campaign_id "
        "WHERE c.organization_id = $1 AND p.user_id = $2 AND p.status = 'shared' "
        "ORDER BY p.shared_at DESC, p.id DESC LIMIT $3",
        {std::string(organization_id), std::string(user_id), static_cast<std::int64_t>(limit)});
    if (!rows) return core::Fail(rows.error());
    std::vector<ProgressPoint> out;
    if (rows->empty()) return out;
    std::vector<std::string> ids;
    for (auto r = rows->rbegin(); r != rows->rend(); ++r) {  // oldest first
        ProgressPoint point;
        point.participation_id = store::AsText((*r)[0]);
        point.campaign_id = store::AsText((*r)[1]);
        point.campaign_name = store::AsText((*r)[2]);
        point.target_profile_id = store::AsText((*r)[3]);
        point.shared_at = store::AsInt((*r)[4]);
        ids.push_back(point.participation_id);
        out.push_back(std::move(point));
    }
    auto cells = SharedCellsOf(db_, ids);
    if (!cells) return core::Fail(cells.error());
    for (ProgressPoint& point : out) point.levels = std::move((*cells)[point.participation_id]);
    return out;
}

namespace {

core::Result<std::map<std::string, int>> CountsFrom(const core::Result<store::Rows>& rows) {
    if (!rows) return core::Fail(rows.error());
    std::map<std::string, int> out;
    for (const auto& r : *rows) out[store::AsText(r[0])] = static_cast<int>(store::AsInt(r[1]));
    return out;
}

constexpr const char* kSharedCampaignCounts =
    "SELECT p.user_id, COUNT(DISTINCT p.campaign_id) FROM participations p "
    "JOIN campaigns c ON c.id = p.campaign_id "
    "WHERE c.organization_id = $1 AND p.status = 'shared'";

}  // namespace

core::Result<std::map<std::string, int>> CampaignRepository::SharedCampaignCounts(
    std::string_view organization_id, const std::vector<std::string>& user_ids) {
    if (user_ids.empty()) return std::map<std::string, int>();
    if (user_ids.size() > kMaxCountedUsers) {
        return core::Fail(core::Error::InvalidArgument("Trop de personnes demandées à la fois.", "user_ids"));
    }
    store::Params params = {std::string(organization_id)};
    std::string in_list;
    for (const std::string& id : user_ids) {
        params.push_back(id);
        in_list += (in_list.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    return CountsFrom(db_.Query(
        std::string(kSharedCampaignCounts) + " AND p.user_id IN (" + in_list + ") GROUP BY p.user_id",
        params));
}

core::Result<std::map<std::string, int>> CampaignRepository::SharedCampaignCountsInOrganization(
    std::string_view organization_id) {
    return CountsFrom(db_.Query(std::string(kSharedCampaignCounts) + " GROUP BY p.user_id",
                                {std::string(organization_id)}));
}

core::Result<std::vector<TerritoryRow>> CampaignRepository::TerritoryRows(std::string_view department) {
    auto rows = db_.Query(
        "SELECT p.id, p.user_id, c.target_profile_id, pc.framework, pc.competence, pc.verdict, p.shared_at, "
        "c.audience "
        "FROM participation_competences pc JOIN participations p ON p.id = pc.participation_id "
        "JOIN campaigns c ON c.id = p.campaign_id JOIN organizations o ON o.id = c.organization_id "
        "WHERE o.department = $1 AND p.status = 'shared' ORDER BY p.shared_at, p.id, pc.position",
        {std::string(department)});
    if (!rows) return core::Fail(rows.error());
    std::vector<TerritoryRow> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) {
        out.push_back({store::AsText(r[0]), store::AsText(r[1]), store::AsText(r[2]), store::AsText(r[3]),
                       store::AsText(r[4]), store::AsText(r[5]), store::AsInt(r[6]), store::AsText(r[7])});
    }
    return out;
}

core::Result<std::vector<TerritoryBadgeRow>> CampaignRepository::TerritoryBadgeRows(
    std::string_view department) {
    auto rows = db_.Query(
        "SELECT b.id, b.name, o.name, a.user_id, a.awarded_at "
        "FROM badge_awards a JOIN badges b ON b.id = a.badge_id JOIN organizations o ON o.id = b.org_id "
        "WHERE o.department = $1 AND a.state <> 'revoked' ORDER BY a.awarded_at, a.id",
        {std::string(department)});
    if (!rows) return core::Fail(rows.error());
    std::vector<TerritoryBadgeRow> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) {
        out.push_back({store::AsText(r[0]), store::AsText(r[1]), store::AsText(r[2]), store::AsText(r[3]),
                       store::AsInt(r[4])});
    }
    return out;
}

}  // namespace passeur::campaign
