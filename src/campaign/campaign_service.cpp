#include "campaign/campaign_service.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "account/organization_service.hpp"
#include "core/calendar.hpp"

namespace passeur::campaign {
namespace {

constexpr int kCodeAttempts = 8;
constexpr char kSep = '\x1f';  // separates the parts of an aggregation group key

core::Error CampaignNotFound() { return core::Error::NotFound("Campagne introuvable."); }
core::Error ParticipationNotFound() { return core::Error::NotFound("Participation introuvable."); }

core::Result<void> RequireSession(const account::Principal& p) {
    if (p.IsSession() && !p.user.id.empty()) return core::Ok();
    return core::Fail(core::Error::PermissionDenied(
        "Une participation est personnelle : un jeton d'API ne peut pas agir pour une personne."));
}

std::vector<std::string> SplitKey(const std::string& key) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : key) {
        if (c == kSep) {
            parts.push_back(part);
            part.clear();
        } else {
            part.push_back(c);
        }
    }
    parts.push_back(part);
    return parts;
}

}  // namespace

CampaignService::CampaignService(store::Store& store, store::Database& db, core::Clock& clock,
                                 core::Random& random, const account::Authorizer& authorizer,
                                 account::AuditLog& audit, ProfileSource profiles, ResultSource results)
    : store_(store),
      repository_(db),
      clock_(clock),
      random_(random),
      authorizer_(authorizer),
      audit_(audit),
      profiles_(std::move(profiles)),
      results_(std::move(results)) {}

core::Result<void> CampaignService::RequireStaff(const account::Principal& p, std::string_view org_id) const {
    // org_admin and mediator of the organisation (and their tokens), platform admins; other members
    // and coordinators of the département get kPermissionDenied, anybody else kNotFound.
    return authorizer_.Authorize(p, account::Action::kManageCampaigns, org_id);
}

core::Result<Campaign> CampaignService::StaffCampaign(const account::Principal& p,
                                                      std::string_view campaign_id) {
    auto campaign = repository_.GetCampaign(campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    auto allowed = RequireStaff(p, campaign->organization_id);
    if (!allowed) {
        if (allowed.error().code == core::ErrorCode::kNotFound) return core::Fail(CampaignNotFound());
        return core::Fail(allowed.error());
    }
    return campaign;
}

core::Result<Participation> CampaignService::OwnParticipation(const account::Principal& p,
                                                              std::string_view id) {
    PASSEUR_TRY(RequireSession(p));
    auto participation = repository_.GetParticipation(id);
    if (!participation) return core::Fail(participation.error());
    if (participation->user_id != p.user.id) return core::Fail(ParticipationNotFound());
    return participation;
}

core::Result<Campaign> CampaignService::CreateCampaign(const account::Principal& principal,
                                                       std::string_view org_id, const CampaignInput& input) {
    PASSEUR_TRY(RequireStaff(principal, org_id));
    const std::int64_t now = clock_.NowMillis();
    auto normalized = NormalizeCampaignInput(input, now);
    if (!normalized) return core::Fail(normalized.error());
    auto profile = profiles_(normalized->target_profile_id);
    if (!profile) {
        if (profile.error().code == core::ErrorCode::kNotFound) {
            return core::Fail(core::Error::InvalidArgument("Profil cible inconnu.", "target_profile_id"));
        }
        return core::Fail(profile.error());
    }
    // A test asks at least one question per competence of its profile.
    if (normalized->settings.max_length > 0 &&
        static_cast<std::size_t>(normalized->settings.max_length) < profile->competences.size()) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("Longueur maximale trop courte : ce profil compte {} compétences, il faut au moins "
                        "une question par compétence.",
                        profile->competences.size()),
            "settings.max_length"));
    }
    Campaign c;
    c.id = core::NewUuid(random_);
    c.organization_id = std::string(org_id);
    c.name = normalized->name;
    c.target_profile_id = normalized->target_profile_id;
    c.type = normalized->type;
    c.audience =
        normalized->audience.empty() ? std::string(DefaultAudience(profile->audience)) : normalized->audience;
    c.settings = normalized->settings;
    c.opens_at = normalized->opens_at;
    c.closes_at = normalized->closes_at;
    c.retry_allowed = normalized->retry_allowed;
    c.retry_after_days = normalized->retry_after_days;
    c.external_id_label = normalized->external_id_label;
    c.external_id_purpose = normalized->external_id_purpose;
    c.created_by = principal.IsSession() ? principal.user.id : std::string();
    c.created_at = now;
    for (int attempt = 0;; ++attempt) {
        c.code = NewCampaignCode(random_);
        auto inserted = repository_.InsertCampaign(c);
        if (inserted) break;
        if (inserted.error().code != core::ErrorCode::kConflict || attempt + 1 >= kCodeAttempts) {
            return core::Fail(inserted.error());
        }
    }
    PASSEUR_TRY(audit_.Record(account::AuditEntry("campaign.created")
                                  .By(principal)
                                  .Org(c.organization_id)
                                  .Subject(c.id)
                                  .Details({{"code", c.code}, {"target_profile_id", c.target_profile_id}})));
    return c;
}

core::Result<std::vector<Campaign>> CampaignService::ListCampaigns(const account::Principal& principal,
                                                                   std::string_view org_id) {
    PASSEUR_TRY(RequireStaff(principal, org_id));
    return repository_.ListCampaigns(org_id);
}

core::Result<Campaign> CampaignService::ArchiveCampaign(const account::Principal& principal,
                                                        std::string_view campaign_id) {
    auto campaign = StaffCampaign(principal, campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    if (campaign->archived_at == 0) {
        PASSEUR_TRY(repository_.ArchiveCampaign(campaign->id, clock_.NowMillis()));
        PASSEUR_TRY(audit_.Record(account::AuditEntry("campaign.archived")
                                      .By(principal)
                                      .Org(campaign->organization_id)
                                      .Subject(campaign->id)));
    }
    return repository_.GetCampaign(campaign_id);
}

core::Result<CampaignPreview> CampaignService::Preview(std::string_view code) {
    auto normalized = NormalizeCampaignCode(code);
    if (!normalized) return core::Fail(normalized.error());
    auto campaign = repository_.GetCampaignByCode(*normalized);
    if (!campaign) return core::Fail(campaign.error());
    CampaignPreview out;
    auto org = store_.Organizations().Get(campaign->organization_id);
    if (!org) return core::Fail(org.error());
    out.organization_name = org->name;
    auto profile = profiles_(campaign->target_profile_id);
    if (profile) {
        out.profile_name = profile->name;
    } else if (profile.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(profile.error());
    }
    auto joinable = CheckJoinable(*campaign, clock_.NowMillis());
    out.joinable = joinable.has_value();
    if (!joinable) out.not_joinable_reason = joinable.error().message;
    out.campaign = std::move(*campaign);
    return out;
}

core::Result<JoinResult> CampaignService::Join(const account::Principal& principal, std::string_view code,
                                               std::string_view external_id, bool consent) {
    PASSEUR_TRY(RequireSession(principal));
    auto normalized = NormalizeCampaignCode(code);
    if (!normalized) return core::Fail(normalized.error());
    auto campaign = repository_.GetCampaignByCode(*normalized);
    if (!campaign) return core::Fail(campaign.error());
    const std::int64_t now = clock_.NowMillis();
    PASSEUR_TRY(CheckJoinable(*campaign, now));
    auto current = repository_.LiveParticipation(campaign->id, principal.user.id);
    if (!current) return core::Fail(current.error());
    if (*current && (*current)->status == ParticipationStatus::kStarted) {
        return JoinResult{std::move(**current), std::move(*campaign), false};
    }
    if (*current) {
        PASSEUR_TRY(CheckRetry(*campaign, (*current)->status, (*current)->completed_at, now));
    }
    auto external = NormalizeExternalId(*campaign, external_id);
    if (!external) return core::Fail(external.error());
    if (!consent) {
        return core::Fail(core::Error::InvalidArgument(
            "Confirmez que vous avez lu ce que la structure verra de vos résultats.", "consent"));
    }
    Participation p;
    p.id = core::NewUuid(random_);
    p.campaign_id = campaign->id;
    p.user_id = principal.user.id;
    p.external_id = *external;
    p.status = ParticipationStatus::kStarted;
    p.live = true;
    p.consent_at = now;
    p.created_at = now;
    if (campaign->type == CampaignType::kProfileCollection) {
        auto latest = repository_.LatestCompletedAssessment(principal.user.id, campaign->target_profile_id);
        if (!latest) return core::Fail(latest.error());
        if (*latest) {
            p.assessment_id = (*latest)->id;
            p.status = ParticipationStatus::kCompleted;
            p.completed_at = (*latest)->completed_at;
        }
    }
    PASSEUR_TRY(
        repository_.InsertParticipation(p, *current ? std::string_view((*current)->id) : std::string_view()));
    return JoinResult{std::move(p), std::move(*campaign), true};
}

core::Result<Participation> CampaignService::GetParticipation(const account::Principal& principal,
                                                              std::string_view participation_id) {
    return OwnParticipation(principal, participation_id);
}

core::Result<Participation> CampaignService::AttachAssessment(const account::Principal& principal,
                                                              std::string_view participation_id,
                                                              std::string_view assessment_id) {
    auto p = OwnParticipation(principal, participation_id);
    if (!p) return core::Fail(p.error());
    auto next = NextStatus(p->status, ParticipationEvent::kAttachAssessment, !p->assessment_id.empty());
    if (!next) return core::Fail(next.error());
    auto campaign = repository_.GetCampaign(p->campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    auto test = repository_.GetAssessment(assessment_id);
    if (!test) {
        if (test.error().code == core::ErrorCode::kNotFound) {
            return core::Fail(core::Error::InvalidArgument("Test introuvable.", "assessment_id"));
        }
        return core::Fail(test.error());
    }
    if (test->user_id != p->user_id) {
        return core::Fail(core::Error::InvalidArgument("Test introuvable.", "assessment_id"));
    }
    if (test->target_profile_id != campaign->target_profile_id) {
        return core::Fail(core::Error::InvalidArgument(
            "Ce test ne porte pas sur le profil cible de la campagne.", "assessment_id"));
    }
    if (campaign->type == CampaignType::kAssessment && test->created_at < p->created_at) {
        return core::Fail(core::Error::InvalidArgument(
            "Cette campagne demande un test passé après l'avoir rejointe.", "assessment_id"));
    }
    if (campaign->type == CampaignType::kProfileCollection && !test->completed) {
        return core::Fail(core::Error::InvalidArgument(
            "Cette campagne recueille des résultats de tests terminés.", "assessment_id"));
    }
    PASSEUR_TRY(repository_.AttachAssessment(p->id, test->id, test->completed ? test->completed_at : 0));
    return repository_.GetParticipation(p->id);
}

core::Result<int> CampaignService::MarkCompleted(std::string_view user_id, std::string_view assessment_id) {
    auto linked = repository_.ParticipationsOfAssessment(user_id, assessment_id);
    if (!linked) return core::Fail(linked.error());
    int changed = 0;
    const std::int64_t now = clock_.NowMillis();
    for (const auto& p : *linked) {
        if (!NextStatus(p.status, ParticipationEvent::kComplete, true)) continue;
        auto done = repository_.MarkCompleted(p.id, now);
        if (done) {
            ++changed;
        } else if (done.error().code != core::ErrorCode::kConflict) {
            return core::Fail(done.error());
        }
    }
    return changed;
}

core::Result<Participation> CampaignService::Share(const account::Principal& principal,
                                                   std::string_view participation_id) {
    auto p = OwnParticipation(principal, participation_id);
    if (!p) return core::Fail(p.error());
    auto next = NextStatus(p->status, ParticipationEvent::kShare, !p->assessment_id.empty());
    if (!next) return core::Fail(next.error());
    if (p->assessment_id.empty()) {
        return core::Fail(core::Error::Conflict("Aucun test n'est lié à cette participation.", "status"));
    }
    auto campaign = repository_.GetCampaign(p->campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    auto profile = profiles_(campaign->target_profile_id);
    if (!profile) return core::Fail(profile.error());
    auto levels = results_(p->assessment_id);
    if (!levels) return core::Fail(levels.error());
    if (!levels->completed) {
        return core::Fail(
            core::Error::Conflict("Terminez le test avant de partager vos résultats.", "status"));
    }
    std::vector<CompetenceCell> cells;
    for (const auto& requirement : profile->competences) {
        for (const auto& level : levels->competences) {
            if (level.framework != requirement.framework || level.competence != requirement.competence)
                continue;
            cells.push_back({level.framework, level.competence, level.level, level.low, level.high,
                             requirement.target_level,
                             std::string(TargetVerdict(level.low, level.high, requirement.target_level))});
            break;
        }
    }
    PASSEUR_TRY(repository_.Share(p->id, clock_.NowMillis(), cells));
    return repository_.GetParticipation(p->id);
}

core::Result<void> CampaignService::Leave(const account::Principal& principal,
                                          std::string_view participation_id) {
    auto p = OwnParticipation(principal, participation_id);
    if (!p) return core::Fail(p.error());
    auto next = NextStatus(p->status, ParticipationEvent::kLeave, !p->assessment_id.empty());
    if (!next) return core::Fail(next.error());
    auto changed = repository_.Leave(p->campaign_id, p->user_id, clock_.NowMillis());
    if (!changed) return core::Fail(changed.error());
    return core::Ok();
}

core::Result<CampaignResults> CampaignService::Results(const account::Principal& principal,
                                                       std::string_view campaign_id) {
    auto campaign = StaffCampaign(principal, campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    CampaignResults out;
    auto profile = profiles_(campaign->target_profile_id);
    if (profile) {
        out.profile = std::move(*profile);
    } else if (profile.error().code == core::ErrorCode::kNotFound) {
        out.profile.id = campaign->target_profile_id;  // deleted since: no columns to show
    } else {
        return core::Fail(profile.error());
    }
    auto counts = repository_.StatusCounts(campaign->id);
    if (!counts) return core::Fail(counts.error());
    out.counts = std::move(*counts);
    std::int64_t after_at = 0;
    std::string after_id;
    for (;;) {
        auto page = repository_.SharedResults(campaign->id, after_at, after_id, kExportPageSize);
        if (!page) return core::Fail(page.error());
        if (page->empty()) break;
        after_at = page->back().shared_at;
        after_id = page->back().participation_id;
        std::vector<std::string> users;
        for (const auto& row : *page) users.push_back(row.user_id);
        auto shared_in = repository_.SharedCampaignCounts(campaign->organization_id, users);
        if (!shared_in) return core::Fail(shared_in.error());
        out.shared_campaigns.merge(*shared_in);
        for (auto& row : *page) out.participants.push_back(std::move(row));
        if (static_cast<int>(page->size()) < kExportPageSize) break;
    }
    out.campaign = std::move(*campaign);
    return out;
}

core::Result<ParticipantProgress> CampaignService::Progress(const account::Principal& principal,
                                                            std::string_view org_id,
                                                            std::string_view user_id) {
    PASSEUR_TRY(RequireStaff(principal, org_id));
    const core::Error nothing_shared =
        core::Error::NotFound("Cette personne n'a partagé aucun résultat avec la structure.");
    if (user_id.empty()) return core::Fail(nothing_shared);
    auto points = repository_.SharedProgressPoints(org_id, user_id, kMaxProgressPoints + 1);
    if (!points) return core::Fail(points.error());
    if (points->empty()) return core::Fail(nothing_shared);
    auto user = store_.Users().Get(user_id);
    if (!user) {
        if (user.error().code == core::ErrorCode::kNotFound) return core::Fail(nothing_shared);
        return core::Fail(user.error());
    }
    auto org = store_.Organizations().Get(org_id);
    if (!org) return core::Fail(org.error());
    ParticipantProgress out;
    out.organization_id = std::string(org_id);
    out.organization_name = org->name;
    out.user_id = std::string(user_id);
    out.display_name = user->display_name;
    out.email = user->email;
    if (points->size() > static_cast<std::size_t>(kMaxProgressPoints)) {
        out.truncated = true;  // the oldest one read is dropped: the latest kMaxProgressPoints stay
        points->erase(points->begin());
    }
    std::map<std::string, std::string> profile_names;
    for (ProgressPoint& point : *points) {
        auto known = profile_names.find(point.target_profile_id);
        if (known == profile_names.end()) {
            std::string name = point.target_profile_id;  // a profile deleted since: its id
            auto profile = profiles_(point.target_profile_id);
            if (profile) {
                name = profile->name;
            } else if (profile.error().code != core::ErrorCode::kNotFound) {
                return core::Fail(profile.error());
            }
            known = profile_names.emplace(point.target_profile_id, std::move(name)).first;
        }
        point.profile_name = known->second;
    }
    out.points = std::move(*points);
    out.competences = BuildCompetenceProgress(out.points);
    return out;
}

core::Result<void> CampaignService::ExportResultsCsv(const account::Principal& principal,
                                                     std::string_view campaign_id, std::string_view language,
                                                     const ResultsCsvWriter::Sink& sink) {
    auto producer = OpenResultsCsv(principal, campaign_id, language);
    if (!producer) return core::Fail(producer.error());
    std::string part;
    for (;;) {
        part.clear();
        auto more = (*producer)(part);
        if (!more) return core::Fail(more.error());
        if (!part.empty()) PASSEUR_TRY(sink(part));
        if (!*more) return core::Ok();
    }
}

core::Result<CampaignService::CsvProducer> CampaignService::OpenResultsCsv(
    const account::Principal& principal, std::string_view campaign_id, std::string_view language) {
    auto campaign = StaffCampaign(principal, campaign_id);
    if (!campaign) return core::Fail(campaign.error());
    std::vector<ProfileCompetence> columns;
    auto profile = profiles_(campaign->target_profile_id);
    if (profile) {
        columns = profile->competences;
    } else if (profile.error().code != core::ErrorCode::kNotFound) {
        return core::Fail(profile.error());
    }
    // The writer's sink appends to whatever buffer the current call passed.
    struct State {
        std::string* out = nullptr;
        std::optional<ResultsCsvWriter> writer;
        std::int64_t after_at = 0;
        std::string after_id;
        bool header_done = false;
        bool done = false;
    };
    auto state = std::make_shared<State>();
    State* raw = state.get();
    state->writer.emplace(std::move(columns), campaign->external_id_label, std::string(language),
                          [raw](std::string_view chunk) -> core::Result<void> {
                              raw->out->append(chunk);
                              return core::Ok();
                          });
    return CsvProducer([this, state, id = campaign->id](std::string& out) -> core::Result<bool> {
        if (state->done) return false;
        state->out = &out;
        if (!state->header_done) {
            state->header_done = true;
            PASSEUR_TRY(state->writer->WriteHeader());
            return true;
        }
        auto page = repository_.SharedResults(id, state->after_at, state->after_id, kExportPageSize);
        if (!page) return core::Fail(page.error());
        for (const auto& row : *page) PASSEUR_TRY(state->writer->WriteRow(row));
        if (static_cast<int>(page->size()) < kExportPageSize) {
            state->done = true;
            return false;
        }
        state->after_at = page->back().shared_at;
        state->after_id = page->back().participation_id;
        return true;
    });
}

core::Result<nlohmann::json> CampaignService::ExportFor(const account::Principal& principal) {
    PASSEUR_TRY(RequireSession(principal));
    auto rows = repository_.ParticipationsOfUser(principal.user.id);
    if (!rows) return core::Fail(rows.error());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& entry : *rows) {
        const Participation& p = entry.participation;
        nlohmann::json shared = nlohmann::json::array();
        for (const CompetenceCell& c : entry.shared) {
            shared.push_back({{"framework", c.framework},
                              {"competence", c.competence},
                              {"level", c.level},
                              {"level_low", c.low},
                              {"level_high", c.high},
                              {"target_level", c.target_level},
                              {"verdict", c.verdict}});
        }
        out.push_back({{"id", p.id},
                       {"campaign",
                        {{"id", p.campaign_id},
                         {"name", entry.campaign_name},
                         {"code", FormatCampaignCode(entry.campaign_code)},
                         {"organization_id", entry.organization_id}}},
                       {"external_id", p.external_id},
                       {"status", ParticipationStatusName(p.status)},
                       {"assessment_id",
                        p.assessment_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.assessment_id)},
                       {"consent_at", p.consent_at},
                       {"completed_at", p.completed_at},
                       {"shared_at", p.shared_at},
                       {"left_at", p.left_at},
                       {"created_at", p.created_at},
                       {"shared_levels", std::move(shared)}});
    }
    return out;
}

core::Result<CampaignService::OrganizationOverview> CampaignService::Overview(
    const account::Principal& principal, std::string_view org_id) {
    auto list = ListCampaigns(principal, org_id);
    if (!list) return core::Fail(list.error());
    auto counts = repository_.StatusCountsOfOrganization(org_id);
    if (!counts) return core::Fail(counts.error());
    auto tallies = repository_.CompetenceTallies(org_id);
    if (!tallies) return core::Fail(tallies.error());
    OrganizationOverview out;
    for (Campaign& c : *list) {
        auto it = counts->find(c.id);
        out.campaigns.push_back(
            {std::move(c), it != counts->end() ? it->second : std::map<std::string, int>{}});
    }
    for (auto& t : *tallies) {
        if (t.gap > 0) out.needs.push_back(std::move(t));
    }
    std::stable_sort(out.needs.begin(), out.needs.end(), [](const auto& a, const auto& b) {
        const auto lhs = static_cast<std::int64_t>(a.gap) * b.people;
        const auto rhs = static_cast<std::int64_t>(b.gap) * a.people;
        if (lhs != rhs) return lhs > rhs;
        return a.gap > b.gap;
    });
    return out;
}

core::Result<TerritorySummary> CampaignService::Territory(const account::Principal& principal,
                                                          std::string_view department) {
    if (department.empty() || !account::IsDepartmentCode(department)) {
        return core::Fail(core::Error::InvalidArgument("Code de département inconnu.", "department"));
    }
    const core::Error not_found = core::Error::NotFound("Territoire introuvable.");
    if (!principal.IsPlatformAdmin()) {
        if (!principal.IsSession() || principal.user.id.empty()) return core::Fail(not_found);
        auto memberships = store_.Memberships().ListByUser(principal.user.id);
        if (!memberships) return core::Fail(memberships.error());
        bool allowed = false;
        for (const auto& m : *memberships) {
            if (m.role != account::kRoleCoordinator) continue;
            auto org = store_.Organizations().Get(m.org_id);
            if (!org) {
                if (org.error().code == core::ErrorCode::kNotFound) continue;
                return core::Fail(org.error());
            }
            if (org->department == department) {
                allowed = true;
                break;
            }
        }
        if (!allowed) return core::Fail(not_found);
    }
    auto rows = repository_.TerritoryRows(department);
    if (!rows) return core::Fail(rows.error());
    auto badge_rows = repository_.TerritoryBadgeRows(department);
    if (!badge_rows) return core::Fail(badge_rows.error());

    // Aggregation rows, keyed by group (AggregateGroups drops groups under kMinGroupSize people):
    //   c|profile|framework|competence  one per shared competence (met / gap)
    //   p|profile                       one per participation (every requirement met? any gap?)
    //   j|audience                      one per participation, by the campaign's audience
    //   q|quarter, qp|quarter|profile   one per participation, by the quarter of its sharing
    //   t                               one per participation (people in the territory)
    //   b|badge, bq|quarter, B          one per badge award
    // A person's later row overwrites an earlier one in the same group (rows come in time order).
    std::vector<AggregateRow> aggregate;
    for (std::size_t i = 0; i < rows->size();) {
        std::size_t j = i;
        bool all_met = true;
        bool any_gap = false;
        const TerritoryRow& first = (*rows)[i];
        for (; j < rows->size() && (*rows)[j].participation_id == first.participation_id; ++j) {
            const TerritoryRow& r = (*rows)[j];
            all_met = all_met && r.verdict == "met";
            any_gap = any_gap || r.verdict == "gap";
            aggregate.push_back(
                {std::string("c") + kSep + r.target_profile_id + kSep + r.framework + kSep + r.competence,
                 r.user_id, r.verdict == "met", r.verdict == "gap"});
        }
        const std::string quarter = core::ParisQuarter(first.shared_at);
        aggregate.push_back(
            {std::string("p") + kSep + first.target_profile_id, first.user_id, all_met, any_gap});
        aggregate.push_back({std::string("j") + kSep + first.audience, first.user_id, all_met, any_gap});
        aggregate.push_back({std::string("q") + kSep + quarter, first.user_id, false, false});
        aggregate.push_back({std::string("qp") + kSep + quarter + kSep + first.target_profile_id,
                             first.user_id, all_met, false});
        aggregate.push_back({"t", first.user_id, false, false});
        i = j;
    }
    std::map<std::string, std::pair<std::string, std::string>> badge_names;  // id -> (badge, organisation)
    for (const TerritoryBadgeRow& b : *badge_rows) {
        badge_names.emplace(b.badge_id, std::make_pair(b.badge_name, b.organization_name));
        aggregate.push_back({std::string("b") + kSep + b.badge_id, b.user_id, false, false});
        aggregate.push_back(
            {std::string("bq") + kSep + core::ParisQuarter(b.awarded_at), b.user_id, false, false});
        aggregate.push_back({"B", b.user_id, false, false});
    }

    TerritorySummary out;
    out.department = std::string(department);
    std::map<std::string, std::string> profile_names;
    const auto profile_name = [&](const std::string& id) -> std::string {
        auto it = profile_names.find(id);
        if (it == profile_names.end()) {
            auto profile = profiles_(id);
            it = profile_names.emplace(id, profile ? profile->name : std::string()).first;
        }
        return it->second;
    };
    std::map<std::string, PeriodGroup> periods;
    for (const AggregateGroup& g : AggregateGroups(aggregate, kMinGroupSize)) {
        const auto parts = SplitKey(g.group);
        if (parts[0] == "t") {
            out.people = g.people;
        } else if (parts[0] == "B") {
            out.badge_holders = g.people;
        } else if (parts[0] == "p" && parts.size() == 2) {
            out.profiles.push_back({parts[1], profile_name(parts[1]), g.people, g.met});
        } else if (parts[0] == "c" && parts.size() == 4) {
            out.competences.push_back({parts[1], parts[2], parts[3], g.people, g.met, g.gap});
        } else if (parts[0] == "j" && parts.size() == 2) {
            out.jobs.push_back({parts[1], g.people, g.met});
        } else if (parts[0] == "q" && parts.size() == 2) {
            periods[parts[1]].people_assessed = g.people;
        } else if (parts[0] == "bq" && parts.size() == 2) {
            periods[parts[1]].people_awarded = g.people;
        } else if (parts[0] == "qp" && parts.size() == 3) {
            out.profile_periods.push_back({parts[1], parts[2], profile_name(parts[2]), g.people, g.met});
        } else if (parts[0] == "b" && parts.size() == 2) {
            const auto& [badge, organization] = badge_names[parts[1]];
            out.badges.push_back({parts[1], badge, organization, g.people});
        }
    }
    for (auto& [quarter, period] : periods) {
        period.quarter = quarter;
        out.periods.push_back(std::move(period));
    }
    const auto audience_rank = [](const std::string& audience) {
        const auto it = std::find(kAudiences.begin(), kAudiences.end(), audience);
        return static_cast<std::size_t>(it - kAudiences.begin());  // kAudiences.size() when unstated
    };
    std::stable_sort(out.jobs.begin(), out.jobs.end(), [&](const JobGroup& a, const JobGroup& b) {
        return audience_rank(a.audience) < audience_rank(b.audience);
    });
    std::stable_sort(out.badges.begin(), out.badges.end(), [](const BadgeGroup& a, const BadgeGroup& b) {
        if (a.people != b.people) return a.people > b.people;
        return a.badge_name < b.badge_name;
    });
    std::stable_sort(out.competences.begin(), out.competences.end(),
                     [](const CompetenceGroup& a, const CompetenceGroup& b) {
                         // gap share, compared exactly: a.gap / a.people > b.gap / b.people
                         const auto lhs = static_cast<std::int64_t>(a.gap) * b.people;
                         const auto rhs = static_cast<std::int64_t>(b.gap) * a.people;
                         if (lhs != rhs) return lhs > rhs;
                         return a.gap > b.gap;
                     });
    return out;
}

}  // namespace passeur::campaign
