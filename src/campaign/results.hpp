// What an organisation sees of a campaign's shared participations, and its CSV export (pure).
//
// CSV format (docs/campaigns.md): UTF-8 with a byte order mark (spreadsheets then read accents
// right), RFC 4180 (comma separator, CRLF line ends, a field with a comma, quote, CR or LF is
// quoted and its quotes doubled), one header row then one row per participant:
//   participant, e-mail, [the campaign's external id label], shared on (YYYY-MM-DD UTC),
//   then per competence of the profile, in its order: "<code> niveau", "<code> fourchette",
//   "<code> cible atteinte" (English headers with language "en").
// Levels are integers; a range is "2 à 4" ("2 to 4"), or "3" when it is one level (written so that
// no spreadsheet reads it as a date); target met is "oui"/"non"/"incertain" ("yes"/"no"/
// "uncertain"). No fractional number is written; if one is added, its decimal separator is '.'.
// Cells of a competence the participant has no level for are empty. A text cell starting with
// = + - @ TAB or CR is prefixed with an apostrophe so that no spreadsheet runs it as a formula.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace passeur::campaign {

// One competence of the campaign's target profile.
struct ProfileCompetence {
    std::string framework;
    std::string competence;  // competence code ("1.1")
    int target_level = 1;    // 1..8
    bool operator==(const ProfileCompetence&) const = default;
};

// One competence of a shared result (a snapshot taken when the participant shared).
struct CompetenceCell {
    std::string framework;
    std::string competence;
    int level = 1;  // level of the estimate, 1..8
    int low = 1;    // range of levels (95 %)
    int high = 1;
    int target_level = 1;
    std::string verdict;  // "met" | "gap" | "uncertain" (TargetVerdict)
    bool operator==(const CompetenceCell&) const = default;
};

struct ParticipantResult {
    std::string participation_id;
    std::string user_id;
    std::string display_name;
    std::string email;
    std::string external_id;  // "" when the campaign asks for none
    std::string assessment_id;
    std::int64_t completed_at = 0;
    std::int64_t shared_at = 0;
    std::vector<CompetenceCell> competences;  // in the profile's order at share time
};

// Writes the export row by row to `sink` (each call gets one or more whole lines; the first call
// starts with the BOM). A failing sink stops the export: its error is returned.
class ResultsCsvWriter {
public:
    using Sink = std::function<core::Result<void>(std::string_view chunk)>;

    // language "fr" (default) or "en": header words and the range / target met values.
    ResultsCsvWriter(std::vector<ProfileCompetence> columns, std::string external_id_label,
                     std::string language, Sink sink);

    core::Result<void> WriteHeader();  // BOM and header row; call once, first
    core::Result<void> WriteRow(const ParticipantResult& row);

private:
    std::vector<ProfileCompetence> columns_;
    std::string external_id_label_;
    bool english_ = false;
    Sink sink_;
};

// One RFC 4180 field (quoted when needed, formula guard applied) without separator.
std::string CsvField(std::string_view value);

}  // namespace passeur::campaign
