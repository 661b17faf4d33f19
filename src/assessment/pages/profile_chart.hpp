// The learner's competence profile as a pure, static SVG (no script, no CSS needed): one
// horizontal row per competence on the level scale 1–8 with a gridline per level, the range of
// likely levels drawn as a bar from its low to its high level, the estimate marked by a circle and
// the target level by a triangle above the bar with a dashed line (shapes, not colours, carry the
// meaning; a legend names them). The SVG has role="img", aria-labelledby its <title> and <desc>;
// the page shows a table with the same figures beside it (the chart is not the only source).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace passeur::assessment {

inline constexpr std::size_t kMaxChartRows = 64;
inline constexpr std::size_t kMaxChartLabelChars = 44;  // longer labels are cut with "…"

struct ChartRow {
    std::string label;  // e.g. "1.1 Mener une recherche" (UTF-8; escaped by the chart)
    int level = 1;      // estimate, 1..8
    int low = 1;        // range, 1..8, low <= level <= high (values out of order or bounds are clamped)
    int high = 1;
    int target = 1;  // the target profile's level, 1..8; 0: no target
};

// Words of the chart, in the page's language (escaped by the chart).
struct ChartText {
    std::string title;        // e.g. "Votre profil de compétences"
    std::string description;  // what the chart shows, in words (the <desc>)
    std::string level;        // axis caption, e.g. "Niveau"
    std::string estimate;     // legend: the estimate (circle)
    std::string range;        // legend: the range (bar)
    std::string target;       // legend: the target (triangle)
};

// The <svg> element. `id` (letters, digits, '-', '_'; others dropped) prefixes the ids of its
// <title> and <desc>, unique in the page. At most kMaxChartRows rows are drawn (the rest dropped).
std::string ProfileChartSvg(const std::vector<ChartRow>& rows, const ChartText& text, std::string_view id);

}  // namespace passeur::assessment
