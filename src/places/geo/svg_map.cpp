#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include <core/encoding.hpp>
#include <places/geo/svg_map.hpp>

namespace passeur::places::geo {

namespace {

constexpr double kMargin = 12.0;
constexpr double kLegendRow = 26.0;
constexpr std::size_t kMaxClasses = 6;

std::string Escape(std::string_view text) { return core::EscapeXml(text); }

std::string Num(double v) {
    std::string s = fmt::format("{:.1f}", v);
    if (s == "-0.0") s = "0.0";
    if (s.ends_with(".0")) s.resize(s.size() - 2);
    return s;
}

// A distance for the legend: "7,5" in French, "7.5" in English; integers without decimals.
std::string Km(double km, bool french) {
    std::string s = fmt::format("{:.1f}", km);
    if (s.ends_with(".0")) s.resize(s.size() - 2);
    if (french) std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

struct Box {
    double min_lat = std::numeric_limits<double>::infinity();
    double max_lat = -std::numeric_limits<double>::infinity();
    double min_lon = std::numeric_limits<double>::infinity();
    double max_lon = -std::numeric_limits<double>::infinity();
    bool Empty() const { return !(min_lat <= max_lat); }
    void Add(LatLon p) {
        if (!IsValidLatLon(p)) return;
        min_lat = std::min(min_lat, p.lat);
        max_lat = std::max(max_lat, p.lat);
        min_lon = std::min(min_lon, p.lon);
        max_lon = std::max(max_lon, p.lon);
    }
};

struct Projection {
    double min_lon = 0, max_lat = 0, kx = 1, scale = 1;
    double X(LatLon p) const { return kMargin + (p.lon - min_lon) * kx * scale; }
    double Y(LatLon p) const { return kMargin + (max_lat - p.lat) * scale; }
};

// Shapes of the distance classes, from "near" to "far": they differ in shape and fill pattern,
// not only in colour.
struct ClassStyle {
    const char* shape;  // circle, triangle, square, diamond, cross, ring
    const char* fill;
    const char* stroke;
};
constexpr ClassStyle kClassStyles[kMaxClasses] = {
    {"circle", "#ffffff", "#666666"},  {"triangle", "#fcc63a", "#716043"}, {"square", "hatch", "#b34000"},
    {"diamond", "#ce0500", "#6e0000"}, {"cross", "none", "#6e0000"},       {"ring", "none", "#161616"},
};

std::string Shape(const ClassStyle& style, double x, double y, double s, const std::string& hatch_id) {
    const std::string fill = std::string(style.fill) == "hatch" ? "url(#" + hatch_id + ")" : style.fill;
    const std::string paint = fmt::format(R"( fill="{}" stroke="{}" stroke-width="1")", fill, style.stroke);
    const std::string_view shape = style.shape;
    if (shape == "circle")
        return fmt::format(R"(<circle cx="{}" cy="{}" r="{}"{}/>)", Num(x), Num(y), Num(s), paint);
    if (shape == "triangle") {
        return fmt::format(R"(<path d="M{},{}L{},{}L{},{}Z"{}/>)", Num(x), Num(y - s * 1.2), Num(x + s * 1.2),
                           Num(y + s), Num(x - s * 1.2), Num(y + s), paint);
    }
    if (shape == "square") {
        return fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}"{}/>)", Num(x - s), Num(y - s),
                           Num(2 * s), Num(2 * s), paint);
    }
    if (shape == "diamond") {
        return fmt::format(R"(<path d="M{},{}L{},{}L{},{}L{},{}Z"{}/>)", Num(x), Num(y - s * 1.4),
                           Num(x + s * 1.4), Num(y), Num(x), Num(y + s * 1.4), Num(x - s * 1.4), Num(y),
                           paint);
    }
    if (shape == "cross") {
        return fmt::format(R"(<path d="M{},{}L{},{}M{},{}L{},{}" fill="none" stroke="{}" stroke-width="2"/>)",
                           Num(x - s), Num(y - s), Num(x + s), Num(y + s), Num(x - s), Num(y + s), Num(x + s),
                           Num(y - s), style.stroke);
    }
    return fmt::format(R"(<circle cx="{}" cy="{}" r="{}" fill="none" stroke="{}" stroke-width="2"/>)", Num(x),
                       Num(y), Num(s), style.stroke);
}

std::string Star(double x, double y, double r) {
    std::string d;
    for (int i = 0; i < 10; ++i) {
        const double radius = i % 2 == 0 ? r : r * 0.45;
        const double angle = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
        d += fmt::format("{}{},{}", i == 0 ? "M" : "L", Num(x + radius * std::cos(angle)),
                         Num(y + radius * std::sin(angle)));
    }
    return fmt::format(R"(<path d="{}Z" fill="#161616" stroke="#ffffff" stroke-width="1.5"/>)", d);
}

std::string PlaceCircle(double x, double y) {
    return fmt::format(
        R"(<circle cx="{}" cy="{}" r="5" fill="#000091" stroke="#ffffff" stroke-width="1.5"/>)", Num(x),
        Num(y));
}

std::string OutlinePath(const DepartmentOutline& outline, const Projection& proj) {
    std::string d;
    for (const auto& polygon : outline.polygons) {
        for (const auto& ring : polygon) {
            std::string last;
            bool first = true;
            for (const auto& p : ring) {
                const std::string point = Num(proj.X(p)) + "," + Num(proj.Y(p));
                if (point == last) continue;
                d += (first ? "M" : "L") + point;
                last = point;
                first = false;
            }
            if (!first) d += "Z";
        }
    }
    return fmt::format(
        R"(<path d="{}" fill="#f6f6f6" stroke="#3a3a3a" stroke-width="1" fill-rule="evenodd"/>)", d);
}

std::size_t ClassOf(const std::optional<double>& km, const std::vector<double>& limits) {
    if (!km) return limits.size();
    for (std::size_t i = 0; i < limits.size(); ++i) {
        if (*km <= limits[i]) return i;
    }
    return limits.size();
}

std::string ClassLabel(std::size_t cls, const std::vector<double>& limits, bool french) {
    if (cls == 0) {
        return french ? fmt::format("Commune à {} km ou moins d’un lieu", Km(limits[0], true))
                      : fmt::format("Commune within {} km of a place", Km(limits[0], false));
    }
    if (cls == limits.size()) {
        return french
                   ? fmt::format("Commune à plus de {} km d’un lieu (ou sans lieu)", Km(limits.back(), true))
                   : fmt::format("Commune more than {} km from a place (or no place)",
                                 Km(limits.back(), false));
    }
    return french ? fmt::format("Commune entre {} et {} km d’un lieu", Km(limits[cls - 1], true),
                                Km(limits[cls], true))
                  : fmt::format("Commune {} to {} km from a place", Km(limits[cls - 1], false),
                                Km(limits[cls], false));
}

}  // namespace

std::string RenderSvgMap(const SvgMapInput& input) {
    const bool french = input.language != "en";
    const std::string prefix = input.id_prefix.empty() ? "map" : input.id_prefix;
    const double width = std::isfinite(input.width) ? std::clamp(input.width, 100.0, 4000.0) : 800.0;

    // Usable class limits: positive, increasing, at most kMaxClasses - 1.
    std::vector<double> limits;
    for (const double km : input.class_limits_km) {
        if (std::isfinite(km) && km > 0 && (limits.empty() || km > limits.back()) &&
            limits.size() + 1 < kMaxClasses) {
            limits.push_back(km);
        }
    }
    if (limits.empty()) limits.push_back(10.0);

    Box box;
    for (const auto* outline : input.outlines) {
        if (outline == nullptr) continue;
        for (const auto& polygon : outline->polygons) {
            for (const auto& p : polygon.empty() ? Ring{} : polygon.front()) box.Add(p);
        }
    }
    if (box.Empty()) {
        for (const auto& p : input.places) box.Add(p.position);
        for (const auto& c : input.communes) box.Add(c.position);
        if (input.chosen) box.Add(input.chosen->position);
    }
    if (box.Empty()) box = Box{41.3, 51.1, -5.2, 9.6};  // metropolitan France
    const double pad = 0.02;
    if (box.max_lat - box.min_lat < pad) {
        box.min_lat -= pad;
        box.max_lat += pad;
    }
    if (box.max_lon - box.min_lon < pad) {
        box.min_lon -= pad;
        box.max_lon += pad;
    }
    Projection proj;
    proj.min_lon = box.min_lon;
    proj.max_lat = box.max_lat;
    proj.kx = std::max(0.05, std::cos((box.min_lat + box.max_lat) / 2.0 * std::numbers::pi / 180.0));
    proj.scale = (width - 2 * kMargin) / ((box.max_lon - box.min_lon) * proj.kx);
    // Keep very tall areas within 1.5 × the width.
    const double max_map_height = 1.5 * width;
    if ((box.max_lat - box.min_lat) * proj.scale + 2 * kMargin > max_map_height) {
        proj.scale = (max_map_height - 2 * kMargin) / (box.max_lat - box.min_lat);
    }
    const double map_height = (box.max_lat - box.min_lat) * proj.scale + 2 * kMargin;

    // Legend rows: symbol + text.
    struct LegendRow {
        std::string symbol;
        std::string text;
    };
    std::vector<LegendRow> legend;
    const std::string hatch_id = prefix + "-hatch";
    if (!input.places.empty()) {
        legend.push_back(
            {PlaceCircle(0, 0), french ? "Lieu de médiation numérique" : "Digital mediation place"});
    }
    if (input.chosen) legend.push_back({Star(0, 0, 9), french ? "Point recherché" : "Searched point"});
    if (!input.communes.empty()) {
        for (std::size_t cls = 0; cls <= limits.size(); ++cls) {
            legend.push_back({Shape(kClassStyles[cls], 0, 0, 4, hatch_id), ClassLabel(cls, limits, french)});
        }
    }
    if (input.communes_without_coords > 0) {
        legend.push_back(
            {"", french ? fmt::format("{} commune(s) sans coordonnées connues, absentes de la carte",
                                      input.communes_without_coords)
                        : fmt::format("{} commune(s) without known coordinates, not on the map",
                                      input.communes_without_coords)});
    }
    const double height =
        map_height + static_cast<double>(legend.size()) * kLegendRow + (legend.empty() ? 0 : 12);

    std::string svg;
    svg.reserve(64 * 1024);
    svg += fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" )"
        R"(aria-labelledby="{}-title {}-desc" lang="{}" font-family="Marianne, Arial, sans-serif" font-size="14">)",
        Num(width), Num(height), Escape(prefix), Escape(prefix), french ? "fr" : "en");
    svg += fmt::format(R"(<title id="{}-title">{}</title>)", Escape(prefix), Escape(input.title));
    svg += fmt::format(R"(<desc id="{}-desc">{}</desc>)", Escape(prefix), Escape(input.description));
    svg += fmt::format(
        R"(<defs><pattern id="{}" patternUnits="userSpaceOnUse" width="3" height="3">)"
        R"(<rect width="3" height="3" fill="#ffe2c8"/><path d="M0,3L3,0" stroke="#b34000" stroke-width="1"/>)"
        R"(</pattern></defs>)",
        Escape(hatch_id));

    svg += "<g>";
    for (const auto* outline : input.outlines) {
        if (outline != nullptr) svg += OutlinePath(*outline, proj);
    }
    svg += "</g>";

    if (!input.communes.empty()) {
        svg += "<g>";
        for (const auto& c : input.communes) {
            if (!IsValidLatLon(c.position)) continue;
            const std::size_t cls = ClassOf(c.distance_km, limits);
            std::string shape = Shape(kClassStyles[cls], proj.X(c.position), proj.Y(c.position), 3, hatch_id);
            if (!c.label.empty()) {
                // <title> child for a tooltip: turn "<x .../>" into "<x ...><title>..</title></x>".
                const auto name_end = shape.find(' ');
                const std::string tag = shape.substr(1, name_end - 1);
                shape.resize(shape.size() - 2);
                shape += fmt::format("><title>{}</title></{}>", Escape(c.label), tag);
            }
            svg += shape;
        }
        svg += "</g>";
    }

    svg += "<g>";
    for (const auto& p : input.places) {
        if (!IsValidLatLon(p.position)) continue;
        std::string circle = PlaceCircle(proj.X(p.position), proj.Y(p.position));
        if (!p.label.empty()) {
            circle.resize(circle.size() - 2);
            circle += fmt::format("><title>{}</title></circle>", Escape(p.label));
        }
        svg += circle;
    }
    svg += "</g>";

    if (input.chosen && IsValidLatLon(input.chosen->position)) {
        std::string star = Star(proj.X(input.chosen->position), proj.Y(input.chosen->position), 9);
        if (!input.chosen->label.empty()) {
            star.resize(star.size() - 2);
            star += fmt::format("><title>{}</title></path>", Escape(input.chosen->label));
        }
        svg += star;
    }

    if (!legend.empty()) {
        svg += "<g>";
        double y = map_height + 12 + kLegendRow / 2;
        for (const auto& row : legend) {
            if (!row.symbol.empty()) {
                svg += fmt::format(R"svg(<g transform="translate({},{})">{}</g>)svg", Num(kMargin + 10),
                                   Num(y), row.symbol);
            }
            svg += fmt::format(R"(<text x="{}" y="{}" dominant-baseline="middle" fill="#161616">{}</text>)",
                               Num(kMargin + 28), Num(y), Escape(row.text));
            y += kLegendRow;
        }
        svg += "</g>";
    }
    svg += "</svg>";
    return svg;
}

}  // namespace passeur::places::geo
