#include <string>

#include <gtest/gtest.h>

#include <core/located_json.hpp>

namespace passeur::core {
namespace {

constexpr JsonParseLimits kLimits{1 << 20, 64};

LocatedJson MustParse(std::string_view text) {
    auto parsed = ParseLocatedJson(text, kLimits);
    EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
    return parsed ? std::move(*parsed) : LocatedJson{};
}

JsonParseError MustFail(std::string_view text, JsonParseLimits limits = kLimits) {
    auto parsed = ParseLocatedJson(text, limits);
    EXPECT_FALSE(parsed.has_value());
    return parsed ? JsonParseError{} : parsed.error();
}

TEST(LocatedJson, ValuesMatchNlohmann) {
    const std::string text =
        R"({"a": [1, -2, 3.5, 1e3, true, false, null, "x\"y\\z\n\u00e9\ud83d\ude00"], "b": {"c": 18446744073709551615}})";
    const auto parsed = MustParse(text);
    EXPECT_EQ(parsed.value, nlohmann::json::parse(text));
    EXPECT_TRUE(parsed.value["a"][0].is_number_integer());
    EXPECT_TRUE(parsed.value["a"][2].is_number_float());
    EXPECT_TRUE(parsed.value["b"]["c"].is_number_unsigned());
    EXPECT_EQ(parsed.value["a"][7].get<std::string>(), "x\"y\\z\n\xC3\xA9\xF0\x9F\x98\x80");
}

TEST(LocatedJson, EveryValueHasItsLineAndColumn) {
    const std::string text =
        "{\n"                                                        // 1
        "  \"format\": \"passeur-items/1\",\n"                       // 2
        "  \"items\": [\n"                                           // 3
        "    {\n"                                                    // 4
        "      \"id\": \"cn-1.1-001\",\n"                            // 5
        "      \"stem\": \"Il dit \\\"bonjour\\\"\\n\\u00e9\",\n"    // 6
        "      \"options\": [\n"                                     // 7
        "        {\"id\": \"a\", \"text\": \"\\u00c9t\\u00e9\"},\n"  // 8
        "        {\"id\": \"b\",\n"                                  // 9
        "         \"text\": \"é \\\\ \\\"x\\\"\"}\n"                 // 10
        "      ],\n"                                                 // 11
        "      \"nested\": [[1, [2,\n"                               // 12
        "        3]], []]\n"                                         // 13
        "    }\n"                                                    // 14
        "  ]\n"                                                      // 15
        "}\n";
    const auto parsed = MustParse(text);
    EXPECT_EQ(parsed.PositionOf(""), (SourcePosition{1, 1}));
    EXPECT_EQ(parsed.PositionOf("/format"), (SourcePosition{2, 13}));
    EXPECT_EQ(parsed.LineOf("/items"), 3U);
    EXPECT_EQ(parsed.PositionOf("/items/0"), (SourcePosition{4, 5}));
    EXPECT_EQ(parsed.PositionOf("/items/0/id"), (SourcePosition{5, 13}));
    EXPECT_EQ(parsed.LineOf("/items/0/stem"), 6U);
    EXPECT_EQ(parsed.LineOf("/items/0/options"), 7U);
    EXPECT_EQ(parsed.PositionOf("/items/0/options/0/id"), (SourcePosition{8, 16}));
    EXPECT_EQ(parsed.PositionOf("/items/0/options/0/text"), (SourcePosition{8, 29}));
    EXPECT_EQ(parsed.PositionOf("/items/0/options/1"), (SourcePosition{9, 9}));
    EXPECT_EQ(parsed.PositionOf("/items/0/options/1/text"), (SourcePosition{10, 18}));
    EXPECT_EQ(parsed.LineOf("/items/0/nested/0/1/1"), 13U);
    EXPECT_EQ(parsed.PositionOf("/items/0/nested/0/1/0"), (SourcePosition{12, 23}));
    EXPECT_EQ(parsed.LineOf("/items/0/nested/1"), 13U);
    // A missing member falls back to its nearest ancestor.
    EXPECT_EQ(parsed.PositionOf("/items/0/feedback"), (SourcePosition{4, 5}));
    EXPECT_EQ(parsed.PositionOf("/items/7/x"), (SourcePosition{3, 12}));
    EXPECT_EQ(parsed.value["items"][0]["stem"].get<std::string>(), "Il dit \"bonjour\"\n\xC3\xA9");
}

TEST(LocatedJson, ColumnsCountCodePoints) {
    const auto parsed = MustParse("[\"éé\", 1]");
    EXPECT_EQ(parsed.PositionOf("/1"), (SourcePosition{1, 8}));
}

TEST(LocatedJson, PointerTokensAreEscaped) {
    const auto parsed = MustParse("{\"a/b\": {\"m~n\": 1}}");
    EXPECT_EQ(parsed.PositionOf("/a~1b/m~0n"), (SourcePosition{1, 17}));
    EXPECT_EQ(JsonPointerAppend("/x", "a/b~"), "/x/a~1b~0");
    EXPECT_EQ(JsonPointerAppend("", std::size_t{3}), "/3");
}

TEST(LocatedJson, ErrorsGiveLineAndColumn) {
    auto e = MustFail("{\n  \"a\": 1,\n  \"b\" 2\n}");
    EXPECT_EQ(e.position, (SourcePosition{3, 7}));
    EXPECT_NE(e.message.find("':'"), std::string::npos);

    e = MustFail("{\"a\": [1, 2,]}");
    EXPECT_EQ(e.position, (SourcePosition{1, 13}));
    EXPECT_NE(e.message.find("trailing comma"), std::string::npos);

    e = MustFail("{\"a\": 1,\n \"a\": 2}");
    EXPECT_EQ(e.position, (SourcePosition{2, 2}));
    EXPECT_NE(e.message.find("duplicate member \"a\""), std::string::npos);

    e = MustFail("[\"abc\ndef\"]");
    EXPECT_EQ(e.position.line, 1U);
    EXPECT_NE(e.message.find("unterminated"), std::string::npos);

    e = MustFail("\n\n  [tru]");
    EXPECT_EQ(e.position, (SourcePosition{3, 4}));

    EXPECT_EQ(MustFail("{\"a\": 1} x").position, (SourcePosition{1, 10}));
    EXPECT_EQ(MustFail("").message, "unexpected end of text, a value was expected");
    EXPECT_NE(MustFail("{'a': 1}").message.find("double quotes"), std::string::npos);
    EXPECT_NE(MustFail("[01]").message.find("leading zeros"), std::string::npos);
    EXPECT_NE(MustFail("[1.]").message.find("after '.'"), std::string::npos);
    EXPECT_NE(MustFail("[1e400]").message.find("out of range"), std::string::npos);
    EXPECT_NE(MustFail("[NaN]").message.find("unexpected character"), std::string::npos);
    EXPECT_NE(MustFail("[\"\\x\"]").message.find("invalid escape"), std::string::npos);
    EXPECT_NE(MustFail("[\"\\ud800\"]").message.find("surrogate"), std::string::npos);
    EXPECT_NE(MustFail("[\"\\udc00\"]").message.find("surrogate"), std::string::npos);
    EXPECT_NE(MustFail("[\"\\u12\"]").message.find("hexadecimal"), std::string::npos);
    EXPECT_NE(MustFail("[\"\xC3\"]").message.find("UTF-8"), std::string::npos);
    EXPECT_NE(MustFail("[\"\xED\xA0\x80\"]").message.find("UTF-8"), std::string::npos);
    EXPECT_NE(MustFail("[\"\xC0\xAF\"]").message.find("UTF-8"), std::string::npos);
    EXPECT_NE(MustFail("[\"a\tb\"]").message.find("control character"), std::string::npos);
    EXPECT_NE(MustFail("{\"a\": 1").message.find("end of text"), std::string::npos);

    const auto error = MustFail("\n [}").ToError();
    EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.message.rfind("line 2, column 3: ", 0), 0U);
}

TEST(LocatedJson, LimitsAreEnforced) {
    EXPECT_NE(MustFail("[1, 2, 3]", {8, 64}).message.find("over the limit of 8 bytes"), std::string::npos);
    std::string deep(65, '[');
    deep += std::string(65, ']');
    const auto e = MustFail(deep, {1 << 20, 64});
    EXPECT_NE(e.message.find("nesting deeper than 64"), std::string::npos);
    EXPECT_EQ(e.position, (SourcePosition{1, 65}));
    std::string ok(64, '[');
    ok += std::string(64, ']');
    EXPECT_TRUE(ParseLocatedJson(ok, {1 << 20, 64}).has_value());
    // Deep hostile nesting far beyond the limit stops early instead of exhausting the stack.
    EXPECT_FALSE(ParseLocatedJson(std::string(1 << 19, '['), {1 << 20, 64}).has_value());
}

TEST(LocatedJson, BomIsSkippedAndNumbersAtTheEdges) {
    const auto parsed = MustParse("\xEF\xBB\xBF[1e308, -9223372036854775808, 0.5e-3, -0]");
    EXPECT_DOUBLE_EQ(parsed.value[0].get<double>(), 1e308);
    EXPECT_EQ(parsed.value[1].get<std::int64_t>(), INT64_MIN);
    EXPECT_DOUBLE_EQ(parsed.value[2].get<double>(), 0.0005);
    EXPECT_EQ(parsed.PositionOf("/1"), (SourcePosition{1, 9}));
    // An integer beyond 64 bits becomes a double.
    EXPECT_TRUE(MustParse("[99999999999999999999999]").value[0].is_number_float());
}

}  // namespace
}  // namespace passeur::core
