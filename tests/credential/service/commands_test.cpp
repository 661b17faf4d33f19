// `passeur keys create --type rsa`, `keys list|did-document`, `credential sign --format jwt --alg
// RS256`, `verify` and `credential revoke` on a fresh SQLite file with its own key file.
#include "credential/service/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/encoding.hpp"
#include "support/command_run.hpp"
#include <unistd.h>

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr const char* kPublicUrl = "https://passeur.example.fr";

class CredentialCommandsTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ =
            std::filesystem::temp_directory_path() / ("passeur_credential_cmd_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        env_.default_db = "sqlite:" + (dir_ / "p.db").string();
        std::ofstream(dir_ / "unsigned.json") << R"({
            "@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Atelier",
            "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:learner",
              "achievement": {"id": "https://passeur.example.fr/badges/x", "type": ["Achievement"],
                "name": "Atelier", "description": "Atelier suivi.", "criteria": {"narrative": "Présence."}}}
        })";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    using Run = passeur::testing::CommandRun;
    // Runs `passeur ARGS... --public-url https://passeur.example.fr` (the key file defaults to the
    // SQLite file + .issuer-key).
    Run Invoke(std::vector<std::string> args) {
        args.push_back("--public-url");
        args.push_back(kPublicUrl);
        return passeur::testing::RunCommand(
            [this](CLI::App& app) { return AddCredentialCommands(app, env_); }, args);
    }
    std::string Write(const std::string& name, const std::string& text) {
        const auto path = dir_ / name;
        std::ofstream(path) << text << "\n";
        return path.string();
    }
    std::string Unsigned() const { return (dir_ / "unsigned.json").string(); }

    std::filesystem::path dir_;
    core::CommandEnv env_;
};

TEST_F(CredentialCommandsTest, RsaKeysSignRs256JwtsThatVerifyUntilRevoked) {
    auto ed25519 = Invoke({"keys", "create"});
    ASSERT_EQ(ed25519.code, 0) << ed25519.err;
    EXPECT_EQ(json::parse(ed25519.out)["kind"], "Ed25519") << "the default type stays Ed25519";

    auto no_rsa = Invoke({"credential", "sign", Unsigned(), "--format", "jwt", "--alg", "RS256"});
    EXPECT_EQ(no_rsa.code, 1);
    EXPECT_NE(no_rsa.err.find("passeur keys create --type rsa"), std::string::npos) << no_rsa.err;

    auto bad_type = Invoke({"keys", "create", "--type", "dsa"});
    EXPECT_EQ(bad_type.code, 1);
    EXPECT_NE(bad_type.err.find("--type"), std::string::npos) << bad_type.err;

    auto rsa = Invoke({"keys", "create", "--type", "rsa"});
    ASSERT_EQ(rsa.code, 0) << rsa.err;
    const json key = json::parse(rsa.out);
    EXPECT_EQ(key["id"], "key-2");
    EXPECT_EQ(key["kind"], "RSA");
    EXPECT_EQ(key["verification_method"], "did:web:passeur.example.fr#key-2");
    EXPECT_EQ(key["public_key"]["kty"], "RSA");
    EXPECT_EQ(key["public_key"]["e"], "AQAB");

    auto list = Invoke({"keys", "list"});
    ASSERT_EQ(list.code, 0) << list.err;
    const json keys = json::parse(list.out);
    ASSERT_EQ(keys.size(), 2U);
    EXPECT_EQ(keys[0]["kind"], "Ed25519");
    EXPECT_EQ(keys[1]["kind"], "RSA");

    auto did = Invoke({"keys", "did-document"});
    ASSERT_EQ(did.code, 0) << did.err;
    const json document = json::parse(did.out);
    EXPECT_EQ(document["verificationMethod"][1]["type"], "JsonWebKey2020");
    EXPECT_EQ(document["verificationMethod"][1]["publicKeyJwk"]["n"], key["public_key"]["n"]);

    auto sign = Invoke({"credential", "sign", Unsigned(), "--format", "jwt", "--alg", "RS256"});
    ASSERT_EQ(sign.code, 0) << sign.err;
    std::string jwt = sign.out;
    while (!jwt.empty() && jwt.back() == '\n') jwt.pop_back();
    auto header = core::Base64UrlDecode(jwt.substr(0, jwt.find('.')));
    ASSERT_TRUE(header);
    EXPECT_EQ(json::parse(*header)["alg"], "RS256");
    EXPECT_EQ(json::parse(*header)["kid"], "did:web:passeur.example.fr#key-2");

    auto valid = Invoke({"verify", Write("rs256.jwt", jwt), "--json"});
    EXPECT_EQ(valid.code, 0) << valid.out << valid.err;
    const json verdict = json::parse(valid.out);
    EXPECT_EQ(verdict["verdict"], "valid");
    EXPECT_EQ(verdict["credential"]["proof"]["cryptosuite"], "RS256");

    auto default_alg = Invoke({"credential", "sign", Unsigned(), "--format", "jwt"});
    ASSERT_EQ(default_alg.code, 0) << default_alg.err;
    auto default_header = core::Base64UrlDecode(default_alg.out.substr(0, default_alg.out.find('.')));
    ASSERT_TRUE(default_header);
    EXPECT_EQ(json::parse(*default_header)["alg"], "EdDSA") << "EdDSA stays the default";

    auto did_key = Invoke(
        {"credential", "sign", Unsigned(), "--format", "jwt", "--alg", "RS256", "--issuer", "did:key"});
    EXPECT_EQ(did_key.code, 1);
    EXPECT_NE(did_key.err.find("did:key is Ed25519 only"), std::string::npos) << did_key.err;
    auto data_integrity = Invoke({"credential", "sign", Unsigned(), "--format", "di", "--alg", "RS256"});
    EXPECT_EQ(data_integrity.code, 1);
    EXPECT_NE(data_integrity.err.find("Ed25519 only"), std::string::npos) << data_integrity.err;
    auto unknown_alg = Invoke({"credential", "sign", Unsigned(), "--format", "jwt", "--alg", "HS256"});
    EXPECT_EQ(unknown_alg.code, 1);
    EXPECT_NE(unknown_alg.err.find("--alg"), std::string::npos) << unknown_alg.err;

    auto revoke = Invoke({"credential", "revoke", verdict["credential"]["id"].get<std::string>()});
    ASSERT_EQ(revoke.code, 0) << revoke.err;
    auto revoked = Invoke({"verify", (dir_ / "rs256.jwt").string()});
    EXPECT_EQ(revoked.code, 1);
    EXPECT_EQ(revoked.out.rfind("revoked:", 0), 0U) << revoked.out;
}

}  // namespace
}  // namespace passeur::credential
