#include "campaign/territory_export.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "campaign/results.hpp"
#include "core/encoding.hpp"

namespace passeur::campaign {
namespace {

// Geometry of the chart, in user units (the viewBox).
constexpr double kWidth = 720.0;
constexpr double kMargin = 16.0;
constexpr double kTrackWidth = 440.0;
constexpr double kBarHeight = 16.0;
constexpr double kRowHeight = 44.0;      // label line + bar + space
constexpr double kHeadingHeight = 30.0;  // a section's heading
constexpr double kTitleHeight = 36.0;    // the visible title of a standalone file
constexpr double kEmptyHeight = 28.0;    // the "no data" line of a section without bars

constexpr std::string_view kTextFill = "#161616";
constexpr std::string_view kTrackFill = "#f6f6f6";
constexpr std::string_view kTrackStroke = "#3a3a3a";
constexpr std::string_view kMetFill = "#000091";  // DSFR blue France
constexpr std::string_view kGapFill = "#ce0500";  // DSFR error red

bool English(std::string_view language) { return language == "en"; }

// Escaped for XML text and attributes; C0 controls (invalid in XML 1.0) dropped, TAB/CR/LF and DEL
// made spaces.
std::string SvgText(std::string_view text) {
    std::string clean;
    clean.reserve(text.size());
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\t' || c == '\n' || c == '\r' || byte == 0x7F) {
            clean.push_back(' ');
        } else if (byte >= 0x20) {
            clean.push_back(c);
        }
    }
    return core::EscapeXml(clean);
}

// At most `max` code points of UTF-8 `text`, ending with "…" when shortened.
std::string Shorten(std::string_view text, std::size_t max) {
    if (max == 0) return {};
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
        if (points == max - 1) {
            // Is there more than one code point left? Then cut here and add the ellipsis.
            std::size_t rest = 0;
            for (std::size_t j = i; j < text.size(); ++j) {
                if ((static_cast<unsigned char>(text[j]) & 0xC0) != 0x80) ++rest;
            }
            if (rest > 1) return std::string(text.substr(0, i)) + "…";
            return std::string(text);
        }
        ++points;
    }
    return std::string(text);
}

std::string Number(double value) { return fmt::format("{:.1f}", value); }

void AppendRow(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ',';
        out += CsvField(fields[i]);
    }
    out += "\r\n";
}

}  // namespace

int SharePercent(int count, int total) {
    if (total <= 0) return 0;
    count = std::clamp(count, 0, total);
    const std::int64_t rounded = (std::int64_t{200} * count + total) / (std::int64_t{2} * total);
    int percent = static_cast<int>(rounded);
    if (count > 0 && percent == 0) percent = 1;
    if (count < total && percent == 100) percent = 99;
    return percent;
}

std::string FormatPercent(int percent, std::string_view language) {
    return English(language) ? fmt::format("{}%", percent) : fmt::format("{}\u202f%", percent);
}

std::string FormatCountShare(int count, int total, std::string_view language) {
    return fmt::format("{} / {} ({})", count, total, FormatPercent(SharePercent(count, total), language));
}

std::string CompetenceLabel(const CompetenceGroup& group, const CompetenceNames& names) {
    auto it = names.find({group.framework, group.competence});
    if (it == names.end() || it->second.empty()) return group.competence;
    return group.competence + " " + it->second;
}

std::string ProfileLabel(const TerritorySummary& summary, std::string_view profile_id) {
    for (const ProfileGroup& p : summary.profiles) {
        if (p.profile_id == profile_id && !p.profile_name.empty()) return p.profile_name;
    }
    return std::string(profile_id);
}

std::vector<CompetenceGroup> MostFrequentGaps(const TerritorySummary& summary, std::size_t max) {
    std::vector<CompetenceGroup> out;
    for (const CompetenceGroup& c : summary.competences) {
        if (out.size() >= max) break;
        if (c.gap > 0) out.push_back(c);
    }
    return out;
}

ChartSection ProfilesSection(const TerritorySummary& summary, std::string_view language) {
    ChartSection section;
    section.heading = English(language) ? "People meeting the whole target profile"
                                        : "Personnes qui atteignent tout le profil cible";
    for (const ProfileGroup& p : summary.profiles) {
        section.bars.push_back({p.profile_name.empty() ? p.profile_id : p.profile_name, p.met_all, p.people});
    }
    return section;
}

ChartSection GapsSection(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names, std::size_t max) {
    ChartSection section;
    section.heading = English(language) ? "Most frequent gaps (people below the target level)"
                                        : "Lacunes les plus fréquentes (personnes sous le niveau cible)";
    std::vector<std::string> profiles;
    for (const CompetenceGroup& c : summary.competences) {
        if (std::find(profiles.begin(), profiles.end(), c.profile_id) == profiles.end()) {
            profiles.push_back(c.profile_id);
        }
    }
    for (const CompetenceGroup& c : MostFrequentGaps(summary, max)) {
        std::string label = CompetenceLabel(c, names);
        if (profiles.size() > 1) label += " — " + ProfileLabel(summary, c.profile_id);
        section.bars.push_back({std::move(label), c.gap, c.people});
    }
    return section;
}

std::string AudienceLabel(std::string_view audience, std::string_view language) {
    struct Label {
        std::string_view code, fr, en;
    };
    static constexpr std::array<Label, 7> kLabels{{
        {"mediator", "Médiateurs et médiatrices numériques", "Digital mediators"},
        {"social_worker", "Travailleurs sociaux", "Social workers"},
        {"front_desk_agent", "Agents d'accueil", "Front-desk agents"},
        {"helper", "Autres aidants numériques", "Other digital helpers"},
        {"job_seeker", "Demandeurs d'emploi", "Job seekers"},
        {"learner", "Autres publics", "Other publics"},
        {kAudienceUnstated, "Public non précisé", "Audience not stated"},
    }};
    for (const Label& label : kLabels) {
        if (label.code == audience) return std::string(English(language) ? label.en : label.fr);
    }
    return std::string(audience);
}

std::string QuarterLabel(std::string_view quarter, std::string_view language) {
    if (quarter.size() != 7 || quarter.substr(4, 2) != "-Q" || quarter[6] < '1' || quarter[6] > '4') {
        return std::string(quarter);
    }
    const std::string_view year = quarter.substr(0, 4);
    if (English(language)) return fmt::format("Q{} {}", quarter[6], year);
    return fmt::format("{}{} trimestre {}", quarter[6], quarter[6] == '1' ? "er" : "e", year);
}

ChartSection JobsSection(const TerritorySummary& summary, std::string_view language) {
    ChartSection section;
    section.heading = English(language) ? "People meeting their target profile, by job"
                                        : "Personnes qui atteignent leur profil cible, par public";
    for (const JobGroup& j : summary.jobs) {
        section.bars.push_back({AudienceLabel(j.audience, language), j.met_all, j.people});
    }
    return section;
}

ChartSection PeriodsSection(const TerritorySummary& summary, std::string_view language) {
    ChartSection section;
    section.heading = English(language) ? "People meeting the target profile, quarter by quarter"
                                        : "Personnes qui atteignent le profil cible, trimestre par trimestre";
    std::vector<std::string> profiles;
    for (const ProfilePeriodGroup& p : summary.profile_periods) {
        if (std::find(profiles.begin(), profiles.end(), p.profile_id) == profiles.end()) {
            profiles.push_back(p.profile_id);
        }
    }
    for (const ProfilePeriodGroup& p : summary.profile_periods) {
        std::string label = QuarterLabel(p.quarter, language);
        if (profiles.size() > 1) label += " — " + (p.profile_name.empty() ? p.profile_id : p.profile_name);
        section.bars.push_back({std::move(label), p.met_all, p.people});
    }
    return section;
}

std::string RenderBarChartSvg(const BarChartInput& input) {
    const std::string lang = English(input.language) ? "en" : "fr";
    const std::string title_id = input.id_prefix + "-titre";
    const std::string desc_id = input.id_prefix + "-desc";
    const std::string empty_text = !input.empty_text.empty() ? input.empty_text
                                   : English(input.language) ? "No data to show."
                                                             : "Aucune donnée à afficher.";

    double height = kMargin;
    if (input.standalone) height += kTitleHeight;
    for (const auto& [section, tone] : input.sections) {
        if (!section.heading.empty()) height += kHeadingHeight;
        height += section.bars.empty() ? kEmptyHeight : kRowHeight * static_cast<double>(section.bars.size());
    }
    if (input.sections.empty()) height += kEmptyHeight;
    height += kMargin / 2.0;

    std::string out;
    if (input.standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {w} {h}\" {size} "
        "role=\"img\" "
        "aria-labelledby=\"{labelled}\" aria-describedby=\"{desc}\" lang=\"{lang}\" "
        "font-family=\"Marianne, Arial, sans-serif\" fill=\"{fill}\">\n",
        fmt::arg("w", Number(kWidth)), fmt::arg("h", Number(height)),
        fmt::arg("size", input.standalone
                             ? fmt::format("width=\"{}\" height=\"{}\"", Number(kWidth), Number(height))
                             : std::string("width=\"100%\"")),
        fmt::arg("labelled", input.labelled_by.empty() ? title_id : SvgText(input.labelled_by)),
        fmt::arg("desc", desc_id), fmt::arg("lang", lang), fmt::arg("fill", kTextFill));
    out += fmt::format("<title id=\"{}\">{}</title>\n", title_id, SvgText(input.title));
    out += fmt::format("<desc id=\"{}\">{}</desc>\n", desc_id, SvgText(input.description));
    out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
                       Number(kWidth), Number(height));

    double y = kMargin;
    if (input.standalone) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"18\" font-weight=\"bold\">{}</text>\n",
                           Number(kMargin), Number(y + 18.0), SvgText(Shorten(input.title, 70)));
        y += kTitleHeight;
    }
    auto empty_line = [&](double at) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\" class=\"aucune-donnee\">{}</text>\n",
                           Number(kMargin), Number(at + 16.0), SvgText(empty_text));
    };
    if (input.sections.empty()) {
        empty_line(y);
        y += kEmptyHeight;
    }
    for (const auto& [section, tone] : input.sections) {
        out += "<g>\n";
        if (!section.heading.empty()) {
            out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
                               Number(kMargin), Number(y + 18.0), SvgText(Shorten(section.heading, 90)));
            y += kHeadingHeight;
        }
        if (section.bars.empty()) {
            empty_line(y);
            y += kEmptyHeight;
        }
        const std::string_view fill = tone == BarTone::kMet ? kMetFill : kGapFill;
        for (const ChartBar& bar : section.bars) {
            const int total = std::max(bar.total, 0);
            const int count = std::clamp(bar.count, 0, total);
            const double share = total > 0 ? static_cast<double>(count) / static_cast<double>(total) : 0.0;
            const std::string value = FormatCountShare(count, total, input.language);
            out += "<g>\n";
            out += fmt::format("<title>{} : {}</title>\n", SvgText(bar.label), SvgText(value));
            out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>\n", Number(kMargin),
                               Number(y + 13.0), SvgText(Shorten(bar.label, kMaxSvgLabelChars)));
            const double bar_y = y + 19.0;
            out += fmt::format(
                "<rect class=\"piste\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
                "stroke=\"{}\" "
                "stroke-width=\"1\"/>\n",
                Number(kMargin), Number(bar_y), Number(kTrackWidth), Number(kBarHeight), kTrackFill,
                kTrackStroke);
            out += fmt::format(
                "<rect class=\"barre\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n",
                Number(kMargin), Number(bar_y), Number(kTrackWidth * share), Number(kBarHeight), fill);
            out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>\n",
                               Number(kMargin + kTrackWidth + 10.0), Number(bar_y + 13.0), SvgText(value));
            out += "</g>\n";
            y += kRowHeight;
        }
        out += "</g>\n";
    }
    out += "</svg>\n";
    return out;
}

std::string TerritorySvg(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names) {
    const bool en = English(language);
    BarChartInput input;
    input.language = en ? "en" : "fr";
    input.id_prefix = "territoire";
    input.standalone = true;
    input.title = en ? fmt::format("Digital skills — département {}", summary.department)
                     : fmt::format("Compétences numériques — département {}", summary.department);
    std::string people =
        summary.people ? (en ? fmt::format("{} people shared their results.", *summary.people)
                             : fmt::format("{} personnes ont partagé leurs résultats.", *summary.people))
                       : (en ? fmt::format("Fewer than {} people shared their results: not shown.",
                                           summary.min_group_size)
                             : fmt::format("Moins de {} personnes ont partagé leurs résultats : non affiché.",
                                           summary.min_group_size));
    input.description =
        en ? fmt::format(
                 "Département {}. {} Share of people meeting each target profile, then the competences "
                 "where gaps are most frequent, the share by job and quarter by quarter. Groups of fewer "
                 "than {} people are never shown, so that "
                 "nobody can be identified.",
                 summary.department, people, summary.min_group_size)
           : fmt::format(
                 "Département {}. {} Part des personnes qui atteignent chaque profil cible, puis les "
                 "compétences où les lacunes sont les plus fréquentes, la part par public et trimestre "
                 "par trimestre. Les groupes de moins de {} "
                 "personnes ne sont jamais affichés, pour que personne ne puisse être reconnu.",
                 summary.department, people, summary.min_group_size);
    input.empty_text =
        en ? fmt::format("No data to show (groups of fewer than {} people are not shown).",
                         summary.min_group_size)
           : fmt::format("Aucune donnée à afficher (groupes de moins de {} personnes non affichés).",
                         summary.min_group_size);
    input.sections.push_back({ProfilesSection(summary, language), BarTone::kMet});
    input.sections.push_back({GapsSection(summary, language, names), BarTone::kGap});
    input.sections.push_back({JobsSection(summary, language), BarTone::kMet});
    input.sections.push_back({PeriodsSection(summary, language), BarTone::kMet});
    return RenderBarChartSvg(input);
}

std::string TerritoryCsv(const TerritorySummary& summary, std::string_view language,
                         const CompetenceNames& names) {
    const bool en = English(language);
    std::string out = "\xEF\xBB\xBF";
    AppendRow(out, en ? std::vector<std::string>{"table", "department", "profile_id", "profile", "framework",
                                                 "competence", "competence_name", "people", "meeting",
                                                 "with_gap", "meeting_pct", "gap_pct", "quarter", "audience",
                                                 "badge", "organization"}
                      : std::vector<std::string>{
                            "tableau", "departement", "profil_id", "profil", "referentiel", "competence",
                            "competence_nom", "personnes", "atteignent", "en_lacune", "part_atteignent_pct",
                            "part_en_lacune_pct", "trimestre", "public", "badge", "organisation"});
    const std::string& d = summary.department;
    const auto count = [](const std::optional<int>& n) { return n ? std::to_string(*n) : std::string(); };
    if (summary.people) {
        AppendRow(out, {en ? "territory" : "territoire", d, "", "", "", "", "",
                        std::to_string(*summary.people), "", "", "", "", "", "", "", ""});
    }
    for (const ProfileGroup& p : summary.profiles) {
        AppendRow(out, {en ? "profile" : "profil", d, p.profile_id,
                        p.profile_name.empty() ? p.profile_id : p.profile_name, "", "", "",
                        std::to_string(p.people), std::to_string(p.met_all), "",
                        std::to_string(SharePercent(p.met_all, p.people)), "", "", "", "", ""});
    }
    for (const CompetenceGroup& c : summary.competences) {
        auto name = names.find({c.framework, c.competence});
        AppendRow(
            out, {"competence", d, c.profile_id, ProfileLabel(summary, c.profile_id), c.framework,
                  c.competence, name != names.end() ? name->second : std::string(), std::to_string(c.people),
                  std::to_string(c.met), std::to_string(c.gap), std::to_string(SharePercent(c.met, c.people)),
                  std::to_string(SharePercent(c.gap, c.people)), "", "", "", ""});
    }
    for (const JobGroup& j : summary.jobs) {
        AppendRow(out, {en ? "audience" : "public", d, "", "", "", "", "", std::to_string(j.people),
                        std::to_string(j.met_all), "", std::to_string(SharePercent(j.met_all, j.people)), "",
                        "", AudienceLabel(j.audience, language), "", ""});
    }
    if (summary.badge_holders) {
        AppendRow(out, {"badges", d, "", "", "", "", "", std::to_string(*summary.badge_holders), "", "", "",
                        "", "", "", "", ""});
    }
    for (const BadgeGroup& b : summary.badges) {
        AppendRow(out, {"badge", d, "", "", "", "", "", std::to_string(b.people), "", "", "", "", "", "",
                        b.badge_name, b.organization_name});
    }
    for (const PeriodGroup& p : summary.periods) {
        AppendRow(out, {en ? "quarter" : "trimestre", d, "", "", "", "", "", count(p.people_assessed), "", "",
                        "", "", p.quarter, "", "", ""});
        AppendRow(out, {en ? "quarter_badges" : "trimestre_badges", d, "", "", "", "", "",
                        count(p.people_awarded), "", "", "", "", p.quarter, "", "", ""});
    }
    for (const ProfilePeriodGroup& p : summary.profile_periods) {
        AppendRow(out, {en ? "quarter_profile" : "trimestre_profil", d, p.profile_id,
                        p.profile_name.empty() ? p.profile_id : p.profile_name, "", "", "",
                        std::to_string(p.people), std::to_string(p.met_all), "",
                        std::to_string(SharePercent(p.met_all, p.people)), "", p.quarter, "", "", ""});
    }
    return out;
}

}  // namespace passeur::campaign
