// A parsed, size-bounded HTTP request as seen by handlers. Knows no domain.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace passeur::http {

using FieldList = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;  // upper-case: "GET", "POST", ...
    std::string target;  // raw request-target, e.g. "/a/b?x=1"
    std::string path;    // percent-decoded path, without the query
    FieldList query;     // decoded query parameters, in order
    FieldList headers;   // names lower-cased, in order
    std::string body;
    FieldList path_params;   // filled by the router: {"org", "..."}
    std::string route;       // the matched pattern, "/api/v1/organizations/{org}" ("" when none)
    std::string request_id;  // also sent back as X-Request-Id
    std::string remote_ip;
    bool secure = false;  // true when served over TLS (cookies get the Secure attribute)

    // First value or nullopt. Header names are matched case-insensitively.
    std::optional<std::string_view> Header(std::string_view name) const;
    std::optional<std::string_view> Query(std::string_view name) const;
    std::optional<std::string_view> PathParam(std::string_view name) const;
    std::optional<std::string> Cookie(std::string_view name) const;
    // application/x-www-form-urlencoded body, decoded; nullopt when malformed.
    std::optional<FieldList> Form() const;
    bool IsJson() const;  // Content-Type is application/json (parameters allowed)
};

// First value of `name` in `fields` (exact, case-sensitive match), or nullopt.
std::optional<std::string_view> Find(const FieldList& fields, std::string_view name);

// Parses "a=1&b=x+y" (application/x-www-form-urlencoded or a query string): '+' is a space,
// percent escapes are decoded, empty pairs are skipped, a pair without '=' has an empty value.
// nullopt when an escape is malformed or a decoded name/value is not valid UTF-8 or contains NUL.
// nullopt when malformed or when it has more than kMaxFormFields fields.
inline constexpr std::size_t kMaxFormFields = 256;
std::optional<FieldList> ParseUrlEncoded(std::string_view text);

// ASCII case-insensitive equality (header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace passeur::http
