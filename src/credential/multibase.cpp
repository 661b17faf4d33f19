#include "credential/multibase.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoding.hpp"

namespace passeur::credential {
namespace {

constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<std::int8_t, 256> MakeReverse() {
    std::array<std::int8_t, 256> table{};
    for (auto& entry : table) entry = -1;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return table;
}
constexpr std::array<std::int8_t, 256> kReverse = MakeReverse();

std::string Printable(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7f) return std::string("'") + c + "'";
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string("byte 0x") + kHex[byte >> 4] + kHex[byte & 0xf];
}

}  // namespace

std::string Base58BtcEncode(std::string_view bytes) {
    std::size_t zeros = 0;
    while (zeros < bytes.size() && bytes[zeros] == '\0') ++zeros;
    // Base-58 digits, least significant first; log(256)/log(58) < 1.37.
    std::vector<std::uint8_t> digits;
    digits.reserve((bytes.size() - zeros) * 137 / 100 + 1);
    for (std::size_t i = zeros; i < bytes.size(); ++i) {
        std::uint32_t carry = static_cast<unsigned char>(bytes[i]);
        for (auto& digit : digits) {
            carry += static_cast<std::uint32_t>(digit) << 8;
            digit = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<std::uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out(zeros, '1');
    out.reserve(zeros + digits.size());
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kAlphabet[*it]);
    return out;
}

core::Result<std::string> Base58BtcDecode(std::string_view text) {
    if (text.size() > kMaxBase58Chars) {
        return core::Fail(core::Error::InvalidArgument("base58btc text of " + std::to_string(text.size()) +
                                                       " characters is over the limit of " +
                                                       std::to_string(kMaxBase58Chars)));
    }
    std::size_t ones = 0;
    while (ones < text.size() && text[ones] == '1') ++ones;
    // The number in 32-bit limbs, least significant first; five digits (58^5 < 2^32) are folded
    // in at a time, so a 64-byte signature takes ~18 x 16 limb steps instead of 88 x 64 byte steps.
    std::vector<std::uint32_t> limbs;
    limbs.reserve(text.size() / 5 + 2);
    std::uint32_t chunk = 0;
    std::uint32_t chunk_scale = 1;
    auto fold = [&limbs](std::uint32_t scale, std::uint32_t add) {
        std::uint64_t carry = add;
        for (auto& limb : limbs) {
            carry += static_cast<std::uint64_t>(limb) * scale;
            limb = static_cast<std::uint32_t>(carry);
            carry >>= 32;
        }
        if (carry > 0) limbs.push_back(static_cast<std::uint32_t>(carry));
    };
    for (std::size_t i = ones; i < text.size(); ++i) {
        const std::int8_t value = kReverse[static_cast<unsigned char>(text[i])];
        if (value < 0) {
            return core::Fail(core::Error::InvalidArgument("base58btc: " + Printable(text[i]) +
                                                           " at offset " + std::to_string(i) +
                                                           " is not in the alphabet"));
        }
        chunk = chunk * 58 + static_cast<std::uint32_t>(value);
        chunk_scale *= 58;
        if (chunk_scale == 58U * 58 * 58 * 58 * 58) {
            fold(chunk_scale, chunk);
            chunk = 0;
            chunk_scale = 1;
        }
    }
    if (chunk_scale > 1) fold(chunk_scale, chunk);
    // Big-endian bytes without leading zeros, after the zero bytes the leading '1's stand for.
    std::string out(ones, '\0');
    out.reserve(ones + limbs.size() * 4);
    bool started = false;
    for (auto it = limbs.rbegin(); it != limbs.rend(); ++it) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            const auto byte = static_cast<char>((*it >> shift) & 0xff);
            if (!started && byte == 0) continue;
            started = true;
            out.push_back(byte);
        }
    }
    return out;
}

std::string MultibaseBase58Btc(std::string_view bytes) { return "z" + Base58BtcEncode(bytes); }

std::string MultibaseBase64Url(std::string_view bytes) { return "u" + core::Base64UrlEncode(bytes); }

core::Result<std::string> MultibaseDecode(std::string_view text, std::size_t max_text_chars) {
    if (text.empty()) return core::Fail(core::Error::InvalidArgument("multibase: empty text"));
    if (text.size() > max_text_chars) {
        return core::Fail(core::Error::InvalidArgument("multibase text of " + std::to_string(text.size()) +
                                                       " characters is over the limit of " +
                                                       std::to_string(max_text_chars)));
    }
    const std::string_view body = text.substr(1);
    switch (text.front()) {
        case 'z':
            return Base58BtcDecode(body);
        case 'u': {
            for (std::size_t i = 0; i < body.size(); ++i) {
                const char c = body[i];
                const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '_';
                if (!ok) {
                    return core::Fail(core::Error::InvalidArgument("multibase base64url: " + Printable(c) +
                                                                   " at offset " + std::to_string(i + 1) +
                                                                   " is not in the alphabet (no padding)"));
                }
            }
            auto decoded = core::Base64UrlDecode(body);
            if (!decoded) {
                return core::Fail(core::Error::InvalidArgument(
                    "multibase base64url: length " + std::to_string(body.size()) + " is not valid"));
            }
            return *decoded;
        }
        default:
            return core::Fail(
                core::Error::InvalidArgument("multibase: prefix " + Printable(text.front()) +
                                             " is not supported (expected 'z' base58btc or 'u' base64url)"));
    }
}

}  // namespace passeur::credential
