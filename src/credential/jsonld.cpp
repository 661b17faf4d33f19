// JSON-LD 1.1 to RDF in safe mode. See jsonld.hpp for the contract.
//
// Expansion, node map generation and RDF deserialization are fused: expanding a node object
// emits its quads at once into the current graph and yields its subject, which gives the same
// dataset as the three separate algorithms (the node map only merges what becomes a set of
// quads anyway) without building the expanded document or the node map.
#include "credential/jsonld.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/encoding.hpp"

// Assigns the value of a Result expression to `lhs` (a variable or a declaration), or returns its
// error.
#define JSONLD_CONCAT_INNER(a, b) a##b
#define JSONLD_CONCAT(a, b) JSONLD_CONCAT_INNER(a, b)
#define JSONLD_TRY_ASSIGN_IMPL(tmp, lhs, expr)                 \
    auto tmp = (expr);                                         \
    if (!tmp) return ::tl::unexpected(std::move(tmp.error())); \
    lhs = std::move(*tmp)
#define JSONLD_TRY_ASSIGN(lhs, expr) JSONLD_TRY_ASSIGN_IMPL(JSONLD_CONCAT(jsonld_try_, __LINE__), lhs, expr)

namespace passeur::credential {

using nlohmann::json;

namespace {

constexpr std::string_view kRdfType = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
constexpr std::string_view kRdfFirst = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
constexpr std::string_view kRdfRest = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
constexpr std::string_view kRdfNil = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
constexpr std::string_view kXsdBoolean = "http://www.w3.org/2001/XMLSchema#boolean";
constexpr std::string_view kXsdInteger = "http://www.w3.org/2001/XMLSchema#integer";
constexpr std::string_view kXsdDouble = "http://www.w3.org/2001/XMLSchema#double";

// Integers a JSON-LD processor reading numbers as IEEE doubles keeps exactly.
constexpr std::int64_t kMaxSafeInteger = 9007199254740992;  // 2^53
// Scoped contexts cached per active context (a bound against unbounded growth; the built-in
// contexts need a few dozen).
constexpr std::size_t kMaxDerivedContexts = 512;
constexpr std::size_t kMaxCachedContexts = 4096;

enum ContainerFlag : std::uint8_t { kContainerSet = 1, kContainerList = 2, kContainerGraph = 4 };

bool IsKeyword(std::string_view s) {
    static constexpr std::array<std::string_view, 23> kKeywords = {
        "@base",      "@container", "@context",  "@direction", "@graph", "@id",      "@import", "@included",
        "@index",     "@json",      "@language", "@list",      "@nest",  "@none",    "@prefix", "@propagate",
        "@protected", "@reverse",   "@set",      "@type",      "@value", "@version", "@vocab"};
    if (s.empty() || s[0] != '@') return false;
    return std::find(kKeywords.begin(), kKeywords.end(), s) != kKeywords.end();
}

// "@" followed by one or more ASCII letters: reserved for future keywords.
bool HasKeywordForm(std::string_view s) {
    if (s.size() < 2 || s[0] != '@') return false;
    for (std::size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return true;
}

// Length of the scheme ("https") when `s` starts with "scheme:", else 0.
std::size_t SchemeLength(std::string_view s) {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (alpha || (i > 0 && other)) continue;
        break;
    }
    return (i > 0 && i < s.size() && s[i] == ':') ? i : 0;
}

bool IsAbsoluteIri(std::string_view s) { return SchemeLength(s) > 0; }
bool IsBlankNodeId(std::string_view s) { return s.size() > 2 && s[0] == '_' && s[1] == ':'; }

// An absolute IRI that N-Quads can carry: no space, control or <>"{}|^`\ character.
bool IsWellFormedIri(std::string_view s) {
    if (!IsAbsoluteIri(s)) return false;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' || c == '^' ||
            c == '`' || c == '\\') {
            return false;
        }
    }
    return true;
}

bool EndsWithGenDelim(std::string_view s) {
    if (s.empty()) return false;
    char c = s.back();
    return c == ':' || c == '/' || c == '?' || c == '#' || c == '[' || c == ']' || c == '@';
}

// BCP 47 shape: 1-8 letters, then "-" and 1-8 letters or digits, repeated.
bool IsWellFormedLanguage(std::string_view s) {
    std::size_t start = 0;
    bool first = true;
    while (true) {
        std::size_t end = s.find('-', start);
        std::string_view part =
            s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (part.empty() || part.size() > 8) return false;
        for (char c : part) {
            bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            bool digit = c >= '0' && c <= '9';
            if (!alpha && !(digit && !first)) return false;
        }
        if (end == std::string_view::npos) return true;
        start = end + 1;
        first = false;
    }
}

std::string ToLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// --- RFC 3986 section 5.2 reference resolution (for @base) -----------------------------------

struct IriParts {
    std::string_view scheme, authority, path, query, fragment;
    bool has_authority = false, has_query = false, has_fragment = false;
};

IriParts SplitIri(std::string_view s) {
    IriParts p;
    if (std::size_t n = SchemeLength(s); n > 0) {
        p.scheme = s.substr(0, n);
        s.remove_prefix(n + 1);
    }
    if (auto hash = s.find('#'); hash != std::string_view::npos) {
        p.fragment = s.substr(hash + 1);
        p.has_fragment = true;
        s = s.substr(0, hash);
    }
    if (auto q = s.find('?'); q != std::string_view::npos) {
        p.query = s.substr(q + 1);
        p.has_query = true;
        s = s.substr(0, q);
    }
    if (s.substr(0, 2) == "//") {
        s.remove_prefix(2);
        auto slash = s.find('/');
        p.authority = s.substr(0, slash);
        p.has_authority = true;
        s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
    }
    p.path = s;
    return p;
}

std::string RemoveDotSegments(std::string_view in) {
    std::string out;
    while (!in.empty()) {
        if (in.substr(0, 3) == "../") {
            in.remove_prefix(3);
        } else if (in.substr(0, 2) == "./") {
            in.remove_prefix(2);
        } else if (in.substr(0, 3) == "/./") {
            in.remove_prefix(2);
        } else if (in == "/.") {
            in = "/";
        } else if (in.substr(0, 4) == "/../" || in == "/..") {
            in = in.size() == 3 ? std::string_view("/") : in.substr(3);
            auto last = out.rfind('/');
            out.erase(last == std::string::npos ? 0 : last);
        } else if (in == "." || in == "..") {
            in = {};
        } else {
            std::size_t next = in.find('/', in[0] == '/' ? 1 : 0);
            out.append(in.substr(0, next));
            in = next == std::string_view::npos ? std::string_view() : in.substr(next);
        }
    }
    return out;
}

std::string ResolveIri(std::string_view base, std::string_view reference) {
    IriParts r = SplitIri(reference);
    IriParts b = SplitIri(base);
    std::string scheme, authority, path, query;
    bool has_authority = false, has_query = false;
    if (!r.scheme.empty()) {
        scheme = r.scheme;
        authority = r.authority;
        has_authority = r.has_authority;
        path = RemoveDotSegments(r.path);
        query = r.query;
        has_query = r.has_query;
    } else {
        scheme = b.scheme;
        if (r.has_authority) {
            authority = r.authority;
            has_authority = true;
            path = RemoveDotSegments(r.path);
            query = r.query;
            has_query = r.has_query;
        } else {
            authority = b.authority;
            has_authority = b.has_authority;
            if (r.path.empty()) {
                path = b.path;
                query = r.has_query ? r.query : b.query;
                has_query = r.has_query || b.has_query;
            } else {
                if (r.path[0] == '/') {
                    path = RemoveDotSegments(r.path);
                } else {
                    std::string merged;
                    if (b.has_authority && b.path.empty()) {
                        merged = "/" + std::string(r.path);
                    } else {
                        auto slash = b.path.rfind('/');
                        merged = std::string(slash == std::string_view::npos ? std::string_view()
                                                                             : b.path.substr(0, slash + 1)) +
                                 std::string(r.path);
                    }
                    path = RemoveDotSegments(merged);
                }
                query = r.query;
                has_query = r.has_query;
            }
        }
    }
    std::string out = scheme + ":";
    if (has_authority) out += "//" + authority;
    out += path;
    if (has_query) out += "?" + query;
    if (r.has_fragment) out += "#" + std::string(r.fragment);
    return out;
}

// --- numbers -------------------------------------------------------------------------------------

// Canonical xsd:double as JSON-LD processors write it: 16 significant digits (ECMAScript
// toExponential(15)), trailing zeros removed but one fraction digit kept, "E", exponent without
// "+" or leading zeros: 3.5 -> "3.5E0", 0.1 -> "1.0E-1".
std::string CanonicalDouble(double v) {
    std::array<char, 64> buf{};
    auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific, 15);
    std::string_view s(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    auto e = s.find('e');
    std::string_view mantissa = s.substr(0, e);
    int exponent = 0;
    std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exponent);
    while (mantissa.size() > 1 && mantissa.back() == '0' && mantissa[mantissa.size() - 2] != '.') {
        mantissa.remove_suffix(1);
    }
    return std::string(mantissa) + "E" + std::to_string(exponent);
}

// The exact decimal integer of an integral double (|v| < 10^21), as ECMAScript toFixed(0).
std::string IntegralDouble(double v) {
    if (v == 0) return "0";
    std::array<char, 64> buf{};
    auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 0);
    return std::string(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
}

// ECMAScript Number::toString (used by JCS).
std::string EcmaNumber(double v) {
    if (v == 0) return "0";
    std::string sign = v < 0 ? "-" : "";
    v = std::fabs(v);
    std::array<char, 64> buf{};
    auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    std::string_view s(buf.data(), static_cast<std::size_t>(res.ptr - buf.data()));
    auto e = s.find('e');
    std::string digits;
    for (char c : s.substr(0, e)) {
        if (c != '.') digits.push_back(c);
    }
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    int exponent = 0;
    std::from_chars(s.data() + e + 1 + (s[e + 1] == '+' ? 1 : 0), s.data() + s.size(), exponent);
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;
    if (k <= n && n <= 21) return sign + digits + std::string(static_cast<std::size_t>(n - k), '0');
    if (0 < n && n <= 21) {
        return sign + digits.substr(0, static_cast<std::size_t>(n)) + "." +
               digits.substr(static_cast<std::size_t>(n));
    }
    if (-6 < n && n <= 0) return sign + "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    std::string out = sign + digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += n - 1 >= 0 ? "e+" : "e-";
    out += std::to_string(std::abs(n - 1));
    return out;
}

std::u16string Utf16Key(std::string_view s) {
    std::u16string out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        std::uint32_t cp = 0;
        std::size_t len = 1;
        if (c < 0x80) {
            cp = c;
        } else if ((c >> 5) == 0x6) {
            cp = c & 0x1Fu;
            len = 2;
        } else if ((c >> 4) == 0xE) {
            cp = c & 0x0Fu;
            len = 3;
        } else {
            cp = c & 0x07u;
            len = 4;
        }
        for (std::size_t j = 1; j < len && i + j < s.size(); ++j) {
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + j]) & 0x3Fu);
        }
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
    }
    return out;
}

core::Result<void> AppendCanonicalJson(const json& v, std::string& out, std::size_t depth) {
    if (depth > kMaxJsonLdDepth) {
        return core::Fail(core::Error::InvalidArgument("JSON value nested too deeply"));
    }
    switch (v.type()) {
        case json::value_t::null:
            out += "null";
            return core::Ok();
        case json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            return core::Ok();
        case json::value_t::number_integer: {
            auto i = v.get<std::int64_t>();
            if (i > kMaxSafeInteger || i < -kMaxSafeInteger) {
                return core::Fail(core::Error::InvalidArgument("integer beyond +-2^53"));
            }
            out += std::to_string(i);
            return core::Ok();
        }
        case json::value_t::number_unsigned: {
            auto u = v.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(kMaxSafeInteger)) {
                return core::Fail(core::Error::InvalidArgument("integer beyond +-2^53"));
            }
            out += std::to_string(u);
            return core::Ok();
        }
        case json::value_t::number_float: {
            double d = v.get<double>();
            if (!std::isfinite(d)) return core::Fail(core::Error::InvalidArgument("number is not finite"));
            out += EcmaNumber(d);
            return core::Ok();
        }
        case json::value_t::string: {
            const auto& s = v.get_ref<const std::string&>();
            if (!core::IsValidUtf8(s)) return core::Fail(core::Error::InvalidArgument("string is not UTF-8"));
            out.push_back('"');
            for (char ch : s) {
                auto c = static_cast<unsigned char>(ch);
                switch (c) {
                    case '"':
                        out += "\\\"";
                        break;
                    case '\\':
                        out += "\\\\";
                        break;
                    case '\b':
                        out += "\\b";
                        break;
                    case '\f':
                        out += "\\f";
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
                    default:
                        if (c < 0x20) {
                            std::array<char, 8> esc{};
                            std::snprintf(esc.data(), esc.size(), "\\u%04x", static_cast<unsigned>(c));
                            out += esc.data();
                        } else {
                            out.push_back(ch);
                        }
                }
            }
            out.push_back('"');
            return core::Ok();
        }
        case json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& item : v) {
                if (!first) out.push_back(',');
                first = false;
                PASSEUR_TRY(AppendCanonicalJson(item, out, depth + 1));
            }
            out.push_back(']');
            return core::Ok();
        }
        case json::value_t::object: {
            std::vector<std::pair<std::u16string, json::const_iterator>> keys;
            keys.reserve(v.size());
            for (auto it = v.begin(); it != v.end(); ++it) keys.emplace_back(Utf16Key(it.key()), it);
            std::sort(keys.begin(), keys.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            out.push_back('{');
            bool first = true;
            for (const auto& [key, it] : keys) {
                if (!first) out.push_back(',');
                first = false;
                PASSEUR_TRY(AppendCanonicalJson(json(it.key()), out, depth + 1));
                out.push_back(':');
                PASSEUR_TRY(AppendCanonicalJson(it.value(), out, depth + 1));
            }
            out.push_back('}');
            return core::Ok();
        }
        default:
            return core::Fail(core::Error::InvalidArgument("binary or discarded JSON value"));
    }
}

}  // namespace

core::Result<std::string> CanonicalJson(const json& value) {
    std::string out;
    PASSEUR_TRY(AppendCanonicalJson(value, out, 0));
    return out;
}

// --- active contexts -----------------------------------------------------------------------------

namespace detail {

struct ActiveContext;
using ContextPtr = std::shared_ptr<const ActiveContext>;

struct TermDefinition {
    std::string iri;  // IRI, blank node identifier or keyword; meaningless when !has_iri
    bool has_iri = false;
    bool prefix = false;
    bool is_protected = false;
    std::string type_mapping;  // "" none, "@id", "@vocab", "@json", "@none" or an IRI
    std::uint8_t container = 0;
    bool has_language = false;  // the term sets a language (language_null: to none)
    bool language_null = false;
    std::string language;
    std::shared_ptr<const json> local_context;  // scoped context, kept alive with its document

    // Equality other than the protected flag (protected term redefinition check).
    bool SameAs(const TermDefinition& o) const {
        bool same_context = (local_context == nullptr) == (o.local_context == nullptr) &&
                            (local_context == nullptr || local_context == o.local_context ||
                             *local_context == *o.local_context);
        return iri == o.iri && has_iri == o.has_iri && prefix == o.prefix && type_mapping == o.type_mapping &&
               container == o.container && has_language == o.has_language &&
               language_null == o.language_null && language == o.language && same_context;
    }
};

// Key of a derived context: the address of a local context kept alive by its owner, or a list of
// context URLs; plus the processing flags.
struct DerivedKey {
    const void* pointer = nullptr;
    std::string urls;
    std::uint8_t flags = 0;
    friend bool operator<(const DerivedKey& a, const DerivedKey& b) {
        if (a.pointer != b.pointer) return std::less<const void*>()(a.pointer, b.pointer);
        if (a.flags != b.flags) return a.flags < b.flags;
        return a.urls < b.urls;
    }
};

struct ActiveContext {
    std::unordered_map<std::string, TermDefinition> terms;
    // Terms aliasing @type, @value and @id (to find those entries without expanding every key).
    std::vector<std::string> type_aliases, value_aliases, id_aliases;
    std::optional<std::string> vocab;
    std::optional<std::string> base;
    std::optional<std::string> default_language;
    ContextPtr previous;
    bool has_protected = false;
    // Whether contexts derived from this one may be cached in it: true for the root and for
    // contexts built only from remote documents (inline contexts of a document are processed per
    // call, so nothing of a document outlives the call).
    bool cacheable = false;

    // Contexts derived from this one by processing a cacheable local context (a URL list or a
    // scoped context of a term definition); the json owner keeps the key's address alive.
    mutable std::mutex mutex;
    mutable std::map<DerivedKey, std::pair<ContextPtr, std::shared_ptr<const json>>> derived;

    void IndexAliases() {
        type_aliases.clear();
        value_aliases.clear();
        id_aliases.clear();
        for (const auto& [term, def] : terms) {
            if (!def.has_iri) continue;
            if (def.iri == "@type") type_aliases.push_back(term);
            if (def.iri == "@value") value_aliases.push_back(term);
            if (def.iri == "@id") id_aliases.push_back(term);
        }
    }

    const TermDefinition* Find(const std::string& term) const {
        auto it = terms.find(term);
        return it == terms.end() ? nullptr : &it->second;
    }

    std::shared_ptr<ActiveContext> Clone() const {
        auto copy = std::make_shared<ActiveContext>();
        copy->terms = terms;
        copy->vocab = vocab;
        copy->base = base;
        copy->default_language = default_language;
        copy->previous = previous;
        copy->has_protected = has_protected;
        copy->cacheable = cacheable;
        copy->type_aliases = type_aliases;
        copy->value_aliases = value_aliases;
        copy->id_aliases = id_aliases;
        return copy;
    }
};

struct ContextCacheRoot {
    ContextPtr empty = [] {
        auto root = std::make_shared<ActiveContext>();
        root->cacheable = true;
        return root;
    }();
    // Contexts cached under this root, over all active contexts (bounds the memory an adversary
    // can make the cache hold by combining types; past it, contexts are processed per call).
    std::atomic<std::size_t> cached{0};

    // Every context that holds cached derived contexts. A derived context may point back to its
    // parent (previous context), so the caches are cleared explicitly to free the cycles.
    std::mutex mutex;
    std::vector<ContextPtr> holders;

    void AddHolder(ContextPtr context) {
        std::lock_guard lock(mutex);
        holders.push_back(std::move(context));
    }

    ~ContextCacheRoot() {
        for (const auto& context : holders) {
            std::lock_guard lock(context->mutex);
            context->derived.clear();
        }
    }
};

std::shared_ptr<ContextCacheRoot> MakeContextCacheRoot() { return std::make_shared<ContextCacheRoot>(); }

}  // namespace detail

namespace {

using detail::ActiveContext;
using detail::ContextPtr;
using detail::TermDefinition;

core::Error Invalid(std::string message, std::string field) {
    return core::Error::InvalidArgument(std::move(message), std::move(field));
}

// IRI expansion against a finished active context (JSON-LD 1.1 IRI Expansion, without a local
// context); nullopt for a null mapping. The view points into ctx, `value` or `scratch`. When
// `term` is given, it receives ctx.Find(value) whenever the result is not a keyword (saves the
// caller a second lookup).
std::optional<std::string_view> ExpandIriView(const ActiveContext& ctx, const std::string& value,
                                              bool document_relative, bool vocab, std::string& scratch,
                                              const TermDefinition** term = nullptr) {
    if (IsKeyword(value)) return std::string_view(value);
    if (HasKeywordForm(value)) return std::nullopt;
    const TermDefinition* found = ctx.Find(value);
    if (term) *term = found;
    if (const TermDefinition* def = found) {
        if (def->has_iri && IsKeyword(def->iri)) return std::string_view(def->iri);
        if (vocab) {
            if (!def->has_iri) return std::nullopt;
            return std::string_view(def->iri);
        }
    }
    auto colon = value.find(':', 1);
    if (colon != std::string::npos) {
        std::string_view prefix(value.data(), colon);
        std::string_view suffix(value.data() + colon + 1, value.size() - colon - 1);
        if (prefix == "_" || suffix.substr(0, 2) == "//") return std::string_view(value);
        if (const TermDefinition* def = ctx.Find(std::string(prefix)); def && def->has_iri && def->prefix) {
            scratch.assign(def->iri);
            scratch.append(suffix);
            return std::string_view(scratch);
        }
        if (IsAbsoluteIri(value)) return std::string_view(value);
    }
    if (vocab && ctx.vocab) {
        scratch.assign(*ctx.vocab);
        scratch.append(value);
        return std::string_view(scratch);
    }
    if (document_relative && ctx.base) {
        scratch = ResolveIri(*ctx.base, value);
        return std::string_view(scratch);
    }
    return std::string_view(value);
}

// IRI expansion against a finished active context (JSON-LD 1.1 IRI Expansion, without a local
// context). Returns false for a null mapping; `out` is then unspecified.
bool ExpandIri(const ActiveContext& ctx, const std::string& value, bool document_relative, bool vocab,
               std::string& out) {
    auto view = ExpandIriView(ctx, value, document_relative, vocab, out);
    if (!view) return false;
    if (view->data() != out.data()) out.assign(*view);
    return true;
}

// --- context processing --------------------------------------------------------------------------

class ContextProcessor {
public:
    ContextProcessor(const ContextSet& set, detail::ContextCacheRoot& root) : set_(set), root_(root) {}

    // Context Processing algorithm. `owner` is non-null when `local` lives in a document that
    // The cached result of Process for these arguments, or nullptr (not cached, or not cacheable).
    static ContextPtr Cached(const ContextPtr& active, const json& local,
                             const std::shared_ptr<const json>& owner, bool override_protected,
                             bool propagate) {
        if (local.is_object()) {
            auto it = local.find("@propagate");
            if (it != local.end() && it->is_boolean()) propagate = it->get<bool>();
        }
        if (!active->cacheable) return nullptr;
        auto key = CacheKey(local, owner, override_protected, propagate);
        if (!key) return nullptr;
        std::lock_guard lock(active->mutex);
        auto found = active->derived.find(*key);
        return found == active->derived.end() ? nullptr : found->second.first;
    }

    // Context Processing algorithm. `owner` is non-null when `local` lives in a document that
    // outlives the call (a remote context): its scoped contexts are then shared, not copied, and
    // the result is cached in `active`. `where` prefixes error messages.
    core::Result<ContextPtr> Process(const ContextPtr& active, const json& local,
                                     const std::shared_ptr<const json>& owner, bool override_protected,
                                     bool propagate, std::size_t remote_depth, const std::string& where) {
        if (local.is_object()) {
            if (auto it = local.find("@propagate"); it != local.end()) {
                if (!it->is_boolean())
                    return core::Fail(Invalid(where + ": @propagate must be a boolean", where));
                propagate = it->get<bool>();
            }
        }
        auto key = active->cacheable ? CacheKey(local, owner, override_protected, propagate) : std::nullopt;
        if (key) {
            std::lock_guard lock(active->mutex);
            if (auto it = active->derived.find(*key); it != active->derived.end()) return it->second.first;
        }
        ContextPtr current = active;
        auto process_entry = [&](const json& entry) -> core::Result<void> {
            if (entry.is_null()) {
                if (!override_protected && current->has_protected) {
                    return core::Fail(
                        Invalid(where + ": a context with protected terms cannot be nullified", where));
                }
                auto fresh = std::make_shared<ActiveContext>();
                fresh->previous = current->previous;
                fresh->cacheable = false;
                current = std::move(fresh);
                return core::Ok();
            }
            if (entry.is_string()) {
                const auto& url = entry.get_ref<const std::string&>();
                if (remote_depth + 1 > kMaxJsonLdRemoteContexts) {
                    return core::Fail(Invalid(where + ": too many nested remote contexts", where));
                }
                auto document = set_.Find(url);
                if (!document) {
                    return core::Fail(Invalid(where + ": unknown context " + url +
                                                  " (only built-in contexts are allowed; none is fetched)",
                                              where));
                }
                std::shared_ptr<const json> inner(document, &document->at("@context"));
                JSONLD_TRY_ASSIGN(current, Process(current, *inner, inner, false, true, remote_depth + 1,
                                                   where + " (context " + url + ")"));
                return core::Ok();
            }
            if (!entry.is_object()) {
                return core::Fail(
                    Invalid(where + ": a context must be an object, a URL string or null", where));
            }
            auto result = current->Clone();
            result->cacheable = current->cacheable && owner != nullptr;
            PASSEUR_TRY(ProcessObject(*result, entry, owner, override_protected, remote_depth, where));
            result->IndexAliases();
            current = std::move(result);
            return core::Ok();
        };
        if (local.is_array()) {
            for (const auto& entry : local) PASSEUR_TRY(process_entry(entry));
        } else {
            PASSEUR_TRY(process_entry(local));
        }
        if (!propagate) {
            auto with_previous = current->Clone();
            with_previous->previous = active->previous ? active->previous : active;
            current = std::move(with_previous);
        }
        if (key) {
            std::lock_guard lock(active->mutex);
            if (active->derived.size() < kMaxDerivedContexts &&
                root_.cached.fetch_add(1) < kMaxCachedContexts) {
                if (active->derived.empty()) root_.AddHolder(active);
                active->derived.emplace(std::move(*key), std::make_pair(current, owner));
            }
        }
        return current;
    }

private:
    // The derived-context cache key, or nullopt when `local` is not cacheable (an inline context
    // of the document, whose address is not stable).
    static std::optional<detail::DerivedKey> CacheKey(const json& local,
                                                      const std::shared_ptr<const json>& owner,
                                                      bool override_protected, bool propagate) {
        detail::DerivedKey key;
        key.flags = static_cast<std::uint8_t>((override_protected ? 1 : 0) | (propagate ? 2 : 0));
        if (owner) {
            key.pointer = &local;
            return key;
        }
        auto add_url = [&key](const json& entry) {
            if (!entry.is_string()) return false;
            key.urls.push_back('\n');
            key.urls += entry.get_ref<const std::string&>();
            return true;
        };
        if (local.is_string()) {
            if (!add_url(local)) return std::nullopt;
            return key;
        }
        if (local.is_array() && !local.empty()) {
            for (const auto& entry : local) {
                if (!add_url(entry)) return std::nullopt;
            }
            return key;
        }
        return std::nullopt;
    }

    struct Frame {
        ActiveContext& result;
        const json& local;
        std::unordered_map<std::string, bool> defined;
        const std::shared_ptr<const json>& owner;
        bool protected_default;
        bool override_protected;
        const std::string& where;
    };

    core::Result<void> ProcessObject(ActiveContext& result, const json& context,
                                     const std::shared_ptr<const json>& owner, bool override_protected,
                                     std::size_t remote_depth, const std::string& where) {
        if (auto it = context.find("@version"); it != context.end()) {
            if (!it->is_number() || it->get<double>() != 1.1) {
                return core::Fail(Invalid(where + ": @version must be the number 1.1", where));
            }
        }
        if (context.contains("@import")) {
            return core::Fail(Invalid(where + ": @import is not supported", where));
        }
        if (context.contains("@direction")) {
            return core::Fail(Invalid(where + ": @direction is not supported", where));
        }
        if (auto it = context.find("@base"); it != context.end()) {
            // Only in a context of the document itself (remote contexts cannot set the base).
            if (remote_depth == 0) {
                if (it->is_null()) {
                    result.base.reset();
                } else if (it->is_string() && IsWellFormedIri(it->get_ref<const std::string&>())) {
                    result.base = it->get<std::string>();
                } else {
                    return core::Fail(Invalid(where + ": @base must be an absolute IRI or null", where));
                }
            }
        }
        if (auto it = context.find("@vocab"); it != context.end()) {
            if (it->is_null()) {
                result.vocab.reset();
            } else if (it->is_string()) {
                std::string expanded;
                bool mapped = ExpandIri(result, it->get<std::string>(), true, true, expanded);
                if (!mapped || !IsWellFormedIri(expanded)) {
                    return core::Fail(Invalid(where + ": @vocab must expand to an absolute IRI", where));
                }
                result.vocab = std::move(expanded);
            } else {
                return core::Fail(Invalid(where + ": @vocab must be a string or null", where));
            }
        }
        if (auto it = context.find("@language"); it != context.end()) {
            if (it->is_null()) {
                result.default_language.reset();
            } else if (it->is_string() && IsWellFormedLanguage(it->get_ref<const std::string&>())) {
                result.default_language = ToLower(it->get_ref<const std::string&>());
            } else {
                return core::Fail(Invalid(where + ": @language must be a language tag or null", where));
            }
        }
        if (auto it = context.find("@propagate"); it != context.end() && !it->is_boolean()) {
            return core::Fail(Invalid(where + ": @propagate must be a boolean", where));
        }
        bool protected_default = false;
        if (auto it = context.find("@protected"); it != context.end()) {
            if (!it->is_boolean())
                return core::Fail(Invalid(where + ": @protected must be a boolean", where));
            protected_default = it->get<bool>();
        }
        Frame frame{result, context, {}, owner, protected_default, override_protected, where};
        for (auto it = context.begin(); it != context.end(); ++it) {
            const std::string& term = it.key();
            if (term == "@base" || term == "@direction" || term == "@import" || term == "@language" ||
                term == "@propagate" || term == "@protected" || term == "@version" || term == "@vocab") {
                continue;
            }
            PASSEUR_TRY(CreateTermDefinition(frame, term));
        }
        return core::Ok();
    }

    // IRI expansion while a local context is being processed: terms of the local context are
    // defined first when met.
    core::Result<bool> ExpandIriLocal(Frame& f, const std::string& value, bool document_relative, bool vocab,
                                      std::string& out) {
        if (IsKeyword(value)) {
            out = value;
            return true;
        }
        if (HasKeywordForm(value)) return false;
        if (f.local.contains(value)) {
            if (auto d = f.defined.find(value); d == f.defined.end() || !d->second) {
                PASSEUR_TRY(CreateTermDefinition(f, value));
            }
        }
        auto colon = value.find(':', 1);
        if (colon != std::string::npos) {
            std::string prefix = value.substr(0, colon);
            if (prefix != "_" && value.compare(colon + 1, 2, "//") != 0 && f.local.contains(prefix)) {
                if (auto d = f.defined.find(prefix); d == f.defined.end() || !d->second) {
                    PASSEUR_TRY(CreateTermDefinition(f, prefix));
                }
            }
        }
        return ExpandIri(f.result, value, document_relative, vocab, out);
    }

    core::Result<void> CreateTermDefinition(Frame& f, const std::string& term) {
        const std::string where = f.where + ", term \"" + term + "\"";
        if (auto d = f.defined.find(term); d != f.defined.end()) {
            if (d->second) return core::Ok();
            return core::Fail(Invalid(where + ": cyclic IRI mapping", where));
        }
        if (term.empty()) return core::Fail(Invalid(where + ": empty term", where));
        if (term.size() > kMaxJsonLdStringBytes)
            return core::Fail(Invalid(f.where + ": term too long", f.where));
        f.defined[term] = false;
        const json& raw = f.local.at(term);
        if (term == "@type") {
            // JSON-LD 1.1 allows only {"@container": "@set", "@protected": ...}: no effect on RDF.
            bool ok = raw.is_object() && !raw.empty();
            if (ok) {
                for (auto it = raw.begin(); it != raw.end(); ++it) {
                    if (it.key() == "@container" && *it == "@set") continue;
                    if (it.key() == "@protected" && it->is_boolean()) continue;
                    ok = false;
                }
            }
            if (!ok) return core::Fail(Invalid(where + ": keyword redefinition", where));
            f.defined[term] = true;
            return core::Ok();
        }
        if (IsKeyword(term)) return core::Fail(Invalid(where + ": keyword redefinition", where));
        if (HasKeywordForm(term)) return core::Fail(Invalid(where + ": reserved term (keyword form)", where));

        const TermDefinition* previous_ptr = f.result.Find(term);
        std::optional<TermDefinition> previous;
        if (previous_ptr) previous = *previous_ptr;
        f.result.terms.erase(term);

        json value_storage;
        const json* value = &raw;
        bool simple_term = false;
        if (raw.is_null()) {
            value_storage = json{{"@id", nullptr}};
            value = &value_storage;
        } else if (raw.is_string()) {
            value_storage = json{{"@id", raw}};
            value = &value_storage;
            simple_term = true;
        } else if (!raw.is_object()) {
            return core::Fail(
                Invalid(where + ": a term definition must be a string, an object or null", where));
        }

        TermDefinition def;
        def.is_protected = f.protected_default;
        for (auto it = value->begin(); it != value->end(); ++it) {
            const std::string& k = it.key();
            if (k != "@id" && k != "@type" && k != "@container" && k != "@context" && k != "@language" &&
                k != "@prefix" && k != "@protected") {
                if (k == "@reverse" || k == "@nest" || k == "@index" || k == "@direction") {
                    return core::Fail(Invalid(where + ": " + k + " is not supported", where));
                }
                return core::Fail(Invalid(where + ": invalid term definition entry " + k, where));
            }
        }
        if (auto it = value->find("@protected"); it != value->end()) {
            if (!it->is_boolean())
                return core::Fail(Invalid(where + ": @protected must be a boolean", where));
            def.is_protected = it->get<bool>();
        }
        if (auto it = value->find("@type"); it != value->end()) {
            if (!it->is_string()) return core::Fail(Invalid(where + ": @type must be a string", where));
            std::string type;
            JSONLD_TRY_ASSIGN(bool mapped, ExpandIriLocal(f, it->get<std::string>(), false, true, type));
            if (!mapped || !(type == "@id" || type == "@vocab" || type == "@json" || type == "@none" ||
                             IsWellFormedIri(type))) {
                return core::Fail(Invalid(where + ": invalid type mapping " + it->dump(), where));
            }
            def.type_mapping = std::move(type);
        }
        auto id_it = value->find("@id");
        if (id_it != value->end() && !(id_it->is_string() && id_it->get_ref<const std::string&>() == term)) {
            if (id_it->is_null()) {
                def.has_iri = false;
            } else {
                if (!id_it->is_string())
                    return core::Fail(Invalid(where + ": @id must be a string or null", where));
                const auto& id = id_it->get_ref<const std::string&>();
                if (!IsKeyword(id) && HasKeywordForm(id)) {
                    return core::Fail(Invalid(where + ": @id has the form of a keyword", where));
                }
                std::string iri;
                JSONLD_TRY_ASSIGN(bool mapped, ExpandIriLocal(f, id, false, true, iri));
                if (!mapped || !(IsKeyword(iri) || IsWellFormedIri(iri) || IsBlankNodeId(iri))) {
                    return core::Fail(Invalid(where + ": @id does not expand to an absolute IRI", where));
                }
                if (iri == "@context")
                    return core::Fail(Invalid(where + ": @context cannot be aliased", where));
                def.iri = std::move(iri);
                def.has_iri = true;
                auto colon = term.find(':', 1);
                if ((colon != std::string::npos && colon + 1 < term.size()) ||
                    term.find('/') != std::string::npos) {
                    f.defined[term] = true;
                    std::string self;
                    JSONLD_TRY_ASSIGN(bool self_mapped, ExpandIriLocal(f, term, false, true, self));
                    if (!self_mapped || self != def.iri) {
                        return core::Fail(
                            Invalid(where + ": term looks like an IRI but maps to another IRI", where));
                    }
                }
                if (term.find(':') == std::string::npos && term.find('/') == std::string::npos &&
                    simple_term && (EndsWithGenDelim(def.iri) || IsBlankNodeId(def.iri))) {
                    def.prefix = true;
                }
            }
        } else if (auto colon = term.find(':', 1); colon != std::string::npos) {
            std::string prefix = term.substr(0, colon);
            if (f.local.contains(prefix)) PASSEUR_TRY(CreateTermDefinition(f, prefix));
            if (const TermDefinition* p = f.result.Find(prefix); p && p->has_iri) {
                def.iri = p->iri + term.substr(colon + 1);
            } else {
                def.iri = term;
            }
            def.has_iri = true;
            if (!IsWellFormedIri(def.iri) && !IsBlankNodeId(def.iri)) {
                return core::Fail(Invalid(where + ": term does not expand to an absolute IRI", where));
            }
        } else if (term.find('/') != std::string::npos) {
            std::string iri;
            JSONLD_TRY_ASSIGN(bool mapped, ExpandIriLocal(f, term, false, true, iri));
            if (!mapped || !IsWellFormedIri(iri)) {
                return core::Fail(Invalid(where + ": term does not expand to an absolute IRI", where));
            }
            def.iri = std::move(iri);
            def.has_iri = true;
        } else if (f.result.vocab) {
            def.iri = *f.result.vocab + term;
            def.has_iri = true;
            if (!IsWellFormedIri(def.iri)) {
                return core::Fail(Invalid(where + ": term does not expand to an absolute IRI", where));
            }
        } else {
            return core::Fail(Invalid(where + ": no IRI mapping (no @id and no @vocab)", where));
        }
        if (auto it = value->find("@container"); it != value->end()) {
            auto add = [&def](const json& c) {
                if (c == "@set") {
                    def.container |= kContainerSet;
                } else if (c == "@list") {
                    def.container |= kContainerList;
                } else if (c == "@graph") {
                    def.container |= kContainerGraph;
                } else {
                    return false;
                }
                return true;
            };
            bool ok = true;
            if (it->is_array()) {
                for (const auto& c : *it) ok = ok && add(c);
            } else {
                ok = add(*it);
            }
            bool list_with_other = (def.container & kContainerList) && def.container != kContainerList;
            if (!ok || list_with_other || def.container == 0) {
                return core::Fail(Invalid(where + ": unsupported @container " + it->dump() +
                                              " (supported: @set, @list, @graph, [@graph, @set])",
                                          where));
            }
        }
        if (auto it = value->find("@context"); it != value->end()) {
            // Scoped contexts are processed when used (their errors surface then).
            def.local_context =
                f.owner ? std::shared_ptr<const json>(f.owner, &*it) : std::make_shared<const json>(*it);
        }
        if (auto it = value->find("@language"); it != value->end() && !value->contains("@type")) {
            def.has_language = true;
            if (it->is_null()) {
                def.language_null = true;
            } else if (it->is_string() && IsWellFormedLanguage(it->get_ref<const std::string&>())) {
                def.language = ToLower(it->get_ref<const std::string&>());
            } else {
                return core::Fail(Invalid(where + ": @language must be a language tag or null", where));
            }
        }
        if (auto it = value->find("@prefix"); it != value->end()) {
            if (!it->is_boolean() || term.find(':') != std::string::npos ||
                term.find('/') != std::string::npos) {
                return core::Fail(Invalid(where + ": invalid @prefix", where));
            }
            def.prefix = it->get<bool>();
            if (def.prefix && def.has_iri && IsKeyword(def.iri)) {
                return core::Fail(Invalid(where + ": a keyword alias cannot be a prefix", where));
            }
        }
        if (!f.override_protected && previous && previous->is_protected) {
            if (!def.SameAs(*previous)) {
                return core::Fail(Invalid(where + ": redefinition of a protected term", where));
            }
            def = *previous;
        }
        if (def.is_protected) f.result.has_protected = true;
        f.result.terms[term] = std::move(def);
        f.defined[term] = true;
        return core::Ok();
    }

    const ContextSet& set_;
    detail::ContextCacheRoot& root_;
};

// --- expansion to RDF ----------------------------------------------------------------------------

// An expanded value: a term (node reference or literal) or a list of values.
struct Item {
    bool is_list = false;
    Term term;
    std::vector<Item> list;
};

struct PathElement {
    const std::string* key = nullptr;  // else an array index
    std::size_t index = 0;
};

class Converter {
public:
    Converter(const ContextSet& set, const JsonLdOptions& options)
        : set_(set),
          root_(set.CacheRoot()),
          processor_(set, *root_),
          max_quads_(std::min(options.max_quads, kMaxJsonLdQuads)),
          skip_member_(options.skip_top_level_member),
          context_override_(options.top_level_context) {}

    core::Result<Dataset> Run(const json& document) {
        if (!document.is_object() && !document.is_array()) {
            return core::Fail(Invalid("a JSON-LD document is a JSON object or array", ""));
        }
        if (document.is_object()) top_object_ = &document;
        out_.reserve(128);
        std::vector<Item> ignored;
        PASSEUR_TRY(Expand(root_->empty, nullptr, nullptr, document, nullptr, ignored, 0, true));
        return std::move(out_);
    }

private:
    std::string Path() const {
        if (path_.empty()) return "(document)";
        std::string out;
        for (const auto& e : path_) {
            if (e.key) {
                if (!out.empty()) out.push_back('.');
                out += *e.key;
            } else {
                out += "[" + std::to_string(e.index) + "]";
            }
        }
        return out;
    }

    core::Error Error(const std::string& what) const {
        std::string path = Path();
        return Invalid(path + ": " + what, path);
    }

    struct PathGuard {
        std::vector<PathElement>& path;
        ~PathGuard() { path.pop_back(); }
    };
    PathGuard PushKey(const std::string& key) {
        path_.push_back({&key, 0});
        return PathGuard{path_};
    }
    PathGuard PushIndex(std::size_t index) {
        path_.push_back({nullptr, index});
        return PathGuard{path_};
    }

    core::Result<ContextPtr> ProcessContext(const ContextPtr& active, const json& local,
                                            const std::shared_ptr<const json>& owner, bool override_protected,
                                            bool propagate, std::string_view what,
                                            std::string_view detail = {}) {
        if (ContextPtr cached =
                ContextProcessor::Cached(active, local, owner, override_protected, propagate)) {
            return cached;
        }
        std::string where = Path();
        where.append(what);
        if (!detail.empty()) {
            where.append(detail);
            where.push_back(')');
        }
        return processor_.Process(active, local, owner, override_protected, propagate, 0, where);
    }

    Term NewBlank() { return Term::Blank("b" + std::to_string(blank_counter_++)); }

    Term BlankFor(const std::string& document_label) {
        auto [it, inserted] = blank_labels_.try_emplace(document_label);
        if (inserted) it->second = "b" + std::to_string(blank_counter_++);
        return Term::Blank(it->second);
    }

    // Appends a quad; `predicate` is an IRI (written straight into the quad: no temporary Term).
    core::Result<void> Emit(const Term& subject, std::string_view predicate, Term object, const Term* graph) {
        if (out_.size() >= max_quads_) {
            return core::Fail(Error("the document gives more than " + std::to_string(max_quads_) + " quads"));
        }
        Quad& quad = out_.emplace_back();
        quad.subject = subject;
        quad.predicate.value.assign(predicate);
        quad.object = std::move(object);
        if (graph) quad.graph = *graph;
        return core::Ok();
    }

    core::Result<void> CheckString(const std::string& s) {
        if (s.size() > kMaxJsonLdStringBytes) {
            return core::Fail(
                Error("string longer than " + std::to_string(kMaxJsonLdStringBytes) + " bytes"));
        }
        // The ASCII prefix is valid as is (most strings are all ASCII); the UTF-8 decoder checks
        // the rest, which starts at a character boundary.
        std::size_t ascii = 0;
        while (ascii < s.size() && static_cast<unsigned char>(s[ascii]) < 0x80) ++ascii;
        if (ascii < s.size() && !core::IsValidUtf8(std::string_view(s).substr(ascii))) {
            return core::Fail(Error("string is not valid UTF-8"));
        }
        return core::Ok();
    }

    // A node identifier (@id or an @id-coerced value) as an RDF term.
    core::Result<Term> NodeTerm(const ActiveContext& ctx, const std::string& value, bool vocab) {
        std::string scratch;
        auto iri = ExpandIriView(ctx, value, true, vocab, scratch);
        if (!iri) return core::Fail(Error("\"" + value + "\" is not defined by the context"));
        if (IsKeyword(*iri)) return core::Fail(Error("\"" + value + "\" is a keyword, not an IRI"));
        if (IsBlankNodeId(*iri)) return BlankFor(std::string(*iri));
        // An IRI from a term definition was checked when the term was defined.
        const bool from_term = iri->data() != value.data() && iri->data() != scratch.data();
        if (!from_term && !IsWellFormedIri(*iri)) {
            return core::Fail(
                Error("\"" + value + "\" is not an absolute IRI (relative IRIs are not allowed)"));
        }
        return Term::Iri(std::string(*iri));
    }

    // Object to RDF for a value: JSON-LD number, boolean and string rules.
    core::Result<Term> Literal(const json& value, const std::string& datatype, const std::string* language) {
        const std::string& dt = datatype;
        if (dt == "@json") {
            auto canonical = CanonicalJson(value);
            if (!canonical) return core::Fail(Error("@json value: " + canonical.error().message));
            return Term::Literal(std::move(*canonical), std::string(kRdfJson));
        }
        switch (value.type()) {
            case json::value_t::boolean:
                return Term::Literal(value.get<bool>() ? "true" : "false",
                                     dt.empty() ? std::string(kXsdBoolean) : dt);
            case json::value_t::number_integer:
            case json::value_t::number_unsigned: {
                bool negative = !value.is_number_unsigned() && value.get<std::int64_t>() < 0;
                std::uint64_t magnitude =
                    negative ? static_cast<std::uint64_t>(-(value.get<std::int64_t>() + 1)) + 1
                             : value.get<std::uint64_t>();
                if (magnitude > static_cast<std::uint64_t>(kMaxSafeInteger)) {
                    return core::Fail(
                        Error("integer beyond +-2^53 (JSON-LD processors read numbers as doubles)"));
                }
                if (dt == kXsdDouble) return Term::Literal(CanonicalDouble(value.get<double>()), dt);
                std::string lexical = negative ? std::to_string(value.get<std::int64_t>())
                                               : std::to_string(value.get<std::uint64_t>());
                return Term::Literal(std::move(lexical), dt.empty() ? std::string(kXsdInteger) : dt);
            }
            case json::value_t::number_float: {
                double d = value.get<double>();
                if (!std::isfinite(d)) return core::Fail(Error("number is not finite"));
                if (std::fmod(d, 1.0) != 0 || std::fabs(d) >= 1e21 || dt == kXsdDouble) {
                    return Term::Literal(CanonicalDouble(d), dt.empty() ? std::string(kXsdDouble) : dt);
                }
                return Term::Literal(IntegralDouble(d), dt.empty() ? std::string(kXsdInteger) : dt);
            }
            case json::value_t::string: {
                PASSEUR_TRY(CheckString(value.get_ref<const std::string&>()));
                if (language) return Term::LangLiteral(value.get<std::string>(), *language);
                return Term::Literal(value.get<std::string>(), dt.empty() ? std::string(kXsdString) : dt);
            }
            default:
                return core::Fail(Error("a value must be a string, a number or a boolean"));
        }
    }

    // Value Expansion + Object to RDF for a scalar under a property.
    core::Result<Item> ExpandScalar(const ActiveContext& ctx, const TermDefinition* prop, const json& value) {
        Item item;
        static const std::string kNoType;
        const std::string& type = prop ? prop->type_mapping : kNoType;
        const bool keyword_type = !type.empty() && type[0] == '@';
        if (keyword_type && value.is_string() && (type == "@id" || type == "@vocab")) {
            PASSEUR_TRY(CheckString(value.get_ref<const std::string&>()));
            JSONLD_TRY_ASSIGN(item.term,
                              NodeTerm(ctx, value.get_ref<const std::string&>(), type == "@vocab"));
            return item;
        }
        // A datatype IRI, or @json; no datatype for @id, @vocab (non-string values) and @none.
        const std::string& datatype = (!keyword_type || type == "@json") ? type : kNoType;
        const std::string* language = nullptr;
        if (value.is_string() && datatype.empty()) {
            if (prop && prop->has_language) {
                if (!prop->language_null) language = &prop->language;
            } else if (ctx.default_language) {
                language = &*ctx.default_language;
            }
        }
        JSONLD_TRY_ASSIGN(item.term, Literal(value, datatype, language));
        return item;
    }

    // Expands `element` as the value of the property `prop_key` (term definition `prop`, null
    // for an IRI key or no property), appending values to `out`; node objects emit their quads
    // into `graph` (null: default graph). `free` is true at the top level and in @graph, where
    // values have no property.
    core::Result<void> Expand(const ContextPtr& ctx, const std::string* prop_key, const TermDefinition* prop,
                              const json& element, const Term* graph, std::vector<Item>& out,
                              std::size_t depth, bool free) {
        if (depth > kMaxJsonLdDepth) {
            return core::Fail(Error("nested more than " + std::to_string(kMaxJsonLdDepth) + " levels"));
        }
        if (++values_ > kMaxJsonLdValues) {
            return core::Fail(Error("more than " + std::to_string(kMaxJsonLdValues) + " JSON values"));
        }
        if (element.is_null()) return core::Ok();
        if (element.is_array()) {
            std::size_t index = 0;
            for (const auto& entry : element) {
                auto guard = PushIndex(index++);
                if (entry.is_array() && prop && (prop->container & kContainerList)) {
                    Item list;
                    list.is_list = true;
                    PASSEUR_TRY(Expand(ctx, prop_key, prop, entry, graph, list.list, depth + 1, free));
                    out.push_back(std::move(list));
                } else {
                    PASSEUR_TRY(Expand(ctx, prop_key, prop, entry, graph, out, depth + 1, free));
                }
            }
            return core::Ok();
        }
        if (!element.is_object()) {
            if (free) return core::Fail(Error("a value outside any property would be dropped"));
            ContextPtr active = ctx;
            const TermDefinition* def = prop;
            if (prop && prop->local_context) {
                JSONLD_TRY_ASSIGN(active, ProcessContext(ctx, *prop->local_context, prop->local_context, true,
                                                         true, " (scoped context of the property)"));
                def = prop_key ? active->Find(*prop_key) : nullptr;
            }
            JSONLD_TRY_ASSIGN(Item item, ExpandScalar(*active, def, element));
            out.push_back(std::move(item));
            return core::Ok();
        }
        return ExpandObject(ctx, prop_key, prop, element, graph, out, depth, free);
    }

    core::Result<void> ExpandObject(ContextPtr ctx, const std::string* prop_key, const TermDefinition* prop,
                                    const json& element, const Term* graph, std::vector<Item>& out,
                                    std::size_t depth, bool free) {
        const bool top_level = depth == 0;
        std::string scratch;
        // A term-scoped context does not apply to new node objects.
        if (ctx->previous) {
            bool keep = false;
            keep = element.contains("@value");
            for (const auto& alias : ctx->value_aliases) keep = keep || element.contains(alias);
            if (element.size() == 1) {
                const std::string& only = element.begin().key();
                keep =
                    keep || only == "@id" ||
                    std::find(ctx->id_aliases.begin(), ctx->id_aliases.end(), only) != ctx->id_aliases.end();
            }
            if (!keep) ctx = ctx->previous;
        }
        if (prop && prop->local_context) {
            JSONLD_TRY_ASSIGN(ctx, ProcessContext(ctx, *prop->local_context, prop->local_context, true, true,
                                                  " (scoped context of the property)"));
        }
        const bool top_object = &element == top_object_;
        const json* local_context = nullptr;
        if (top_object && context_override_) {
            local_context = context_override_;
        } else if (auto it = element.find("@context"); it != element.end()) {
            local_context = &*it;
        }
        if (local_context) {
            static const std::string kContextKey = "@context";
            auto guard = PushKey(kContextKey);
            JSONLD_TRY_ASSIGN(ctx, ProcessContext(ctx, *local_context, nullptr, false, true, ""));
        }
        // The member the caller asked to ignore, at the top level only.
        auto skipped = [&](const std::string& key) {
            return top_object && !skip_member_.empty() && key == skip_member_;
        };
        const ContextPtr type_scoped = ctx;
        std::vector<json::const_iterator> type_entries;
        if (auto it = element.find("@type"); it != element.end() && !skipped(it.key()))
            type_entries.push_back(it);
        for (const auto& alias : type_scoped->type_aliases) {
            if (auto it = element.find(alias); it != element.end() && !skipped(it.key()))
                type_entries.push_back(it);
        }
        std::sort(type_entries.begin(), type_entries.end(),
                  [](const auto& a, const auto& b) { return a.key() < b.key(); });
        for (const auto& it : type_entries) {
            auto guard = PushKey(it.key());
            std::vector<const std::string*> types;
            if (it->is_string()) {
                types.push_back(&it->get_ref<const std::string&>());
            } else if (it->is_array()) {
                for (const auto& t : *it) {
                    if (!t.is_string()) return core::Fail(Error("@type values must be strings"));
                    types.push_back(&t.get_ref<const std::string&>());
                }
            } else {
                return core::Fail(Error("@type must be a string or an array of strings"));
            }
            std::sort(types.begin(), types.end(), [](const auto* a, const auto* b) { return *a < *b; });
            for (const std::string* t : types) {
                const TermDefinition* def = type_scoped->Find(*t);
                if (def && def->local_context) {
                    JSONLD_TRY_ASSIGN(ctx, ProcessContext(ctx, *def->local_context, def->local_context, false,
                                                          false, " (scoped context of type ", *t));
                }
            }
        }

        // Classify the entries.
        struct Entry {
            const std::string* key;
            std::string_view borrowed;  // the IRI when it lives in the context or the document
            std::string owned;          // else the IRI
            const json* value;
            const TermDefinition* def;  // the key's term definition, if the key is a term
            std::string_view Iri() const { return borrowed.data() ? borrowed : std::string_view(owned); }
        };
        std::vector<Entry> properties;
        properties.reserve(element.size());
        const json* id_value = nullptr;
        const std::string* id_key = nullptr;
        std::vector<std::pair<const std::string*, const json*>> type_values;
        const json* value_value = nullptr;
        const json* language_value = nullptr;
        const json* list_value = nullptr;
        const json* set_value = nullptr;
        const json* graph_value = nullptr;
        const std::string* graph_key = nullptr;
        const std::string* list_key = nullptr;
        const std::string* set_key = nullptr;
        bool has_index = false;
        std::size_t keyword_count = 0;
        for (auto it = element.begin(); it != element.end(); ++it) {
            const std::string& key = it.key();
            if (key == "@context" || skipped(key)) continue;
            auto guard = PushKey(key);
            PASSEUR_TRY(CheckString(key));
            const TermDefinition* def = nullptr;
            auto iri = ExpandIriView(*ctx, key, false, true, scratch, &def);
            if (!iri) return core::Fail(Error("term not defined by the context"));
            const std::string_view expanded = *iri;
            if (!IsKeyword(expanded)) {
                if (IsBlankNodeId(expanded)) return core::Fail(Error("a blank node cannot be a property"));
                // Term definitions hold checked IRIs; anything else is checked here.
                if (!(def && def->has_iri && expanded.data() == def->iri.data()) &&
                    !IsWellFormedIri(expanded)) {
                    return core::Fail(Error("term not defined by the context"));
                }
                if (expanded.data() == scratch.data()) {
                    properties.push_back({&key, {}, scratch, &*it, def});
                } else {
                    properties.push_back({&key, expanded, {}, &*it, def});
                }
                continue;
            }
            ++keyword_count;
            auto set_once = [&](const json*& slot) -> core::Result<void> {
                if (slot)
                    return core::Fail(
                        Error("colliding keywords (" + std::string(expanded) + " given twice)"));
                slot = &*it;
                return core::Ok();
            };
            if (expanded == "@id") {
                PASSEUR_TRY(set_once(id_value));
                id_key = &key;
            } else if (expanded == "@type") {
                type_values.emplace_back(&key, &*it);
            } else if (expanded == "@value") {
                PASSEUR_TRY(set_once(value_value));
            } else if (expanded == "@language") {
                PASSEUR_TRY(set_once(language_value));
            } else if (expanded == "@list") {
                PASSEUR_TRY(set_once(list_value));
                list_key = &key;
            } else if (expanded == "@set") {
                PASSEUR_TRY(set_once(set_value));
                set_key = &key;
            } else if (expanded == "@graph") {
                PASSEUR_TRY(set_once(graph_value));
                graph_key = &key;
            } else if (expanded == "@index") {
                if (!it->is_string()) return core::Fail(Error("@index must be a string"));
                has_index = true;
            } else {
                return core::Fail(Error(std::string(expanded) + " is not supported here"));
            }
        }

        if (value_value) {
            return ExpandValueObject(*type_scoped, element, value_value, type_values, language_value,
                                     properties, id_value || list_value || set_value || graph_value, out,
                                     free);
        }
        if (language_value) return core::Fail(Error("@language is only allowed in a value object"));
        if (list_value || set_value) {
            std::size_t allowed = 1 + (has_index ? 1 : 0);
            if (keyword_count != allowed || !properties.empty() || (list_value && set_value)) {
                return core::Fail(Error("a list or set object may only have @index besides @list or @set"));
            }
            if (set_value) {
                auto guard = PushKey(*set_key);
                return Expand(ctx, prop_key, prop, *set_value, graph, out, depth + 1, free);
            }
            if (free) return core::Fail(Error("a list outside any property would be dropped"));
            auto guard = PushKey(*list_key);
            Item list;
            list.is_list = true;
            PASSEUR_TRY(Expand(ctx, prop_key, prop, *list_value, graph, list.list, depth + 1, false));
            out.push_back(std::move(list));
            return core::Ok();
        }

        // A node object.
        Term subject;
        if (id_value) {
            auto guard = PushKey(*id_key);
            if (!id_value->is_string()) return core::Fail(Error("@id must be a string"));
            PASSEUR_TRY(CheckString(id_value->get_ref<const std::string&>()));
            JSONLD_TRY_ASSIGN(subject, NodeTerm(*ctx, id_value->get_ref<const std::string&>(), false));
        } else {
            subject = NewBlank();
        }
        for (const auto& [key, types] : type_values) {
            auto guard = PushKey(*key);
            auto add_type = [&](const json& t) -> core::Result<void> {
                PASSEUR_TRY(CheckString(t.get_ref<const std::string&>()));
                JSONLD_TRY_ASSIGN(Term type, NodeTerm(*type_scoped, t.get_ref<const std::string&>(), true));
                return Emit(subject, kRdfType, std::move(type), graph);
            };
            if (types->is_string()) {
                PASSEUR_TRY(add_type(*types));
            } else {
                for (const auto& t : *types) PASSEUR_TRY(add_type(t));
            }
        }
        if (graph_value) {
            auto guard = PushKey(*graph_key);
            std::vector<Item> ignored;
            // The top-level object holding only @graph (and @context) describes the default graph.
            bool default_graph = top_level && !id_value && type_values.empty() && properties.empty();
            PASSEUR_TRY(Expand(ctx, nullptr, nullptr, *graph_value, default_graph ? graph : &subject, ignored,
                               depth + 1, true));
        }
        for (const auto& entry : properties) {
            auto guard = PushKey(*entry.key);
            const TermDefinition* def = entry.def;
            const std::string_view predicate = entry.Iri();
            if (def && def->type_mapping == "@json") {
                JSONLD_TRY_ASSIGN(Term literal, Literal(*entry.value, "@json", nullptr));
                PASSEUR_TRY(Emit(subject, predicate, std::move(literal), graph));
                continue;
            }
            if (def && (def->container & kContainerGraph)) {
                PASSEUR_TRY(ExpandGraphContainer(ctx, *entry.key, def, *entry.value, subject, predicate,
                                                 graph, depth));
                continue;
            }
            std::vector<Item> items;
            PASSEUR_TRY(Expand(ctx, entry.key, def, *entry.value, graph, items, depth + 1, false));
            if (def && (def->container & kContainerList) && !IsListObject(*ctx, *entry.value)) {
                Item list;
                list.is_list = true;
                list.list = std::move(items);
                items.clear();
                items.push_back(std::move(list));
            }
            for (auto& item : items) PASSEUR_TRY(EmitItem(subject, predicate, std::move(item), graph));
        }
        if (!free) {
            Item reference;
            reference.term = std::move(subject);
            out.push_back(std::move(reference));
        }
        return core::Ok();
    }

    // A map whose entries (besides @context) are @graph and optionally @id and @index.
    static bool IsGraphObject(const ActiveContext& ctx, const json& value) {
        if (!value.is_object()) return false;
        std::string scratch;
        bool has_graph = false;
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it.key() == "@context") continue;
            auto iri = ExpandIriView(ctx, it.key(), false, true, scratch);
            if (!iri) return false;
            if (*iri == "@graph") {
                has_graph = true;
            } else if (*iri != "@id" && *iri != "@index") {
                return false;
            }
        }
        return has_graph;
    }

    static bool IsListObject(const ActiveContext& ctx, const json& value) {
        if (!value.is_object()) return false;
        std::string scratch;
        for (auto it = value.begin(); it != value.end(); ++it) {
            auto iri = ExpandIriView(ctx, it.key(), false, true, scratch);
            if (iri && *iri == "@list") return true;
        }
        return false;
    }

    // A value of a property with @container @graph: each value is the content of a new named graph
    // (a blank node), unless it is already a graph object.
    core::Result<void> ExpandGraphContainer(const ContextPtr& ctx, const std::string& key,
                                            const TermDefinition* def, const json& value, const Term& subject,
                                            std::string_view predicate, const Term* graph,
                                            std::size_t depth) {
        auto one = [&](const json& v) -> core::Result<void> {
            if (v.is_null()) return core::Ok();
            if (IsGraphObject(*ctx, v)) {
                // Already a graph object: its own node names the graph.
                std::vector<Item> items;
                PASSEUR_TRY(Expand(ctx, &key, def, v, graph, items, depth + 1, false));
                for (auto& item : items) PASSEUR_TRY(EmitItem(subject, predicate, std::move(item), graph));
                return core::Ok();
            }
            Term name = NewBlank();
            std::vector<Item> items;
            PASSEUR_TRY(Expand(ctx, &key, def, v, &name, items, depth + 1, false));
            for (const auto& item : items) {
                if (item.is_list || item.term.IsLiteral()) {
                    return core::Fail(Error("a graph container holds node objects only"));
                }
            }
            return Emit(subject, predicate, std::move(name), graph);
        };
        if (value.is_array()) {
            std::size_t index = 0;
            for (const auto& v : value) {
                auto guard = PushIndex(index++);
                PASSEUR_TRY(one(v));
            }
            return core::Ok();
        }
        return one(value);
    }

    template <typename Entries>
    core::Result<void> ExpandValueObject(const ActiveContext& type_scoped, const json& /*element*/,
                                         const json* value,
                                         const std::vector<std::pair<const std::string*, const json*>>& types,
                                         const json* language, const Entries& properties, bool other_keywords,
                                         std::vector<Item>& out, bool free) {
        if (!properties.empty() || other_keywords || types.size() > 1) {
            return core::Fail(Error("a value object may only have @value, @type, @language and @index"));
        }
        if (types.size() == 1 && language) {
            return core::Fail(Error("a value object cannot have both @type and @language"));
        }
        std::string datatype;
        if (types.size() == 1) {
            const json& t = *types[0].second;
            if (!t.is_string()) return core::Fail(Error("@type of a value object must be a string"));
            if (!ExpandIri(type_scoped, t.get_ref<const std::string&>(), true, true, datatype) ||
                !(datatype == "@json" || IsWellFormedIri(datatype))) {
                return core::Fail(Error("@type of a value object must be an absolute IRI or @json"));
            }
        }
        if (value->is_null()) return core::Ok();
        if (datatype != "@json" && (value->is_object() || value->is_array())) {
            return core::Fail(Error("@value must be a string, a number, a boolean or null"));
        }
        std::string tag;
        if (language) {
            if (!language->is_string() || !IsWellFormedLanguage(language->get_ref<const std::string&>())) {
                return core::Fail(Error("@language must be a language tag"));
            }
            if (!value->is_string()) return core::Fail(Error("only strings can have a language"));
            tag = ToLower(language->get_ref<const std::string&>());
        }
        if (free) return core::Fail(Error("a value outside any property would be dropped"));
        Item item;
        JSONLD_TRY_ASSIGN(item.term, Literal(*value, datatype, language ? &tag : nullptr));
        out.push_back(std::move(item));
        return core::Ok();
    }

    core::Result<Term> ListHead(std::vector<Item>& list, const Term* graph) {
        if (list.empty()) return Term::Iri(std::string(kRdfNil));
        std::vector<Term> nodes;
        nodes.reserve(list.size());
        for (std::size_t i = 0; i < list.size(); ++i) nodes.push_back(NewBlank());
        for (std::size_t i = 0; i < list.size(); ++i) {
            Term object;
            if (list[i].is_list) {
                JSONLD_TRY_ASSIGN(object, ListHead(list[i].list, graph));
            } else {
                object = std::move(list[i].term);
            }
            PASSEUR_TRY(Emit(nodes[i], kRdfFirst, std::move(object), graph));
            PASSEUR_TRY(Emit(nodes[i], kRdfRest,
                             i + 1 < list.size() ? nodes[i + 1] : Term::Iri(std::string(kRdfNil)), graph));
        }
        return nodes.front();
    }

    core::Result<void> EmitItem(const Term& subject, std::string_view predicate, Item&& item,
                                const Term* graph) {
        if (item.is_list) {
            JSONLD_TRY_ASSIGN(Term head, ListHead(item.list, graph));
            return Emit(subject, predicate, std::move(head), graph);
        }
        return Emit(subject, predicate, std::move(item.term), graph);
    }

    const ContextSet& set_;
    std::shared_ptr<detail::ContextCacheRoot> root_;
    ContextProcessor processor_;
    std::size_t max_quads_;
    std::string_view skip_member_;
    const json* context_override_;
    const json* top_object_ = nullptr;
    Dataset out_;
    std::size_t values_ = 0;
    std::size_t blank_counter_ = 0;
    std::unordered_map<std::string, std::string> blank_labels_;
    std::vector<PathElement> path_;
};

}  // namespace

core::Result<Dataset> ToRdf(const json& document, const JsonLdOptions& options) {
    const ContextSet& set = options.contexts ? *options.contexts : BuiltInContexts();
    Converter converter(set, options);
    return converter.Run(document);
}

}  // namespace passeur::credential
