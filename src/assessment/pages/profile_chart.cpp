#include "assessment/pages/profile_chart.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "assessment/levels.hpp"
#include "core/encoding.hpp"

namespace passeur::assessment {
namespace {

// Geometry in user units (the viewBox); the SVG scales to its container's width.
constexpr int kWidth = 800;
constexpr int kLabelWidth = 320;  // label column, left
constexpr int kPlotLeft = kLabelWidth + 16;
constexpr int kPlotRight = kWidth - 16;
constexpr int kBand = (kPlotRight - kPlotLeft) / kLevelCount;  // width of one level
constexpr int kTop = 40;                                       // below the level numbers
constexpr int kRowHeight = 40;
constexpr int kLegendHeight = 56;

// Colours: DSFR blue France and red Marianne; each has >= 3:1 contrast on white.
constexpr const char* kBlue = "#000091";
constexpr const char* kBlueLight = "#cacafb";
constexpr const char* kRed = "#c9191e";
constexpr const char* kGrey = "#929292";
constexpr const char* kText = "#161616";

int Clamp(int level) { return std::clamp(level, 1, kLevelCount); }
int BandLeft(int level) { return kPlotLeft + (level - 1) * kBand; }
int Centre(int level) { return BandLeft(level) + kBand / 2; }
std::string N(int value) { return std::to_string(value); }
std::string Esc(std::string_view text) { return core::EscapeXml(text); }

// At most kMaxChartLabelChars code points, then "…"; never cuts inside a UTF-8 sequence.
std::string Shorten(std::string_view text) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == kMaxChartLabelChars) {
            return std::string(text.substr(0, i)) + "…";
        }
        ++chars;
    }
    return std::string(text);
}

std::string SafeId(std::string_view id) {
    std::string out;
    for (char c : id) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out += c;
    }
    return out.empty() ? std::string("chart") : out;
}

// Downward triangle whose tip is at (x, y).
std::string Triangle(int x, int y, int half) {
    return N(x - half) + "," + N(y - 2 * half) + " " + N(x + half) + "," + N(y - 2 * half) + " " + N(x) +
           "," + N(y);
}

}  // namespace

std::string ProfileChartSvg(const std::vector<ChartRow>& rows, const ChartText& text, std::string_view id) {
    const std::string prefix = SafeId(id);
    const int count = static_cast<int>(std::min(rows.size(), kMaxChartRows));
    const int plot_bottom = kTop + count * kRowHeight;
    const int height = plot_bottom + kLegendHeight;

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"passeur-chart\" viewBox=\"0 0 " +
                      N(kWidth) + " " + N(height) + "\" width=\"100%\" role=\"img\" aria-labelledby=\"" +
                      prefix + "-title " + prefix +
                      "-desc\" font-family=\"Marianne, Arial, sans-serif\" font-size=\"14\">";
    svg += "<title id=\"" + prefix + "-title\">" + Esc(text.title) + "</title>";
    svg += "<desc id=\"" + prefix + "-desc\">" + Esc(text.description) + "</desc>";

    // Level scale: caption, numbers and one gridline per level boundary.
    svg += "<g class=\"passeur-chart__scale\">";
    svg += "<text x=\"" + N(kLabelWidth) + "\" y=\"24\" text-anchor=\"end\" fill=\"" + kText + "\">" +
           Esc(text.level) + "</text>";
    for (int level = 1; level <= kLevelCount; ++level) {
        svg += "<text x=\"" + N(Centre(level)) + "\" y=\"24\" text-anchor=\"middle\" fill=\"" + kText +
               "\">" + N(level) + "</text>";
    }
    for (int boundary = 0; boundary <= kLevelCount; ++boundary) {
        const int x = kPlotLeft + boundary * kBand;
        svg += "<line x1=\"" + N(x) + "\" y1=\"" + N(kTop - 8) + "\" x2=\"" + N(x) + "\" y2=\"" +
               N(plot_bottom) + "\" stroke=\"" + kGrey + "\" stroke-width=\"1\"/>";
    }
    svg += "</g>";

    for (int i = 0; i < count; ++i) {
        const ChartRow& row = rows[static_cast<std::size_t>(i)];
        const int level = Clamp(row.level);
        const int low = std::min(Clamp(row.low), level);
        const int high = std::max(Clamp(row.high), level);
        const int top = kTop + i * kRowHeight;
        const int bar_top = top + 16;
        const int bar_height = 16;
        const int middle = bar_top + bar_height / 2;
        svg += "<g class=\"passeur-chart__row\">";
        svg += "<text x=\"" + N(kLabelWidth) + "\" y=\"" + N(middle + 5) + "\" text-anchor=\"end\" fill=\"" +
               kText + "\">" + Esc(Shorten(row.label)) + "</text>";
        // Range: from the left edge of the low level to the right edge of the high level.
        svg += "<rect class=\"passeur-chart__range\" x=\"" + N(BandLeft(low) + 4) + "\" y=\"" + N(bar_top) +
               "\" width=\"" + N((high - low + 1) * kBand - 8) + "\" height=\"" + N(bar_height) +
               "\" rx=\"4\" fill=\"" + kBlueLight + "\" stroke=\"" + kBlue + "\" stroke-width=\"2\"/>";
        svg += "<circle class=\"passeur-chart__estimate\" cx=\"" + N(Centre(level)) + "\" cy=\"" + N(middle) +
               "\" r=\"7\" fill=\"" + kBlue + "\" stroke=\"#ffffff\" stroke-width=\"2\"/>";
        if (row.target > 0) {
            const int x = Centre(Clamp(row.target));
            svg += "<line class=\"passeur-chart__target-line\" x1=\"" + N(x) + "\" y1=\"" + N(bar_top - 2) +
                   "\" x2=\"" + N(x) + "\" y2=\"" + N(bar_top + bar_height + 4) + "\" stroke=\"" + kRed +
                   "\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>";
            svg += "<polygon class=\"passeur-chart__target\" points=\"" + Triangle(x, bar_top - 1, 6) +
                   "\" fill=\"" + kRed + "\"/>";
        }
        svg += "</g>";
    }

    // Legend: the three marks with their words.
    const int y = plot_bottom + 32;
    svg += "<g class=\"passeur-chart__legend\">";
    svg += "<rect x=\"" + N(kPlotLeft - 200) + "\" y=\"" + N(y - 12) +
           "\" width=\"28\" height=\"14\" rx=\"4\" fill=\"" + kBlueLight + "\" stroke=\"" + kBlue +
           "\" stroke-width=\"2\"/>";
    svg += "<text x=\"" + N(kPlotLeft - 164) + "\" y=\"" + N(y) + "\" fill=\"" + kText + "\">" +
           Esc(text.range) + "</text>";
    svg +=
        "<circle cx=\"" + N(kPlotLeft + 60) + "\" cy=\"" + N(y - 5) + "\" r=\"7\" fill=\"" + kBlue + "\"/>";
    svg += "<text x=\"" + N(kPlotLeft + 74) + "\" y=\"" + N(y) + "\" fill=\"" + kText + "\">" +
           Esc(text.estimate) + "</text>";
    svg += "<polygon points=\"" + Triangle(kPlotLeft + 260, y + 1, 6) + "\" fill=\"" + kRed + "\"/>";
    svg += "<text x=\"" + N(kPlotLeft + 274) + "\" y=\"" + N(y) + "\" fill=\"" + kText + "\">" +
           Esc(text.target) + "</text>";
    svg += "</g></svg>";
    return svg;
}

}  // namespace passeur::assessment
