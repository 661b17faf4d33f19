// The JSON-LD context documents credential::ToRdf may use: a fixed set, never fetched.
//
// Contract: a ContextSet maps context URLs to parsed context documents (JSON objects with an
// "@context" entry). BuiltInContexts() holds the documents of data/jsonld-contexts/, embedded in
// the binary at build time; any URL outside a set is an error for ToRdf. A ContextSet is
// immutable once made and is safe to share between threads; ToRdf keeps in it a thread-safe cache
// of processed contexts, so keep one set alive and reuse it rather than building one per call.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace passeur::credential {

// URLs of the built-in contexts.
inline constexpr std::string_view kCredentialsV2ContextUrl = "https://www.w3.org/ns/credentials/v2";
inline constexpr std::string_view kCredentialsV1ContextUrl = "https://www.w3.org/2018/credentials/v1";
inline constexpr std::string_view kDataIntegrityV2ContextUrl = "https://w3id.org/security/data-integrity/v2";
inline constexpr std::string_view kMultikeyV1ContextUrl = "https://w3id.org/security/multikey/v1";
inline constexpr std::string_view kDidV1ContextUrl = "https://www.w3.org/ns/did/v1";
inline constexpr std::string_view kBitstringStatusListV1ContextUrl =
    "https://www.w3.org/ns/credentials/status/v1";
inline constexpr std::string_view kOpenBadgesV3ContextUrl =
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
inline constexpr std::string_view kOpenBadgesV3ExtensionsContextUrl =
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
inline constexpr std::string_view kEd25519Signature2020ContextUrl =
    "https://w3id.org/security/suites/ed25519-2020/v1";

// Bound on one context document's text.
inline constexpr std::size_t kMaxContextDocumentBytes = 256 * 1024;

namespace detail {
struct ContextCacheRoot;  // defined in jsonld.cpp
}

class ContextSet {
public:
    // Parses the given (URL, JSON text) documents. Errors (kInvalidArgument, naming the URL): text
    // over kMaxContextDocumentBytes, not JSON, not an object with an "@context" entry, URL not
    // absolute (no scheme) or given twice. With `with_built_ins`, the built-in documents come
    // first and a given URL may not repeat one of them.
    static core::Result<std::shared_ptr<const ContextSet>> Create(
        const std::vector<std::pair<std::string, std::string>>& documents, bool with_built_ins);

    // The parsed document for `url`, or nullptr when the set has none.
    std::shared_ptr<const nlohmann::json> Find(std::string_view url) const;
    // Every URL of the set, sorted.
    std::vector<std::string> Urls() const;

    // For jsonld.cpp: the root of the processed-context cache, made on first use.
    std::shared_ptr<detail::ContextCacheRoot> CacheRoot() const;

    ContextSet(const ContextSet&) = delete;
    ContextSet& operator=(const ContextSet&) = delete;
    ~ContextSet();

private:
    ContextSet() = default;
    std::map<std::string, std::shared_ptr<const nlohmann::json>, std::less<>> documents_;
    mutable std::once_flag cache_once_;
    mutable std::shared_ptr<detail::ContextCacheRoot> cache_root_;
};

// The built-in contexts (parsed once, on first use; the embedded documents are valid JSON-LD
// contexts, checked by the tests).
const ContextSet& BuiltInContexts();

}  // namespace passeur::credential
