// The strict member readers of src/http/json_body.hpp (JsonObjectBody itself is tested in
// request_response_test.cpp).
#include "http/json_body.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

namespace passeur::http {
namespace {

using nlohmann::json;

TEST(OnlyMembersTest, AcceptsKnownMembersAndTheEmptyObject) {
    EXPECT_TRUE(OnlyMembers(json::object(), {"a"}));
    EXPECT_TRUE(OnlyMembers(json{{"a", 1}, {"b", nullptr}}, {"a", "b", "c"}));
}

TEST(OnlyMembersTest, NamesTheFirstUnknownMemberWithItsPrefix) {
    auto r = OnlyMembers(json{{"kind", "manual"}, {"levle", 3}}, {"kind", "level"}, "rule.");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, "rule.levle");
    EXPECT_EQ(r.error().message, "Membre inconnu : « levle ».");

    auto top = OnlyMembers(json{{"x", 1}}, {});
    ASSERT_FALSE(top);
    EXPECT_EQ(top.error().field, "x");
}

TEST(OnlyMembersTest, CutsALongNameTo60Bytes) {
    const std::string name(200, 'k');
    auto r = OnlyMembers(json{{name, 1}}, {"a"}, "p.");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "p." + std::string(60, 'k'));
    EXPECT_EQ(r.error().message, "Membre inconnu : « " + std::string(60, 'k') + " ».");
}

TEST(JsonTextTest, ReadsOnlyStrings) {
    auto ok = JsonText(json("été"), "name");
    ASSERT_TRUE(ok);
    EXPECT_EQ(*ok, "été");
    for (const json& v : {json(1), json(nullptr), json(true), json::array({"a"}), json::object()}) {
        auto r = JsonText(v, "a[0].name");
        ASSERT_FALSE(r) << v.dump();
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "a[0].name");
        EXPECT_EQ(r.error().message, "Le membre a[0].name doit être un texte.");
    }
}

TEST(JsonBooleanTest, ReadsOnlyBooleans) {
    EXPECT_EQ(JsonBoolean(json(true), "consent"), true);
    EXPECT_EQ(JsonBoolean(json(false), "consent"), false);
    for (const json& v : {json(1), json(0), json("true"), json(nullptr)}) {
        auto r = JsonBoolean(v, "consent");
        ASSERT_FALSE(r) << v.dump();
        EXPECT_EQ(r.error().field, "consent");
        EXPECT_EQ(r.error().message, "Le membre consent doit être true ou false.");
    }
}

TEST(JsonIntegerTest, ReadsIntegersWithinTheBounds) {
    EXPECT_EQ(JsonInteger(json(0), "n", 0, 10), 0);
    EXPECT_EQ(JsonInteger(json(10), "n", 0, 10), 10);
    EXPECT_EQ(JsonInteger(json(-3), "n", -5, 5), -3);
    EXPECT_EQ(JsonInteger(json(7u), "n", 0, 10), 7);
}

TEST(JsonIntegerTest, RefusesOtherTypes) {
    for (const json& v : {json(1.0), json(1.5), json("1"), json(nullptr), json(true)}) {
        auto r = JsonInteger(v, "settings.max_length", 0, 10);
        ASSERT_FALSE(r) << v.dump();
        EXPECT_EQ(r.error().field, "settings.max_length");
        EXPECT_EQ(r.error().message, "Le membre settings.max_length doit être un entier.");
    }
}

TEST(JsonIntegerTest, RefusesValuesOutOfRangeSayingTheRange) {
    for (const json& v : {json(-1), json(11), json(std::numeric_limits<std::int64_t>::max()),
                          json(std::numeric_limits<std::uint64_t>::max())}) {
        auto r = JsonInteger(v, "n", 0, 10);
        ASSERT_FALSE(r) << v.dump();
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "n");
        EXPECT_EQ(r.error().message, "Le membre n va de 0 à 10.");
    }
}

}  // namespace
}  // namespace passeur::http
