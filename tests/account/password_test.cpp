#include "account/password.hpp"

#include <gtest/gtest.h>

#include "account/account_config.hpp"

namespace passeur::account {
namespace {

TEST(PasswordPolicy, AcceptsMixedAndPassphrases) {
    EXPECT_TRUE(CheckPasswordPolicy("Tournesol-vert-42", "camille@example.fr"));
    EXPECT_TRUE(CheckPasswordPolicy("Abcdefgh1234", "camille@example.fr"));              // 3 kinds, 12 bytes
    EXPECT_TRUE(CheckPasswordPolicy("la mer est calme ce soir", "camille@example.fr"));  // passphrase ≥ 16
    EXPECT_TRUE(CheckPasswordPolicy("épreuve-numérique", "camille@example.fr"));         // UTF-8
}

TEST(PasswordPolicy, RejectsWithFieldAndFrenchReason) {
    struct Case {
        std::string password;
        std::string expected_fragment;
    };
    const Case cases[] = {
        {"Court1!", "trop court"},
        {std::string(129, 'a') + "B1", "trop long"},
        {"abcdefghijkl", "3 types"},            // one kind, < 16
        {"abcdefgh1234", "3 types"},            // two kinds, < 16
        {"aaaaaaaaaaaaaaaaaaaa", "distincts"},  // long but trivial
        {"Camille-2026-ok", "identifiant"},     // contains the e-mail local part
        {"Motdepasse123", "courants"},          // common (case-insensitive)
        {std::string("Abc\xff\xfe"
                     "defgh123"),
         "invalides"},
    };
    for (const auto& c : cases) {
        auto r = CheckPasswordPolicy(c.password, "camille@example.fr");
        ASSERT_FALSE(r) << c.password;
        EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, "password");
        EXPECT_NE(r.error().message.find(c.expected_fragment), std::string::npos)
            << c.password << " → " << r.error().message;
    }
    auto named = CheckPasswordPolicy("court", "x@y.fr", "new_password");
    ASSERT_FALSE(named);
    EXPECT_EQ(named.error().field, "new_password");
}

TEST(PasswordHasher, HashesVerifiesAndDetectsRehash) {
    PasswordHasher weak(kArgon2OpsLimitMin, kArgon2MemLimitMin);
    auto hash = weak.Hash("Tournesol-vert-42");
    ASSERT_TRUE(hash);
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(weak.Verify(*hash, "Tournesol-vert-42"));
    EXPECT_FALSE(weak.Verify(*hash, "Tournesol-vert-43"));
    EXPECT_FALSE(weak.Verify("", "x"));
    EXPECT_FALSE(weak.NeedsRehash(*hash));
    PasswordHasher stronger(kArgon2OpsLimitMin + 1, kArgon2MemLimitMin);
    EXPECT_TRUE(stronger.NeedsRehash(*hash));
}

}  // namespace
}  // namespace passeur::account
