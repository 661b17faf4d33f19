// W3C Bitstring Status List v1.0: the bitstring of a BitstringStatusListCredential and its
// encodedList form.
//
// Contract: bit i is the (i % 8)-th most significant bit of byte i / 8 (index 0 = the most
// significant bit of the first byte). encodedList = multibase base64url without padding ('u')
// of the GZIP (RFC 1952) compressed bitstring. A list has at least kMinStatusListBits entries
// (16 KiB, the spec's minimum for herd privacy) and at most kMaxStatusListBytes bytes; Decode
// refuses more decompressed output than that (zip bombs) without inflating it all. Pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::credential {

inline constexpr std::size_t kMinStatusListBits = 131'072;
inline constexpr std::size_t kMaxStatusListBytes = 16 * 1024 * 1024;

class StatusList {
public:
    // A list of `bits` entries, all 0. Errors: fewer than kMinStatusListBits, not a multiple of
    // 8, more than kMaxStatusListBytes bytes.
    static core::Result<StatusList> Create(std::size_t bits = kMinStatusListBits);
    // The list whose bitstring is `bytes` (as Bytes() returned it). Errors: as Create for its size.
    static core::Result<StatusList> FromBytes(std::string bytes);
    // The list of an encodedList. Errors (InvalidArgument) name what is wrong: the multibase
    // prefix or characters, not GZIP, corrupt or truncated data, trailing bytes, a decompressed
    // size over `max_bytes` (at most kMaxStatusListBytes) or under kMinStatusListBits / 8.
    static core::Result<StatusList> Decode(std::string_view encoded_list,
                                           std::size_t max_bytes = kMaxStatusListBytes);

    // The encodedList text ('u' + base64url of GZIP at the default level). Deterministic.
    std::string Encode() const;

    // Entry `index`; InvalidArgument when index >= Size().
    core::Result<bool> Get(std::size_t index) const;
    core::Result<void> Set(std::size_t index, bool value);

    // Number of entries (8 x the bytes).
    std::size_t Size() const { return bytes_.size() * 8; }
    // The bitstring.
    const std::string& Bytes() const { return bytes_; }

private:
    explicit StatusList(std::string bytes) : bytes_(std::move(bytes)) {}
    std::string bytes_;
};

}  // namespace passeur::credential
