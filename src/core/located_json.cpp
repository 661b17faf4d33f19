#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <system_error>

#include <core/located_json.hpp>
#include <core/unicode.hpp>

namespace passeur::core {

namespace {

class Parser {
public:
    Parser(std::string_view text, const JsonParseLimits& limits) : text_(text), limits_(limits) {}

    tl::expected<LocatedJson, JsonParseError> Run() {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // the BOM takes no column
        LocatedJson out;
        SkipSpace();
        std::string pointer;
        if (!ParseValue(out.value, pointer, 0, out.positions)) return tl::unexpected(error_);
        SkipSpace();
        if (pos_ < text_.size()) return Fail("unexpected text after the JSON value");
        return out;
    }

private:
    tl::unexpected<JsonParseError> Fail(std::string message) {
        Error(std::move(message));
        return tl::unexpected(error_);
    }
    bool Error(std::string message) {
        if (!failed_) {
            error_ = JsonParseError{Here(), std::move(message)};
            failed_ = true;
        }
        return false;
    }
    SourcePosition Here() const { return {line_, column_}; }
    bool AtEnd() const { return pos_ >= text_.size(); }
    char Peek() const { return text_[pos_]; }

    // Moves over `count` bytes, keeping line and column (columns count code points).
    void Advance(std::size_t count) {
        for (std::size_t i = 0; i < count && pos_ < text_.size(); ++i) {
            const auto c = static_cast<unsigned char>(text_[pos_++]);
            if (c == '\n') {
                ++line_;
                column_ = 1;
            } else if ((c & 0xC0U) != 0x80U) {
                ++column_;
            }
        }
    }

    void SkipSpace() {
        while (!AtEnd()) {
            const char c = Peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            Advance(1);
        }
    }

    bool ParseValue(nlohmann::json& out, std::string& pointer, std::size_t depth,
                    std::unordered_map<std::string, SourcePosition>& positions) {
        if (AtEnd()) return Error("unexpected end of text, a value was expected");
        positions[pointer] = Here();
        const char c = Peek();
        if (c == '{' || c == '[') {
            if (depth >= limits_.max_depth) {
                return Error("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
            }
            return c == '{' ? ParseObject(out, pointer, depth + 1, positions)
                            : ParseArray(out, pointer, depth + 1, positions);
        }
        if (c == '"') {
            std::string s;
            if (!ParseString(s)) return false;
            out = std::move(s);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(out);
        if (Literal("true")) {
            out = true;
            return true;
        }
        if (Literal("false")) {
            out = false;
            return true;
        }
        if (Literal("null")) {
            out = nullptr;
            return true;
        }
        if (c == '\'') return Error("strings must use double quotes");
        return Error(std::string("unexpected character '") + Printable(c) + "', a value was expected");
    }

    static std::string Printable(char c) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7F) return std::string(1, c);
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\x%02X", u);
        return buffer;
    }

    bool Literal(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        Advance(word.size());
        return true;
    }

    bool ParseObject(nlohmann::json& out, std::string& pointer, std::size_t depth,
                     std::unordered_map<std::string, SourcePosition>& positions) {
        out = nlohmann::json::object();
        Advance(1);  // '{'
        SkipSpace();
        if (!AtEnd() && Peek() == '}') {
            Advance(1);
            return true;
        }
        while (true) {
            SkipSpace();
            if (AtEnd()) return Error("unexpected end of text inside an object");
            if (Peek() != '"') {
                if (Peek() == '}') return Error("trailing comma before '}'");
                return Error("expected a member name in double quotes");
            }
            const SourcePosition key_position = Here();
            std::string key;
            if (!ParseString(key)) return false;
            if (out.contains(key)) {
                error_ = JsonParseError{key_position, "duplicate member \"" + key + "\""};
                failed_ = true;
                return false;
            }
            SkipSpace();
            if (AtEnd() || Peek() != ':') return Error("expected ':' after the member name");
            Advance(1);
            SkipSpace();
            const std::size_t saved = pointer.size();
            pointer = JsonPointerAppend(pointer, key);
            nlohmann::json member;
            const bool ok = ParseValue(member, pointer, depth, positions);
            pointer.resize(saved);
            if (!ok) return false;
            out[key] = std::move(member);
            SkipSpace();
            if (AtEnd()) return Error("unexpected end of text inside an object");
            if (Peek() == ',') {
                Advance(1);
                continue;
            }
            if (Peek() == '}') {
                Advance(1);
                return true;
            }
            return Error("expected ',' or '}' after an object member");
        }
    }

    bool ParseArray(nlohmann::json& out, std::string& pointer, std::size_t depth,
                    std::unordered_map<std::string, SourcePosition>& positions) {
        out = nlohmann::json::array();
        Advance(1);  // '['
        SkipSpace();
        if (!AtEnd() && Peek() == ']') {
            Advance(1);
            return true;
        }
        std::size_t index = 0;
        while (true) {
            SkipSpace();
            if (!AtEnd() && Peek() == ']') return Error("trailing comma before ']'");
            const std::size_t saved = pointer.size();
            pointer = JsonPointerAppend(pointer, index);
            nlohmann::json element;
            const bool ok = ParseValue(element, pointer, depth, positions);
            pointer.resize(saved);
            if (!ok) return false;
            out.push_back(std::move(element));
            ++index;
            SkipSpace();
            if (AtEnd()) return Error("unexpected end of text inside an array");
            if (Peek() == ',') {
                Advance(1);
                continue;
            }
            if (Peek() == ']') {
                Advance(1);
                return true;
            }
            return Error("expected ',' or ']' after an array element");
        }
    }

    bool ReadHex4(std::uint32_t& value) {
        value = 0;
        for (int i = 0; i < 4; ++i) {
            if (AtEnd()) return Error("unexpected end of text in a \\u escape");
            const char c = Peek();
            std::uint32_t digit = 0;
            if (c >= '0' && c <= '9') {
                digit = static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                digit = static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                digit = static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                return Error("a \\u escape needs four hexadecimal digits");
            }
            value = value * 16 + digit;
            Advance(1);
        }
        return true;
    }

    // Length of the valid UTF-8 sequence starting at pos_ (0 when invalid).
    std::size_t Utf8Length() const {
        const auto b0 = static_cast<unsigned char>(text_[pos_]);
        auto cont = [&](std::size_t i) {
            return pos_ + i < text_.size() && (static_cast<unsigned char>(text_[pos_ + i]) & 0xC0U) == 0x80U;
        };
        auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[pos_ + i]); };
        if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
        if (b0 >= 0xE0 && b0 <= 0xEF) {
            if (!cont(1) || !cont(2)) return 0;
            if (b0 == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
            if (b0 == 0xED && byte(1) >= 0xA0) return 0;  // surrogate
            return 3;
        }
        if (b0 >= 0xF0 && b0 <= 0xF4) {
            if (!cont(1) || !cont(2) || !cont(3)) return 0;
            if (b0 == 0xF0 && byte(1) < 0x90) return 0;   // overlong
            if (b0 == 0xF4 && byte(1) >= 0x90) return 0;  // above U+10FFFF
            return 4;
        }
        return 0;
    }

    bool ParseString(std::string& out) {
        Advance(1);  // opening quote
        while (true) {
            if (AtEnd()) return Error("unterminated string");
            const auto c = static_cast<unsigned char>(Peek());
            if (c == '"') {
                Advance(1);
                return true;
            }
            if (c == '\n') return Error("unterminated string (a raw line break is not allowed, write \\n)");
            if (c < 0x20) return Error("control character in a string (escape it)");
            if (c == '\\') {
                Advance(1);
                if (AtEnd()) return Error("unterminated string");
                const char e = Peek();
                Advance(1);
                switch (e) {
                    case '"':
                        out.push_back('"');
                        break;
                    case '\\':
                        out.push_back('\\');
                        break;
                    case '/':
                        out.push_back('/');
                        break;
                    case 'b':
                        out.push_back('\b');
                        break;
                    case 'f':
                        out.push_back('\f');
                        break;
                    case 'n':
                        out.push_back('\n');
                        break;
                    case 'r':
                        out.push_back('\r');
                        break;
                    case 't':
                        out.push_back('\t');
                        break;
                    case 'u': {
                        std::uint32_t cp = 0;
                        if (!ReadHex4(cp)) return false;
                        if (cp >= 0xDC00 && cp <= 0xDFFF) return Error("lone low surrogate in a \\u escape");
                        if (cp >= 0xD800 && cp <= 0xDBFF) {
                            if (text_.substr(pos_, 2) != "\\u") {
                                return Error("high surrogate not followed by a low surrogate");
                            }
                            Advance(2);
                            std::uint32_t low = 0;
                            if (!ReadHex4(low)) return false;
                            if (low < 0xDC00 || low > 0xDFFF) {
                                return Error("high surrogate not followed by a low surrogate");
                            }
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        }
                        AppendUtf8(out, static_cast<char32_t>(cp));
                        break;
                    }
                    default:
                        return Error(std::string("invalid escape '\\") + Printable(e) + "'");
                }
                continue;
            }
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
                Advance(1);
                continue;
            }
            const std::size_t length = Utf8Length();
            if (length == 0) return Error("invalid UTF-8 in a string");
            out.append(text_.substr(pos_, length));
            Advance(length);
        }
    }

    bool ParseNumber(nlohmann::json& out) {
        const std::size_t start = pos_;
        std::size_t end = pos_;
        auto digit = [&](std::size_t i) { return i < text_.size() && text_[i] >= '0' && text_[i] <= '9'; };
        bool is_integer = true;
        if (text_[end] == '-') ++end;
        if (!digit(end)) return Error("invalid number: a digit was expected");
        if (text_[end] == '0') {
            ++end;
            if (digit(end)) return Error("invalid number: no leading zeros");
        } else {
            while (digit(end)) ++end;
        }
        if (end < text_.size() && text_[end] == '.') {
            is_integer = false;
            ++end;
            if (!digit(end)) {
                Advance(end - start);
                return Error("invalid number: a digit was expected after '.'");
            }
            while (digit(end)) ++end;
        }
        if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
            is_integer = false;
            ++end;
            if (end < text_.size() && (text_[end] == '+' || text_[end] == '-')) ++end;
            if (!digit(end)) {
                Advance(end - start);
                return Error("invalid number: a digit was expected in the exponent");
            }
            while (digit(end)) ++end;
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + end;
        if (is_integer) {
            if (text_[start] == '-') {
                std::int64_t v = 0;
                const auto r = std::from_chars(first, last, v);
                if (r.ec == std::errc() && r.ptr == last) {
                    out = v;
                    Advance(end - start);
                    return true;
                }
            } else {
                std::uint64_t v = 0;
                const auto r = std::from_chars(first, last, v);
                if (r.ec == std::errc() && r.ptr == last) {
                    if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                        out = static_cast<std::int64_t>(v);
                    } else {
                        out = v;
                    }
                    Advance(end - start);
                    return true;
                }
            }
        }
        double d = 0;
        const auto r = std::from_chars(first, last, d);
        if (r.ec == std::errc::result_out_of_range || !std::isfinite(d)) {
            return Error("number out of range");
        }
        if (r.ec != std::errc() || r.ptr != last) return Error("invalid number");
        out = d;
        Advance(end - start);
        return true;
    }

    std::string_view text_;
    JsonParseLimits limits_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    bool failed_ = false;
    JsonParseError error_;
};

}  // namespace

Error JsonParseError::ToError() const {
    return Error::InvalidArgument("line " + std::to_string(position.line) + ", column " +
                                  std::to_string(position.column) + ": " + message);
}

SourcePosition LocatedJson::PositionOf(std::string_view pointer) const {
    std::string key(pointer);
    while (true) {
        const auto it = positions.find(key);
        if (it != positions.end()) return it->second;
        if (key.empty()) return {};
        key.resize(key.rfind('/'));
    }
}

tl::expected<LocatedJson, JsonParseError> ParseLocatedJson(std::string_view text,
                                                           const JsonParseLimits& limits) {
    if (text.size() > limits.max_bytes) {
        return tl::unexpected(JsonParseError{{1, 1},
                                             "text of " + std::to_string(text.size()) +
                                                 " bytes is over the limit of " +
                                                 std::to_string(limits.max_bytes) + " bytes"});
    }
    return Parser(text, limits).Run();
}

std::string JsonPointerAppend(std::string_view pointer, std::string_view token) {
    std::string out(pointer);
    out.push_back('/');
    for (const char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string JsonPointerAppend(std::string_view pointer, std::size_t index) {
    std::string out(pointer);
    out.push_back('/');
    out += std::to_string(index);
    return out;
}

}  // namespace passeur::core
