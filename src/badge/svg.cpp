#include "badge/svg.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <set>
#include <vector>

#include "core/encoding.hpp"

namespace passeur::badge {
namespace {

constexpr std::string_view kSvgNamespace = "http://www.w3.org/2000/svg";

// Static SVG elements (SVG 1.1 / SVG 2, no scripting, no animation, no links, no foreign content).
constexpr std::string_view kAllowedElements[] = {
    "circle",
    "clipPath",
    "defs",
    "desc",
    "ellipse",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "filter",
    "g",
    "image",
    "line",
    "linearGradient",
    "marker",
    "mask",
    "metadata",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialGradient",
    "rect",
    "stop",
    "style",
    "svg",
    "switch",
    "symbol",
    "text",
    "textPath",
    "title",
    "tspan",
    "use",
    "hatch",
    "hatchpath",
    "solidcolor",
};

bool AllowedElement(std::string_view name) {
    return std::find(std::begin(kAllowedElements), std::end(kAllowedElements), name) !=
           std::end(kAllowedElements);
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNameStart(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || u >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// XML 1.0 Char production.
bool IsXmlChar(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The local part of a possibly prefixed name.
std::string_view LocalName(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Lower-cased, with ASCII white space and control characters removed: what a URL or CSS parser
// would read through ("java\tscript:" is "javascript:").
std::string Squeeze(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F) continue;
        out += Lower(c);
    }
    return out;
}

bool IsRasterDataUri(std::string_view value) {
    std::string v;
    for (char c : value) {
        if (!IsSpace(c)) v += c;
    }
    for (std::string_view prefix : {"data:image/png;base64,", "data:image/jpeg;base64,",
                                    "data:image/gif;base64,", "data:image/webp;base64,"}) {
        if (v.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), v.begin(),
                                                   [](char a, char b) { return a == Lower(b); })) {
            return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(prefix.size()), v.end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '+' || c == '/' || c == '=';
            });
        }
    }
    return false;
}

// A problem of a (decoded) value or style text: a script URL, @import, expression( or a url(...)
// that is not a local reference. nullopt when none.
std::optional<std::string> UnsafeText(std::string_view decoded) {
    const std::string s = Squeeze(decoded);
    for (std::string_view bad : {"javascript:", "vbscript:", "livescript:"}) {
        if (s.find(bad) != std::string::npos) return "une adresse de script (" + std::string(bad) + ")";
    }
    if (s.find("@import") != std::string::npos) return "une feuille de style externe (@import)";
    if (s.find("expression(") != std::string::npos) return "une expression CSS";
    for (std::size_t at = s.find("url("); at != std::string::npos; at = s.find("url(", at + 4)) {
        std::size_t i = at + 4;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) ++i;
        if (i >= s.size() || s[i] != '#') return "une ressource externe (url(...) hors de l'image)";
    }
    return std::nullopt;
}

class Checker {
public:
    Checker(std::string_view text, std::string_view field) : s_(text), field_(field) {}

    core::Result<void> Run() {
        if (s_.size() > kMaxSvgBytes) {
            return Fail("l'image fait " + std::to_string(s_.size()) +
                        " octets : 64 Kio (65 536 octets) au plus");
        }
        if (!core::IsValidUtf8(s_)) return Fail("le fichier n'est pas du texte UTF-8 valide");
        if (s_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
        if (Rest().starts_with("<?xml") && pos_ + 5 < s_.size() && IsSpace(s_[pos_ + 5])) {
            const auto end = s_.find("?>", pos_);
            if (end == std::string_view::npos) return Fail("déclaration XML non terminée");
            pos_ = end + 2;
        }
        bool root_seen = false;
        while (true) {
            SkipSpace();
            if (pos_ >= s_.size()) break;
            if (Rest().starts_with("<!--")) {
                PASSEUR_TRY(Comment());
            } else if (Rest().starts_with("<!DOCTYPE") || Rest().starts_with("<!doctype")) {
                return Fail("les déclarations DOCTYPE (et leurs entités) ne sont pas acceptées");
            } else if (Rest().starts_with("<?")) {
                return Fail(
                    "instruction de traitement refusée (<?...?>, par exemple une feuille de style externe)");
            } else if (s_[pos_] == '<' && !root_seen) {
                PASSEUR_TRY(Element(0));
                root_seen = true;
            } else if (s_[pos_] == '<') {
                return Fail("un seul élément racine est permis");
            } else {
                return Fail("texte en dehors de l'élément racine");
            }
        }
        if (!root_seen) return Fail("aucun élément <svg>");
        return core::Ok();
    }

private:
    std::string_view Rest() const { return s_.substr(pos_); }

    int LineAt(std::size_t at) const {
        return 1 + static_cast<int>(std::count(
                       s_.begin(), s_.begin() + static_cast<std::ptrdiff_t>(std::min(at, s_.size())), '\n'));
    }

    tl::unexpected<core::Error> Fail(const std::string& what) const { return FailAt(pos_, what); }
    tl::unexpected<core::Error> FailAt(std::size_t at, const std::string& what) const {
        return core::Fail(core::Error::InvalidArgument(
            "Image SVG refusée (ligne " + std::to_string(LineAt(at)) + ") : " + what + ".",
            std::string(field_)));
    }

    void SkipSpace() {
        while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
    }

    core::Result<std::string_view> Name() {
        const std::size_t start = pos_;
        if (pos_ >= s_.size() || !IsNameStart(s_[pos_])) return Fail("nom d'élément ou d'attribut attendu");
        while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
        return s_.substr(start, pos_ - start);
    }

    core::Result<void> Comment() {
        const std::size_t start = pos_;
        const auto end = s_.find("--", pos_ + 4);
        if (end == std::string_view::npos) return FailAt(start, "commentaire non terminé");
        if (end + 2 >= s_.size() || s_[end + 2] != '>')
            return FailAt(end, "« -- » est interdit dans un commentaire");
        pos_ = end + 3;
        return core::Ok();
    }

    // Decodes the text from `raw` (attribute value or character data): predefined entities and
    // character references; anything else after '&' is an error.
    core::Result<std::string> Decode(std::string_view raw, std::size_t at) const {
        std::string out;
        out.reserve(raw.size());
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '&') {
                out += raw[i];
                continue;
            }
            const auto semi = raw.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12)
                return FailAt(at, "« & » sans entité valide");
            const std::string_view ref = raw.substr(i + 1, semi - i - 1);
            if (ref == "lt") {
                out += '<';
            } else if (ref == "gt") {
                out += '>';
            } else if (ref == "amp") {
                out += '&';
            } else if (ref == "quot") {
                out += '"';
            } else if (ref == "apos") {
                out += '\'';
            } else if (ref.size() >= 2 && ref[0] == '#') {
                const bool hex = ref[1] == 'x';
                const std::string_view digits = ref.substr(hex ? 2 : 1);
                if (digits.empty() || digits.size() > 8) return FailAt(at, "référence de caractère invalide");
                std::uint32_t cp = 0;
                for (char c : digits) {
                    int d = -1;
                    if (c >= '0' && c <= '9') d = c - '0';
                    if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
                    if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
                    if (d < 0) return FailAt(at, "référence de caractère invalide");
                    cp = cp * (hex ? 16U : 10U) + static_cast<std::uint32_t>(d);
                    if (cp > 0x10FFFF) return FailAt(at, "référence de caractère invalide");
                }
                if (!IsXmlChar(cp)) return FailAt(at, "référence à un caractère interdit en XML");
                AppendUtf8(out, cp);
            } else {
                return FailAt(at, "entité inconnue « &" + std::string(ref.substr(0, 12)) + "; »");
            }
            i = semi;
        }
        return out;
    }

    core::Result<void> CheckAttribute(std::string_view element, std::string_view name,
                                      const std::string& value, std::size_t at) {
        const std::string_view local = LocalName(name);
        if (local.size() >= 2 && Lower(local[0]) == 'o' && Lower(local[1]) == 'n') {
            return FailAt(at, "attribut d'événement « " + std::string(name) + " » interdit (script)");
        }
        if (name == "xmlns") {
            if (value != kSvgNamespace) {
                return FailAt(at,
                              "espace de noms par défaut autre que SVG (« " + value.substr(0, 60) + " »)");
            }
            return core::Ok();
        }
        if (name.starts_with("xmlns:")) return core::Ok();  // prefixed elements are refused anyway
        if (local == "href") {
            std::string trimmed = value;
            while (!trimmed.empty() && IsSpace(trimmed.front())) trimmed.erase(trimmed.begin());
            if (trimmed.starts_with("#")) return core::Ok();
            if (IsRasterDataUri(trimmed) && (element == "image" || element == "feImage")) return core::Ok();
            return FailAt(at, "lien « " + std::string(name) +
                                  " » vers l'extérieur : seules les références internes (#id) et les images "
                                  "PNG, JPEG, GIF ou WebP intégrées (data:) sont permises");
        }
        if (auto unsafe = UnsafeText(value)) {
            return FailAt(at, "l'attribut « " + std::string(name) + " » contient " + *unsafe);
        }
        return core::Ok();
    }

    // An element starting at '<' (pos_), with its content and end tag.
    core::Result<void> Element(int depth) {
        if (depth >= kMaxSvgDepth)
            return Fail("imbrication trop profonde (" + std::to_string(kMaxSvgDepth) + " niveaux au plus)");
        if (++elements_ > kMaxSvgElements) {
            return Fail("trop d'éléments (" + std::to_string(kMaxSvgElements) + " au plus)");
        }
        const std::size_t start = pos_;
        ++pos_;  // '<'
        auto name = Name();
        if (!name) return core::Fail(name.error());
        const std::string element(*name);
        if (element.find(':') != std::string::npos) {
            return FailAt(start, "élément préfixé <" + element +
                                     "> refusé (autre espace de noms ; enregistrez en « SVG simple »)");
        }
        if (depth == 0 && element != "svg")
            return FailAt(start, "l'élément racine doit être <svg>, pas <" + element + ">");
        if (!AllowedElement(element)) {
            std::string why = "élément <" + element + "> non autorisé";
            if (element == "script") why += " (script)";
            if (element == "foreignObject") why += " (contenu étranger)";
            return FailAt(start, why);
        }
        std::set<std::string, std::less<>> seen;
        bool has_svg_namespace = false;
        bool self_closing = false;
        while (true) {
            const std::size_t before_space = pos_;
            SkipSpace();
            if (pos_ >= s_.size()) return FailAt(start, "balise <" + element + "> non terminée");
            if (s_[pos_] == '>') {
                ++pos_;
                break;
            }
            if (Rest().starts_with("/>")) {
                pos_ += 2;
                self_closing = true;
                break;
            }
            if (pos_ == before_space) return Fail("espace attendu entre les attributs de <" + element + ">");
            const std::size_t attr_at = pos_;
            auto attr = Name();
            if (!attr) return core::Fail(attr.error());
            SkipSpace();
            if (pos_ >= s_.size() || s_[pos_] != '=')
                return Fail("« = » attendu après l'attribut « " + std::string(*attr) + " »");
            ++pos_;
            SkipSpace();
            if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
                return Fail("valeur entre guillemets attendue pour « " + std::string(*attr) + " »");
            }
            const char quote = s_[pos_++];
            const auto close = s_.find(quote, pos_);
            if (close == std::string_view::npos) return FailAt(attr_at, "valeur d'attribut non terminée");
            const std::string_view raw = s_.substr(pos_, close - pos_);
            if (raw.find('<') != std::string_view::npos)
                return FailAt(attr_at, "« < » dans une valeur d'attribut");
            pos_ = close + 1;
            if (!seen.emplace(*attr).second) {
                return FailAt(attr_at, "attribut « " + std::string(*attr) + " » répété");
            }
            if (seen.size() > 200) return FailAt(attr_at, "trop d'attributs");
            auto value = Decode(raw, attr_at);
            if (!value) return core::Fail(value.error());
            PASSEUR_TRY(CheckAttribute(element, *attr, *value, attr_at));
            if (*attr == "xmlns") has_svg_namespace = true;
        }
        if (depth == 0 && !has_svg_namespace) {
            return FailAt(start, "l'élément <svg> doit déclarer xmlns=\"http://www.w3.org/2000/svg\"");
        }
        if (self_closing) return core::Ok();
        return Content(element, start, depth);
    }

    core::Result<void> Content(const std::string& element, std::size_t start, int depth) {
        std::string text;  // the character data of <style>
        while (true) {
            if (pos_ >= s_.size()) return FailAt(start, "élément <" + element + "> non fermé");
            if (Rest().starts_with("</")) {
                pos_ += 2;
                auto name = Name();
                if (!name) return core::Fail(name.error());
                if (*name != element) {
                    return Fail("</" + std::string(*name) + "> ferme <" + element + ">");
                }
                SkipSpace();
                if (pos_ >= s_.size() || s_[pos_] != '>') return Fail("« > » attendu");
                ++pos_;
                break;
            }
            if (Rest().starts_with("<!--")) {
                PASSEUR_TRY(Comment());
                continue;
            }
            if (Rest().starts_with("<![CDATA[")) {
                const auto end = s_.find("]]>", pos_ + 9);
                if (end == std::string_view::npos) return Fail("section CDATA non terminée");
                text += s_.substr(pos_ + 9, end - pos_ - 9);
                pos_ = end + 3;
                continue;
            }
            if (Rest().starts_with("<!")) return Fail("déclaration refusée dans le contenu");
            if (Rest().starts_with("<?")) return Fail("instruction de traitement refusée (<?...?>)");
            if (s_[pos_] == '<') {
                PASSEUR_TRY(Element(depth + 1));
                continue;
            }
            const auto next = s_.find('<', pos_);
            const std::size_t end = next == std::string_view::npos ? s_.size() : next;
            const std::string_view raw = s_.substr(pos_, end - pos_);
            if (raw.find("]]>") != std::string_view::npos) return Fail("« ]]> » interdit dans le texte");
            auto decoded = Decode(raw, pos_);
            if (!decoded) return core::Fail(decoded.error());
            text += *decoded;
            pos_ = end;
        }
        if (element == "style") {
            if (auto unsafe = UnsafeText(text))
                return FailAt(start, "la feuille de style contient " + *unsafe);
        }
        return core::Ok();
    }

    std::string_view s_;
    std::string_view field_;
    std::size_t pos_ = 0;
    int elements_ = 0;
};

// The first code point of each of the first two words, ASCII letters upper-cased.
std::string Initials(std::string_view name) {
    std::string out;
    bool at_word_start = true;
    int taken = 0;
    for (std::size_t i = 0; i < name.size() && taken < 2;) {
        const auto u = static_cast<unsigned char>(name[i]);
        std::size_t len = u < 0x80 ? 1 : (u >> 5) == 0x6 ? 2 : (u >> 4) == 0xE ? 3 : 4;
        len = std::min(len, name.size() - i);
        const bool separator = name[i] == ' ' || name[i] == '-' || name[i] == '\'' || name[i] == '\t';
        if (separator) {
            at_word_start = true;
        } else if (at_word_start) {
            const bool alnum = u >= 0x80 || (name[i] >= '0' && name[i] <= '9') ||
                               (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z');
            if (alnum) {
                std::string piece(name.substr(i, len));
                if (piece.size() == 1 && piece[0] >= 'a' && piece[0] <= 'z')
                    piece[0] = static_cast<char>(piece[0] - 32);
                out += piece;
                ++taken;
            }
            at_word_start = false;
        }
        i += len;
    }
    return out;
}

}  // namespace

core::Result<void> ValidateBadgeSvg(std::string_view svg, std::string_view field) {
    return Checker(svg, field).Run();
}

std::string DefaultBadgeSvg(std::string_view name, std::string_view badge_id) {
    // DSFR illustrative colours (dark enough for white text: contrast ≥ 4.5:1).
    static constexpr std::array<std::string_view, 6> kColours = {"#000091", "#6a6af4", "#18753c",
                                                                 "#b34000", "#7d4e5b", "#3a3a3a"};
    std::uint32_t h = 2166136261U;
    for (char c : badge_id) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619U;
    }
    const std::string_view colour = kColours[h % kColours.size()];
    const std::string title = core::EscapeXml("Badge : " + std::string(name));
    const std::string initials = core::EscapeXml(Initials(name));
    std::string out;
    out +=
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" viewBox=\"0 0 200 200\" "
        "role=\"img\" aria-labelledby=\"badge-title\">";
    out += "<title id=\"badge-title\">" + title + "</title>";
    out += "<circle cx=\"100\" cy=\"100\" r=\"96\" fill=\"" + std::string(colour) + "\"/>";
    out += "<circle cx=\"100\" cy=\"100\" r=\"82\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"4\"/>";
    out +=
        "<path d=\"M100 34l11.8 23.9 26.4 3.8-19.1 18.6 4.5 26.3L100 94.2l-23.6 12.4 4.5-26.3-19.1-18.6 "
        "26.4-3.8z\" fill=\"#ffffff\"/>";
    if (!initials.empty()) {
        out +=
            "<text x=\"100\" y=\"152\" text-anchor=\"middle\" font-family=\"Marianne, Arial, sans-serif\" "
            "font-size=\"34\" font-weight=\"700\" fill=\"#ffffff\">" +
            initials + "</text>";
    }
    out += "</svg>";
    return out;
}

}  // namespace passeur::badge
