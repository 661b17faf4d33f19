// Persistence of badges and awards over store::Database (tables of migration 0007_badges.sql, and
// badge_award_files of 0009_award_evidence_files), SQL written once for SQLite and PostgreSQL
// except the two expressions that move bytes in and out of the BLOB / BYTEA column (the store's
// values are text: SQLite casts the bound bytes to a BLOB, PostgreSQL exchanges them as hex). Stateless:
// every function runs on the Executor it is given (the Database itself, or a transaction's Executor).
// Thread-safe as the Database is.
//
// Errors: kConflict on a unique violation (a second live award of a badge for one learner) or when
// the row's version moved since it was read (compare-and-set updates), kNotFound for an update of a
// missing row, kUnavailable/kInternal from the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "badge/evidence_file.hpp"
#include "badge/model.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace passeur::badge {

inline constexpr int kMaxListedAwards = 1000;

class BadgeRepository {
public:
    // The badge row and its alignments (positions in vector order).
    static core::Result<void> InsertBadge(store::Executor& ex, const Badge& badge);
    // Every column but id, org_id, created_by, created_at; alignments replaced. Sets version to
    // badge.version + 1 only when the stored version is still badge.version (else kConflict).
    // Call inside a transaction (two statements).
    static core::Result<void> UpdateBadge(store::Executor& ex, const Badge& badge);
    static core::Result<std::optional<Badge>> FindBadge(store::Executor& ex, std::string_view id);
    // An organisation's badges, by name then id.
    static core::Result<std::vector<Badge>> ListBadges(store::Executor& ex, std::string_view org_id);
    // The active badges with an automatic rule of every organisation where `user_id` is a learner.
    static core::Result<std::vector<Badge>> ListAutomaticBadgesFor(store::Executor& ex,
                                                                   std::string_view user_id);

    // kConflict (field "learner_id") when the learner already has a live award of the badge.
    static core::Result<void> InsertAward(store::Executor& ex, const Award& award, bool live = true);
    static core::Result<std::optional<Award>> FindAward(store::Executor& ex, std::string_view id);
    // The live award (active or suspended, not renewed) of a badge for a learner, if any.
    static core::Result<std::optional<Award>> FindLiveAward(store::Executor& ex, std::string_view badge_id,
                                                            std::string_view user_id);
    static core::Result<bool> HasRevokedAward(store::Executor& ex, std::string_view badge_id,
                                              std::string_view user_id);
    // Newest first, at most kMaxListedAwards.
    static core::Result<std::vector<Award>> ListAwardsOfUser(store::Executor& ex, std::string_view user_id);
    static core::Result<std::vector<Award>> ListAwardsOfBadge(store::Executor& ex, std::string_view badge_id);
    static core::Result<std::int64_t> CountAwardsOfBadge(store::Executor& ex, std::string_view badge_id);
    // kNotFound when no award has this id.
    static core::Result<void> SetPublic(store::Executor& ex, std::string_view id, bool is_public);
    // Compare-and-set on `expected_version`; a revoked award stops being live.
    static core::Result<void> SetState(store::Executor& ex, std::string_view id, AwardState state,
                                       std::string_view reason, std::string_view by, std::int64_t at,
                                       std::int64_t expected_version);
    // The award stops being live (it expired and is being renewed).
    static core::Result<void> EndLive(store::Executor& ex, std::string_view id);

    // ---- evidence files (`engine`: store::Database::Kind(), "sqlite" or "postgresql") ----------
    static core::Result<void> InsertEvidenceFile(store::Executor& ex, std::string_view engine,
                                                 const EvidenceFile& file, std::string_view bytes);
    // The files of an award (without their bytes), in position order.
    static core::Result<std::vector<EvidenceFile>> ListEvidenceFiles(store::Executor& ex,
                                                                     std::string_view award_id);
    // One file of an award with its bytes; nullopt when the award has no such file.
    struct StoredEvidenceFile {
        EvidenceFile file;
        std::string bytes;
    };
    static core::Result<std::optional<StoredEvidenceFile>> ReadEvidenceFile(store::Executor& ex,
                                                                            std::string_view engine,
                                                                            std::string_view award_id,
                                                                            std::string_view file_id);
};

nlohmann::json EvidenceToJson(const std::vector<Evidence>& evidence);

}  // namespace passeur::badge
