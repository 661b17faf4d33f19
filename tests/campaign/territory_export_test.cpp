// The territory's charts and CSV (pure): well-formed and escaped SVG with proportional bars and
// "no data" in words, and the CSV's BOM, CRLF, header, guarded cells and absent suppressed groups.
#include "campaign/territory_export.hpp"

#include <cstddef>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::campaign {
namespace {

// A minimal XML well-formedness check: one root element, tags nested and closed in order, quoted
// attributes, no '<' or bare '&' in text or attribute values, no C0 control character.
::testing::AssertionResult WellFormed(const std::string& xml) {
    std::vector<std::string> open;
    std::size_t i = 0;
    int roots = 0;
    if (xml.starts_with("<?xml")) {
        i = xml.find("?>");
        if (i == std::string::npos) return ::testing::AssertionFailure() << "unterminated declaration";
        i += 2;
    }
    auto check_text = [](std::string_view text) -> bool {
        for (std::size_t k = 0; k < text.size(); ++k) {
            const auto byte = static_cast<unsigned char>(text[k]);
            if (byte < 0x20 && text[k] != '\n' && text[k] != '\t' && text[k] != '\r') return false;
            if (text[k] == '<') return false;
            if (text[k] == '&') {
                const std::size_t semi = text.find(';', k);
                if (semi == std::string_view::npos) return false;
                const std::string_view entity = text.substr(k + 1, semi - k - 1);
                if (entity != "amp" && entity != "lt" && entity != "gt" && entity != "quot" &&
                    entity != "#39") {
                    return false;
                }
            }
        }
        return true;
    };
    while (i < xml.size()) {
        const std::size_t lt = xml.find('<', i);
        if (lt == std::string::npos) {
            if (!check_text(std::string_view(xml).substr(i)))
                return ::testing::AssertionFailure() << "bad text";
            break;
        }
        if (!check_text(std::string_view(xml).substr(i, lt - i))) {
            return ::testing::AssertionFailure() << "bad text before offset " << lt;
        }
        // Find the tag's end outside quoted values.
        std::size_t k = lt + 1;
        char quote = 0;
        for (; k < xml.size(); ++k) {
            if (quote != 0) {
                if (xml[k] == quote) quote = 0;
            } else if (xml[k] == '"' || xml[k] == '\'') {
                quote = xml[k];
            } else if (xml[k] == '>') {
                break;
            }
        }
        if (k >= xml.size()) return ::testing::AssertionFailure() << "unterminated tag at " << lt;
        std::string tag = xml.substr(lt + 1, k - lt - 1);
        i = k + 1;
        if (tag.starts_with("/")) {
            const std::string name = tag.substr(1);
            if (open.empty() || open.back() != name) {
                return ::testing::AssertionFailure() << "unexpected </" << name << ">";
            }
            open.pop_back();
            continue;
        }
        const bool self_closing = tag.ends_with("/");
        if (self_closing) tag.pop_back();
        const std::string name = tag.substr(0, tag.find_first_of(" \n\t"));
        if (name.empty()) return ::testing::AssertionFailure() << "empty tag name";
        // Attributes: name="value" pairs only.
        static const std::regex attributes(R"(^[A-Za-z][\w:.-]*(\s+[A-Za-z][\w:.-]*="[^"<]*")*\s*$)");
        if (!std::regex_match(tag, attributes))
            return ::testing::AssertionFailure() << "bad tag <" << tag << ">";
        for (std::size_t q = tag.find('"'); q != std::string::npos; q = tag.find('"', q + 1)) {
            const std::size_t end = tag.find('"', q + 1);
            if (!check_text(std::string_view(tag).substr(q + 1, end - q - 1))) {
                return ::testing::AssertionFailure() << "bad attribute value in <" << name << ">";
            }
            q = end;
        }
        if (open.empty()) ++roots;
        if (!self_closing) open.push_back(name);
    }
    if (!open.empty()) return ::testing::AssertionFailure() << "unclosed <" << open.back() << ">";
    if (roots != 1) return ::testing::AssertionFailure() << roots << " root elements";
    return ::testing::AssertionSuccess();
}

// The widths of the filled bars, in order.
std::vector<double> BarWidths(const std::string& svg) {
    std::vector<double> out;
    static const std::regex bar(R"re(<rect class="barre" [^>]* width="([0-9.]+)")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), bar); it != std::sregex_iterator(); ++it) {
        out.push_back(std::stod((*it)[1].str()));
    }
    return out;
}

double TrackWidth(const std::string& svg) {
    std::smatch m;
    static const std::regex track(R"re(<rect class="piste" [^>]* width="([0-9.]+)")re");
    return std::regex_search(svg, m, track) ? std::stod(m[1].str()) : -1.0;
}

std::size_t Count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TerritorySummary Summary() {
    TerritorySummary s;
    s.department = "59";
    s.people = 24;
    s.profiles = {{"mediateur-socle", "Médiateur : socle", 20, 5}, {"aidant", "Aidant numérique", 12, 12}};
    s.competences = {{"mediateur-socle", "competences-numeriques", "2.1", 20, 4, 10},
                     {"aidant", "competences-numeriques", "1.1", 12, 9, 3},
                     {"mediateur-socle", "competences-numeriques", "1.1", 20, 20, 0}};
    s.jobs = {{"mediator", 20, 5}, {"", 12, 12}};
    s.badge_holders = 15;
    s.badges = {{"b1", "Accueillir", "EPN de Lille", 11}};
    s.periods = {{"2026-Q1", 14, std::nullopt}, {"2026-Q2", std::nullopt, 15}};
    s.profile_periods = {{"2026-Q1", "mediateur-socle", "Médiateur : socle", 14, 3}};
    return s;
}

CompetenceNames Names() { return {{{"competences-numeriques", "2.1"}, "Interagir"}}; }

TEST(SharePercentTest, RoundsButNeverReadsAsNoneOrAll) {
    EXPECT_EQ(SharePercent(5, 20), 25);
    EXPECT_EQ(SharePercent(1, 3), 33);
    EXPECT_EQ(SharePercent(2, 3), 67);
    EXPECT_EQ(SharePercent(1, 200), 1);      // 0.5 % rounds up to 1
    EXPECT_EQ(SharePercent(1, 1000), 1);     // 0.1 % is not "none"
    EXPECT_EQ(SharePercent(999, 1000), 99);  // 99.9 % is not "all"
    EXPECT_EQ(SharePercent(0, 10), 0);
    EXPECT_EQ(SharePercent(10, 10), 100);
    EXPECT_EQ(SharePercent(3, 0), 0);
    EXPECT_EQ(SharePercent(12, 10), 100);  // clamped
    EXPECT_EQ(FormatCountShare(7, 12, "fr"), "7 / 12 (58\u202f%)");
    EXPECT_EQ(FormatCountShare(7, 12, "en"), "7 / 12 (58%)");
}

TEST(TerritorySvgTest, StandaloneIsWellFormedLabelledAndScriptFree) {
    const std::string svg = TerritorySvg(Summary(), "fr", Names());
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_TRUE(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("aria-labelledby=\"territoire-titre\""), std::string::npos);
    EXPECT_NE(svg.find("<title id=\"territoire-titre\">Compétences numériques — département 59</title>"),
              std::string::npos);
    EXPECT_NE(svg.find("<desc id=\"territoire-desc\">Département 59. 24 personnes"), std::string::npos);
    EXPECT_NE(svg.find("moins de 10 personnes ne sont jamais affichés"), std::string::npos);
    EXPECT_EQ(svg.find("script"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos);
    EXPECT_EQ(svg.find("href"), std::string::npos);
    // Both sections; the gaps chart holds only competences with a gap, names when known.
    EXPECT_NE(svg.find("Personnes qui atteignent tout le profil cible"), std::string::npos);
    EXPECT_NE(svg.find("Lacunes les plus fréquentes"), std::string::npos);
    EXPECT_NE(svg.find("2.1 Interagir — Médiateur : socle"), std::string::npos);
    EXPECT_NE(svg.find(">1.1 — Aidant numérique<"), std::string::npos);
    // 2 profiles + 2 gaps (1.1 of the socle has none) + 2 jobs + 1 quarter.
    EXPECT_EQ(Count(svg, "class=\"barre\""), 7u);
    EXPECT_NE(svg.find(">Médiateurs et médiatrices numériques<"), std::string::npos);
    EXPECT_NE(svg.find(">Public non précisé<"), std::string::npos);
    EXPECT_NE(svg.find(">1er trimestre 2026<"), std::string::npos);
    EXPECT_NE(svg.find("3 / 14 (21\u202f%)"), std::string::npos);
    EXPECT_NE(svg.find("5 / 20 (25\u202f%)"), std::string::npos);

    const std::string en = TerritorySvg(Summary(), "en", Names());
    EXPECT_TRUE(WellFormed(en));
    EXPECT_NE(en.find("lang=\"en\""), std::string::npos);
    EXPECT_NE(en.find("Digital skills — département 59"), std::string::npos);
    EXPECT_NE(en.find("5 / 20 (25%)"), std::string::npos);
    EXPECT_NE(en.find(">Digital mediators<"), std::string::npos);
    EXPECT_NE(en.find(">Q1 2026<"), std::string::npos);
}

TEST(TerritoryLabelsTest, AudiencesAndQuarters) {
    for (std::string_view code : kAudiences) {
        EXPECT_NE(AudienceLabel(code, "fr"), code);
        EXPECT_NE(AudienceLabel(code, "en"), code);
    }
    EXPECT_EQ(AudienceLabel("social_worker", "fr"), "Travailleurs sociaux");
    EXPECT_EQ(AudienceLabel("", "en"), "Audience not stated");
    EXPECT_EQ(AudienceLabel("inconnu", "fr"), "inconnu");
    EXPECT_EQ(QuarterLabel("2026-Q1", "fr"), "1er trimestre 2026");
    EXPECT_EQ(QuarterLabel("2026-Q4", "fr"), "4e trimestre 2026");
    EXPECT_EQ(QuarterLabel("2026-Q3", "en"), "Q3 2026");
    for (const char* bad : {"", "2026-Q5", "2026Q1", "2026-T1", "2026-Q12"})
        EXPECT_EQ(QuarterLabel(bad, "fr"), bad);
}

TEST(TerritorySvgTest, BarsAreProportional) {
    BarChartInput input;
    input.title = "Barres";
    input.description = "Trois barres.";
    input.sections.push_back(
        {{"Section", {{"moitié", 5, 10}, {"tout", 10, 10}, {"rien", 0, 10}, {"quart", 3, 12}}},
         BarTone::kMet});
    const std::string svg = RenderBarChartSvg(input);
    EXPECT_TRUE(WellFormed(svg));
    const double track = TrackWidth(svg);
    ASSERT_GT(track, 0.0);
    const std::vector<double> widths = BarWidths(svg);
    ASSERT_EQ(widths.size(), 4u);
    EXPECT_NEAR(widths[0], track / 2.0, 0.05);
    EXPECT_NEAR(widths[1], track, 0.05);
    EXPECT_NEAR(widths[2], 0.0, 0.05);
    EXPECT_NEAR(widths[3], track / 4.0, 0.05);
    // The figures are written, not only drawn.
    EXPECT_NE(svg.find("5 / 10 (50\u202f%)"), std::string::npos);
    EXPECT_NE(svg.find("0 / 10 (0\u202f%)"), std::string::npos);
}

TEST(TerritorySvgTest, EscapesNamesAndDropsControlCharacters) {
    TerritorySummary s;
    s.department = "59";
    s.people = 10;
    s.profiles = {{"p", "<script>alert(\"x\")</script> & 'co'\x01\x1b", 10, 4}};
    const std::string svg = TerritorySvg(s, "fr", {});
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"),
              std::string::npos);
    EXPECT_EQ(svg.find('\x01'), std::string::npos);
    EXPECT_EQ(svg.find('\x1b'), std::string::npos);

    // An inline chart names the page's caption; an odd id cannot break out of its attribute.
    BarChartInput input;
    input.title = "t";
    input.labelled_by = "legende\" onload=\"x";
    input.sections.push_back({{"", {{"a", 1, 2}}}, BarTone::kGap});
    const std::string inline_svg = RenderBarChartSvg(input);
    EXPECT_TRUE(WellFormed(inline_svg));
    EXPECT_FALSE(inline_svg.starts_with("<?xml"));
    EXPECT_NE(inline_svg.find("aria-labelledby=\"legende&quot; onload=&quot;x\""), std::string::npos);
    EXPECT_NE(inline_svg.find("width=\"100%\""), std::string::npos);
}

TEST(TerritorySvgTest, LongLabelsAreShortenedOnCodePoints) {
    BarChartInput input;
    input.title = "t";
    const std::string long_label(200, 'e');
    std::string accents;
    for (int i = 0; i < 100; ++i) accents += "é";
    input.sections.push_back({{"s", {{long_label, 1, 2}, {accents, 1, 2}}}, BarTone::kMet});
    const std::string svg = RenderBarChartSvg(input);
    EXPECT_TRUE(WellFormed(svg));
    std::string shortened(kMaxSvgLabelChars - 1, 'e');
    EXPECT_NE(svg.find(">" + shortened + "…</text>"), std::string::npos);
    std::string accents_short;
    for (std::size_t i = 0; i + 1 < kMaxSvgLabelChars; ++i) accents_short += "é";
    EXPECT_NE(svg.find(">" + accents_short + "…</text>"), std::string::npos);
    // The full label stays in the bar's tooltip.
    EXPECT_NE(svg.find("<title>" + long_label + " : "), std::string::npos);
}

TEST(TerritorySvgTest, NoDataIsSaidInWords) {
    TerritorySummary s;
    s.department = "2A";  // fewer than 10 people: everything suppressed
    const std::string svg = TerritorySvg(s, "fr", {});
    EXPECT_TRUE(WellFormed(svg));
    EXPECT_EQ(Count(svg, "class=\"barre\""), 0u);
    EXPECT_EQ(Count(svg, "Aucune donnée à afficher (groupes de moins de 10 personnes non affichés)."),
              4u);  // each section
    EXPECT_NE(svg.find("Moins de 10 personnes ont partagé leurs résultats : non affiché."),
              std::string::npos);
    const std::string en = TerritorySvg(s, "en", {});
    EXPECT_EQ(Count(en, "No data to show"), 4u);

    BarChartInput input;
    input.title = "vide";
    const std::string empty = RenderBarChartSvg(input);
    EXPECT_TRUE(WellFormed(empty));
    EXPECT_NE(empty.find("Aucune donnée à afficher."), std::string::npos);
}

TEST(TerritoryCsvTest, OneTableWithBomCrlfAndEveryShownGroup) {
    const std::string csv = TerritoryCsv(Summary(), "fr", Names());
    const std::string expected =
        "\xEF\xBB\xBF"
        "tableau,departement,profil_id,profil,referentiel,competence,competence_nom,personnes,atteignent,"
        "en_lacune,part_atteignent_pct,part_en_lacune_pct,trimestre,public,badge,organisation\r\n"
        "territoire,59,,,,,,24,,,,,,,,\r\n"
        "profil,59,mediateur-socle,Médiateur : socle,,,,20,5,,25,,,,,\r\n"
        "profil,59,aidant,Aidant numérique,,,,12,12,,100,,,,,\r\n"
        "competence,59,mediateur-socle,Médiateur : "
        "socle,competences-numeriques,2.1,Interagir,20,4,10,20,50,,,,\r\n"
        "competence,59,aidant,Aidant numérique,competences-numeriques,1.1,,12,9,3,75,25,,,,\r\n"
        "competence,59,mediateur-socle,Médiateur : socle,competences-numeriques,1.1,,20,20,0,100,0,,,,\r\n"
        "public,59,,,,,,20,5,,25,,,Médiateurs et médiatrices numériques,,\r\n"
        "public,59,,,,,,12,12,,100,,,Public non précisé,,\r\n"
        "badges,59,,,,,,15,,,,,,,,\r\n"
        "badge,59,,,,,,11,,,,,,,Accueillir,EPN de Lille\r\n"
        "trimestre,59,,,,,,14,,,,,2026-Q1,,,\r\n"
        "trimestre_badges,59,,,,,,,,,,,2026-Q1,,,\r\n"
        "trimestre,59,,,,,,,,,,,2026-Q2,,,\r\n"
        "trimestre_badges,59,,,,,,15,,,,,2026-Q2,,,\r\n"
        "trimestre_profil,59,mediateur-socle,Médiateur : socle,,,,14,3,,21,,2026-Q1,,,\r\n";
    EXPECT_EQ(csv, expected);
    // Every line ends with CRLF: no bare LF.
    for (std::size_t at = csv.find('\n'); at != std::string::npos; at = csv.find('\n', at + 1)) {
        ASSERT_GT(at, 0u);
        EXPECT_EQ(csv[at - 1], '\r');
    }
    const std::string en = TerritoryCsv(Summary(), "en", Names());
    EXPECT_TRUE(en.starts_with(
        "\xEF\xBB\xBFtable,department,profile_id,profile,framework,competence,"
        "competence_name,people,meeting,with_gap,meeting_pct,gap_pct,quarter,audience,badge,organization\r\n"
        "territory,59,"));
    EXPECT_NE(en.find("\r\nprofile,59,aidant,"), std::string::npos);
    EXPECT_NE(en.find("\r\naudience,59,,,,,,20,5,,25,,,Digital mediators,,\r\n"), std::string::npos);
    EXPECT_NE(en.find("\r\nquarter_profile,59,"), std::string::npos);
}

TEST(TerritoryCsvTest, GuardsFormulasAndQuotes) {
    TerritorySummary s;
    s.department = "59";
    s.people = 10;
    s.profiles = {{"p1", "=HYPERLINK(\"http://x\",\"clic\")", 10, 1},
                  {"p2", "+33 \"Nord\"", 10, 2},
                  {"p3", "-1", 10, 3},
                  {"p4", "@SUM(A1)", 10, 4}};
    const std::string csv = TerritoryCsv(s, "fr", {{{"f", "c"}, "\tcache"}});
    EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"clic\"\")\","), std::string::npos);
    EXPECT_NE(csv.find(",\"'+33 \"\"Nord\"\"\","), std::string::npos);
    EXPECT_NE(csv.find(",'-1,"), std::string::npos);
    EXPECT_NE(csv.find(",'@SUM(A1),"), std::string::npos);
    EXPECT_EQ(csv.find(",=HYPERLINK"), std::string::npos);
}

TEST(TerritoryCsvTest, SuppressedGroupsAreAbsent) {
    // Fewer than 10 people in the territory and in every group: the header alone, no zero rows.
    TerritorySummary s;
    s.department = "35";
    const std::string csv = TerritoryCsv(s, "fr", {});
    EXPECT_EQ(Count(csv, "\r\n"), 1u);
    EXPECT_EQ(csv.find("territoire,"), std::string::npos);
    // The total suppressed but one profile shown (e.g. other rows dropped): only that row.
    s.profiles = {{"aidant", "Aidant numérique", 11, 6}};
    const std::string one = TerritoryCsv(s, "fr", {});
    EXPECT_EQ(Count(one, "\r\n"), 2u);
    EXPECT_EQ(one.find("territoire,"), std::string::npos);
    EXPECT_NE(one.find("\r\nprofil,35,aidant,Aidant numérique,,,,11,6,,55,,,,,\r\n"), std::string::npos);
}

}  // namespace
}  // namespace passeur::campaign
