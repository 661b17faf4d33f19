#include "core/random.hpp"

#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "core/clock.hpp"

namespace passeur::core {
namespace {

TEST(Random, SeededRandomReplays) {
    SeededRandom a(42), b(42);
    EXPECT_EQ(a.NextU64(), b.NextU64());
    EXPECT_EQ(NewUuid(a), NewUuid(b));
}

TEST(Random, UuidIsVersion4) {
    SystemRandom r;
    std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        auto id = NewUuid(r);
        EXPECT_TRUE(std::regex_match(id, re)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 100U);
}

TEST(Random, TokensHaveExpectedLength) {
    SystemRandom r;
    EXPECT_EQ(RandomToken(r, 32).size(), 43U);
    EXPECT_NE(RandomToken(r), RandomToken(r));
}

TEST(Clock, Rfc3339) {
    EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
    EXPECT_EQ(FormatRfc3339(1'767'225'600'000), "2026-01-01T00:00:00Z");
    FakeClock c(1000);
    c.Advance(500);
    EXPECT_EQ(c.NowMillis(), 1500);
}

}  // namespace
}  // namespace passeur::core
