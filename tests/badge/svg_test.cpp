// The strict check of uploaded badge images: ordinary SVG from drawing tools passes; every way of
// running script or loading something from elsewhere is refused with a message naming it and its
// line; the generated default image passes the same check.
#include "badge/svg.hpp"

#include <string>

#include <gtest/gtest.h>

namespace passeur::badge {
namespace {

constexpr const char* kHead = R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">)";

std::string Svg(const std::string& body) { return std::string(kHead) + body + "</svg>"; }

// The refusal message of `svg` ("" when accepted).
std::string Refusal(const std::string& svg) {
    auto r = ValidateBadgeSvg(svg, "image_svg");
    if (r) return "";
    EXPECT_EQ(r.error().field, "image_svg");
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    return r.error().message;
}

TEST(BadgeSvg, OrdinaryImagesPass) {
    const std::string inkscape_plain =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
        "<!-- Created with a drawing tool -->\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
        "width=\"120\" "
        "height=\"120\" viewBox=\"0 0 120 120\" role=\"img\" aria-labelledby=\"t\">\n"
        "  <title id=\"t\">Badge &amp; médaille &#233;&#x263A;</title>\n"
        "  <defs>\n"
        "    <linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#000091\"/><stop offset=\"1\" "
        "stop-color='#6a6af4'/></linearGradient>\n"
        "    <style><![CDATA[ .a { fill: url(#g); } ]]></style>\n"
        "    <filter id=\"f\"><feGaussianBlur stdDeviation=\"2\"/></filter>\n"
        "  </defs>\n"
        "  <circle class=\"a\" cx=\"60\" cy=\"60\" r=\"50\" style=\"fill: url('#g'); stroke:#fff\" "
        "filter=\"url(#f)\"/>\n"
        "  <use xlink:href=\"#c\" href=\"#c\"/>\n"
        "  <image width=\"10\" height=\"10\" href=\"data:image/png;base64,iVBORw0KGgo=\"/>\n"
        "  <text x=\"60\" y=\"60\"><tspan>AB</tspan></text>\n"
        "</svg>\n";
    EXPECT_EQ(Refusal(inkscape_plain), "");
    EXPECT_EQ(Refusal("\xEF\xBB\xBF" + Svg("<rect width=\"1\" height=\"1\"/>")), "");  // BOM
    EXPECT_EQ(Refusal(Svg("")), "");
}

TEST(BadgeSvg, ScriptsAndForeignContentAreRefused) {
    EXPECT_NE(Refusal(Svg("<script>alert(1)</script>")).find("<script>"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<foreignObject><div/></foreignObject>")).find("foreignObject"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<a href=\"#x\"><rect/></a>")).find("<a>"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>")).find("<set>"),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("<animate attributeName=\"x\"/>")).find("<animate>"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<html:script xmlns:html=\"http://www.w3.org/1999/xhtml\">x</html:script>"))
                  .find("préfixé"),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("<g xmlns=\"http://www.w3.org/1999/xhtml\"/>")).find("espace de noms"),
              std::string::npos);
    EXPECT_NE(Refusal("<html xmlns=\"http://www.w3.org/2000/svg\"/>").find("racine"), std::string::npos);
    EXPECT_NE(Refusal("<svg viewBox=\"0 0 1 1\"/>").find("xmlns"), std::string::npos);
}

TEST(BadgeSvg, EventAttributesAreRefusedWhateverTheirCaseOrPrefix) {
    for (const char* attr : {"onload", "onLoad", "ONCLICK", "onmouseover", "x:onload", "onbegin"}) {
        const std::string svg = Svg(std::string("<rect ") + attr + "=\"alert(1)\"/>");
        EXPECT_NE(Refusal(svg).find("événement"), std::string::npos) << attr;
    }
    EXPECT_NE(Refusal(std::string(R"svg(<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>)svg"))
                  .find("onload"),
              std::string::npos);
}

TEST(BadgeSvg, ExternalReferencesAreRefused) {
    for (const char* href :
         {"https://evil.example/x.svg#a", "//evil.example/a", "x.svg", "javascript:alert(1)",
          "data:image/svg+xml;base64,PHN2Zz4=", "data:text/html,x"}) {
        const std::string svg = Svg(std::string("<use href=\"") + href + "\"/>");
        EXPECT_NE(Refusal(svg).find("lien"), std::string::npos) << href;
        const std::string image = Svg(std::string("<image xlink:href=\"") + href + "\"/>");
        EXPECT_NE(Refusal(image).find("lien"), std::string::npos) << href;
    }
    // A raster data: image is for <image> only.
    EXPECT_NE(Refusal(Svg("<use href=\"data:image/png;base64,iVBO\"/>")).find("lien"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect fill=\"url(https://evil.example/p.svg#g)\"/>")).find("url("),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect style=\"background:url( 'http://x/y' )\"/>")).find("externe"),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("<style>@import url(#a);</style>")).find("@import"), std::string::npos);
    EXPECT_NE(
        Refusal(Svg("<style><![CDATA[ rect { fill: url(http://x/p) } ]]></style>")).find("feuille de style"),
        std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect style=\"width:expression(alert(1))\"/>")).find("expression"),
              std::string::npos);
    // Character references do not hide a script URL.
    EXPECT_NE(Refusal(Svg("<rect fill=\"&#106;avascript:alert(1)\"/>")).find("script"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect fill=\"java&#x09;script:x\"/>")).find("script"), std::string::npos);
}

TEST(BadgeSvg, MalformedXmlIsRefusedWithItsLine) {
    EXPECT_NE(Refusal(Svg("<rect>")).find("ferme"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect x=1/>")).find("guillemets"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect x=\"1\" x=\"2\"/>")).find("répété"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect x=\"1\"y=\"2\"/>")).find("espace"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<text>a & b</text>")).find("&"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<text>&nbsp;</text>")).find("nbsp"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<text>&#0;</text>")).find("interdit"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<!-- a -- b -->")).find("--"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<rect/>") + "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").find("racine"),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("") + "texte").find("texte"), std::string::npos);
    EXPECT_NE(Refusal("").find("aucun"), std::string::npos);
    EXPECT_NE(Refusal(std::string(kHead) + "<g>").find("non fermé"), std::string::npos);
    EXPECT_NE(Refusal("<!DOCTYPE svg [<!ENTITY x \"y\">]>" + Svg("")).find("DOCTYPE"), std::string::npos);
    EXPECT_NE(Refusal("<?xml-stylesheet href=\"http://x/s.css\"?>" + Svg("")).find("instruction"),
              std::string::npos);
    EXPECT_NE(Refusal(Svg("<?php echo 1 ?>")).find("instruction"), std::string::npos);
    // The line of the problem is given.
    const std::string multi = std::string(kHead) + "\n<rect/>\n<g>\n<script/>\n</g></svg>";
    EXPECT_NE(Refusal(multi).find("ligne 4"), std::string::npos) << Refusal(multi);
}

TEST(BadgeSvg, BoundsOfSizeDepthAndCount) {
    std::string big = Svg("<desc>" + std::string(kMaxSvgBytes, 'a') + "</desc>");
    EXPECT_NE(Refusal(big).find("64 Kio"), std::string::npos);
    std::string deep;
    for (int i = 0; i < kMaxSvgDepth + 1; ++i) deep += "<g>";
    for (int i = 0; i < kMaxSvgDepth + 1; ++i) deep += "</g>";
    EXPECT_NE(Refusal(Svg(deep)).find("profonde"), std::string::npos);
    std::string many;
    for (int i = 0; i < kMaxSvgElements; ++i) many += "<g/>";
    EXPECT_NE(Refusal(Svg(many)).find("trop d'éléments"), std::string::npos);
    EXPECT_NE(Refusal(Svg("<desc>\xff</desc>")).find("UTF-8"), std::string::npos);
}

TEST(BadgeSvg, DefaultImagePassesAndIsAccessible) {
    for (const char* name :
         {"Naviguer sur le web", "écrire <un> & \"mail\"", "", "a", "Été 2026 — numérique"}) {
        const std::string svg = DefaultBadgeSvg(name, "2b0f6d7e-0000-4000-8000-000000000001");
        EXPECT_EQ(Refusal(svg), "") << svg;
        EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
        EXPECT_NE(svg.find("<title id=\"badge-title\">Badge : "), std::string::npos);
    }
    const std::string svg = DefaultBadgeSvg("écrire <un> & mail", "id");
    EXPECT_NE(svg.find("Badge : écrire &lt;un&gt; &amp; mail"), std::string::npos);
    EXPECT_NE(DefaultBadgeSvg("naviguer sur le web", "id").find(">NS</text>"), std::string::npos);
    EXPECT_NE(DefaultBadgeSvg("Été numérique", "id").find(">ÉN</text>"), std::string::npos)
        << "first letters kept";
    EXPECT_EQ(DefaultBadgeSvg("Même nom", "a"), DefaultBadgeSvg("Même nom", "a"));  // deterministic
}

}  // namespace
}  // namespace passeur::badge
