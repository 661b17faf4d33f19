// Charts and CSV of a territory's aggregates (pure: no I/O; issue 7, docs/campaigns.md).
//
// Input is a TerritorySummary as CampaignService::Territory returns it: groups of fewer than
// kMinGroupSize people are already absent, and nothing here brings them back (no zero, no "other"
// row, no total recomputed from the groups).
//
// SVG (RenderBarChartSvg): horizontal bars, one per group, in sections. A bar's filled length is
// count / total of the track's length (the track is drawn, so the proportion reads without colour),
// and the figures are written next to it as text ("7 / 12 (58 %)"). No script, no style element or
// attribute, no external reference (presentation attributes only): it is CSP-safe inline and as a
// file. role="img"; aria-labelledby names the page's caption (inline) or the SVG's own <title>
// (file), aria-describedby its <desc>. A section without bars says "Aucune donnée" in words. Text
// is XML-escaped, control characters dropped, labels longer than kMaxSvgLabelChars shortened with
// "…" (the full text stays in the bar's <title> and in the page's table).
//
// CSV (TerritoryCsv): UTF-8 with a byte order mark, RFC 4180 (comma, CRLF, quotes doubled), one
// table with a first column naming the kind of row, so that one file holds every figure and stays
// one rectangular table for spreadsheets:
//   tableau, departement, profil_id, profil, referentiel, competence, competence_nom, personnes,
//   atteignent, en_lacune, part_atteignent_pct, part_en_lacune_pct, trimestre, public, badge,
//   organisation
// (English headers with language "en": table, department, profile_id, profile, framework,
// competence, competence_name, people, meeting, with_gap, meeting_pct, gap_pct, quarter, audience,
// badge, organization). Rows:
//   "territoire" ("territory"): the distinct people of the département — only when not suppressed;
//   "profil" ("profile"): per target profile, people and those meeting every requirement (en_lacune
//       and its share empty: the summary does not count them per profile);
//   "competence": per (profile, competence), people, meeting the target, with a gap — most frequent
//       gap share first, as in the summary;
//   "public" ("audience"): per job (campaign audience, its label), people and those meeting their
//       whole profile;
//   "badges": the distinct people awarded a badge — only when not suppressed;
//   "badge": per badge, its name, issuing organisation and recipients;
//   "trimestre" ("quarter"): per quarter, the people who shared a result (personnes) — the row is
//       there when the quarter is listed, the cell empty when suppressed;
//   "trimestre_badges" ("quarter_badges"): per quarter, the people awarded a badge, likewise;
//   "trimestre_profil" ("quarter_profile"): per quarter and profile, people and those meeting it.
// Cells that do not apply are empty. Shares are whole percentages (SharePercent). Text cells go
// through CsvField (results.hpp): a cell starting with = + - @ TAB or CR gets a leading apostrophe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "campaign/campaign_service.hpp"

namespace passeur::campaign {

inline constexpr std::size_t kMaxSvgLabelChars = 80;  // code points of a bar's label in the SVG
inline constexpr std::size_t kMaxGapBars = 10;        // competences in the "most frequent gaps" chart

// Names of competences by (framework, competence code), in the output's language. A missing entry
// shows the code alone.
using CompetenceNames = std::map<std::pair<std::string, std::string>, std::string>;

// `count` of `total` people. total ≤ 0 draws an empty bar.
struct ChartBar {
    std::string label;
    int count = 0;
    int total = 0;
};

struct ChartSection {
    std::string heading;  // shown above its bars; "" for none (a page's heading names the chart)
    std::vector<ChartBar> bars;
};

enum class BarTone { kMet, kGap };  // fill of the bars (the meaning is in the headings and text)

struct BarChartInput {
    std::string language = "fr";          // "fr" | "en": lang attribute and built-in words
    std::string id_prefix = "graphique";  // ids "<prefix>-titre" and "<prefix>-desc"; [a-z0-9-] only
    std::string title;                    // <title> (and the visible heading of a standalone file)
    std::string description;              // <desc>: what a sighted reader takes from it
    std::vector<std::pair<ChartSection, BarTone>> sections;
    // Inline in a page: the id of the page's caption naming the chart; "" names it by its <title>.
    std::string labelled_by;
    std::string empty_text;   // said by a section without bars; "" gives "Aucune donnée à afficher."
    bool standalone = false;  // a file: XML declaration, fixed pixel size, visible title
};

std::string RenderBarChartSvg(const BarChartInput& input);

// count / total as a whole percentage, rounded half up, but never 0 when count > 0 nor 100 when
// count < total (a share that is not none or all never reads as such). 0 when total ≤ 0.
int SharePercent(int count, int total);
// "7 / 12 (58 %)" (fr, narrow no-break space before %) or "7 / 12 (58%)" (en).
std::string FormatCountShare(int count, int total, std::string_view language);
// "58 %" (fr) or "58%" (en).
std::string FormatPercent(int percent, std::string_view language);

// "1.1 Mener une recherche" or "1.1" when the name is unknown.
std::string CompetenceLabel(const CompetenceGroup& group, const CompetenceNames& names);
// The profile's name in the summary, else its id.
std::string ProfileLabel(const TerritorySummary& summary, std::string_view profile_id);

// Competences with at least one gap, most frequent gap share first (the summary's order), at most
// `max`.
std::vector<CompetenceGroup> MostFrequentGaps(const TerritorySummary& summary, std::size_t max = kMaxGapBars);

// Bars of the profiles (people meeting every requirement) and of the most frequent gaps (people
// with a gap; label "<competence> — <profile>" when the summary has several profiles).
ChartSection ProfilesSection(const TerritorySummary& summary, std::string_view language);
ChartSection GapsSection(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names, std::size_t max = kMaxGapBars);

// "Médiateurs et médiatrices numériques" / "Digital mediators" for a campaign audience;
// "Public non précisé" / "Audience not stated" for kAudienceUnstated; the code itself if unknown.
std::string AudienceLabel(std::string_view audience, std::string_view language);
// "2026-Q1" -> "1er trimestre 2026" / "Q1 2026"; anything else is returned as it is.
std::string QuarterLabel(std::string_view quarter, std::string_view language);

// Bars of the jobs (people meeting their whole profile, per audience) and of the quarters (per
// quarter and profile, people meeting it; label "<quarter> — <profile>" when several profiles).
ChartSection JobsSection(const TerritorySummary& summary, std::string_view language);
ChartSection PeriodsSection(const TerritorySummary& summary, std::string_view language);

// The standalone file: title, description (people, the suppression rule) and the sections of the
// profiles, gaps, jobs and quarters.
std::string TerritorySvg(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names);

// The CSV described above, whole (a summary is small: one row per group).
std::string TerritoryCsv(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names);

}  // namespace passeur::campaign
