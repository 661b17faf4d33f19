// Byte encodings and hashing helpers shared by every component.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace passeur::core {

std::string HexEncode(std::string_view bytes);                      // lower-case
std::string Base64UrlEncode(std::string_view bytes);                // RFC 4648 §5, no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);  // nullopt when malformed

// SHA-256 of `data`, lower-case hex (64 chars). Used to store tokens hashed at rest.
std::string Sha256Hex(std::string_view data);

// Compares in time independent of where the inputs differ (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Text escaped for HTML and XML content and attribute values: & < > " ' become entities.
std::string EscapeXml(std::string_view text);

// Percent-decoding for URL paths and application/x-www-form-urlencoded values.
// `plus_as_space` applies the form rule. nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space);
std::string PercentEncode(std::string_view text);  // encodes everything but unreserved chars

// True when `text` is valid UTF-8 with no overlong forms or surrogates.
bool IsValidUtf8(std::string_view text);

}  // namespace passeur::core
