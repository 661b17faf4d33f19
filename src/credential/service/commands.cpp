#include "credential/service/commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "credential/service/credential_service.hpp"
#include "credential/verifier.hpp"
#include "store/sql_store.hpp"
#include "store/store.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;

constexpr const char* kDefaultPublicUrl = "http://127.0.0.1:8080";

struct Options {
    CLI::App* keys_create = nullptr;
    CLI::App* keys_list = nullptr;
    CLI::App* keys_did = nullptr;
    CLI::App* sign = nullptr;
    CLI::App* revoke = nullptr;
    CLI::App* suspend = nullptr;
    CLI::App* reinstate = nullptr;
    CLI::App* status_list = nullptr;
    CLI::App* verify = nullptr;
    std::string db;
    std::string public_url;
    std::string key_file;
    std::string file;
    std::string issuer = "did:web";
    std::string format = "di";
    std::string alg;  // RS256 | EdDSA; empty: the service's default
    std::string key_type = "ed25519";
    std::string id;
    std::int64_t list_id = 0;
    bool json_output = false;
    std::vector<std::string> docs;
};

int Report(const core::Error& error) {
    const std::string where = error.field.empty() || error.message.find(error.field) != std::string::npos
                                  ? std::string()
                                  : fmt::format(" ({})", error.field);
    fmt::print(stderr, "passeur: {}{}\n", error.message, where);
    return 1;
}

core::Result<std::string> ReadInput(const std::string& path, std::size_t max_bytes) {
    std::stringstream buffer;
    if (path == "-") {
        buffer << std::cin.rdbuf();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) return core::Fail(core::Error::InvalidArgument(path + ": cannot be read", "FILE"));
        buffer << in.rdbuf();
    }
    std::string text = buffer.str();
    if (text.size() > max_bytes) {
        return core::Fail(
            core::Error::InvalidArgument(fmt::format("{}: larger than {} bytes", path, max_bytes), "FILE"));
    }
    return text;
}

struct Context {
    std::unique_ptr<store::Store> store;
    core::SystemClock clock;
    core::SystemRandom random;
    std::unique_ptr<CredentialService> service;
};

// Opens the store and the key file (created only by `keys create`).
core::Result<std::unique_ptr<Context>> Open(Options& o, bool create_key_file) {
    if (o.public_url.empty()) {
        const char* env = std::getenv("PASSEUR_PUBLIC_URL");
        o.public_url = env != nullptr && *env != '\0' ? env : kDefaultPublicUrl;
    }
    if (o.key_file.empty()) o.key_file = DefaultKeyFile(o.db);
    auto context = std::make_unique<Context>();
    auto store = store::OpenMigrated(o.db, {.pool_size = 1});
    if (!store) return core::Fail(store.error());
    context->store = std::move(*store);
    auto vault = KeyVault::LoadOrCreate(o.key_file, create_key_file, context->random);
    if (!vault) return core::Fail(vault.error());
    context->service = std::make_unique<CredentialService>(*store::DatabaseOf(*context->store),
                                                           context->clock, context->random, std::move(*vault),
                                                           CredentialConfig{o.public_url, "passeur"});
    if (context->service->IssuerDid().empty()) {
        return core::Fail(
            core::Error::InvalidArgument(o.public_url + " cannot make a did:web", "--public-url"));
    }
    return context;
}

json KeyJson(const IssuerKeyInfo& key, const std::string& issuer_did) {
    json out{{"id", key.id},
             {"kind", key.kind},
             {"verification_method", issuer_did + "#" + key.id},
             {"public_key", key.public_key},
             {"created", core::FormatRfc3339(key.created_at)},
             {"retired", key.retired_at != 0}};
    if (key.kind == "RSA") {
        // The public JWK as an object rather than its text.
        json jwk = json::parse(key.public_key, nullptr, false);
        if (jwk.is_object()) out["public_key"] = std::move(jwk);
    } else {
        out["did_key"] = key.did_key;
    }
    return out;
}

void AddCommon(CLI::App* cmd, Options& o) {
    cmd->add_option("--db", o.db, "sqlite:PATH or postgresql://...")->capture_default_str();
    cmd->add_option("--public-url", o.public_url,
                    "Public URL of the server (makes the did:web; default $PASSEUR_PUBLIC_URL, else "
                    "http://127.0.0.1:8080)");
    cmd->add_option("--key-file", o.key_file,
                    "File of the key that encrypts the issuer keys (default: the SQLite file + .issuer-key)");
}

int RunVerify(Options& o) {
    auto text = ReadInput(o.file, kMaxCredentialBytes);
    if (!text) return Report(text.error());
    std::vector<json> pinned;
    for (const auto& path : o.docs) {
        auto doc_text = ReadInput(path, 8 * kMaxCredentialBytes);
        if (!doc_text) return Report(doc_text.error());
        auto doc = ParseBoundedJson(*doc_text, 8 * kMaxCredentialBytes);
        if (!doc) return Report(core::Error::InvalidArgument(path + ": " + doc.error().message, "--doc"));
        pinned.push_back(std::move(*doc));
    }
    auto context = Open(o, false);
    if (!context) return Report(context.error());
    const CredentialVerification v = (*context)->service->Verify(*text, pinned);
    if (o.json_output) {
        fmt::print("{}\n", VerificationToJson(v).dump(2));
    } else {
        fmt::print("{}: {}\n", CredentialVerdictName(v.verdict), v.reason);
        if (!v.issuer_id.empty()) fmt::print("issuer: {} ({})\n", v.issuer_name, v.issuer_id);
        for (const auto& a : v.achievements) fmt::print("achievement: {}\n", a.name);
        if (!v.valid_from.empty()) fmt::print("valid from: {}\n", v.valid_from);
        if (!v.valid_until.empty()) fmt::print("valid until: {}\n", v.valid_until);
    }
    return v.Ok() ? 0 : 1;
}

int Run(Options& o) {
    if (*o.verify) return RunVerify(o);
    if (*o.keys_create) {
        auto context = Open(o, true);
        if (!context) return Report(context.error());
        if (o.key_type != "ed25519" && o.key_type != "rsa") {
            return Report(core::Error::InvalidArgument("must be ed25519 or rsa", "--type"));
        }
        auto key = (*context)->service->CreateKey(o.key_type == "rsa" ? IssuerKeyKind::kRsa
                                                                      : IssuerKeyKind::kEd25519);
        if (!key) return Report(key.error());
        fmt::print("{}\n", KeyJson(*key, (*context)->service->IssuerDid()).dump(2));
        return 0;
    }
    auto context = Open(o, false);
    if (!context) return Report(context.error());
    CredentialService& service = *(*context)->service;
    if (*o.keys_list) {
        auto keys = service.ListKeys();
        if (!keys) return Report(keys.error());
        json out = json::array();
        for (const auto& key : *keys) out.push_back(KeyJson(key, service.IssuerDid()));
        fmt::print("{}\n", out.dump(2));
        return 0;
    }
    if (*o.keys_did) {
        auto doc = service.DidDocument();
        if (!doc) return Report(doc.error());
        fmt::print("{}\n", doc->dump(2));
        return 0;
    }
    if (*o.sign) {
        auto text = ReadInput(o.file, kMaxCredentialBytes);
        if (!text) return Report(text.error());
        auto doc = ParseBoundedJson(*text);
        if (!doc) return Report(core::Error::InvalidArgument(o.file + ": " + doc.error().message, "FILE"));
        if (o.issuer != "did:web" && o.issuer != "did:key") {
            return Report(core::Error::InvalidArgument("must be did:web or did:key", "--issuer"));
        }
        if (o.format != "di" && o.format != "jwt") {
            return Report(core::Error::InvalidArgument("must be di or jwt", "--format"));
        }
        std::optional<JwtAlgorithm> alg;
        if (o.alg == "RS256") {
            alg = JwtAlgorithm::kRs256;
        } else if (o.alg == "EdDSA") {
            alg = JwtAlgorithm::kEdDsa;
        } else if (!o.alg.empty()) {
            return Report(core::Error::InvalidArgument("must be RS256 or EdDSA", "--alg"));
        }
        auto signed_doc = service.SignCredential(
            std::move(*doc), o.issuer == "did:key" ? IssuerMode::kDidKey : IssuerMode::kDidWeb,
            o.format == "jwt" ? CredentialFormat::kJwt : CredentialFormat::kDataIntegrity, alg);
        if (!signed_doc) return Report(signed_doc.error());
        fmt::print("{}\n", signed_doc->is_string() ? signed_doc->get<std::string>() : signed_doc->dump(2));
        return 0;
    }
    if (*o.revoke || *o.suspend || *o.reinstate) {
        const CredentialState state = *o.revoke    ? CredentialState::kRevoked
                                      : *o.suspend ? CredentialState::kSuspended
                                                   : CredentialState::kActive;
        auto done = service.SetState(o.id, state);
        if (!done) return Report(done.error());
        fmt::print("{}: {}\n", o.id, *o.revoke ? "revoked" : *o.suspend ? "suspended" : "active");
        return 0;
    }
    if (*o.status_list) {
        auto list = service.StatusListCredential(o.list_id);
        if (!list) return Report(list.error());
        fmt::print("{}\n", json::parse(*list).dump(2));
        return 0;
    }
    return 2;
}

}  // namespace

core::CommandRunner AddCredentialCommands(CLI::App& cli, const core::CommandEnv& env) {
    auto o = std::make_shared<Options>();
    o->db = env.default_db;

    auto* keys = cli.add_subcommand("keys", "Issuer keys of the verifiable credentials");
    keys->require_subcommand(1);
    o->keys_create = keys->add_subcommand("create",
                                          "Create an issuer key (Ed25519, or RSA 3072 for VC-JWT RS256), "
                                          "encrypted at rest; the newest of a kind signs, older ones keep "
                                          "verifying");
    o->keys_create
        ->add_option("--type", o->key_type,
                     "ed25519 (Data Integrity, JWT EdDSA, status lists) or rsa (JWT RS256 only)")
        ->capture_default_str();
    o->keys_list = keys->add_subcommand("list", "List the issuer keys");
    o->keys_did = keys->add_subcommand("did-document",
                                       "Print the did:web DID document served at /.well-known/did.json");
    for (auto* cmd : {o->keys_create, o->keys_list, o->keys_did}) AddCommon(cmd, *o);

    auto* credential = cli.add_subcommand("credential", "Sign credentials and change their status");
    credential->require_subcommand(1);
    o->sign = credential->add_subcommand("sign",
                                         "Sign an unsigned credential (Open Badges 3.0 / VC 2.0 JSON) and "
                                         "print it (Data Integrity eddsa-rdfc-2022)");
    o->sign->add_option("FILE", o->file, "The unsigned credential (JSON; - for standard input)")->required();
    o->sign->add_option("--format", o->format, "di (Data Integrity proof, JSON) or jwt (VC-JWT)")
        ->capture_default_str();
    o->sign->add_option("--alg", o->alg,
                        "jwt only: EdDSA (the Ed25519 key; default when there is one) or RS256 (the RSA key "
                        "of `keys create --type rsa`; did:web only)");
    o->sign
        ->add_option("--issuer", o->issuer, "did:web (the platform) or did:key (verifiable with no lookup)")
        ->capture_default_str();
    o->revoke = credential->add_subcommand("revoke", "Revoke a credential (final)");
    o->suspend = credential->add_subcommand("suspend", "Suspend a credential");
    o->reinstate = credential->add_subcommand("reinstate", "Lift a suspension");
    for (auto* cmd : {o->revoke, o->suspend, o->reinstate}) {
        cmd->add_option("ID", o->id, "The credential's id (urn:uuid:...)")->required();
    }
    o->status_list = credential->add_subcommand("status-list", "Print the signed status list credential N");
    o->status_list->add_option("N", o->list_id, "Status list number")->required();
    for (auto* cmd : {o->sign, o->revoke, o->suspend, o->reinstate, o->status_list}) AddCommon(cmd, *o);

    o->verify = cli.add_subcommand(
        "verify",
        "Verify a credential offline: exit 0 only when valid (tampered, revoked, expired... exit 1)");
    o->verify->add_option("FILE", o->file, "The credential (JSON; - for standard input)")->required();
    o->verify->add_flag("--json", o->json_output, "Print the verdict and the credential's content as JSON");
    o->verify->add_option(
        "--doc", o->docs,
        "A pinned document: another issuer's DID document or a status list credential (repeatable)");
    AddCommon(o->verify, *o);

    return [o]() -> std::optional<int> {
        const bool any = *o->keys_create || *o->keys_list || *o->keys_did || *o->sign || *o->revoke ||
                         *o->suspend || *o->reinstate || *o->status_list || *o->verify;
        if (!any) return std::nullopt;
        return Run(*o);
    };
}

}  // namespace passeur::credential
