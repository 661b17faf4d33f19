// Injected randomness. Security tokens use SystemRandom (libsodium's CSPRNG); tests and
// simulations use SeededRandom so they replay.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>

namespace passeur::core {

// Thread-safety: SystemRandom is thread-safe; SeededRandom is not.
class Random {
public:
    virtual ~Random() = default;
    virtual void Fill(std::uint8_t* out, std::size_t size) = 0;
    std::uint64_t NextU64();
};

class SystemRandom final : public Random {
public:
    void Fill(std::uint8_t* out, std::size_t size) override;
};

class SeededRandom final : public Random {
public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
    void Fill(std::uint8_t* out, std::size_t size) override;

private:
    std::mt19937_64 engine_;
};

// `bytes` random bytes encoded as unpadded base64url (for session ids, CSRF and API tokens).
std::string RandomToken(Random& random, std::size_t bytes = 32);

// A random (version 4) UUID in canonical lower-case form: the id format of every stored entity.
std::string NewUuid(Random& random);

}  // namespace passeur::core
