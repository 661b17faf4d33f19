// Multibase text encodings of passeur::credential: base58btc (prefix 'z') for keys and
// signatures, base64url without padding (prefix 'u') for status lists.
//
// Contract: bytes are carried in std::string / std::string_view (any byte value). Encoders are
// total. Decoders are bounded (base58btc is quadratic: inputs over kMaxBase58Chars are refused)
// and fail with InvalidArgument naming the first wrong character and its 0-based offset.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::credential {

// Longest base58btc text Base58BtcDecode accepts (about 730 bytes decoded: keys, signatures).
inline constexpr std::size_t kMaxBase58Chars = 1000;

// Bitcoin-alphabet base58 of `bytes` (leading zero bytes become leading '1's). No prefix.
std::string Base58BtcEncode(std::string_view bytes);
// Inverse of Base58BtcEncode. Errors: text over kMaxBase58Chars, a character outside the
// alphabet (0, O, I, l and non-alphanumerics are not in it).
core::Result<std::string> Base58BtcDecode(std::string_view text);

// Multibase: 'z' + base58btc, 'u' + base64url without padding.
std::string MultibaseBase58Btc(std::string_view bytes);
std::string MultibaseBase64Url(std::string_view bytes);
// Decodes a multibase text with prefix 'z' or 'u'. Errors: empty text, another prefix (named),
// bad characters, padding in base64url, more than `max_text_chars` characters.
core::Result<std::string> MultibaseDecode(std::string_view text,
                                          std::size_t max_text_chars = kMaxBase58Chars);

}  // namespace passeur::credential
