// multipart/form-data reader (src/http/multipart.hpp): what browsers send, the RFC 2046 corner
// cases (preamble, epilogue, transport padding, no final CRLF, a boundary-like line inside data),
// and hostile inputs (truncated bodies, huge headers, too many or too large parts, duplicates,
// header injection), each refused with the right code and a message naming what was wrong.
#include "http/multipart.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace passeur::http {
namespace {

constexpr const char* kType = "multipart/form-data; boundary=----WebKitFormBoundaryx7Yq2";
constexpr const char* kDash = "------WebKitFormBoundaryx7Yq2";

// A body as a browser builds it: each part is {headers..., body}.
struct PartSpec {
    std::string disposition;
    std::string body;
    std::string extra_headers;  // each ending with CRLF
};

std::string Build(const std::vector<PartSpec>& parts, const std::string& dash = kDash) {
    std::string out;
    for (const PartSpec& p : parts) {
        out += dash + "\r\n";
        out += "Content-Disposition: " + p.disposition + "\r\n" + p.extra_headers + "\r\n";
        out += p.body + "\r\n";
    }
    out += dash + "--\r\n";
    return out;
}

core::Result<std::vector<MultipartPart>> Parse(const std::string& body, MultipartLimits limits = {}) {
    return ParseMultipartBody(kType, body, limits);
}

TEST(Multipart, ReadsWhatABrowserSends) {
    const std::string json = "{\"a\": \"b\\r\\n\"}\r\nwith\r\nlines\r\n";
    const std::string body = Build(
        {{"form-data; name=\"_csrf\"", "token-123", ""},
         {"form-data; name=\"credential\"", "", ""},
         {"form-data; name=\"file\"; filename=\"badge.json\"", json, "Content-Type: application/json\r\n"},
         {"form-data; name=\"empty_file\"; filename=\"\"", "", "Content-Type: application/octet-stream\r\n"},
         {"form-data; name=\"email\"", "ana@exemple.fr", ""}});
    Request request;
    request.headers = {{"content-type", kType}};
    request.body = body;
    EXPECT_TRUE(IsMultipartFormData(request));
    auto parts = ParseMultipart(request, {});
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 5U);
    EXPECT_EQ((*parts)[0].name, "_csrf");
    EXPECT_EQ((*parts)[0].body, "token-123");
    EXPECT_FALSE((*parts)[0].is_file);
    EXPECT_EQ((*parts)[0].content_type, "");
    EXPECT_EQ((*parts)[1].body, "");
    EXPECT_EQ((*parts)[2].filename, "badge.json");
    EXPECT_TRUE((*parts)[2].is_file);
    EXPECT_EQ((*parts)[2].content_type, "application/json");
    EXPECT_EQ((*parts)[2].body, json);  // CRLFs inside the data are kept, the delimiter's CRLF is not
    EXPECT_TRUE((*parts)[3].is_file);
    EXPECT_EQ((*parts)[3].filename, "");
    EXPECT_EQ((*parts)[3].body, "");
    ASSERT_NE(FindPart(*parts, "email"), nullptr);
    EXPECT_EQ(FindPart(*parts, "email")->body, "ana@exemple.fr");
    EXPECT_EQ(FindPart(*parts, "absent"), nullptr);
}

TEST(Multipart, BoundaryFromTheContentType) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc").value(), "abc");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=\"a b:c\"; charset=utf-8").value(), "a b:c");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; BOUNDARY=x").value(), "x");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')).value(),
              std::string(70, 'b'));

    struct Case {
        std::string type;
        std::string needle;
    };
    for (const Case& c : std::vector<Case>{
             {"multipart/form-data", "boundary"},
             {"multipart/form-data; charset=utf-8", "boundary"},
             {"multipart/form-data; boundary=", "1 à 70"},
             {"multipart/form-data; boundary=\"\"", "1 à 70"},
             {"multipart/form-data; boundary=" + std::string(71, 'b'), "1 à 70"},
             {"multipart/form-data; boundary=\"ab \"", "interdit"},
             {"multipart/form-data; boundary=\"a;b\"", "interdit"},
             {"multipart/form-data; boundary=\"abc", "guillemet"},
             {"multipart/form-data; boundary=a; boundary=b", "deux fois"},
             {"multipart/form-data boundary=a", "multipart/form-data"},
             {"multipart/mixed; boundary=a", "multipart/form-data"},
             {"application/x-www-form-urlencoded", "multipart/form-data"},
         }) {
        auto boundary = MultipartBoundary(c.type);
        ASSERT_FALSE(boundary) << c.type;
        EXPECT_EQ(boundary.error().code, core::ErrorCode::kInvalidArgument) << c.type;
        EXPECT_EQ(boundary.error().field, "Content-Type") << c.type;
        EXPECT_NE(boundary.error().message.find(c.needle), std::string::npos)
            << c.type << ": " << boundary.error().message;
    }
    Request request;
    request.body = Build({{"form-data; name=\"a\"", "1", ""}});
    auto missing = ParseMultipart(request, {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().field, "Content-Type");
    EXPECT_FALSE(IsMultipartFormData(request));
}

TEST(Multipart, PreambleEpilogueAndTransportPadding) {
    const std::string body = std::string("This is the preamble.\r\n--x\r\nignored\r\n") + kDash +
                             " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n" + kDash +
                             "--  \r\nThis is the epilogue.\r\n" + kDash + "\r\nnot a part";
    auto parts = Parse(body);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1U);
    EXPECT_EQ((*parts)[0].body, "value");
}

TEST(Multipart, NoFinalCrlfAfterTheClosingDelimiter) {
    std::string body = Build({{"form-data; name=\"a\"", "1", ""}});
    body.resize(body.size() - 2);
    auto parts = Parse(body);
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].body, "1");
}

TEST(Multipart, BoundaryLikeTextInsideDataIsData) {
    // The boundary in the middle of a line, and at the start of a line but followed by other
    // characters, is not a delimiter (RFC 2046: a delimiter line is the boundary then LWSP CRLF).
    const std::string data = std::string("x ") + kDash + "\r\n" + kDash + "abc\r\n" + kDash + "--more\r\nend";
    auto parts = Parse(Build({{"form-data; name=\"file\"; filename=\"f.txt\"", data, ""}}));
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 1U);
    EXPECT_EQ((*parts)[0].body, data);

    // A real delimiter line inside the data splits it: the rest has no Content-Disposition.
    const std::string split = std::string("a\r\n") + kDash + "\r\nb";
    auto broken = Parse(Build({{"form-data; name=\"file\"", split, ""}}));
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(Multipart, QuotedNamesWithEscapesAndUtf8) {
    auto parts = Parse(
        Build({{"form-data; name=\"a \\\"quoted\\\" \\\\ name\"; filename=\"C:\\\\dossier\\\\pièce.json\"",
                "x", ""},
               {"FORM-DATA ; NAME = token_name ; filename=plain.txt", "y", ""}}));
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].name, "a \"quoted\" \\ name");
    EXPECT_EQ((*parts)[0].filename, "C:\\dossier\\pièce.json");
    EXPECT_EQ((*parts)[1].name, "token_name");
    EXPECT_EQ((*parts)[1].filename, "plain.txt");
}

TEST(Multipart, HeaderlessAndUnknownHeaders) {
    const std::string body = std::string(kDash) +
                             "\r\nX-Other: 1\r\ncontent-disposition: form-data; name=a\r\n"
                             "Content-Transfer-Encoding: binary\r\n\r\n1\r\n" +
                             kDash + "--";
    auto parts = Parse(body);
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].name, "a");

    // A part without headers at all lacks its Content-Disposition.
    auto headerless = Parse(std::string(kDash) + "\r\n\r\ndata\r\n" + kDash + "--");
    ASSERT_FALSE(headerless);
    EXPECT_NE(headerless.error().message.find("la partie 1 n'a pas d'en-tête Content-Disposition"),
              std::string::npos)
        << headerless.error().message;
}

struct Hostile {
    std::string label;
    std::string body;
    core::ErrorCode code;
    std::string needle;
    MultipartLimits limits = {};
};

TEST(Multipart, HostileInputsAreRefusedWithTheReason) {
    const std::string ok_part = Build({{"form-data; name=\"a\"", "1", ""}});
    const std::string truncated = ok_part.substr(0, ok_part.find("1\r\n") + 1);
    MultipartLimits small;
    small.max_parts = 2;
    small.max_part_bytes = 8;
    small.max_total_bytes = 4096;
    small.max_header_bytes = 100;
    std::string no_disposition = ok_part;  // the header line renamed
    no_disposition.replace(no_disposition.find("Content-Disposition"), 19, "Content-Dispositio_");
    std::vector<Hostile> cases = {
        {"empty body", "", core::ErrorCode::kInvalidArgument, "aucune ligne de séparation"},
        {"no delimiter", "just text", core::ErrorCode::kInvalidArgument, "aucune ligne de séparation"},
        {"only the closing delimiter", std::string(kDash) + "--\r\n", core::ErrorCode::kInvalidArgument,
         "aucune partie"},
        {"truncated in the data", truncated, core::ErrorCode::kInvalidArgument, "tronqué"},
        {"truncated in the headers", std::string(kDash) + "\r\nContent-Disposition: form-da",
         core::ErrorCode::kInvalidArgument, "ligne vide"},
        {"no closing delimiter", ok_part.substr(0, ok_part.rfind(kDash)), core::ErrorCode::kInvalidArgument,
         "tronqué"},
        {"a delimiter not preceded by CRLF",
         std::string(kDash) + "\r\nContent-Disposition: form-data; name=a\r\n\r\n1" + kDash + "--",
         core::ErrorCode::kInvalidArgument, "tronqué"},
        {"no Content-Disposition", no_disposition, core::ErrorCode::kInvalidArgument,
         "pas d'en-tête Content-Disposition"},
        {"not form-data", Build({{"attachment; name=\"a\"", "1", ""}}), core::ErrorCode::kInvalidArgument,
         "form-data"},
        {"no name", Build({{"form-data; filename=\"a.txt\"", "1", ""}}), core::ErrorCode::kInvalidArgument,
         "pas de nom"},
        {"empty name", Build({{"form-data; name=\"\"", "1", ""}}), core::ErrorCode::kInvalidArgument,
         "pas de nom"},
        {"unterminated quote", Build({{"form-data; name=\"a", "1", ""}}), core::ErrorCode::kInvalidArgument,
         "guillemet"},
        {"duplicate parameter", Build({{"form-data; name=a; name=b", "1", ""}}),
         core::ErrorCode::kInvalidArgument, "deux fois"},
        {"duplicate header",
         Build({{"form-data; name=a", "1", "Content-Disposition: form-data; name=b\r\n"}}),
         core::ErrorCode::kInvalidArgument, "deux fois"},
        {"duplicate name", Build({{"form-data; name=a", "1", ""}, {"form-data; name=a", "2", ""}}),
         core::ErrorCode::kInvalidArgument, "« a » est envoyé deux fois"},
        {"control character in a filename", Build({{"form-data; name=a; filename=\"x\ty\"", "1", ""}}),
         core::ErrorCode::kInvalidArgument, "caractère de contrôle"},
        {"invalid UTF-8 in a name", Build({{"form-data; name=\"\xff\"", "1", ""}}),
         core::ErrorCode::kInvalidArgument, "UTF-8"},
        {"folded header", Build({{"form-data; name=a", "1", " folded\r\n"}}),
         core::ErrorCode::kInvalidArgument, "replié"},
        {"header without colon", Build({{"form-data; name=a", "1", "garbage\r\n"}}),
         core::ErrorCode::kInvalidArgument, "mal formé"},
        {"bare LF in a header", Build({{"form-data; name=a\nContent-Type: x", "1", ""}}),
         core::ErrorCode::kInvalidArgument, "isolé"},
        {"base64 transfer encoding",
         Build({{"form-data; name=a", "MQ==", "Content-Transfer-Encoding: base64\r\n"}}),
         core::ErrorCode::kInvalidArgument, "base64"},
        {"too many parts",
         Build({{"form-data; name=a", "1", ""},
                {"form-data; name=b", "2", ""},
                {"form-data; name=c", "3", ""}}),
         core::ErrorCode::kPayloadTooLarge, "plus de 2 parties", small},
        {"oversized part", Build({{"form-data; name=big", "123456789", ""}}),
         core::ErrorCode::kPayloadTooLarge, "la partie 1 (« big ») dépasse 8 octets", small},
        {"huge header", Build({{"form-data; name=a", "1", "X-Junk: " + std::string(200, 'j') + "\r\n"}}),
         core::ErrorCode::kPayloadTooLarge, "en-têtes de la partie 1 dépassent 100 octets", small},
        {"huge header without end", std::string(kDash) + "\r\nX: " + std::string(3000, 'h'),
         core::ErrorCode::kPayloadTooLarge, "en-têtes de la partie 1 dépassent 100 octets", small},
        {"oversized body", Build({{"form-data; name=a", std::string(5000, 'x'), ""}}),
         core::ErrorCode::kPayloadTooLarge, "l'envoi dépasse 4 Kio", small},
    };
    for (const Hostile& c : cases) {
        auto parts = Parse(c.body, c.limits);
        ASSERT_FALSE(parts) << c.label;
        EXPECT_EQ(parts.error().code, c.code) << c.label << ": " << parts.error().message;
        EXPECT_TRUE(parts.error().message.starts_with("Formulaire multipart : ")) << c.label;
        EXPECT_NE(parts.error().message.find(c.needle), std::string::npos)
            << c.label << ": " << parts.error().message;
    }
}

TEST(Multipart, DuplicateNamesWhenAllowed) {
    MultipartLimits limits;
    limits.allow_duplicate_names = true;
    auto parts = Parse(Build({{"form-data; name=files; filename=a.txt", "1", ""},
                              {"form-data; name=files; filename=b.txt", "2", ""}}),
                       limits);
    ASSERT_TRUE(parts) << parts.error().message;
    ASSERT_EQ(parts->size(), 2U);
    EXPECT_EQ((*parts)[1].filename, "b.txt");
}

TEST(Multipart, BoundsAreInclusive) {
    MultipartLimits limits;
    limits.max_parts = 2;
    limits.max_part_bytes = 9;
    limits.max_header_bytes = 64;
    const std::string body = Build({{"form-data; name=a", "123456789", ""}, {"form-data; name=b", "", ""}});
    limits.max_total_bytes = body.size();
    auto parts = Parse(body, limits);
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].body, "123456789");
    EXPECT_EQ((*parts)[1].body, "");
    limits.max_total_bytes = body.size() - 1;
    EXPECT_EQ(Parse(body, limits).error().code, core::ErrorCode::kPayloadTooLarge);
}

// A megabyte of data made of near-delimiters ("\r\n--boundar") stays fast and is read as data.
TEST(Multipart, ManyNearDelimitersStayLinear) {
    std::string data;
    const std::string near = std::string("\r\n") + std::string(kDash).substr(0, 20);
    while (data.size() + near.size() <= 1024 * 1024) data += near;
    auto parts = Parse(Build({{"form-data; name=f; filename=f.bin", data, ""}}));
    ASSERT_TRUE(parts) << parts.error().message;
    EXPECT_EQ((*parts)[0].body, data);
}

}  // namespace
}  // namespace passeur::http
