// The SVG profile chart (src/assessment/pages/profile_chart): structure, accessibility hooks,
// escaping, clamping of ranges at the bounds of the scale, and sizes of 1 and 16 competences.
#include "assessment/pages/profile_chart.hpp"

#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::assessment {
namespace {

ChartText Words() {
    return {"Votre profil",  "Une ligne par compétence.", "Niveau",
            "Niveau estimé", "Niveaux probables",         "Niveau visé"};
}

std::size_t Count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// The value of attribute `name` in the first element of class `cls` after `from`.
std::string Attribute(const std::string& svg, const std::string& cls, const std::string& name,
                      std::size_t occurrence = 0) {
    std::size_t at = 0;
    for (std::size_t i = 0; i <= occurrence; ++i) {
        at = svg.find("class=\"" + cls + "\"", i == 0 ? 0 : at + 1);
        if (at == std::string::npos) return "";
    }
    const std::size_t end = svg.find('>', at);
    const std::string element = svg.substr(at, end - at);
    std::smatch m;
    if (!std::regex_search(element, m, std::regex(" " + name + "=\"([^\"]*)\""))) return "";
    return m[1];
}

int Int(const std::string& text) { return text.empty() ? -1 : std::stoi(text); }

TEST(ProfileChart, OneCompetenceHasTheAccessibleStructure) {
    const std::string svg = ProfileChartSvg({{"1.1 Chercher", 3, 2, 4, 5}}, Words(), "profil");
    EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_TRUE(svg.ends_with("</svg>"));
    EXPECT_NE(svg.find("role=\"img\" aria-labelledby=\"profil-title profil-desc\""), std::string::npos);
    EXPECT_NE(svg.find("<title id=\"profil-title\">Votre profil</title>"), std::string::npos);
    EXPECT_NE(svg.find("<desc id=\"profil-desc\">Une ligne par compétence.</desc>"), std::string::npos);
    EXPECT_EQ(Count(svg, "<title"), 1U);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__row\""), 1U);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__range\""), 1U);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__estimate\""), 1U);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__target\""), 1U);
    // Nine gridlines (level boundaries 0..8) and the numbers 1..8.
    EXPECT_EQ(Count(svg, "<line x1="), 9U);
    for (int level = 1; level <= 8; ++level)
        EXPECT_NE(svg.find(">" + std::to_string(level) + "</text>"), std::string::npos) << level;
    EXPECT_NE(svg.find(">1.1 Chercher</text>"), std::string::npos);
    for (const char* word : {"Niveau estimé", "Niveaux probables", "Niveau visé"})
        EXPECT_NE(svg.find(std::string(">") + word + "</text>"), std::string::npos) << word;
    // No script, no style, no foreign content.
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos);
    EXPECT_EQ(svg.find("<foreignObject"), std::string::npos);
}

TEST(ProfileChart, RangeEstimateAndTargetSitOnTheirLevels) {
    const std::string svg = ProfileChartSvg({{"a", 3, 2, 4, 6}}, Words(), "c");
    // Plot from x = 336 to 784, 56 units per level: level L spans 336 + (L-1)·56 .. + 56.
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "x")), 336 + 56 + 4);              // left of level 2
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "width")), 3 * 56 - 8);            // levels 2..4
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__estimate", "cx")), 336 + 2 * 56 + 28);     // centre of 3
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__target-line", "x1")), 336 + 5 * 56 + 28);  // centre of 6
}

TEST(ProfileChart, RangesAtTheBoundsAndOutOfOrderAreClamped) {
    const std::string svg = ProfileChartSvg(
        {{"bas", 1, 1, 1, 1}, {"haut", 8, 8, 8, 8}, {"tout", 4, 1, 8, 0}, {"faux", 0, 5, -3, 12}}, Words(),
        "c");
    // Level 1 alone.
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "x", 0)), 340);
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "width", 0)), 48);
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__estimate", "cx", 0)), 364);
    // Level 8 alone: the bar ends inside the plot.
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "x", 1)), 336 + 7 * 56 + 4);
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "x", 1)) +
                  Int(Attribute(svg, "passeur-chart__range", "width", 1)),
              784 - 4);
    // The whole scale; no target drawn for target 0 (three targets in four rows).
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "width", 2)), 8 * 56 - 8);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__target\""), 3U);
    // Nonsense values: level 0 -> 1, low 5 > level -> level, high -3 -> level, target 12 -> 8.
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__estimate", "cx", 3)), 364);
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "width", 3)), 48);
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__target-line", "x1", 2)), 336 + 7 * 56 + 28);
}

TEST(ProfileChart, SixteenCompetencesGrowTheHeight) {
    std::vector<ChartRow> rows;
    for (int i = 0; i < 16; ++i) rows.push_back({"c" + std::to_string(i), 1 + i % 8, 1, 8, 1 + (i + 3) % 8});
    const std::string svg = ProfileChartSvg(rows, Words(), "c");
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__row\""), 16U);
    EXPECT_EQ(Count(svg, "class=\"passeur-chart__estimate\""), 16U);
    EXPECT_NE(svg.find("viewBox=\"0 0 800 " + std::to_string(40 + 16 * 40 + 56) + "\""), std::string::npos);
    const std::string one = ProfileChartSvg({rows[0]}, Words(), "c");
    EXPECT_NE(one.find("viewBox=\"0 0 800 136\""), std::string::npos);
    // Rows stack 40 units apart.
    EXPECT_EQ(Int(Attribute(svg, "passeur-chart__range", "y", 15)) -
                  Int(Attribute(svg, "passeur-chart__range", "y", 0)),
              15 * 40);
}

TEST(ProfileChart, TextIsEscapedAndIdsSanitised) {
    ChartText words = Words();
    words.title = "Profil <b>&</b>";
    words.description = "\"quoted\" 'single'";
    const std::string svg =
        ProfileChartSvg({{"<script>alert(1)</script> & co", 2, 1, 3, 2}}, words, "x\" onload=\"alert(1)");
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("onload=\""), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
    EXPECT_NE(svg.find("Profil &lt;b&gt;&amp;&lt;/b&gt;"), std::string::npos);
    EXPECT_NE(svg.find("&quot;quoted&quot; &#39;single&#39;"), std::string::npos);
    EXPECT_NE(svg.find("aria-labelledby=\"xonloadalert1-title xonloadalert1-desc\""), std::string::npos);
}

TEST(ProfileChart, LongLabelsAreCutOnACharacter) {
    const std::string label = "1.1 Évaluer des données, des informations et des contenus numériques é";
    const std::string svg = ProfileChartSvg({{label, 2, 1, 3, 2}}, Words(), "c");
    EXPECT_EQ(svg.find(label), std::string::npos);
    EXPECT_NE(svg.find(">1.1 Évaluer des données, des informations et…</text>"), std::string::npos);
}

}  // namespace
}  // namespace passeur::assessment
