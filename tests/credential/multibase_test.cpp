// base58btc and multibase encodings, Ed25519 Multikey forms and did:key: known encodings, the
// vc-di-eddsa key pair, error messages naming what is wrong, bounds.
#include "credential/multibase.hpp"

#include <string>

#include <gtest/gtest.h>

#include "credential/did.hpp"
#include "credential/ed25519.hpp"

namespace passeur::credential {
namespace {

using namespace std::string_literals;

// The vc-di-eddsa test vectors' key pair (TestVectors/keyPair.json).
constexpr std::string_view kVectorPublic = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
constexpr std::string_view kVectorSecret = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

std::string ErrorOf(const core::Result<std::string>& result) {
    return result ? "(no error)" : result.error().message;
}

TEST(Base58Btc, KnownEncodings) {
    // From the IETF base58 draft (draft-msporny-base58) examples.
    EXPECT_EQ(Base58BtcEncode("Hello World!"), "2NEpo7TZRRrLZSi2U");
    EXPECT_EQ(Base58BtcEncode("The quick brown fox jumps over the lazy dog."),
              "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z");
    EXPECT_EQ(Base58BtcEncode("\x00\x00\x28\x7f\xb4\xcd"s), "11233QC4");
    EXPECT_EQ(Base58BtcEncode(""), "");
    EXPECT_EQ(Base58BtcEncode("\x00"s), "1");
    EXPECT_EQ(*Base58BtcDecode("2NEpo7TZRRrLZSi2U"), "Hello World!");
    EXPECT_EQ(*Base58BtcDecode("11233QC4"), "\x00\x00\x28\x7f\xb4\xcd"s);
    EXPECT_EQ(*Base58BtcDecode(""), "");
}

TEST(Base58Btc, RoundTripsEveryLengthAndByte) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
        bytes.push_back(static_cast<char>((i * 131 + 7) % 256));
        if (i % 37 == 0) bytes.insert(bytes.begin(), '\0');
        auto decoded = Base58BtcDecode(Base58BtcEncode(bytes));
        ASSERT_TRUE(decoded.has_value());
        ASSERT_EQ(*decoded, bytes) << i;
    }
}

TEST(Base58Btc, ErrorsNameTheCharacterAndBound) {
    EXPECT_EQ(ErrorOf(Base58BtcDecode("2NEp0")), "base58btc: '0' at offset 4 is not in the alphabet");
    EXPECT_NE(ErrorOf(Base58BtcDecode("abcI")).find("'I' at offset 3"), std::string::npos);
    EXPECT_NE(ErrorOf(Base58BtcDecode("ab\ncd")).find("byte 0x0a at offset 2"), std::string::npos);
    EXPECT_NE(ErrorOf(Base58BtcDecode(std::string(kMaxBase58Chars + 1, '2'))).find("over the limit"),
              std::string::npos);
    EXPECT_TRUE(Base58BtcDecode(std::string(kMaxBase58Chars, 'z')).has_value());
}

TEST(Multibase, PrefixesAndErrors) {
    EXPECT_EQ(MultibaseBase58Btc("Hello World!"), "z2NEpo7TZRRrLZSi2U");
    EXPECT_EQ(MultibaseBase64Url("\xfb\xff"s), "u-_8");
    EXPECT_EQ(*MultibaseDecode("z2NEpo7TZRRrLZSi2U"), "Hello World!");
    EXPECT_EQ(*MultibaseDecode("u-_8"), "\xfb\xff"s);
    EXPECT_NE(ErrorOf(MultibaseDecode("")).find("empty"), std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseDecode("m+/8=")).find("prefix 'm' is not supported"), std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseDecode("u-_8=")).find("'=' at offset 4"), std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseDecode("uA")).find("length 1"), std::string::npos);
    EXPECT_NE(ErrorOf(MultibaseDecode("u" + std::string(20, 'A'), 10)).find("over the limit of 10"),
              std::string::npos);
}

TEST(Multikey, VectorKeyPair) {
    auto secret = ParseEd25519SecretKeyMultibase(kVectorSecret);
    ASSERT_TRUE(secret.has_value()) << secret.error().message;
    EXPECT_EQ(Ed25519SecretKeyMultibase(*secret), kVectorSecret);
    EXPECT_EQ(Ed25519PublicKeyMultibase(secret->PublicKey()), kVectorPublic);
    auto public_key = ParseEd25519PublicKeyMultibase(kVectorPublic);
    ASSERT_TRUE(public_key.has_value()) << public_key.error().message;
    EXPECT_EQ(*public_key, secret->PublicKey());
    // The multicodec prefixes as bytes.
    EXPECT_EQ(MultibaseDecode(kVectorPublic)->substr(0, 2), "\xed\x01");
    EXPECT_EQ(MultibaseDecode(kVectorSecret)->substr(0, 2), "\x80\x26");
}

TEST(Multikey, SignAndVerifyBytes) {
    const Ed25519SecretKey key = GenerateEd25519SecretKey();
    const Ed25519Signature signature = key.Sign("message");
    EXPECT_EQ(signature, key.Sign("message"));  // deterministic
    EXPECT_TRUE(VerifyEd25519(key.PublicKey(), "message", signature));
    EXPECT_FALSE(VerifyEd25519(key.PublicKey(), "messagf", signature));
    EXPECT_FALSE(VerifyEd25519(GenerateEd25519SecretKey().PublicKey(), "message", signature));
    auto round = ParseEd25519PublicKeyMultibase(Ed25519PublicKeyMultibase(key.PublicKey()));
    ASSERT_TRUE(round.has_value());
    EXPECT_EQ(*round, key.PublicKey());
}

TEST(Multikey, ErrorsNameWhatIsWrong) {
    const auto error = [](std::string_view text) {
        auto result = ParseEd25519PublicKeyMultibase(text);
        return result ? std::string("(no error)") : result.error().message;
    };
    // A P-256 key (the Employment Authorization vector's issuer).
    EXPECT_NE(error("zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76").find("multicodec 0x1200 (p256-pub)"),
              std::string::npos);
    EXPECT_NE(error(kVectorSecret).find("0x1300 (ed25519-priv), expected 0xed (ed25519-pub)"),
              std::string::npos);
    EXPECT_NE(error("u7QE").find("prefix 'z'"), std::string::npos);
    EXPECT_NE(error(MultibaseBase58Btc("\xed\x01\x01\x02"s)).find("2 bytes, expected 32"), std::string::npos);
    EXPECT_NE(error(MultibaseBase58Btc("\xed\x01"s + std::string(33, 'a'))).find("33 bytes, expected 32"),
              std::string::npos);
    EXPECT_NE(error("z").find("no multicodec"), std::string::npos);
    EXPECT_NE(error("z6Mk0").find("'0'"), std::string::npos);
    auto bad_pair = ParseEd25519SecretKeyMultibase(MultibaseBase58Btc("\x80\x26"s + std::string(64, 'a')));
    ASSERT_FALSE(bad_pair.has_value());
    EXPECT_NE(bad_pair.error().message.find("not the public key"), std::string::npos);
}

TEST(DidKey, CreateAndParse) {
    const Ed25519PublicKey key = *ParseEd25519PublicKeyMultibase(kVectorPublic);
    EXPECT_EQ(DidKeyFromPublicKey(key), "did:key:" + std::string(kVectorPublic));
    const std::string method = DidKeyVerificationMethod(key);
    EXPECT_EQ(method, "did:key:" + std::string(kVectorPublic) + "#" + std::string(kVectorPublic));
    EXPECT_EQ(*ParseDidKey(method), key);
    EXPECT_EQ(*ParseDidKey(DidKeyFromPublicKey(key)), key);
}

TEST(DidKey, ErrorsNameWhatIsWrong) {
    const auto error = [](std::string_view text) {
        auto result = ParseDidKey(text);
        return result ? std::string("(no error)") : result.error().message;
    };
    const std::string did = "did:key:" + std::string(kVectorPublic);
    EXPECT_NE(error("did:web:example.org").find("not a did:key"), std::string::npos);
    EXPECT_NE(error("did:key:").find("no key"), std::string::npos);
    EXPECT_NE(error(did + "#key-1").find("fragment"), std::string::npos);
    EXPECT_NE(error(did + "/path").find("path"), std::string::npos);
    EXPECT_NE(error("did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76").find("p256-pub"),
              std::string::npos);
    EXPECT_NE(error(std::string(kMaxDidUrlChars + 1, 'd')).find("over the limit"), std::string::npos);
}

}  // namespace
}  // namespace passeur::credential
