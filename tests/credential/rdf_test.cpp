// N-Quads parsing (grammar, escapes, errors with line and column) and canonical serialization.
#include "credential/rdf.hpp"

#include <string>

#include <gtest/gtest.h>

namespace passeur::credential {
namespace {

TEST(NQuads, ParsesEveryKindOfTerm) {
    auto parsed = ParseNQuads(
        "# a comment line\n"
        "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
        "_:b0 <http://ex.org/p> \"plain\" <http://ex.org/g> .  # trailing comment\r\n"
        "\n"
        "_:b.1 <http://ex.org/p> \"hello\"@en-GB _:g.\n"
        "<http://ex.org/s>\t<http://ex.org/p>\t\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>.\n"
        "<http://ex.org/s> <http://ex.org/p> \"typed string\"^^<http://www.w3.org/2001/XMLSchema#string> .");
    ASSERT_TRUE(parsed) << parsed.error().message;
    ASSERT_EQ(parsed->size(), 5u);
    const Dataset& d = *parsed;
    EXPECT_EQ(d[0].subject, Term::Iri("http://ex.org/s"));
    EXPECT_EQ(d[0].object, Term::Iri("http://ex.org/o"));
    EXPECT_FALSE(d[0].graph.has_value());
    EXPECT_EQ(d[1].subject, Term::Blank("b0"));
    EXPECT_EQ(d[1].object, Term::Literal("plain"));
    EXPECT_EQ(d[1].graph, Term::Iri("http://ex.org/g"));
    EXPECT_EQ(d[2].subject, Term::Blank("b.1"));
    EXPECT_EQ(d[2].object, Term::LangLiteral("hello", "en-GB"));
    EXPECT_EQ(d[2].graph, Term::Blank("g"));  // the '.' ends the statement, not the label
    EXPECT_EQ(d[3].object, Term::Literal("5", "http://www.w3.org/2001/XMLSchema#integer"));
    EXPECT_EQ(d[4].object, Term::Literal("typed string"));
}

TEST(NQuads, DecodesEveryEscape) {
    auto parsed = ParseNQuads(
        "<http://ex.org/\\u00E9> <http://ex.org/p> "
        "\"t\\tb\\bn\\nr\\rf\\fq\\\"a\\'s\\\\u\\u00e9U\\U0001F600\" .\n");
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ((*parsed)[0].subject.value, "http://ex.org/\xC3\xA9");
    EXPECT_EQ((*parsed)[0].object.value, "t\tb\bn\nr\rf\fq\"a's\\u\xC3\xA9U\xF0\x9F\x98\x80");
}

TEST(NQuads, SerializesInCanonicalForm) {
    Quad quad{Term::Blank("x"), Term::Iri("http://ex.org/p"),
              Term::Literal(std::string("a\"b\\c\nd\re\tf\bg\fh") + '\0' + "\x01\x0B\x1F\x7F" + "\xC3\xA9'"),
              Term::Iri("http://ex.org/g")};
    EXPECT_EQ(SerializeNQuad(quad),
              "_:x <http://ex.org/p> "
              "\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000\\u0001\\u000B\\u001F\\u007F\xC3\xA9'\" "
              "<http://ex.org/g> .\n");
    Quad typed{Term::Iri("http://ex.org/s"), Term::Iri("http://ex.org/p"),
               Term::Literal("1", "http://www.w3.org/2001/XMLSchema#integer"), std::nullopt};
    EXPECT_EQ(SerializeNQuad(typed),
              "<http://ex.org/s> <http://ex.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n");
    Quad lang{Term::Iri("http://ex.org/s"), Term::Iri("http://ex.org/p"), Term::LangLiteral("bonjour", "fr"),
              std::nullopt};
    EXPECT_EQ(SerializeNQuad(lang), "<http://ex.org/s> <http://ex.org/p> \"bonjour\"@fr .\n");
}

TEST(NQuads, EscapesRoundTrip) {
    std::string all;
    for (int c = 1; c < 0x80; ++c) all.push_back(static_cast<char>(c));
    all += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    all.push_back('\0');
    Dataset dataset{
        {Term::Iri("http://ex.org/s"), Term::Iri("http://ex.org/p"), Term::Literal(all), std::nullopt},
        {Term::Blank("b0"), Term::Iri("http://ex.org/p"), Term::LangLiteral(all, "fr-CA"),
         Term::Blank("g1")}};
    std::string text = SerializeNQuads(dataset);
    auto parsed = ParseNQuads(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, dataset);
    EXPECT_EQ(SerializeNQuads(*parsed), text);
}

void ExpectError(std::string_view text, const std::string& where, const std::string& what) {
    auto parsed = ParseNQuads(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(where), std::string::npos) << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(what), std::string::npos) << parsed.error().message;
}

TEST(NQuads, ErrorsNameLineAndColumn) {
    const std::string ok = "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n";
    ExpectError(ok + "<http://ex.org/s> <http://ex.org/p> \"x\"\n", "line 2, column 40", "'.'");
    ExpectError(ok + ok + "<http://ex.org/s> \"p\" <http://ex.org/o> .\n", "line 3, column 19", "predicate");
    ExpectError("<http://ex.org/s> <http://ex.org/p> \"a\\qb\" .", "line 1, column 39", "invalid escape");
    ExpectError("<http://ex.org/s> <http://ex.org/p> \"a\\u00zz\" .", "line 1, column 39", "hexadecimal");
    ExpectError("<http://ex.org/s> <http://ex.org/p> \"\\uD800\" .", "line 1, column 38", "scalar");
    ExpectError("<http://ex.org/s> <http://ex.org/p> \"abc .", "line 1, column 37", "unterminated");
    ExpectError("<http://ex.org/s> <http://ex.org/p> \"a\nb\" .", "line 1, column 39", "line break");
    ExpectError("<http://ex.org/a b> <http://ex.org/p> <http://ex.org/o> .", "line 1, column 17", "IRI");
    ExpectError("<relative> <http://ex.org/p> <http://ex.org/o> .", "line 1, column 1", "absolute");
    ExpectError("_:a <http://ex.org/p> \"x\"@ .", "line 1, column 27", "language tag");
    ExpectError("_:a <http://ex.org/p> \"x\"^^\"y\" .", "line 1, column 28", "datatype");
    ExpectError("\"lit\" <http://ex.org/p> <http://ex.org/o> .", "line 1, column 1", "subject");
    ExpectError("_:-a <http://ex.org/p> <http://ex.org/o> .", "line 1, column 1", "blank node label");
    ExpectError("_:a <http://ex.org/p> <http://ex.org/o> . <http://ex.org/x>", "line 1, column 43",
                "end of the line");
    ExpectError("_:a <http://ex.org/p> <http://ex.org/o> \"g\" .", "line 1, column 41", "'.'");
    ExpectError(ok + "\r\n\r\n_:a <http://ex.org/p> .", "line 4, column 23", "object");
}

TEST(NQuads, RejectsInvalidUtf8AndOversizedInput) {
    auto bad = ParseNQuads("<http://ex.org/s> <http://ex.org/p> \"\xC3\x28\" .");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("UTF-8"), std::string::npos);
    std::string big(kMaxNQuadsBytes + 1, ' ');
    auto too_big = ParseNQuads(big);
    ASSERT_FALSE(too_big);
    EXPECT_NE(too_big.error().message.find("bytes"), std::string::npos);
    std::string many;
    for (std::size_t i = 0; i <= kMaxQuads; ++i) many += "_:a <http://e/p> _:b .\n";
    auto too_many = ParseNQuads(many);
    ASSERT_FALSE(too_many);
    EXPECT_NE(too_many.error().message.find("quads"), std::string::npos);
}

}  // namespace
}  // namespace passeur::credential
