// JSON-LD 1.1 to RDF (JSON-LD 1.1 Processing Algorithms: context processing, expansion, node map
// generation and RDF deserialization, fused into one pass), in "safe mode".
//
// Contract:
// - Remote contexts come only from a ContextSet (by default BuiltInContexts()); any other URL is
//   an error, nothing is fetched.
// - Safe mode: whatever a JSON-LD processor would silently drop is an error naming the JSON path
//   ("credentialSubject.achievement.foo: term not defined by the context"): a key that does not
//   expand to an absolute IRI or a keyword, a relative IRI where an absolute one is required (no
//   @base is set by default), a free-floating value, an invalid @context entry, an unknown remote
//   context. Errors are kInvalidArgument with `field` set to the JSON path.
// - Supported: @context (URLs, objects, arrays, null), @version 1.1, @protected, @propagate,
//   @vocab, @base (absolute), @language, type coercion (@id, @vocab, @json, datatypes),
//   @container @set / @list / @graph (and [@graph, @set]), type-scoped and property-scoped
//   contexts with their propagation rules, compact IRIs and prefixes, keyword aliases, @id, @type,
//   @value, @language, @index (ignored, as in RDF), @list, @set, @graph, @json literals (JCS
//   canonical form, datatype rdf:JSON). Numbers follow the JSON-LD rules: integral and
//   |n| < 10^21 -> xsd:integer lexical form, else canonical xsd:double ("3.5E0"); integers beyond
//   +-2^53 are an error (other processors read JSON numbers as IEEE doubles and would sign another
//   value). Not supported, an error if met: @reverse, @nest, @included, @direction, @import,
//   @container @index / @language / @id / @type (none of the built-in contexts uses them).
// - Output: quads in no particular order, blank nodes labelled b0, b1, ...; duplicates may occur
//   (Canonicalize removes them).
// - Bounds: kMaxJsonLdDepth nesting, kMaxJsonLdQuads quads, kMaxJsonLdValues JSON values visited,
//   kMaxJsonLdStringBytes per string, kMaxJsonLdRemoteContexts context loads per context chain.
//   Exceeding one is an error, never a crash.
// - Thread-safe; processed contexts are cached in the ContextSet (per context URL list and per
//   scoped context of a remote context, at most 4096 contexts per set), so steady-state cost is
//   the document walk only. Inline contexts of a document are processed on each call and nothing
//   of a document is kept after the call.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "credential/contexts.hpp"
#include "credential/rdf.hpp"

namespace passeur::credential {

inline constexpr std::size_t kMaxJsonLdDepth = 64;
inline constexpr std::size_t kMaxJsonLdQuads = 10'000;
inline constexpr std::size_t kMaxJsonLdValues = 100'000;
inline constexpr std::size_t kMaxJsonLdStringBytes = 1024 * 1024;
inline constexpr std::size_t kMaxJsonLdRemoteContexts = 32;

inline constexpr std::string_view kRdfJson = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";

struct JsonLdOptions {
    // The remote contexts allowed; nullptr means BuiltInContexts().
    const ContextSet* contexts = nullptr;
    // Lower bound than kMaxJsonLdQuads if wanted (the smaller of the two applies).
    std::size_t max_quads = kMaxJsonLdQuads;
    // When the document is an object: its member of this name is ignored as if absent (e.g.
    // "proof" when a signed document is canonicalized without it, with no copy of the document).
    std::string_view skip_top_level_member;
    // When the document is an object and this is set: used as its "@context" instead of its own
    // (e.g. a proof's "@context"; the pointee must outlive the call).
    const nlohmann::json* top_level_context = nullptr;
};

// The RDF dataset of a JSON-LD document (a JSON object or array), e.g. a credential or a proof
// configuration with its "@context".
core::Result<Dataset> ToRdf(const nlohmann::json& document, const JsonLdOptions& options = {});

// The JSON Canonicalization Scheme (RFC 8785) form of a JSON value, as used for @json literals.
// Errors: non-finite numbers, integers beyond +-2^53, invalid UTF-8 (nlohmann keeps bytes as given).
core::Result<std::string> CanonicalJson(const nlohmann::json& value);

}  // namespace passeur::credential
