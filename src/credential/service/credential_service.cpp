#include "credential/service/credential_service.hpp"

#include <algorithm>

#include "core/encoding.hpp"
#include "credential/data_integrity.hpp"
#include "credential/did.hpp"
#include "credential/did_web.hpp"
#include "credential/jwt.hpp"
#include "credential/open_badge.hpp"
#include "credential/status_list.hpp"

namespace passeur::credential {
namespace {

using nlohmann::json;
using store::AsInt;
using store::AsText;

constexpr const char* kKeyColumns =
    "id, seq, kind, public_key, sealed_secret, kek_id, created_at, retired_at";
constexpr int kTransactionAttempts = 5;

const char* KindName(IssuerKeyKind kind) { return kind == IssuerKeyKind::kRsa ? "RSA" : "Ed25519"; }

// Overwrites a secret before its memory is released.
void Wipe(std::string& secret) {
    std::fill(secret.begin(), secret.end(), '\0');
    secret.clear();
}

IssuerKeyInfo InfoOf(const store::Row& row) {
    IssuerKeyInfo info;
    info.id = AsText(row[0]);
    info.seq = AsInt(row[1]);
    info.kind = AsText(row[2]);
    info.public_key = AsText(row[3]);
    info.created_at = AsInt(row[6]);
    info.retired_at = AsInt(row[7]);
    if (info.kind == "Ed25519") {
        if (auto key = ParseEd25519PublicKeyMultibase(info.public_key))
            info.did_key = DidKeyFromPublicKey(*key);
    }
    return info;
}

bool HasContext(const json& doc, std::string_view url) {
    const auto it = doc.find("@context");
    if (it == doc.end()) return false;
    if (it->is_string()) return *it == url;
    if (!it->is_array()) return false;
    return std::any_of(it->begin(), it->end(), [&](const json& c) { return c.is_string() && c == url; });
}

// Retries `fn` when a concurrent writer won (unique violation on a drawn index, stale version).
template <typename Fn>
auto Retrying(Fn&& fn) -> decltype(fn()) {
    auto result = fn();
    for (int attempt = 1;
         attempt < kTransactionAttempts && !result && result.error().code == core::ErrorCode::kConflict &&
         result.error().field == "retry";
         ++attempt) {
        result = fn();
    }
    if (!result && result.error().field == "retry") {
        return core::Fail(
            core::Error::Unavailable("too many concurrent changes of the status lists; try again"));
    }
    return result;
}

core::Error RetryError() { return core::Error::Conflict("concurrent change", "retry"); }

}  // namespace

CredentialService::CredentialService(store::Database& db, core::Clock& clock, core::Random& random,
                                     KeyVault vault, CredentialConfig config)
    : db_(db), clock_(clock), random_(random), vault_(std::move(vault)), config_(std::move(config)) {
    SetPublicBaseUrl(config_.public_base_url);
}

void CredentialService::SetPublicBaseUrl(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    auto did = DidWebFromUrl(url);
    std::lock_guard lock(mutex_);
    config_.public_base_url = std::move(url);
    issuer_did_ = did ? *did : std::string();
    list_cache_.clear();
}

std::string CredentialService::StatusListUrl(std::int64_t list_id) const {
    return config_.public_base_url + "/credentials/status/" + std::to_string(list_id);
}

core::Result<IssuerKeyInfo> CredentialService::CreateKey(IssuerKeyKind kind) {
    // The secret to seal: a 32-byte Ed25519 seed, or the PKCS#8 PEM of an RSA key.
    std::string secret;
    std::string public_key;
    if (kind == IssuerKeyKind::kRsa) {
        auto pem = GenerateRsaKeyPem(kIssuerRsaBits);
        if (!pem) return core::Fail(pem.error());
        auto key = RsaKey::FromPrivatePem(*pem);
        if (!key) {
            Wipe(*pem);
            return core::Fail(key.error());
        }
        public_key = key->PublicJwk().dump();
        secret = std::move(*pem);
    } else {
        std::array<std::uint8_t, 32> seed{};
        random_.Fill(seed.data(), seed.size());
        public_key = Ed25519PublicKeyMultibase(Ed25519SecretKey(seed).PublicKey());
        secret.assign(reinterpret_cast<const char*>(seed.data()), seed.size());
        seed.fill(0);
    }
    const std::string kind_name = KindName(kind);
    const std::int64_t now = clock_.NowMillis();
    auto row = db_.WithTransaction([&](store::Executor& ex) -> core::Result<store::Row> {
        auto max = ex.Query("SELECT COALESCE(MAX(seq), 0) FROM issuer_keys");
        if (!max) return core::Fail(max.error());
        const std::int64_t seq = AsInt(max->at(0).at(0)) + 1;
        const std::string id = "key-" + std::to_string(seq);
        const std::string sealed = vault_.Seal(secret, id, random_);
        PASSEUR_TRY(
            ex.Exec("INSERT INTO issuer_keys (id, seq, kind, public_key, sealed_secret, kek_id, created_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    {id, seq, kind_name, public_key, sealed, vault_.KekId(), now}));
        return store::Row{id, seq, kind_name, public_key, sealed, vault_.KekId(), now, std::int64_t{0}};
    });
    Wipe(secret);
    if (!row) return core::Fail(row.error());
    {
        std::lock_guard lock(mutex_);
        list_cache_.clear();  // did:web lists are signed by the newest key from now on
    }
    return InfoOf(*row);
}

core::Result<IssuerKeyInfo> CredentialService::EnsureKey() {
    auto keys = ListKeys();
    if (!keys) return core::Fail(keys.error());
    for (auto it = keys->rbegin(); it != keys->rend(); ++it) {
        if (it->retired_at == 0 && it->kind == "Ed25519") return *it;
    }
    return CreateKey();
}

core::Result<std::vector<IssuerKeyInfo>> CredentialService::ListKeys() {
    auto rows = db_.Query(std::string("SELECT ") + kKeyColumns + " FROM issuer_keys ORDER BY seq");
    if (!rows) return core::Fail(rows.error());
    std::vector<IssuerKeyInfo> out;
    for (const auto& row : *rows) out.push_back(InfoOf(row));
    return out;
}

core::Result<json> CredentialService::DidDocument() {
    auto keys = ListKeys();
    if (!keys) return core::Fail(keys.error());
    std::string did;
    {
        std::lock_guard lock(mutex_);
        did = issuer_did_;
    }
    if (did.empty()) {
        return core::Fail(
            core::Error::InvalidArgument("the public URL cannot make a did:web", "--public-url"));
    }
    std::vector<PublishedKey> published;
    for (const auto& key : *keys) {
        if (key.kind == "Ed25519") {
            published.push_back({key.id, key.public_key, nullptr});
        } else if (key.kind == "RSA") {
            json jwk = json::parse(key.public_key, nullptr, false);
            if (!jwk.is_object()) {
                return core::Fail(
                    core::Error::Internal("issuer key " + key.id + ": its public JWK is corrupt"));
            }
            jwk["kid"] = did + "#" + key.id;
            published.push_back({key.id, "", std::move(jwk)});
        }
    }
    return BuildDidDocument(did, published);
}

core::Result<CredentialService::Signer> CredentialService::Unseal(const store::Row& row) {
    Signer signer{InfoOf(row), std::nullopt, std::nullopt};
    if (AsText(row[5]) != vault_.KekId()) {
        return core::Fail(core::Error::Unavailable("issuer key " + signer.info.id +
                                                   " was sealed with key file " + AsText(row[5]) +
                                                   ", not the one given (" + vault_.KekId() + ")"));
    }
    auto seed = vault_.Open(AsText(row[4]), signer.info.id);
    if (!seed) return core::Fail(core::Error::Unavailable(seed.error().message));
    if (signer.info.kind == "RSA") {
        auto key = RsaKey::FromPrivatePem(*seed);
        Wipe(*seed);
        if (!key) {
            return core::Fail(core::Error::Internal("issuer key " + signer.info.id +
                                                    " is not an RSA key: " + key.error().message));
        }
        if (key->PublicJwk() != json::parse(signer.info.public_key, nullptr, false)) {
            return core::Fail(
                core::Error::Internal("issuer key " + signer.info.id + " does not match its public key"));
        }
        signer.rsa = std::move(*key);
        return signer;
    }
    if (seed->size() != 32)
        return core::Fail(core::Error::Internal("issuer key " + signer.info.id + " is not a seed"));
    std::array<std::uint8_t, 32> bytes{};
    std::copy(seed->begin(), seed->end(), bytes.begin());
    signer.secret.emplace(bytes);
    bytes.fill(0);
    std::fill(seed->begin(), seed->end(), '\0');
    if (Ed25519PublicKeyMultibase(signer.secret->PublicKey()) != signer.info.public_key) {
        return core::Fail(
            core::Error::Internal("issuer key " + signer.info.id + " does not match its public key"));
    }
    return signer;
}

core::Result<CredentialService::Signer> CredentialService::ActiveSigner(IssuerKeyKind kind) {
    auto rows =
        db_.Query(std::string("SELECT ") + kKeyColumns +
                      " FROM issuer_keys WHERE retired_at = 0 AND kind = $1 ORDER BY seq DESC LIMIT 1",
                  {std::string(KindName(kind))});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) {
        return core::Fail(core::Error::Unavailable(
            kind == IssuerKeyKind::kRsa
                ? "no RSA issuer key: create one with `passeur keys create --type rsa`"
                : "no issuer key: create one with `passeur keys create`"));
    }
    return Unseal(rows->front());
}

core::Result<bool> CredentialService::HasActiveKey(IssuerKeyKind kind) {
    auto rows = db_.Query("SELECT 1 FROM issuer_keys WHERE retired_at = 0 AND kind = $1 LIMIT 1",
                          {std::string(KindName(kind))});
    if (!rows) return core::Fail(rows.error());
    return !rows->empty();
}

core::Result<CredentialService::Signer> CredentialService::SignerForDid(std::string_view did) {
    if (did == IssuerDid()) return ActiveSigner();
    auto public_key = ParseDidKey(did);
    if (!public_key) return core::Fail(core::Error::NotFound("no issuer key for " + std::string(did)));
    auto rows = db_.Query(std::string("SELECT ") + kKeyColumns + " FROM issuer_keys WHERE public_key = $1",
                          {Ed25519PublicKeyMultibase(*public_key)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(core::Error::NotFound("no issuer key for " + std::string(did)));
    return Unseal(rows->front());
}

core::Result<std::int64_t> CredentialService::ListWithRoom(store::Executor& ex, const std::string& issuer_did,
                                                           std::string_view purpose) {
    auto rows = ex.Query(
        "SELECT id FROM status_lists WHERE issuer_did = $1 AND purpose = $2 AND used * 2 < size ORDER BY id "
        "DESC LIMIT 1",
        {issuer_did, std::string(purpose)});
    if (!rows) return core::Fail(rows.error());
    if (!rows->empty()) return AsInt(rows->front()[0]);
    auto list = StatusList::Create();
    if (!list) return core::Fail(list.error());
    auto max = ex.Query("SELECT COALESCE(MAX(id), 0) FROM status_lists");
    if (!max) return core::Fail(max.error());
    const std::int64_t id = AsInt(max->at(0).at(0)) + 1;
    auto inserted = ex.Exec(
        "INSERT INTO status_lists (id, issuer_did, purpose, bits, size, used, version, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, 0, 1, $6)",
        {id, issuer_did, std::string(purpose), core::Base64UrlEncode(list->Bytes()),
         static_cast<std::int64_t>(list->Size()), clock_.NowMillis()});
    if (!inserted) {
        if (store::IsUniqueViolation(inserted.error())) return core::Fail(RetryError());
        return core::Fail(inserted.error());
    }
    return id;
}

core::Result<std::int64_t> CredentialService::DrawIndex(store::Executor& ex, std::int64_t list_id,
                                                        std::string_view purpose) {
    auto size_row = ex.Query("SELECT size FROM status_lists WHERE id = $1", {list_id});
    if (!size_row) return core::Fail(size_row.error());
    const auto size = static_cast<std::uint64_t>(AsInt(size_row->at(0).at(0)));
    const std::string column = purpose == "revocation" ? "revocation" : "suspension";
    for (int attempt = 0; attempt < 64; ++attempt) {
        const auto index = static_cast<std::int64_t>(random_.NextU64() % size);
        auto taken = ex.Query(
            "SELECT 1 FROM issued_credentials WHERE " + column + "_list = $1 AND " + column + "_index = $2",
            {list_id, index});
        if (!taken) return core::Fail(taken.error());
        if (!taken->empty()) continue;
        PASSEUR_TRY(ex.Exec("UPDATE status_lists SET used = used + 1 WHERE id = $1", {list_id}));
        return index;
    }
    return core::Fail(core::Error::Internal("no free status index found in 64 draws"));
}

core::Result<json> CredentialService::SignAndRecord(
    const std::function<core::Result<json>(const std::vector<StatusEntry>&)>& build, const Signer& signer,
    const std::string& issuer_did, const std::string& credential_id, CredentialFormat format) {
    const bool did_key = issuer_did.rfind("did:key:", 0) == 0;
    if ((did_key || format == CredentialFormat::kDataIntegrity) && !signer.secret) {
        return core::Fail(core::Error::Internal("issuer key " + signer.info.id + " is not an Ed25519 key"));
    }
    const std::string method =
        did_key ? DidKeyVerificationMethod(signer.secret->PublicKey()) : issuer_did + "#" + signer.info.id;
    const std::int64_t now = clock_.NowMillis();
    return Retrying([&]() {
        return db_.WithTransaction([&](store::Executor& ex) -> core::Result<json> {
            auto existing =
                ex.Query("SELECT 1 FROM issued_credentials WHERE credential_id = $1", {credential_id});
            if (!existing) return core::Fail(existing.error());
            if (!existing->empty()) {
                return core::Fail(
                    core::Error::Conflict("credential " + credential_id + " was already issued", "id"));
            }
            auto revocation_list = ListWithRoom(ex, issuer_did, "revocation");
            if (!revocation_list) return core::Fail(revocation_list.error());
            auto suspension_list = ListWithRoom(ex, issuer_did, "suspension");
            if (!suspension_list) return core::Fail(suspension_list.error());
            auto revocation_index = DrawIndex(ex, *revocation_list, "revocation");
            if (!revocation_index) return core::Fail(revocation_index.error());
            auto suspension_index = DrawIndex(ex, *suspension_list, "suspension");
            if (!suspension_index) return core::Fail(suspension_index.error());
            auto document = build({{"revocation", StatusListUrl(*revocation_list),
                                    static_cast<std::uint64_t>(*revocation_index)},
                                   {"suspension", StatusListUrl(*suspension_list),
                                    static_cast<std::uint64_t>(*suspension_index)}});
            if (!document) return core::Fail(document.error());
            auto inserted = ex.Exec(
                "INSERT INTO issued_credentials (credential_id, issuer_did, revocation_list, "
                "revocation_index, "
                "suspension_list, suspension_index, state, key_id, issued_at, updated_at) "
                "VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8)",
                {credential_id, issuer_did, *revocation_list, *revocation_index, *suspension_list,
                 *suspension_index, signer.info.id, now});
            if (!inserted) {
                if (store::IsUniqueViolation(inserted.error())) return core::Fail(RetryError());
                return core::Fail(inserted.error());
            }
            if (format == CredentialFormat::kJwt) {
                auto token =
                    SignJwt(*document,
                            signer.rsa ? JwtSigningKey(*signer.rsa) : JwtSigningKey(*signer.secret), method);
                if (!token) return core::Fail(token.error());
                return json(*token);
            }
            return Sign(*document, {method, "assertionMethod", core::FormatRfc3339(now)}, *signer.secret);
        });
    });
}

core::Result<json> CredentialService::SignCredential(json doc, IssuerMode mode, CredentialFormat format,
                                                     std::optional<JwtAlgorithm> alg) {
    if (!doc.is_object() || !doc.contains("@context")) {
        return core::Fail(
            core::Error::InvalidArgument("the credential must be a JSON-LD object with an @context"));
    }
    if (doc.contains("proof")) return core::Fail(core::Error::InvalidArgument("already signed", "proof"));
    if (format == CredentialFormat::kDataIntegrity && alg == JwtAlgorithm::kRs256) {
        return core::Fail(core::Error::InvalidArgument(
            "Data Integrity proofs (eddsa-rdfc-2022) are signed with Ed25519 only: RS256 is for --format jwt",
            "--alg"));
    }
    if (mode == IssuerMode::kDidKey && alg == JwtAlgorithm::kRs256) {
        return core::Fail(core::Error::InvalidArgument(
            "did:key is Ed25519 only here: sign RS256 with --issuer did:web (its DID document publishes the "
            "RSA key)",
            "--issuer"));
    }
    if (!alg) {
        alg = JwtAlgorithm::kEdDsa;
        if (format == CredentialFormat::kJwt && mode == IssuerMode::kDidWeb) {
            auto has_ed25519 = HasActiveKey(IssuerKeyKind::kEd25519);
            if (!has_ed25519) return core::Fail(has_ed25519.error());
            auto has_rsa = HasActiveKey(IssuerKeyKind::kRsa);
            if (!has_rsa) return core::Fail(has_rsa.error());
            if (!*has_ed25519 && *has_rsa) alg = JwtAlgorithm::kRs256;
        }
    }
    const bool add_status = !doc.contains("credentialStatus");
    if (*alg == JwtAlgorithm::kRs256 && add_status) {
        // The status lists of the platform's did:web are Data Integrity credentials (Ed25519).
        auto has_ed25519 = HasActiveKey(IssuerKeyKind::kEd25519);
        if (!has_ed25519) return core::Fail(has_ed25519.error());
        if (!*has_ed25519) {
            return core::Fail(core::Error::Unavailable(
                "the status lists are signed with the Ed25519 issuer key (Data Integrity) and there is "
                "none: create one with `passeur keys create`"));
        }
    }
    auto signer = ActiveSigner(*alg == JwtAlgorithm::kRs256 ? IssuerKeyKind::kRsa : IssuerKeyKind::kEd25519);
    if (!signer) return core::Fail(signer.error());
    const std::string did =
        mode == IssuerMode::kDidKey ? DidKeyFromPublicKey(signer->secret->PublicKey()) : IssuerDid();
    if (did.empty())
        return core::Fail(
            core::Error::InvalidArgument("the public URL cannot make a did:web", "--public-url"));
    const bool open_badge = HasContext(doc, kOb303Context);
    if (doc.contains("issuer") && doc["issuer"].is_object()) {
        doc["issuer"]["id"] = did;
        if (!doc["issuer"].contains("name")) doc["issuer"]["name"] = config_.issuer_name;
    } else if (open_badge) {
        doc["issuer"] = json{{"id", did},
                             {"type", json::array({"Profile"})},
                             {"name", config_.issuer_name},
                             {"url", config_.public_base_url}};
    } else {
        doc["issuer"] = did;
    }
    if (!doc.contains("id")) doc["id"] = "urn:uuid:" + core::NewUuid(random_);
    if (!doc["id"].is_string()) return core::Fail(core::Error::InvalidArgument("must be a string", "id"));
    if (!doc.contains("validFrom") && !doc.contains("issuanceDate") && HasContext(doc, kVcV2Context)) {
        doc["validFrom"] = core::FormatRfc3339(clock_.NowMillis());
    }
    const std::string id = doc["id"].get<std::string>();
    return SignAndRecord(
        [&](const std::vector<StatusEntry>& entries) -> core::Result<json> {
            json out = doc;
            if (add_status) {
                json list = json::array();
                for (const auto& entry : entries) list.push_back(StatusEntryJson(entry));
                out["credentialStatus"] = list;
            }
            return out;
        },
        *signer, did, id, format);
}

core::Result<IssuedCredential> CredentialService::IssueOpenBadge(const AwardCredentialInput& input) {
    auto signer = ActiveSigner();
    if (!signer) return core::Fail(signer.error());
    const std::string did = IssuerDid();
    if (did.empty())
        return core::Fail(
            core::Error::InvalidArgument("the public URL cannot make a did:web", "--public-url"));
    const IssuerProfile profile{did, config_.issuer_name, config_.public_base_url};
    const std::string salt = core::RandomToken(random_, 16);
    std::uint64_t index = 0;
    auto signed_doc = SignAndRecord(
        [&](const std::vector<StatusEntry>& entries) {
            index = entries.front().index;
            return BuildOpenBadgeCredential(input, profile, salt, entries);
        },
        *signer, did, input.credential_id, CredentialFormat::kDataIntegrity);
    if (!signed_doc) return core::Fail(signed_doc.error());
    return IssuedCredential{std::move(*signed_doc), index};
}

core::Result<CredentialState> CredentialService::GetState(std::string_view credential_id) {
    auto rows = db_.Query("SELECT state FROM issued_credentials WHERE credential_id = $1",
                          {std::string(credential_id)});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty())
        return core::Fail(core::Error::NotFound("no credential " + std::string(credential_id)));
    const std::string state = AsText(rows->front()[0]);
    if (state == "revoked") return CredentialState::kRevoked;
    if (state == "suspended") return CredentialState::kSuspended;
    return CredentialState::kActive;
}

core::Result<void> CredentialService::SetState(std::string_view credential_id, CredentialState state) {
    const std::string id(credential_id);
    const std::int64_t now = clock_.NowMillis();
    return Retrying([&]() {
        return db_.WithTransaction([&](store::Executor& ex) -> core::Result<void> {
            auto rows = ex.Query(
                "SELECT state, revocation_list, revocation_index, suspension_list, suspension_index "
                "FROM issued_credentials WHERE credential_id = $1",
                {id});
            if (!rows) return core::Fail(rows.error());
            if (rows->empty())
                return core::Fail(core::Error::NotFound("no credential " + id + " was issued here"));
            const store::Row& row = rows->front();
            const std::string current = AsText(row[0]);
            const char* target = state == CredentialState::kRevoked     ? "revoked"
                                 : state == CredentialState::kSuspended ? "suspended"
                                                                        : "active";
            if (current == target) return core::Ok();
            if (current == "revoked") {
                return core::Fail(
                    core::Error::Conflict("credential " + id + " is revoked: that is final", "state"));
            }
            // Which bit: revocation (set, final) or suspension (set or cleared).
            const bool revocation = state == CredentialState::kRevoked;
            const std::int64_t list_id = AsInt(row[revocation ? 1 : 3]);
            const std::int64_t index = AsInt(row[revocation ? 2 : 4]);
            const bool value = state != CredentialState::kActive;
            // Take the list's row lock first (PostgreSQL: a concurrent change waits here, then this
            // transaction reads the bits it committed; SQLite already holds the write lock), so
            // concurrent changes of one list serialise instead of failing their compare-and-set.
            auto locked = ex.Exec("UPDATE status_lists SET version = version + 1 WHERE id = $1", {list_id});
            if (!locked) return core::Fail(locked.error());
            if (*locked != 1) {
                return core::Fail(
                    core::Error::Internal("status list " + std::to_string(list_id) + " is gone"));
            }
            auto list_row = ex.Query("SELECT bits, version FROM status_lists WHERE id = $1", {list_id});
            if (!list_row) return core::Fail(list_row.error());
            if (list_row->empty())
                return core::Fail(
                    core::Error::Internal("status list " + std::to_string(list_id) + " is gone"));
            auto bytes = core::Base64UrlDecode(AsText(list_row->front()[0]));
            if (!bytes)
                return core::Fail(
                    core::Error::Internal("status list " + std::to_string(list_id) + " is corrupt"));
            auto list = StatusList::FromBytes(std::move(*bytes));
            if (!list) return core::Fail(list.error());
            PASSEUR_TRY(list->Set(static_cast<std::size_t>(index), value));
            // A revoked credential that was suspended keeps its suspension bit: revocation decides.
            auto updated =
                ex.Exec("UPDATE status_lists SET bits = $1, updated_at = $2 WHERE id = $3 AND version = $4",
                        {core::Base64UrlEncode(list->Bytes()), now, list_id, AsInt(list_row->front()[1])});
            if (!updated) return core::Fail(updated.error());
            if (*updated != 1) return core::Fail(RetryError());
            PASSEUR_TRY(
                ex.Exec("UPDATE issued_credentials SET state = $1, updated_at = $2 WHERE credential_id = $3",
                        {std::string(target), now, id}));
            return core::Ok();
        });
    });
}

core::Result<std::string> CredentialService::StatusListCredential(std::int64_t list_id) {
    auto rows = db_.Query(
        "SELECT issuer_did, purpose, bits, version, updated_at FROM status_lists WHERE id = $1", {list_id});
    if (!rows) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(core::Error::NotFound("no status list " + std::to_string(list_id)));
    const store::Row& row = rows->front();
    const std::int64_t version = AsInt(row[3]);
    {
        std::lock_guard lock(mutex_);
        if (auto it = list_cache_.find(list_id); it != list_cache_.end() && it->second.first == version) {
            return it->second.second;
        }
    }
    auto bytes = core::Base64UrlDecode(AsText(row[2]));
    if (!bytes)
        return core::Fail(core::Error::Internal("status list " + std::to_string(list_id) + " is corrupt"));
    auto list = StatusList::FromBytes(std::move(*bytes));
    if (!list) return core::Fail(list.error());
    const std::string did = AsText(row[0]);
    auto signer = SignerForDid(did);
    if (!signer) return core::Fail(signer.error());
    const std::string method = did.rfind("did:key:", 0) == 0
                                   ? DidKeyVerificationMethod(signer->secret->PublicKey())
                                   : did + "#" + signer->info.id;
    const std::string when = core::FormatRfc3339(AsInt(row[4]));
    auto signed_doc =
        Sign(BuildStatusListCredential(StatusListUrl(list_id), did, AsText(row[1]), list->Encode(), when),
             {method, "assertionMethod", when}, *signer->secret);
    if (!signed_doc) return core::Fail(signed_doc.error());
    std::string text = signed_doc->dump();
    std::lock_guard lock(mutex_);
    list_cache_[list_id] = {version, text};
    return text;
}

VerifierEnvironment CredentialService::Environment(const std::vector<json>& pinned) {
    VerifierEnvironment env;
    env.now_millis = clock_.NowMillis();
    env.did_document = [this, pinned](std::string_view did) -> std::optional<json> {
        for (const auto& doc : pinned) {
            if (doc.is_object() && doc.contains("id") && doc["id"] == did &&
                doc.contains("verificationMethod"))
                return doc;
        }
        if (did == IssuerDid()) {
            auto doc = DidDocument();
            if (doc) return *doc;
        }
        return std::nullopt;
    };
    env.status_list = [this, pinned](std::string_view url) -> std::optional<std::string> {
        for (const auto& doc : pinned) {
            if (doc.is_object() && doc.contains("id") && doc["id"] == url) return doc.dump();
        }
        const std::string prefix = config_.public_base_url + "/credentials/status/";
        if (url.rfind(prefix, 0) != 0) return std::nullopt;
        const std::string_view number = url.substr(prefix.size());
        if (number.empty() || number.size() > 12 ||
            !std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::nullopt;
        }
        auto text = StatusListCredential(std::stoll(std::string(number)));
        if (!text) return std::nullopt;
        return *text;
    };
    return env;
}

CredentialVerification CredentialService::Verify(std::string_view text, const std::vector<json>& pinned) {
    return VerifyCredential(text, Environment(pinned));
}

}  // namespace passeur::credential
