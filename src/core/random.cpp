#include "core/random.hpp"

#include <array>

#include <fmt/format.h>
#include <sodium.h>

#include "core/encoding.hpp"

namespace passeur::core {

std::uint64_t Random::NextU64() {
    std::array<std::uint8_t, 8> b{};
    Fill(b.data(), b.size());
    std::uint64_t v = 0;
    for (auto byte : b) v = (v << 8) | byte;
    return v;
}

void SystemRandom::Fill(std::uint8_t* out, std::size_t size) { randombytes_buf(out, size); }

void SeededRandom::Fill(std::uint8_t* out, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<std::uint8_t>(engine_() & 0xffU);
}

std::string RandomToken(Random& random, std::size_t bytes) {
    std::string raw(bytes, '\0');
    random.Fill(reinterpret_cast<std::uint8_t*>(raw.data()), raw.size());
    return Base64UrlEncode(raw);
}

std::string NewUuid(Random& random) {
    std::array<std::uint8_t, 16> b{};
    random.Fill(b.data(), b.size());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0fU) | 0x40U);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3fU) | 0x80U);
    std::string hex = HexEncode(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                       hex.substr(16, 4), hex.substr(20, 12));
}

}  // namespace passeur::core
