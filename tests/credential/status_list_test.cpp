// Bitstring Status List: MSB-first bit order checked on the bytes, encodedList round trips, the
// spec's example list, a list GZIP-compressed by another implementation (Python's gzip), and
// refused inputs (zip bomb, truncated, trailing bytes, not GZIP, too short).
#include "credential/status_list.hpp"

#include <string>

#include <gtest/gtest.h>

#include "credential/multibase.hpp"
#include <zlib.h>

namespace passeur::credential {
namespace {

// GZIP of `bytes` (zlib, default level), for building hostile inputs.
std::string Gzip(const std::string& bytes) {
    z_stream stream{};
    EXPECT_EQ(deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&stream, static_cast<uLong>(bytes.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string ErrorOf(std::string_view encoded, std::size_t max_bytes = kMaxStatusListBytes) {
    auto list = StatusList::Decode(encoded, max_bytes);
    if (list) return "(no error)";
    EXPECT_EQ(list.error().field, "encodedList");
    return list.error().message;
}

TEST(StatusList, BitOrderIsMostSignificantFirst) {
    auto list = StatusList::Create();
    ASSERT_TRUE(list.has_value());
    EXPECT_EQ(list->Size(), 131'072u);
    EXPECT_EQ(list->Bytes().size(), 16'384u);
    ASSERT_TRUE(list->Set(0, true).has_value());
    ASSERT_TRUE(list->Set(131'071, true).has_value());
    EXPECT_EQ(static_cast<unsigned char>(list->Bytes()[0]), 0x80);
    EXPECT_EQ(static_cast<unsigned char>(list->Bytes()[16'383]), 0x01);
    ASSERT_TRUE(list->Set(9, true).has_value());
    EXPECT_EQ(static_cast<unsigned char>(list->Bytes()[1]), 0x40);
    EXPECT_TRUE(*list->Get(0));
    EXPECT_FALSE(*list->Get(1));
    EXPECT_TRUE(*list->Get(9));
    EXPECT_TRUE(*list->Get(131'071));
    ASSERT_TRUE(list->Set(9, false).has_value());
    EXPECT_EQ(static_cast<unsigned char>(list->Bytes()[1]), 0x00);
    EXPECT_FALSE(list->Get(131'072).has_value());
    EXPECT_FALSE(list->Set(131'072, true).has_value());
}

TEST(StatusList, EncodeDecodeRoundTrip) {
    auto list = StatusList::Create(131'072 * 2);
    ASSERT_TRUE(list.has_value());
    for (std::size_t i = 0; i < list->Size(); i += 997) ASSERT_TRUE(list->Set(i, true).has_value());
    const std::string encoded = list->Encode();
    EXPECT_EQ(encoded.front(), 'u');
    EXPECT_EQ(encoded, list->Encode());  // deterministic
    auto gzip = MultibaseDecode(encoded, 1 << 20);
    ASSERT_TRUE(gzip.has_value());
    EXPECT_EQ(gzip->substr(0, 2), "\x1f\x8b");
    auto decoded = StatusList::Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->Bytes(), list->Bytes());
    EXPECT_TRUE(*decoded->Get(997));
    EXPECT_FALSE(*decoded->Get(998));
}

TEST(StatusList, DecodesOtherImplementations) {
    // The example encodedList of W3C Bitstring Status List v1.0: 131,072 entries, all 0.
    auto spec = StatusList::Decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA");
    ASSERT_TRUE(spec.has_value()) << spec.error().message;
    EXPECT_EQ(spec->Bytes(), std::string(16'384, '\0'));
    // Python: gzip.compress(bitstring with bits 0, 9 and 131071 set, mtime=0), base64url.
    auto python =
        StatusList::Decode("uH4sIAAAAAAACA-3BMQEAAAgDINfMaEY3xh7gdgAAAAAAAAAAAAAAAAAAAICuPKgSuh0AQAAA");
    ASSERT_TRUE(python.has_value()) << python.error().message;
    EXPECT_EQ(static_cast<unsigned char>(python->Bytes()[0]), 0x80);
    EXPECT_EQ(static_cast<unsigned char>(python->Bytes()[1]), 0x40);
    EXPECT_EQ(static_cast<unsigned char>(python->Bytes()[16'383]), 0x01);
    EXPECT_TRUE(*python->Get(0) && *python->Get(9) && *python->Get(131'071));
    EXPECT_FALSE(*python->Get(8) || *python->Get(131'070));
}

TEST(StatusList, RefusesZipBombsAndBadData) {
    // 17 MiB of zeros compresses to ~17 KiB: refused without inflating past the limit.
    const std::string bomb = MultibaseBase64Url(Gzip(std::string(kMaxStatusListBytes + 1024 * 1024, '\0')));
    EXPECT_LT(bomb.size(), 100'000u);
    EXPECT_NE(ErrorOf(bomb).find("over the limit of 16777216 bytes"), std::string::npos) << ErrorOf(bomb);
    const std::string exact = MultibaseBase64Url(Gzip(std::string(kMaxStatusListBytes, '\0')));
    EXPECT_EQ(ErrorOf(exact), "(no error)");
    const std::string two_lists = MultibaseBase64Url(Gzip(std::string(32'768, '\0')));
    EXPECT_NE(ErrorOf(two_lists, 16'384).find("over the limit of 16384 bytes"), std::string::npos);
    EXPECT_EQ(ErrorOf(two_lists, 32'768), "(no error)");

    const std::string gzip = Gzip(std::string(16'384, '\x5a'));
    EXPECT_NE(ErrorOf(MultibaseBase64Url(gzip.substr(0, gzip.size() - 10))).find("truncated"),
              std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseBase64Url(gzip + "junk")).find("4 bytes after the GZIP member"),
              std::string::npos);
    std::string corrupt = gzip;
    corrupt[12] = static_cast<char>(corrupt[12] ^ 0xff);
    EXPECT_NE(ErrorOf(MultibaseBase64Url(corrupt)).find("GZIP"), std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseBase64Url(std::string(40, 'x'))).find("not GZIP"), std::string::npos);
    EXPECT_NE(ErrorOf("z" + Base58BtcEncode(gzip.substr(0, 100))).find("prefix 'u'"), std::string::npos);
    EXPECT_NE(ErrorOf("").find("prefix 'u'"), std::string::npos);
    EXPECT_NE(ErrorOf("uH4s=AAA").find("'='"), std::string::npos);
    EXPECT_NE(
        ErrorOf(MultibaseBase64Url(Gzip(std::string(1024, '\0')))).find("fewer than the minimum 131072"),
        std::string::npos);
}

TEST(StatusList, CreateBounds) {
    EXPECT_FALSE(StatusList::Create(131'071).has_value());
    EXPECT_FALSE(StatusList::Create(131'072 + 4).has_value());
    EXPECT_FALSE(StatusList::Create(0).has_value());
    EXPECT_FALSE(StatusList::Create(kMaxStatusListBytes * 8 + 8).has_value());
    EXPECT_TRUE(StatusList::Create(131'072 + 8).has_value());
}

}  // namespace
}  // namespace passeur::credential
