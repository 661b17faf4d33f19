#include "credential/rdf.hpp"

#include <array>
#include <string>

#include "core/encoding.hpp"
#include "core/unicode.hpp"

namespace passeur::credential {
namespace {

// ---------------------------------------------------------------------------------------------
// Serialization (canonical N-Quads).

constexpr char kHexUpper[] = "0123456789ABCDEF";

// True for the bytes canonical N-Quads escapes in a literal: controls, '"', '\\', DEL.
constexpr std::array<bool, 256> kNeedsEscape = [] {
    std::array<bool, 256> table{};
    for (int c = 0; c < 0x20; ++c) table[static_cast<std::size_t>(c)] = true;
    table['"'] = table['\\'] = table[0x7F] = true;
    return table;
}();

// Appends `text` with the escapes of canonical N-Quads; runs of plain bytes are copied at once.
void AppendEscapedLiteral(std::string_view text, std::string& out) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto u = static_cast<unsigned char>(text[i]);
        if (!kNeedsEscape[u]) continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        switch (u) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default: {
                const char escape[] = {'\\', 'u', '0', '0', kHexUpper[u >> 4], kHexUpper[u & 0xF]};
                out.append(escape, sizeof escape);
            }
        }
    }
    out.append(text.data() + run, text.size() - run);
}

}  // namespace

void AppendTerm(const Term& term, std::string& out) {
    switch (term.kind) {
        case TermKind::kIri:
            out.push_back('<');
            out += term.value;
            out.push_back('>');
            break;
        case TermKind::kBlankNode:
            out += "_:";
            out += term.value;
            break;
        case TermKind::kLiteral:
            out.push_back('"');
            AppendEscapedLiteral(term.value, out);
            out.push_back('"');
            if (!term.language.empty()) {
                out.push_back('@');
                out += term.language;
            } else if (!term.datatype.empty() && term.datatype != kXsdString) {
                out += "^^<";
                out += term.datatype;
                out.push_back('>');
            }
            break;
    }
}

namespace {

// ---------------------------------------------------------------------------------------------
// Parsing.

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
std::uint32_t HexDigit(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint32_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint32_t>(c - 'a' + 10);
    return static_cast<std::uint32_t>(c - 'A' + 10);
}
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// PN_CHARS_BASE of the N-Quads grammar.
bool IsPnCharsBase(std::uint32_t cp) {
    return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0xD6) ||
           (cp >= 0xD8 && cp <= 0xF6) || (cp >= 0xF8 && cp <= 0x2FF) || (cp >= 0x370 && cp <= 0x37D) ||
           (cp >= 0x37F && cp <= 0x1FFF) || (cp >= 0x200C && cp <= 0x200D) ||
           (cp >= 0x2070 && cp <= 0x218F) || (cp >= 0x2C00 && cp <= 0x2FEF) ||
           (cp >= 0x3001 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFDCF) ||
           (cp >= 0xFDF0 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0xEFFFF);
}
bool IsPnCharsU(std::uint32_t cp) { return IsPnCharsBase(cp) || cp == '_' || cp == ':'; }
bool IsPnChars(std::uint32_t cp) {
    return IsPnCharsU(cp) || cp == '-' || (cp >= '0' && cp <= '9') || cp == 0xB7 ||
           (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x203F && cp <= 0x2040);
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    core::Result<Dataset> Run() {
        Dataset dataset;
        while (true) {
            SkipSpaceAndComment();
            if (AtEnd()) break;
            if (Peek() == '\r' || Peek() == '\n') {
                SkipEol();
                continue;
            }
            if (dataset.size() == kMaxQuads) {
                return Error("more than " + std::to_string(kMaxQuads) + " quads");
            }
            auto quad = ParseStatement();
            if (!quad) return core::Fail(std::move(quad.error()));
            dataset.push_back(std::move(*quad));
            SkipSpaceAndComment();
            if (AtEnd()) break;
            if (Peek() != '\r' && Peek() != '\n') return Error("expected the end of the line after '.'");
            SkipEol();
        }
        return dataset;
    }

private:
    bool AtEnd() const { return pos_ >= text_.size(); }
    char Peek() const { return text_[pos_]; }

    void SkipEol() {
        while (!AtEnd() && (Peek() == '\r' || Peek() == '\n')) {
            if (Peek() == '\n') {
                ++line_;
                line_start_ = pos_ + 1;
            } else if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != '\n') {
                ++line_;  // a lone CR ends a line too
                line_start_ = pos_ + 1;
            }
            ++pos_;
        }
    }

    void SkipSpace() {
        while (!AtEnd() && (Peek() == ' ' || Peek() == '\t')) ++pos_;
    }
    void SkipSpaceAndComment() {
        SkipSpace();
        if (!AtEnd() && Peek() == '#') {
            while (!AtEnd() && Peek() != '\r' && Peek() != '\n') ++pos_;
        }
    }

    tl::unexpected<core::Error> Error(const std::string& what) const { return ErrorAt(pos_, what); }
    tl::unexpected<core::Error> ErrorAt(std::size_t at, const std::string& what) const {
        return core::Fail(core::Error::InvalidArgument("N-Quads line " + std::to_string(line_) + ", column " +
                                                       std::to_string(at - line_start_ + 1) + ": " + what));
    }

    core::Result<Quad> ParseStatement() {
        Quad quad;
        // subject
        if (Peek() == '<') {
            auto iri = ParseIri();
            if (!iri) return core::Fail(std::move(iri.error()));
            quad.subject = Term::Iri(std::move(*iri));
        } else if (Peek() == '_') {
            auto label = ParseBlankLabel();
            if (!label) return core::Fail(std::move(label.error()));
            quad.subject = Term::Blank(std::move(*label));
        } else {
            return Error("expected a subject (an IRI or a blank node)");
        }
        SkipSpace();
        if (AtEnd() || Peek() != '<') return Error("expected a predicate IRI");
        auto predicate = ParseIri();
        if (!predicate) return core::Fail(std::move(predicate.error()));
        quad.predicate = Term::Iri(std::move(*predicate));
        SkipSpace();
        if (AtEnd()) return Error("expected an object");
        if (Peek() == '<') {
            auto iri = ParseIri();
            if (!iri) return core::Fail(std::move(iri.error()));
            quad.object = Term::Iri(std::move(*iri));
        } else if (Peek() == '_') {
            auto label = ParseBlankLabel();
            if (!label) return core::Fail(std::move(label.error()));
            quad.object = Term::Blank(std::move(*label));
        } else if (Peek() == '"') {
            auto literal = ParseLiteral();
            if (!literal) return core::Fail(std::move(literal.error()));
            quad.object = std::move(*literal);
        } else {
            return Error("expected an object (an IRI, a blank node or a literal)");
        }
        SkipSpace();
        if (AtEnd()) return Error("expected a graph label or '.'");
        if (Peek() == '<') {
            auto iri = ParseIri();
            if (!iri) return core::Fail(std::move(iri.error()));
            quad.graph = Term::Iri(std::move(*iri));
            SkipSpace();
        } else if (Peek() == '_') {
            auto label = ParseBlankLabel();
            if (!label) return core::Fail(std::move(label.error()));
            quad.graph = Term::Blank(std::move(*label));
            SkipSpace();
        }
        if (AtEnd() || Peek() != '.') return Error("expected '.' at the end of the statement");
        ++pos_;
        return quad;
    }

    // UCHAR after the backslash: 'u' HEX{4} or 'U' HEX{8}; pos_ is on the 'u'/'U'.
    core::Result<std::uint32_t> ParseUchar() {
        std::size_t start = pos_ - 1;
        std::size_t digits = Peek() == 'u' ? 4 : 8;
        ++pos_;
        if (pos_ + digits > text_.size()) return ErrorAt(start, "truncated \\u escape");
        std::uint32_t cp = 0;
        for (std::size_t i = 0; i < digits; ++i) {
            char c = text_[pos_ + i];
            if (!IsHex(c)) return ErrorAt(start, "invalid hexadecimal digit in a \\u escape");
            cp = cp * 16 + HexDigit(c);
        }
        pos_ += digits;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return ErrorAt(start, "\\u escape is not a Unicode scalar value");
        }
        return cp;
    }

    // IRIREF; pos_ is on '<'. Returns the IRI with escapes decoded.
    core::Result<std::string> ParseIri() {
        std::size_t start = pos_;
        ++pos_;
        std::string iri;
        while (true) {
            if (AtEnd()) return ErrorAt(start, "unterminated IRI");
            char c = Peek();
            auto u = static_cast<unsigned char>(c);
            if (c == '>') {
                ++pos_;
                break;
            }
            if (c == '\\') {
                ++pos_;
                if (AtEnd() || (Peek() != 'u' && Peek() != 'U')) return Error("invalid escape in an IRI");
                auto cp = ParseUchar();
                if (!cp) return core::Fail(std::move(cp.error()));
                core::AppendUtf8(iri, static_cast<char32_t>(*cp));
                continue;
            }
            if (u <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
                c == '`') {
                return Error("character not allowed in an IRI");
            }
            iri.push_back(c);
            ++pos_;
        }
        // Absolute: a scheme ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") then ':'.
        std::size_t i = 0;
        if (iri.empty() || !IsAlpha(iri[0])) return ErrorAt(start, "IRI is not absolute (no scheme)");
        while (i < iri.size() &&
               (IsAlpha(iri[i]) || IsDigit(iri[i]) || iri[i] == '+' || iri[i] == '-' || iri[i] == '.'))
            ++i;
        if (i == iri.size() || iri[i] != ':') return ErrorAt(start, "IRI is not absolute (no scheme)");
        return iri;
    }

    // Decodes one UTF-8 code point at pos_ (the text is valid UTF-8); advances pos_.
    std::uint32_t NextCodePoint() {
        auto b0 = static_cast<unsigned char>(text_[pos_]);
        std::size_t len = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
        for (std::size_t i = 1; i < len; ++i)
            cp = (cp << 6) | (static_cast<unsigned char>(text_[pos_ + i]) & 0x3Fu);
        pos_ += len;
        return cp;
    }

    // BLANK_NODE_LABEL; pos_ is on '_'. Returns the label without "_:".
    core::Result<std::string> ParseBlankLabel() {
        std::size_t start = pos_;
        if (pos_ + 1 >= text_.size() || text_[pos_ + 1] != ':')
            return Error("expected '_:' for a blank node");
        pos_ += 2;
        if (AtEnd()) return ErrorAt(start, "empty blank node label");
        std::uint32_t first = NextCodePoint();
        if (!IsPnCharsU(first) && !(first >= '0' && first <= '9')) {
            return ErrorAt(start, "invalid first character in a blank node label");
        }
        std::size_t label_start = start + 2;
        std::size_t end = pos_;  // end of the label without trailing dots
        while (!AtEnd()) {
            std::size_t here = pos_;
            std::uint32_t cp = NextCodePoint();
            if (cp == '.') continue;
            if (!IsPnChars(cp)) {
                pos_ = here;
                break;
            }
            end = pos_;
        }
        pos_ = end;  // a trailing '.' ends the statement, not the label
        return std::string(text_.substr(label_start, end - label_start));
    }

    // STRING_LITERAL_QUOTE with its optional datatype or language tag; pos_ is on '"'.
    core::Result<Term> ParseLiteral() {
        std::size_t start = pos_;
        ++pos_;
        std::string value;
        while (true) {
            if (AtEnd()) return ErrorAt(start, "unterminated string literal");
            char c = Peek();
            if (c == '"') {
                ++pos_;
                break;
            }
            if (c == '\n' || c == '\r') return Error("line break inside a string literal (use \\n or \\r)");
            if (c != '\\') {
                value.push_back(c);
                ++pos_;
                continue;
            }
            ++pos_;
            if (AtEnd()) return ErrorAt(start, "unterminated string literal");
            char e = Peek();
            switch (e) {
                case 't':
                    value.push_back('\t');
                    break;
                case 'b':
                    value.push_back('\b');
                    break;
                case 'n':
                    value.push_back('\n');
                    break;
                case 'r':
                    value.push_back('\r');
                    break;
                case 'f':
                    value.push_back('\f');
                    break;
                case '"':
                    value.push_back('"');
                    break;
                case '\'':
                    value.push_back('\'');
                    break;
                case '\\':
                    value.push_back('\\');
                    break;
                case 'u':
                case 'U': {
                    auto cp = ParseUchar();
                    if (!cp) return core::Fail(std::move(cp.error()));
                    core::AppendUtf8(value, static_cast<char32_t>(*cp));
                    continue;
                }
                default:
                    return ErrorAt(pos_ - 1, std::string("invalid escape '\\") + e + "' in a string literal");
            }
            ++pos_;
        }
        if (!AtEnd() && Peek() == '@') {
            std::size_t tag_start = ++pos_;
            if (AtEnd() || !IsAlpha(Peek())) return Error("invalid language tag");
            while (!AtEnd() && IsAlpha(Peek())) ++pos_;
            while (!AtEnd() && Peek() == '-') {
                ++pos_;
                if (AtEnd() || !(IsAlpha(Peek()) || IsDigit(Peek()))) return Error("invalid language tag");
                while (!AtEnd() && (IsAlpha(Peek()) || IsDigit(Peek()))) ++pos_;
            }
            return Term::LangLiteral(std::move(value),
                                     std::string(text_.substr(tag_start, pos_ - tag_start)));
        }
        if (pos_ + 1 < text_.size() && Peek() == '^' && text_[pos_ + 1] == '^') {
            pos_ += 2;
            if (AtEnd() || Peek() != '<') return Error("expected a datatype IRI after '^^'");
            auto datatype = ParseIri();
            if (!datatype) return core::Fail(std::move(datatype.error()));
            return Term::Literal(std::move(value), std::move(*datatype));
        }
        return Term::Literal(std::move(value));
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

}  // namespace

core::Result<Dataset> ParseNQuads(std::string_view text) {
    if (text.size() > kMaxNQuadsBytes) {
        return core::Fail(core::Error::InvalidArgument("N-Quads document over " +
                                                       std::to_string(kMaxNQuadsBytes) + " bytes"));
    }
    if (!core::IsValidUtf8(text)) {
        return core::Fail(core::Error::InvalidArgument("N-Quads document is not valid UTF-8"));
    }
    return Parser(text).Run();
}

void AppendNQuad(const Quad& quad, std::string& out) {
    AppendTerm(quad.subject, out);
    out.push_back(' ');
    AppendTerm(quad.predicate, out);
    out.push_back(' ');
    AppendTerm(quad.object, out);
    out.push_back(' ');
    if (quad.graph) {
        AppendTerm(*quad.graph, out);
        out.push_back(' ');
    }
    out += ".\n";
}

std::string SerializeNQuad(const Quad& quad) {
    std::string out;
    AppendNQuad(quad, out);
    return out;
}

std::string SerializeNQuads(const Dataset& dataset) {
    std::string out;
    for (const Quad& quad : dataset) AppendNQuad(quad, out);
    return out;
}

}  // namespace passeur::credential
