#include <cmath>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <places/geo/svg_map.hpp>

namespace passeur::places::geo {
namespace {

// Minimal XML well-formedness check: every start tag is closed in order, attributes are quoted,
// text and attribute values contain no raw '<' or '&' outside entities. Returns "" when fine.
std::string CheckWellFormed(const std::string& xml) {
    std::vector<std::string> stack;
    std::size_t i = 0;
    int roots = 0;
    while (i < xml.size()) {
        if (xml[i] == '&') {
            const auto semi = xml.find(';', i);
            if (semi == std::string::npos || semi - i > 6) return "bad entity at " + std::to_string(i);
            i = semi + 1;
            continue;
        }
        if (xml[i] != '<') {
            if (stack.empty()) return "text outside the root at " + std::to_string(i);
            ++i;
            continue;
        }
        const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
        std::size_t j = i + (closing ? 2 : 1);
        std::string name;
        while (j < xml.size() &&
               (std::isalnum(static_cast<unsigned char>(xml[j])) || xml[j] == '-' || xml[j] == ':')) {
            name += xml[j++];
        }
        if (name.empty()) return "empty tag name at " + std::to_string(i);
        // attributes
        char quote = 0;
        while (j < xml.size() && (quote != 0 || (xml[j] != '>' && !(xml[j] == '/' && xml[j + 1] == '>')))) {
            if (quote == 0 && (xml[j] == '"' || xml[j] == '\'')) {
                quote = xml[j];
            } else if (quote != 0 && xml[j] == quote) {
                quote = 0;
            } else if (quote != 0 && xml[j] == '<') {
                return "raw '<' in an attribute of " + name;
            } else if (quote == 0 && xml[j] == '=' && xml[j + 1] != '"' && xml[j + 1] != '\'') {
                return "unquoted attribute in " + name;
            }
            ++j;
        }
        if (j >= xml.size()) return "unterminated tag " + name;
        const bool self_closing = xml[j] == '/';
        if (closing) {
            if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
            stack.pop_back();
        } else if (!self_closing) {
            if (stack.empty()) ++roots;
            stack.push_back(name);
        } else if (stack.empty()) {
            ++roots;
        }
        i = j + (self_closing ? 2 : 1);
    }
    if (!stack.empty()) return "unclosed <" + stack.back() + ">";
    if (roots != 1) return "expected one root element";
    return "";
}

DepartmentOutline Square(std::string code, double lat, double lon) {
    DepartmentOutline o{std::move(code), {}};
    o.polygons.push_back({{{lat, lon}, {lat, lon + 1}, {lat + 1, lon + 1}, {lat + 1, lon}, {lat, lon}}});
    return o;
}

TEST(places_geo_svg_map, WellFormedAccessibleAndSafe) {
    const auto meuse = Square("55", 48.4, 4.9);
    SvgMapInput input;
    input.title = "Lieux de médiation — Meuse & alentours";
    input.description = "3 lieux, dont 1 à < 5 km du point \"choisi\"";
    input.id_prefix = "meuse";
    input.outlines = {&meuse};
    input.places = {
        {{48.9, 5.4}, "Médiathèque <Verdun>"}, {{48.6, 5.2}, ""}, {{49.0, 5.1}, "Espace l'Escale"}};
    input.chosen = SvgPoint{{48.8, 5.3}, "Votre adresse"};
    input.communes = {{{48.5, 5.0}, 3.0, "A"},
                      {{48.7, 5.5}, 7.5, "B"},
                      {{48.8, 5.8}, 12.0, ""},
                      {{49.2, 5.7}, 40.0, "D"},
                      {{49.3, 5.8}, std::nullopt, "E"}};
    input.communes_without_coords = 12;
    const std::string svg = RenderSvgMap(input);
    EXPECT_EQ(CheckWellFormed(svg), "") << svg;
    EXPECT_NE(svg.find(R"(role="img")"), std::string::npos);
    EXPECT_NE(svg.find(R"(aria-labelledby="meuse-title meuse-desc")"), std::string::npos);
    EXPECT_NE(svg.find(R"(<title id="meuse-title">Lieux de médiation — Meuse &amp; alentours</title>)"),
              std::string::npos);
    EXPECT_NE(
        svg.find(R"(<desc id="meuse-desc">3 lieux, dont 1 à &lt; 5 km du point &quot;choisi&quot;</desc>)"),
        std::string::npos);
    EXPECT_NE(svg.find("<title>Médiathèque &lt;Verdun&gt;</title>"), std::string::npos);
    EXPECT_NE(svg.find(R"(lang="fr")"), std::string::npos);
    // Legend text, not colour alone.
    EXPECT_NE(svg.find("Lieu de médiation numérique"), std::string::npos);
    EXPECT_NE(svg.find("Point recherché"), std::string::npos);
    EXPECT_NE(svg.find("Commune entre 5 et 10 km d’un lieu"), std::string::npos);
    EXPECT_NE(svg.find("Commune à plus de 15 km d’un lieu (ou sans lieu)"), std::string::npos);
    EXPECT_NE(svg.find("12 commune(s) sans coordonnées connues"), std::string::npos);
    EXPECT_NE(svg.find("<pattern id=\"meuse-hatch\""), std::string::npos);
    // CSP-safe and self-contained.
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("style"), std::string::npos);
    EXPECT_EQ(svg.find("href"), std::string::npos);
    EXPECT_EQ(svg.find("on"
                       "load"),
              std::string::npos);
    // 3 places drawn as r=5 circles (plus one in the legend).
    std::size_t circles = 0;
    for (auto pos = svg.find(R"(r="5")"); pos != std::string::npos; pos = svg.find(R"(r="5")", pos + 1))
        ++circles;
    EXPECT_EQ(circles, 4u);
}

TEST(places_geo_svg_map, EnglishAndProjection) {
    const auto a = Square("01", 45.0, 5.0);
    SvgMapInput input;
    input.language = "en";
    input.title = "Places";
    input.description = "Two places";
    input.width = 500;
    input.outlines = {&a};
    input.places = {{{45.0, 5.0}, "south-west"}, {{46.0, 6.0}, "north-east"}};
    input.communes = {{{45.5, 5.5}, 2.0, "x"}};
    input.class_limits_km = {2.5};
    const std::string svg = RenderSvgMap(input);
    EXPECT_EQ(CheckWellFormed(svg), "");
    EXPECT_NE(svg.find(R"(lang="en")"), std::string::npos);
    EXPECT_NE(svg.find("Commune within 2.5 km of a place"), std::string::npos);
    EXPECT_NE(svg.find("Commune more than 2.5 km from a place (or no place)"), std::string::npos);
    // Fitted: the south-west corner at the left margin and bottom of the map, north-east at the
    // right margin and top; 1° of longitude is cos(45.5°) as wide as 1° of latitude is tall.
    EXPECT_NE(svg.find(R"(<circle cx="12" cy)"), std::string::npos);
    EXPECT_NE(svg.find(R"(<circle cx="488" cy="12")"), std::string::npos);
    const double height = 476.0 / std::cos(45.5 * 3.14159265358979 / 180.0);
    EXPECT_NE(svg.find(fmt::format(R"(<circle cx="12" cy="{:.1f}")", 12 + height)), std::string::npos) << svg;
}

TEST(places_geo_svg_map, EmptyInputStillValid) {
    SvgMapInput input;
    input.title = "Carte";
    input.description = "Aucun lieu";
    const std::string svg = RenderSvgMap(input);
    EXPECT_EQ(CheckWellFormed(svg), "");
    EXPECT_NE(svg.find("<title id=\"map-title\">Carte</title>"), std::string::npos);
}

}  // namespace
}  // namespace passeur::places::geo
