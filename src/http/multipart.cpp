#include "http/multipart.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/encoding.hpp"

namespace passeur::http {
namespace {

constexpr std::size_t kMaxBoundaryBytes = 70;  // RFC 2046 §5.1.1
constexpr std::string_view kCrlf = "\r\n";

core::Error Invalid(std::string message, std::string field) {
    return core::Error::InvalidArgument("Formulaire multipart : " + std::move(message), std::move(field));
}

core::Error TooLarge(std::string message, std::string field) {
    return core::Error{core::ErrorCode::kPayloadTooLarge, "Formulaire multipart : " + std::move(message),
                       std::move(field)};
}

std::string Kio(std::size_t bytes) {
    if (bytes % 1024 == 0) return std::to_string(bytes / 1024) + " Kio";
    return std::to_string(bytes) + " octets";
}

bool IsLws(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimLws(std::string_view s) {
    while (!s.empty() && IsLws(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsLws(s.back())) s.remove_suffix(1);
    return s;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), Lower);
    return out;
}

// RFC 7230 tchar.
bool IsTokenChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 2046 bchars (the space is allowed, but not as the last character).
bool IsBoundaryChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

using Params = std::vector<std::pair<std::string, std::string>>;  // lower-cased name, value

// Parses `*( OWS ";" OWS name OWS "=" OWS ( token | quoted-string ) ) OWS` (the part of a header
// value after its first token). Unquoted values run to the next ';' or white space; quoted strings
// accept backslash escapes. `what` names the header in messages.
core::Result<Params> ParseParams(std::string_view text, const std::string& what, const std::string& field) {
    Params out;
    std::size_t i = 0;
    auto skip_lws = [&] {
        while (i < text.size() && IsLws(text[i])) ++i;
    };
    while (true) {
        skip_lws();
        if (i == text.size()) return out;
        if (text[i] != ';')
            return core::Fail(
                Invalid(what + " : « ; » attendu avant « " + std::string(text.substr(i, 20)) + " ».", field));
        ++i;
        skip_lws();
        if (i == text.size()) return out;  // a trailing ';' is tolerated
        const std::size_t name_start = i;
        while (i < text.size() && IsTokenChar(text[i])) ++i;
        if (i == name_start) {
            return core::Fail(Invalid(
                what + " : nom de paramètre attendu à la position " + std::to_string(name_start + 1) + ".",
                field));
        }
        std::string name = LowerAscii(text.substr(name_start, i - name_start));
        skip_lws();
        if (i == text.size() || text[i] != '=') {
            return core::Fail(Invalid(what + " : le paramètre « " + name + " » n'a pas de valeur.", field));
        }
        ++i;
        skip_lws();
        std::string value;
        if (i < text.size() && text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < text.size()) {
                char c = text[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i == text.size()) break;
                    c = text[i++];
                }
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
                    return core::Fail(Invalid(
                        what + " : caractère de contrôle dans la valeur du paramètre « " + name + " ».",
                        field));
                }
                value += c;
            }
            if (!closed) {
                return core::Fail(Invalid(
                    what + " : guillemet fermant manquant pour le paramètre « " + name + " ».", field));
            }
        } else {
            const std::size_t value_start = i;
            while (i < text.size() && text[i] != ';' && text[i] != '"' && !IsLws(text[i])) {
                const auto u = static_cast<unsigned char>(text[i]);
                if (u < 0x21 || u > 0x7e) {
                    return core::Fail(Invalid(
                        what + " : caractère interdit dans la valeur du paramètre « " + name + " ».", field));
                }
                ++i;
            }
            value = std::string(text.substr(value_start, i - value_start));
        }
        for (const auto& [seen, unused] : out) {
            if (seen == name) {
                return core::Fail(
                    Invalid(what + " : le paramètre « " + name + " » est donné deux fois.", field));
            }
        }
        out.emplace_back(std::move(name), std::move(value));
    }
}

const std::string* FindParam(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return &value;
    }
    return nullptr;
}

// A name or filename: valid UTF-8, no control character.
bool IsCleanText(std::string_view text) {
    if (!core::IsValidUtf8(text)) return false;
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// "partie 2" or "partie 2 (« fichier »)".
std::string PartLabel(std::size_t number, std::string_view name) {
    std::string label = "la partie " + std::to_string(number);
    if (!name.empty()) label += " (« " + std::string(name) + " »)";
    return label;
}

// Whether the text at `at` (just after "--boundary") ends a delimiter line: LWSP* then CRLF or the
// end of the body (the end only for the closing delimiter). `next` receives the offset after it.
bool EndsDelimiterLine(std::string_view body, std::size_t at, bool closing, std::size_t& next) {
    while (at < body.size() && IsLws(body[at])) ++at;
    if (at == body.size()) {
        next = at;
        return closing;
    }
    if (body.substr(at, 2) == kCrlf) {
        next = at + 2;
        return true;
    }
    return false;
}

struct Delimiter {
    std::size_t start = 0;  // offset of the CRLF before "--boundary" (or 0 at the very start)
    std::size_t next = 0;   // offset after the delimiter line
    bool closing = false;
};

// The first delimiter at or after `from` that is preceded by CRLF (or is at offset 0 when
// `at_start_ok`) and ends a delimiter line; nullopt when there is none.
std::optional<Delimiter> FindDelimiter(std::string_view body, std::string_view dash_boundary,
                                       std::size_t from, bool at_start_ok) {
    auto check = [&](std::size_t start, std::size_t after) -> std::optional<Delimiter> {
        std::size_t next = 0;
        if (body.substr(after, 2) == "--" && EndsDelimiterLine(body, after + 2, true, next)) {
            return Delimiter{start, next, true};
        }
        if (EndsDelimiterLine(body, after, false, next)) return Delimiter{start, next, false};
        return std::nullopt;
    };
    if (at_start_ok && from == 0 && body.substr(0, dash_boundary.size()) == dash_boundary) {
        if (auto found = check(0, dash_boundary.size())) return found;
    }
    std::string needle = std::string(kCrlf) + std::string(dash_boundary);
    std::size_t pos = from;
    while ((pos = body.find(needle, pos)) != std::string_view::npos) {
        if (auto found = check(pos, pos + needle.size())) return found;
        ++pos;
    }
    return std::nullopt;
}

struct PartHeaders {
    std::optional<std::string> disposition;
    std::optional<std::string> content_type;
    std::optional<std::string> transfer_encoding;
};

core::Result<PartHeaders> ParseHeaderBlock(std::string_view block, std::size_t number) {
    PartHeaders out;
    const std::string where = PartLabel(number, "");
    while (!block.empty()) {
        const std::size_t end = block.find(kCrlf);
        std::string_view line = block.substr(0, end);
        block = end == std::string_view::npos ? std::string_view() : block.substr(end + 2);
        if (line.find('\r') != std::string_view::npos || line.find('\n') != std::string_view::npos) {
            return core::Fail(
                Invalid("un en-tête de " + where + " contient un retour à la ligne isolé.", "body"));
        }
        if (!line.empty() && IsLws(line.front())) {
            return core::Fail(
                Invalid("en-tête replié (ligne commençant par un espace) dans " + where + ".", "body"));
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0 ||
            !std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(colon), IsTokenChar)) {
            return core::Fail(
                Invalid("en-tête mal formé dans " + where + " : « " + std::string(line.substr(0, 40)) + " ».",
                        "body"));
        }
        const std::string name = LowerAscii(line.substr(0, colon));
        const std::string value(TrimLws(line.substr(colon + 1)));
        std::optional<std::string>* slot = nullptr;
        if (name == "content-disposition") {
            slot = &out.disposition;
        } else if (name == "content-type") {
            slot = &out.content_type;
        } else if (name == "content-transfer-encoding") {
            slot = &out.transfer_encoding;
        }
        if (slot == nullptr) continue;  // other headers are ignored (RFC 7578 §4.8)
        if (slot->has_value()) {
            return core::Fail(Invalid("l'en-tête " + std::string(line.substr(0, colon)) +
                                          " est donné deux fois dans " + where + ".",
                                      "body"));
        }
        *slot = value;
    }
    return out;
}

}  // namespace

core::Result<std::string> MultipartBoundary(std::string_view content_type) {
    const std::size_t semi = content_type.find(';');
    const std::string_view media = TrimLws(content_type.substr(0, semi));
    if (LowerAscii(media) != "multipart/form-data") {
        return core::Fail(Invalid("le type de contenu doit être multipart/form-data (reçu « " +
                                      std::string(media.substr(0, 60)) + " »).",
                                  "Content-Type"));
    }
    if (semi == std::string_view::npos) {
        return core::Fail(Invalid("le type de contenu n'a pas de paramètre boundary.", "Content-Type"));
    }
    auto params = ParseParams(content_type.substr(semi), "Content-Type", "Content-Type");
    if (!params) return core::Fail(params.error());
    const std::string* boundary = FindParam(*params, "boundary");
    if (boundary == nullptr) {
        return core::Fail(Invalid("le type de contenu n'a pas de paramètre boundary.", "Content-Type"));
    }
    if (boundary->empty() || boundary->size() > kMaxBoundaryBytes) {
        return core::Fail(Invalid("le paramètre boundary doit avoir de 1 à 70 caractères (il en a " +
                                      std::to_string(boundary->size()) + ").",
                                  "Content-Type"));
    }
    if (!std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar) || boundary->back() == ' ') {
        return core::Fail(
            Invalid("le paramètre boundary contient un caractère interdit (RFC 2046).", "Content-Type"));
    }
    return *boundary;
}

bool IsMultipartFormData(const Request& request) {
    const auto type = request.Header("content-type");
    if (!type) return false;
    return LowerAscii(TrimLws(type->substr(0, type->find(';')))) == "multipart/form-data";
}

core::Result<std::vector<MultipartPart>> ParseMultipart(const Request& request,
                                                        const MultipartLimits& limits) {
    const auto type = request.Header("content-type");
    if (!type) return core::Fail(Invalid("l'en-tête Content-Type manque.", "Content-Type"));
    return ParseMultipartBody(*type, request.body, limits);
}

core::Result<std::vector<MultipartPart>> ParseMultipartBody(std::string_view content_type,
                                                            std::string_view body,
                                                            const MultipartLimits& limits) {
    if (body.size() > limits.max_total_bytes) {
        return core::Fail(TooLarge("l'envoi dépasse " + Kio(limits.max_total_bytes) + ".", "body"));
    }
    auto boundary = MultipartBoundary(content_type);
    if (!boundary) return core::Fail(boundary.error());
    const std::string dash_boundary = "--" + *boundary;

    auto first = FindDelimiter(body, dash_boundary, 0, true);
    if (!first) return core::Fail(Invalid("aucune ligne de séparation (boundary) n'a été trouvée.", "body"));
    if (first->closing) return core::Fail(Invalid("le formulaire ne contient aucune partie.", "body"));

    std::vector<MultipartPart> parts;
    std::size_t cursor = first->next;
    while (true) {
        const std::size_t number = parts.size() + 1;
        if (parts.size() == limits.max_parts) {
            return core::Fail(TooLarge("plus de " + std::to_string(limits.max_parts) + " parties.", "body"));
        }
        // Headers: up to the empty line (none at all when the part starts with CRLF).
        std::size_t content_start = 0;
        std::string_view header_block;
        if (body.substr(cursor, 2) == kCrlf) {
            content_start = cursor + 2;
        } else {
            const std::size_t window = limits.max_header_bytes + 4;
            const std::size_t end = body.substr(cursor, window).find("\r\n\r\n");
            if (end == std::string_view::npos) {
                if (body.size() - cursor >= window) {
                    return core::Fail(TooLarge("les en-têtes de " + PartLabel(number, "") + " dépassent " +
                                                   Kio(limits.max_header_bytes) + ".",
                                               "body"));
                }
                return core::Fail(Invalid("les en-têtes de " + PartLabel(number, "") +
                                              " ne se terminent pas par une ligne vide (envoi tronqué ?).",
                                          "body"));
            }
            if (end > limits.max_header_bytes) {
                return core::Fail(TooLarge("les en-têtes de " + PartLabel(number, "") + " dépassent " +
                                               Kio(limits.max_header_bytes) + ".",
                                           "body"));
            }
            header_block = body.substr(cursor, end);
            content_start = cursor + end + 4;
        }
        auto headers = ParseHeaderBlock(header_block, number);
        if (!headers) return core::Fail(headers.error());
        if (!headers->disposition) {
            return core::Fail(
                Invalid(PartLabel(number, "") + " n'a pas d'en-tête Content-Disposition.", "body"));
        }
        const std::string& disposition = *headers->disposition;
        std::size_t type_end = 0;
        while (type_end < disposition.size() && IsTokenChar(disposition[type_end])) ++type_end;
        if (LowerAscii(disposition.substr(0, type_end)) != "form-data") {
            return core::Fail(Invalid(
                "le Content-Disposition de " + PartLabel(number, "") + " doit être « form-data ».", "body"));
        }
        auto params = ParseParams(std::string_view(disposition).substr(type_end),
                                  "Content-Disposition de " + PartLabel(number, ""), "body");
        if (!params) return core::Fail(params.error());
        MultipartPart part;
        const std::string* name = FindParam(*params, "name");
        if (name == nullptr || name->empty()) {
            return core::Fail(Invalid(PartLabel(number, "") + " n'a pas de nom (paramètre name).", "body"));
        }
        if (!IsCleanText(*name)) {
            return core::Fail(Invalid("le nom de " + PartLabel(number, "") +
                                          " n'est pas du texte UTF-8 sans caractère de contrôle.",
                                      "body"));
        }
        part.name = *name;
        if (const std::string* filename = FindParam(*params, "filename")) {
            if (!IsCleanText(*filename)) {
                return core::Fail(Invalid("le nom de fichier de " + PartLabel(number, part.name) +
                                              " n'est pas du texte UTF-8 sans caractère de contrôle.",
                                          part.name));
            }
            part.filename = *filename;
            part.is_file = true;
        }
        if (!limits.allow_duplicate_names && FindPart(parts, part.name) != nullptr) {
            return core::Fail(Invalid("le champ « " + part.name + " » est envoyé deux fois.", part.name));
        }
        if (headers->transfer_encoding) {
            const std::string encoding = LowerAscii(*headers->transfer_encoding);
            if (encoding != "7bit" && encoding != "8bit" && encoding != "binary") {
                return core::Fail(Invalid("l'encodage « " + *headers->transfer_encoding + " » de " +
                                              PartLabel(number, part.name) + " n'est pas accepté.",
                                          part.name));
            }
        }
        if (headers->content_type) part.content_type = *headers->content_type;

        const auto end = FindDelimiter(body, dash_boundary, content_start, false);
        if (!end) {
            return core::Fail(Invalid(PartLabel(number, part.name) +
                                          " ne se termine par aucune ligne de séparation (envoi tronqué ?).",
                                      part.name));
        }
        const std::size_t content_end = end->start;
        if (content_end - content_start > limits.max_part_bytes) {
            return core::Fail(TooLarge(
                PartLabel(number, part.name) + " dépasse " + Kio(limits.max_part_bytes) + ".", part.name));
        }
        part.body = std::string(body.substr(content_start, content_end - content_start));
        parts.push_back(std::move(part));
        if (end->closing) return parts;
        cursor = end->next;
    }
}

const MultipartPart* FindPart(const std::vector<MultipartPart>& parts, std::string_view name) {
    for (const MultipartPart& part : parts) {
        if (part.name == name) return &part;
    }
    return nullptr;
}

}  // namespace passeur::http
