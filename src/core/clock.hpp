// Injected time source. Engines and services never read the system clock directly.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace passeur::core {

// Thread-safe. Returns Unix time in milliseconds (UTC).
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t NowMillis() const = 0;
    std::int64_t NowSeconds() const { return NowMillis() / 1000; }
};

class SystemClock final : public Clock {
public:
    std::int64_t NowMillis() const override;
};

// For tests: time moves only when told to.
class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t start_millis = 1'767'225'600'000) : now_(start_millis) {}
    std::int64_t NowMillis() const override { return now_.load(); }
    void Advance(std::int64_t millis) { now_ += millis; }
    void Set(std::int64_t millis) { now_ = millis; }

private:
    std::atomic<std::int64_t> now_;
};

// RFC 3339 UTC rendering of a Unix-millisecond instant: "2026-01-01T00:00:00Z".
std::string FormatRfc3339(std::int64_t unix_millis);

}  // namespace passeur::core
